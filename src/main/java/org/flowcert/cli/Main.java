package org.flowcert.cli;

import java.io.PrintWriter;
import org.flowcert.io.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowcert} command line. Exit codes (CONTRACT.md): 0 success or claim valid,
 * 1 a claim refused or not proved, 2 bad input or usage, 3 internal error.
 */
@Command(name = "flowcert", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Certificates for the gradient-flow dynamics of small neural networks, "
                + "checked with exact arithmetic.",
        subcommands = {EvalCommand.class, FlowCommand.class, CertifyCommand.class, CheckCommand.class,
                AuditCommand.class, BenchCommand.class, CoqCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success / claim valid, 1 claim refused or not proved, "
                + "2 bad input or usage, 3 internal error."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with the contract's exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> e instanceof UserError ? USAGE : INTERNAL);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof UserError) {
                err.println("flowcert: error: " + ex.getMessage());
                err.flush();
                return USAGE;
            }
            err.println("flowcert: internal error (please report): " + ex);
            ex.printStackTrace(err);
            err.flush();
            return INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("flowcert: error: " + ex.getMessage());
            err.println("Try 'flowcert " + ex.getCommandLine().getCommandName()
                    .replace("flowcert", "").trim() + " --help'.".replace("  ", " "));
            err.flush();
            return USAGE;
        });
        return cl;
    }

    /** The version from the jar manifest (or "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flowcert " + version()};
        }
    }

    /** flowcert's version, as written into certificates. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
