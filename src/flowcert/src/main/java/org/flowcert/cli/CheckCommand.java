package org.flowcert.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.flowcert.check.Checker;
import org.flowcert.check.Limits;
import org.flowcert.io.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowcert check CERT}: re-verifies a certificate with the trusted checker and says what it verified:
 * the problem (hash, network, P), each claim with its verdict and values, the steps per rule and the time.
 * Exit 0 all valid, 1 any invalid (or {@code --problem} names another problem), 2 malformed, altered or over a
 * work limit ({@code --limit}), 3 internal error (CONTRACT.md; limits: proofs-notes/certificate-format.md §7).
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-verify a certificate with the small trusted checker (exact arithmetic only).",
            "Prints the checked problem (SHA-256, network, P), VALID or INVALID with the reason for each claim "
                    + "and its values, the steps per rule and the time taken. Exit codes: 0 every claim valid, "
                    + "1 a claim invalid or --problem names another problem, 2 malformed, altered or over a work "
                    + "limit, 3 internal error."})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CERT", description = "the certificate file")
    Path cert;

    @Option(names = "--problem", paramLabel = "FILE",
            description = "confirm that the certificate is about this problem file (its SHA-256, computed as "
                    + "certify embeds it: a final newline added if missing); exit 1 if not")
    Path problem;

    @Option(names = "--json", description = "print the result as one JSON object (exact rationals as \"p/q\" "
            + "strings, counts and seconds as numbers, non-ASCII characters escaped)")
    boolean json;

    @Option(names = "--limit", paramLabel = "KEY=VALUE",
            description = "change a work limit (repeatable). Keys and defaults: digits=10000 (characters of one "
                    + "number), exponent=10000 (|exponent| of a decimal or hex float), bits=4096 (precision "
                    + "a step may ask for), terms=10000 (terms of one series), nodes=2000000 (characters of one "
                    + "bisection tree), depth=400 (depth of such a tree), degree=100 (polynomial degree), "
                    + "size=4000000 (bits of one exact intermediate number), seconds=600 (whole check). Over a "
                    + "limit: exit 2 naming the field, the value and the limit")
    List<String> limits = new ArrayList<>();

    @Option(names = "--progress", description = "report progress on stderr (default: only when attached to a "
            + "terminal, and only for checks longer than 2 s)")
    boolean progress;

    @Override
    public Integer call() throws IOException {
        Limits lim = Limits.DEFAULT;
        for (String kv : limits) {
            try {
                lim = lim.with(kv);
            } catch (IllegalArgumentException e) {
                throw new UserError(null, "--limit", e.getMessage());
            }
        }
        byte[] bytes = read(cert);
        byte[] problemBytes = problem == null ? null : read(problem);
        boolean tty = progress || System.console() != null;
        PrintWriter err = spec.commandLine().getErr();
        Checker.Result r = Checker.check(bytes, lim, tty ? new StderrProgress(err, progress) : null);
        String mismatch = null;
        if (problemBytes != null && r.summary() != null) {
            String want = problemHash(problemBytes);
            if (!want.equals(r.summary().problemSha256())) {
                mismatch = "the certificate is about another problem: " + Checker.escape(problem.toString())
                        + " has SHA-256 " + want + " (a final newline added if missing), the certificate's "
                        + "embedded problem " + r.summary().problemSha256();
            }
        }
        int exit = mismatch != null && r.exitCode() < 2 ? 1 : r.exitCode();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, r, lim, mismatch, exit);
        } else {
            printPlain(out, r, mismatch);
        }
        out.flush();
        return exit;
    }

    /** The SHA-256 certify's embedding would give: the bytes with a final newline added if missing. */
    static String problemHash(byte[] b) {
        if (b.length > 0 && b[b.length - 1] == '\n') {
            return Checker.sha256(b);
        }
        byte[] c = java.util.Arrays.copyOf(b, b.length + 1);
        c[b.length] = '\n';
        return Checker.sha256(c);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new UserError(Checker.escape(p.toString()), null, "no such file");
        } catch (IOException e) {
            throw new UserError(Checker.escape(p.toString()), null, "cannot read the file ("
                    + Checker.escape(String.valueOf(e.getMessage())) + ")");
        }
    }

    private void printPlain(PrintWriter out, Checker.Result r, String mismatch) {
        Checker.Summary s = r.summary();
        if (s != null) {
            out.println("certificate " + Checker.escape(cert.toString()));
            out.println("problem sha256 " + s.problemSha256() + (problem == null ? ""
                    : mismatch == null ? " (matches " + Checker.escape(problem.toString()) + ")" : " (MISMATCH)"));
            out.println("network " + s.widths().stream().map(String::valueOf).collect(Collectors.joining("-"))
                    + " " + s.activation() + ", P = " + s.parameters() + ", " + s.risk() + " risk");
        }
        for (int i = 0; i < r.lines().size(); i++) {
            out.println(r.lines().get(i));
            if (s != null && i < s.claims().size()) {
                Checker.ClaimReport c = s.claims().get(i);
                if (!c.values().isEmpty()) {
                    out.println("    claimed: " + c.values().entrySet().stream()
                            .map(e -> e.getKey() + " = " + plain(e.getValue())).collect(Collectors.joining(", ")));
                }
                if (c.factKind() != null) {
                    out.println("    proved (" + c.factKind() + " fact): " + plain(c.factValues()));
                }
            }
        }
        if (mismatch != null) {
            out.println("PROBLEM MISMATCH: " + mismatch);
        }
        if (s != null) {
            out.println("steps: " + s.rules().entrySet().stream().map(e -> e.getValue().valid() + e.getValue()
                    .invalid() + " " + e.getKey() + (e.getValue().invalid() > 0 ? " (" + e.getValue().invalid()
                    + " invalid)" : "")).collect(Collectors.joining(", ")));
            out.println("checked in " + seconds(s.nanos()) + " s");
        }
    }

    /** A value list or map in brackets, texts as they are (already escaped). */
    private static String plain(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(CheckCommand::plain).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + plain(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }

    private static BigDecimal seconds(long nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(9).setScale(3, RoundingMode.HALF_UP);
    }

    private void printJson(PrintWriter out, Checker.Result r, Limits lim, String mismatch, int exit)
            throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        m.getFactory().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        ObjectNode o = m.createObjectNode();
        o.put("certificate", cert.toString());
        String first = r.lines().isEmpty() ? "" : r.lines().get(0);
        o.put("verdict", r.summary() == null ? first.substring(0, Integer.max(0, first.indexOf(':')))
                : exit == 0 ? "VALID" : "INVALID");
        o.put("exit_code", exit);
        Checker.Summary s = r.summary();
        if (s != null) {
            ObjectNode p = o.putObject("problem");
            p.put("sha256", s.problemSha256());
            ArrayNode w = p.putArray("widths");
            s.widths().forEach(w::add);
            p.put("activation", s.activation());
            p.put("parameters", s.parameters());
            p.put("risk", s.risk());
            if (problem != null) {
                p.put("file", problem.toString());
                p.put("matches_file", mismatch == null);
            }
            ArrayNode cs = o.putArray("claims");
            for (Checker.ClaimReport c : s.claims()) {
                ObjectNode co = cs.addObject();
                co.put("index", c.index());
                co.put("type", c.type());
                co.put("verdict", c.valid() ? "VALID" : "INVALID");
                if (c.reason() != null) {
                    co.put("reason", c.reason());
                }
                co.set("values", m.valueToTree(c.values()));
                if (c.factKind() != null) {
                    ObjectNode f = co.putObject("proved");
                    f.put("fact", c.factKind());
                    f.set("values", m.valueToTree(c.factValues()));
                }
            }
            ObjectNode rules = o.putObject("rules");
            s.rules().forEach((k, v) -> {
                ObjectNode ro = rules.putObject(k);
                ro.put("valid", v.valid());
                ro.put("invalid", v.invalid());
            });
            o.put("steps", s.rules().values().stream().mapToInt(v -> v.valid() + v.invalid()).sum());
            o.put("seconds", seconds(s.nanos()));
        } else {
            o.put("message", first);
        }
        if (mismatch != null) {
            o.put("problem_mismatch", mismatch);
        }
        ObjectNode lo = o.putObject("limits");
        lim.asMap().forEach(lo::put);
        out.println(m.writeValueAsString(o));
    }

    /** Progress on stderr, after 2 s (always with --progress), at most twice a second, erased at the end. */
    private static final class StderrProgress implements Checker.Progress {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private final boolean always;
        private long last;
        private boolean shown;

        StderrProgress(PrintWriter err, boolean always) {
            this.err = err;
            this.always = always;
        }

        @Override
        public void step(int done, int total, String rule) {
            long now = System.nanoTime();
            if (done == total) {
                if (shown) {
                    err.print("\r" + " ".repeat(60) + "\r");
                    err.flush();
                }
                return;
            }
            if ((always || now - start > 2_000_000_000L) && now - last > 500_000_000L) {
                last = now;
                shown = true;
                String r = Checker.escape(rule);
                err.print("\rchecking step " + done + "/" + total + " (" + (r.length() > 24 ? r.substring(0, 24) : r)
                        + "), " + seconds(now - start).setScale(1, RoundingMode.HALF_UP) + " s   ");
                err.flush();
            }
        }
    }
}
