package org.flowcert.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process and captures its exit code, stdout and stderr (tests only). */
public final class CliRun {
    /** The case files kept in the repository (src/test/resources/cases, see its PROVENANCE.md). */
    static final Path CASES = org.flowcert.TestData.cases();
    /** The W3 problem (1-4-1 tanh, W1 data). */
    static final String W3 = CASES.resolve("w1-tanh-h4.json").toString();

    private CliRun() {
    }

    public record Outcome(int code, String out, String err) {
    }

    public static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
