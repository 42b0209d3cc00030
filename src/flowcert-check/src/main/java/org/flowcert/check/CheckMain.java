package org.flowcert.check;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code java -jar flowcert-check.jar CERT [--limit KEY=VALUE]...}: the trusted checker on its own, with
 * nothing but this module (and Commons Numbers, Jackson) on the class path. Prints one line per claim,
 * {@code VALID ...} or {@code INVALID: reason} (or {@code MALFORMED: reason}), exactly as
 * {@code flowcert check} does without its report; exit 0 every claim valid, 1 a claim invalid, 2 malformed,
 * altered, over a work limit or a usage mistake.
 */
public final class CheckMain {
    private CheckMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The exit code; output on {@code out}, usage mistakes on {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path certificate = null;
        Limits limits = Limits.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--limit") && i + 1 < args.length) {
                try {
                    limits = limits.with(args[++i]);
                } catch (IllegalArgumentException e) {
                    return usage(err, "--limit: " + e.getMessage());
                }
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println("Usage: java -jar flowcert-check.jar CERT [--limit KEY=VALUE]...");
                out.println("Re-verifies a flowcert certificate with the trusted checker (exact arithmetic only).");
                out.println("Limit keys and defaults: " + Limits.DEFAULT.asMap());
                return 0;
            } else if (arg.startsWith("-") || certificate != null) {
                return usage(err, "unexpected argument \"" + Checker.escape(arg) + "\"");
            } else {
                certificate = Path.of(arg);
            }
        }
        if (certificate == null) {
            return usage(err, "expected a certificate file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(certificate);
        } catch (NoSuchFileException e) {
            return usage(err, Checker.escape(certificate.toString()) + ": no such file");
        } catch (IOException e) {
            return usage(err, Checker.escape(certificate.toString()) + ": cannot read the file");
        }
        Checker.Result result = Checker.check(bytes, limits, null);
        PrintStream utf8 = new PrintStream(out, true, StandardCharsets.UTF_8);
        result.lines().forEach(utf8::println);
        utf8.flush();
        return result.exitCode();
    }

    private static int usage(PrintStream err, String message) {
        err.println("flowcert-check: error: " + message);
        err.println("Usage: java -jar flowcert-check.jar CERT [--limit KEY=VALUE]...");
        return 2;
    }
}
