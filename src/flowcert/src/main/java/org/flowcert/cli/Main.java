package org.flowcert.cli;

import java.io.PrintWriter;
import org.flowcert.io.TerminalText;
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
        subcommands = {EvalCommand.class, FlowCommand.class, CertifyCommand.class, CertifyBatchCommand.class,
                CheckCommand.class, AuditCommand.class, BenchCommand.class, CoqCommand.class,
                CommandLine.HelpCommand.class},
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
        joinSentences(cl);
        cl.setExitCodeExceptionMapper(e -> e instanceof UserError ? USAGE : INTERNAL);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof UserError) {
                err.println("flowcert: error: " + TerminalText.escape(spaceless(ex.getMessage())));
                err.flush();
                return USAGE;
            }
            // the message of an internal error may quote input: escaped like everything else
            err.println("flowcert: internal error (please report): " + TerminalText.escape(ex.toString()));
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(TerminalText.escapeLines(trace.toString()));
            err.flush();
            return INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("flowcert: error: " + TerminalText.escape(ex.getMessage()));
            err.println("Try 'flowcert " + ex.getCommandLine().getCommandName()
                    .replace("flowcert", "").trim() + " --help'.".replace("  ", " "));
            err.flush();
            return USAGE;
        });
        return cl;
    }

    /**
     * Help text as paragraphs, never a sentence cut at a source line: description lines (of every
     * command and option) that do not end a sentence are joined with the next one, so picocli wraps
     * whole paragraphs to the usage width and the command list (which shows a command's first
     * paragraph) shows a whole sentence.
     */
    static void joinSentences(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().description(joined(spec.usageMessage().description()));
        for (CommandLine.Model.OptionSpec o : new java.util.ArrayList<>(spec.options())) {
            String[] d = joined(o.description());
            if (d.length != o.description().length) {
                spec.remove(o);
                spec.addOption(o.toBuilder().description(d).build());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec() != spec) {
                joinSentences(sub);
            }
        }
    }

    /** The lines joined into paragraphs: a line continues until one ends with . : ! ? or %n (or the text ends). */
    static String[] joined(String[] lines) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = null;
        for (String l : lines) {
            String t = l.strip();
            cur = cur == null ? new StringBuilder(t) : cur.append(cur.length() == 0 || t.isEmpty() ? "" : " ").append(t);
            String end = t.endsWith("%n") ? t.substring(0, t.length() - 2) : t; // %n: picocli's own line break
            if (end.isEmpty() || end.endsWith(".") || end.endsWith(":") || end.endsWith("!") || end.endsWith("?")
                    || t.endsWith("%n")) {
                out.add(cur.toString());
                cur = null;
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out.toArray(new String[0]);
    }

    /** A rational as {@code BigFraction.toString} prints it ("-3 / 2"), in the messages of deeper layers. */
    private static final java.util.regex.Pattern SPACED_FRACTION = java.util.regex.Pattern.compile("(-?\\d+) / (\\d+)");

    /** {@code text} with every rational written without spaces ("-3/2"), as everywhere else in flowcert's output. */
    static String spaceless(String text) {
        return text == null ? null : SPACED_FRACTION.matcher(text).replaceAll("$1/$2");
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
