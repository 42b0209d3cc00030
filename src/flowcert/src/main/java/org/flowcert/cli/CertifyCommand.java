package org.flowcert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowcert.cert.CertificateText;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.Limits;
import org.flowcert.io.Numbers;
import org.flowcert.io.TerminalText;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;
import org.flowcert.prove.engine.Mapper;
import org.flowcert.prove.engine.RoundEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowcert certify PROBLEM CLAIMS --out CERT}: proves each claim and writes the
 * certificate atomically. Prints {@code PROVED ...} / {@code NOT PROVED ... (reason)} per claim;
 * exit 0 only when every claim is proved. When any claim is not proved nothing is written (an
 * existing CERT is left untouched), so no certificate ever holds an unproved claim.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Prove claims and write a certificate (only when every claim is proved).",
            "Prints PROVED or NOT PROVED (reason) per claim; exit 0 only when every claim is proved, 1 otherwise"
                + " (then nothing is written)."})
public final class CertifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROBLEM", description = "the problem file (JSON)")
    Path problem;

    @Parameters(index = "1", paramLabel = "CLAIMS", description = "the claims file (JSON)")
    Path claims;

    @Option(names = "--out", required = true, paramLabel = "CERT", description = "where to write the certificate")
    Path out;

    @Option(names = "--budget", paramLabel = "LEAVES",
            description = "at most this many leaves per branch-and-bound search (critical-values-above on a box; "
                    + "default 200000, 400000 for the relu cell search); when it runs out the claim is NOT PROVED "
                    + "with the first open box")
    Long budget;

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Option(names = "--check-limit", paramLabel = "KEY=VALUE",
            description = "change a work limit of the checker's re-check of the certificate (repeatable; the keys "
                    + "and defaults of check --limit, e.g. seconds=3600 to re-check a long certificate on a busy "
                    + "machine). Over a limit the claims are NOT PROVED, with the checker's message")
    java.util.List<String> checkLimits = new java.util.ArrayList<>();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads of the branch-and-bound searches, 1 to " + Threads.MAX
                    + " (default 2); the certificate does not depend on it")
    String threads;

    @Option(names = "--json", description = "print one JSON object: the verdict and values of each claim, the rules"
            + " used, the problem's SHA-256 and the time taken (examples/OUTPUT.md)")
    boolean json;

    @Option(names = "--progress", description = "report progress on stderr: the searches' leaf counts every few "
            + "seconds and the stage of a proof over 3 s (default: only when attached to a terminal)")
    boolean progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ProofSettings settings = settings(budget, threads);
        if (progress) {
            settings = settings.withProgress(System.err);
        }
        // a certificate that cannot be written is found out before the proof, not after it
        AtomicFiles.checkWritable(out, "--out");
        if (engineOptions.inProcess()) {
            return certify(settings);
        }
        try (Mapper m = engineOptions.open()) {
            return certify(settings.withEngine(new RoundEngine(m)));
        }
    }

    private int certify(ProofSettings settings) {
        long t0 = System.nanoTime();
        org.flowcert.check.Limits recheck = org.flowcert.check.Limits.DEFAULT;
        for (String kv : checkLimits) {
            try {
                recheck = recheck.with(kv);
            } catch (IllegalArgumentException e) {
                throw new UserError(null, "--check-limit", e.getMessage());
            }
        }
        Limits lim = limitOptions.limits();
        String problemText = ProblemReader.readText(problem, lim);
        Problem p = ProblemReader.parse(problemText, problem.toString(), lim);
        String claimsText = ProblemReader.readText(claims, lim);
        JsonNode list = ClaimsFile.parse(claimsText, claims.toString(), p.parameterCount(), lim);
        Certifier.Result r;
        try (Progress stageLine = new Progress(settings.progress())) {
            r = Certifier.certify(p, problemText, claimsText, list, Main.version(), settings, recheck,
                    stageLine::stage);
        }
        if (r.allProved()) {
            AtomicFiles.write(out, r.certificate());
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(TerminalText.json(json(p, problemText, claimsText, list, r, seconds)));
        } else {
            for (String line : r.lines()) {
                w.println(TerminalText.escape(spaceless(line)));
            }
            w.println(r.allProved() ? "certificate written to " + TerminalText.escape(out.toString())
                    : "no certificate written (" + TerminalText.escape(out.toString()) + ")");
        }
        w.flush();
        return r.allProved() ? Main.OK : Main.REFUSED;
    }

    /** The settings of {@code --budget} and {@code --threads} (null: the default); a bad value is exit 2. */
    static ProofSettings settings(Long budget, String threads) {
        if (budget != null && budget < 1) {
            throw new UserError(null, "--budget", "a positive number of leaves, not " + budget);
        }
        ProofSettings settings = ProofSettings.defaults();
        if (budget != null) {
            settings = settings.withBudget(budget);
        }
        if (threads != null) {
            settings = settings.withThreads(Threads.parse(threads));
        }
        return settings;
    }

    /** The {@code --json} object (examples/OUTPUT.md). */
    private String json(Problem p, String problemText, String claimsText, JsonNode list, Certifier.Result r,
            double seconds) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("verdict", r.allProved() ? "PROVED" : "NOT PROVED");
        ObjectNode pr = o.putObject("problem");
        pr.put("file", problem.toString());
        pr.put("sha256", CertificateText.sectionHash(problemText));
        ArrayNode widths = pr.putArray("widths");
        for (int wi : p.network().widths()) {
            widths.add(wi);
        }
        pr.put("activation", p.network().activation().spec());
        pr.put("P", p.parameterCount());
        ObjectNode cl = o.putObject("claims_file");
        cl.put("file", claims.toString());
        cl.put("sha256", CertificateText.sectionHash(claimsText));
        ArrayNode arr = o.putArray("claims");
        boolean perClaim = r.lines().size() == list.size();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            ObjectNode co = arr.addObject();
            co.put("index", i);
            co.put("type", c.path("type").asText());
            String line = perClaim ? spaceless(r.lines().get(i)) : null;
            String prefix = "claim " + i + " (" + c.path("type").asText() + ")";
            if (line != null && line.startsWith("PROVED " + prefix + ": ")) {
                co.put("verdict", "PROVED");
                co.put("message", line.substring(("PROVED " + prefix + ": ").length()));
            } else if (line != null && line.startsWith("NOT PROVED " + prefix + " (") && line.endsWith(")")) {
                co.put("verdict", "NOT PROVED");
                co.put("reason", line.substring(("NOT PROVED " + prefix + " (").length(), line.length() - 1));
            } else {
                // the checker refused the assembled certificate: no claim counts as proved
                co.put("verdict", "NOT PROVED");
                co.put("reason", spaceless(String.join("; ", r.lines())));
            }
            co.set("values", values(m, c));
        }
        ObjectNode rules = o.putObject("rules");
        int steps = 0;
        if (r.allProved()) {
            for (Map.Entry<String, Integer> e : CertificateText.ruleCounts(r.certificate()).entrySet()) {
                rules.put(e.getKey(), e.getValue());
                steps += e.getValue();
            }
        }
        o.put("steps", steps);
        ObjectNode cert = o.putObject("certificate");
        cert.put("file", out.toString());
        cert.put("written", r.allProved());
        if (r.allProved()) {
            cert.put("bytes", r.certificate().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            cert.put("sha256", CertificateText.sha256(r.certificate()));
        }
        o.put("time_s", Math.round(seconds * 1000) / 1000.0);
        return o.toString();
    }

    /** A claim's fields other than its type, numbers as canonical exact rationals "p/q" (boxes too). */
    private static ObjectNode values(ObjectMapper m, JsonNode claim) {
        ObjectNode v = m.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = claim.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("type")) {
                v.set(e.getKey(), exact(m, e.getValue()));
            }
        }
        return v;
    }

    private static JsonNode exact(ObjectMapper m, JsonNode n) {
        if (n.isArray()) {
            ArrayNode a = m.createArrayNode();
            n.forEach(x -> a.add(exact(m, x)));
            return a;
        }
        if (n.isTextual() && n.asText().equals("everywhere")) {
            return n;
        }
        try {
            return m.getNodeFactory().textNode(Numbers.format(Numbers.parse(n.isTextual() ? n.asText() : n.toString())));
        } catch (UserError e) {
            return n; // a field the claims reader does not check as a number: shown as written
        }
    }

    static String spaceless(String line) {
        return Main.spaceless(line);
    }

    /**
     * The progress line of a long proof: after {@value #QUIET_SECONDS} s, one line on stderr every
     * few seconds saying what is being proved and for how long; on a terminal or with --progress.
     */
    private static final class Progress implements AutoCloseable {
        static final int QUIET_SECONDS = 3;
        private final java.io.PrintStream err;
        private final long started = System.nanoTime();
        private volatile String stage = "starting";
        private final java.util.concurrent.ScheduledExecutorService timer;

        private Progress(java.io.PrintStream err) {
            this.err = err;
            if (err == null) {
                timer = null;
                return;
            }
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "certify-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, QUIET_SECONDS, 5, java.util.concurrent.TimeUnit.SECONDS);
        }

        void stage(String s) {
            stage = s;
        }

        private synchronized void tick() {
            err.printf(java.util.Locale.ROOT, "certify: %s, %.0f s%n", TerminalText.escape(stage),
                    (System.nanoTime() - started) * 1e-9);
            err.flush();
        }

        @Override
        public void close() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
