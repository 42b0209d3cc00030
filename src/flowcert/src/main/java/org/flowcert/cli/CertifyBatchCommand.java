package org.flowcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowcert.batch.Job;
import org.flowcert.batch.JobResult;
import org.flowcert.batch.JobsFile;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.Limits;
import org.flowcert.io.TerminalText;
import org.flowcert.io.UserError;
import org.flowcert.prove.ProofSettings;
import org.flowcert.prove.engine.Mapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowcert certify-batch JOBS.jsonl --out DIR}: certifies each (problem, claims) job of a jobs file
 * independently (in this JVM one after the other, or with {@code --engine spark} one Spark task per job), writes
 * DIR/NAME.cert for each job whose claims were all proved, and the summary DIR/summary.json and DIR/summary.csv.
 * A malformed jobs file (any line) is exit 2 before any job runs, nothing written; otherwise exit 0 when every job
 * was proved, 1 when some job was not, 3 when some job ended in an internal error (the summary is written in every
 * case).
 */
@Command(name = "certify-batch", mixinStandardHelpOptions = true,
        description = {"Certify many (problem, claims) jobs, one per line of a JSON-lines file, each independently.",
            "Writes DIR/NAME.cert per proved job and the summary DIR/summary.json and DIR/summary.csv (verdict, claims"
                + " proved, time per job). Exit 0 when every job is proved, 1 when some job is not, 2 for a malformed"
                + " jobs file (checked whole before any job runs: nothing is written), 3 for an internal error in a"
                + " job. Format: examples/FORMATS.md."})
public final class CertifyBatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOBS", description = "the jobs file: one JSON object {\"name\": ..., "
            + "\"problem\": ..., \"claims\": ...} per line, file names relative to its folder")
    Path jobs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the folder for the certificates and the summary (created if missing; its parent must exist)")
    Path out;

    @Option(names = "--budget", paramLabel = "LEAVES",
            description = "at most this many leaves per branch-and-bound search in each job (as in certify)")
    Long budget;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads of each job's searches with the in-process engine, 1 to " + Threads.MAX
                    + " (default 2; with --engine spark each job is one Spark task on one core)")
    String threads;

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--json", description = "print the summary as one JSON object (as in DIR/summary.json)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ProofSettings settings = CertifyCommand.settings(budget, threads);
        boolean inProcess = engineOptions.inProcess();
        checkFolder();
        Limits lim = limitOptions.limits();
        List<JobsFile.Entry> entries = JobsFile.read(jobs, lim);
        List<String> limitArgs = limitOptions.limit == null ? List.of() : limitOptions.limit;
        long t0 = System.nanoTime();
        List<JobResult> results;
        String engine;
        if (inProcess) {
            engine = "in-process (" + settings.threads() + " threads per job)";
            results = new ArrayList<>();
            for (Job j : jobs(entries, limitArgs, settings, settings.threads())) {
                JobResult r = j.run();
                results.add(r);
                progress(j, r);
            }
        } else {
            List<Job> js = jobs(entries, limitArgs, settings, 1);
            try (Mapper m = engineOptions.open()) {
                engine = m.describe();
                System.err.printf(Locale.ROOT, "certify-batch: %d jobs as tasks on %s (%d slots)%n", js.size(),
                        m.describe(), m.slots());
                results = m.map(js, Job::run);
            }
            for (int i = 0; i < results.size(); i++) {
                progress(js.get(i), results.get(i));
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new UserError(null, "--out", "a folder that can be created (" + e.getMessage() + ")");
        }
        int proved = 0;
        int errors = 0;
        for (int i = 0; i < results.size(); i++) {
            JobResult r = results.get(i);
            if (r.certificate() != null) {
                AtomicFiles.write(out.resolve(entries.get(i).name() + ".cert"), r.certificate());
            }
            proved += r.verdict().equals(JobResult.PROVED) ? 1 : 0;
            errors += r.verdict().equals(JobResult.ERROR) ? 1 : 0;
        }
        ObjectNode summary = summary(entries, results, engine, seconds, proved, errors);
        AtomicFiles.write(out.resolve("summary.json"), summary.toPrettyString() + "\n");
        AtomicFiles.write(out.resolve("summary.csv"), csv(entries, results));
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(TerminalText.json(summary.toString()));
        } else {
            for (int i = 0; i < results.size(); i++) {
                JobResult r = results.get(i);
                w.printf(Locale.ROOT, "%-10s %s (line %d): %d/%d claims proved, %.3f s%n", r.verdict(),
                        TerminalText.escape(entries.get(i).name()), entries.get(i).line(), r.claimsProved(),
                        r.claimsTotal(), r.nanos() * 1e-9);
            }
            w.printf(Locale.ROOT, "%d jobs: %d proved, %d not proved, %d errors, %.3f s; summary in %s%n",
                    results.size(), proved, results.size() - proved - errors, errors, seconds,
                    TerminalText.escape(out.resolve("summary.json").toString()));
        }
        w.flush();
        return errors > 0 ? Main.INTERNAL : proved == results.size() ? Main.OK : Main.REFUSED;
    }

    /** The output folder exists (or its parent does, to create it) and can be written, checked before any work. */
    private void checkFolder() {
        Path abs = out.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new UserError(null, "--out", "a folder; \"" + out + "\" is a file");
        }
        AtomicFiles.checkWritable(Files.isDirectory(abs) ? abs.resolve("summary.json") : abs, "--out");
    }

    private static List<Job> jobs(List<JobsFile.Entry> entries, List<String> limits, ProofSettings s, int threads) {
        List<Job> js = new ArrayList<>();
        for (JobsFile.Entry e : entries) {
            js.add(new Job(e.line(), e.name(), e.problemFile(), e.problemText(), e.claimsFile(), e.claimsText(),
                    List.copyOf(limits), s.coverBudget(), s.reluCellBudget(), threads, Main.version()));
        }
        return js;
    }

    private static void progress(Job j, JobResult r) {
        System.err.printf(Locale.ROOT, "certify-batch: %s (line %d): %s, %.3f s%n", TerminalText.escape(j.name()),
                j.line(), r.verdict(), r.nanos() * 1e-9);
    }

    private ObjectNode summary(List<JobsFile.Entry> entries, List<JobResult> results, String engine, double seconds,
            int proved, int errors) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("jobs_file", jobs.toString());
        o.put("engine", engine);
        o.put("jobs", results.size());
        o.put("proved", proved);
        o.put("not_proved", results.size() - proved - errors);
        o.put("errors", errors);
        o.put("time_s", Math.round(seconds * 1000) / 1000.0);
        ArrayNode a = o.putArray("results");
        for (int i = 0; i < results.size(); i++) {
            JobsFile.Entry e = entries.get(i);
            JobResult r = results.get(i);
            ObjectNode j = a.addObject();
            j.put("line", e.line());
            j.put("name", e.name());
            j.put("problem", e.problemFile());
            j.put("claims", e.claimsFile());
            j.put("verdict", r.verdict());
            j.put("claims_proved", r.claimsProved());
            j.put("claims_total", r.claimsTotal());
            j.put("time_s", Math.round(r.nanos() * 1e-6) / 1000.0);
            if (r.certificate() != null) {
                j.put("certificate", e.name() + ".cert");
            } else {
                j.putNull("certificate");
            }
            ArrayNode lines = j.putArray("lines");
            r.lines().forEach(l -> lines.add(Main.spaceless(l)));
        }
        return o;
    }

    private static String csv(List<JobsFile.Entry> entries, List<JobResult> results) {
        StringBuilder b = new StringBuilder("line,name,problem,claims,verdict,claims_proved,claims_total,time_s,"
                + "certificate,reason\n");
        for (int i = 0; i < results.size(); i++) {
            JobsFile.Entry e = entries.get(i);
            JobResult r = results.get(i);
            String reason = "";
            for (String l : r.lines()) {
                if (!l.startsWith("PROVED ")) {
                    reason = Main.spaceless(l);
                    break;
                }
            }
            b.append(e.line()).append(',').append(cell(e.name())).append(',').append(cell(e.problemFile()))
                    .append(',').append(cell(e.claimsFile())).append(',').append(r.verdict()).append(',')
                    .append(r.claimsProved()).append(',').append(r.claimsTotal()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.nanos() * 1e-9)).append(',')
                    .append(r.certificate() != null ? e.name() + ".cert" : "").append(',').append(cell(reason))
                    .append('\n');
        }
        return b.toString();
    }

    /** A CSV field (RFC 4180: quoted when it holds a comma, quote or line break), control characters escaped. */
    private static String cell(String s) {
        String t = TerminalText.escape(s);
        return t.contains(",") || t.contains("\"") || t.contains("\n") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }
}
