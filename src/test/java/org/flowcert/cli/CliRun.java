package org.flowcert.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process and captures its exit code, stdout and stderr (tests only). */
final class CliRun {
    static final Path SHARED = Path.of(System.getProperty("flowcert.shared", "../shared"));
    /** The W3 problem (1-4-1 tanh, W1 data). */
    static final String W3 = SHARED.resolve("cases/w1-tanh-h4.json").toString();

    private CliRun() {
    }

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
