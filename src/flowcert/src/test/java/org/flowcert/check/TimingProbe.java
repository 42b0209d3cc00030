package org.flowcert.check;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowcert.cert.CertificatesTest;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement only (benchmarks/test-times.md), never in a normal run: its name matches none of surefire's default
 * patterns, so it runs only when named ({@code -Dtest=TimingProbe}), and then only with {@code -Dflowcert.timing=}
 * {@code certs} (the wall and CPU time of checking and of re-certifying each example of examples/certificates.list),
 * {@code tamper} (of checking every 8th tamper mutation), {@code sample} (the default run's tamper sample and every
 * mutation's stratum) or {@code true} (all three), written to target/test-times/*.tsv. It asserts nothing.
 */
@EnabledIfSystemProperty(named = "flowcert.timing", matches = "true|certs|tamper|sample")
class TimingProbe {
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void write(String name, List<String> lines) throws Exception {
        Path dir = Path.of("target", "test-times");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    @Test
    void certificates() throws Exception {
        if (!System.getProperty("flowcert.timing").matches("true|certs")) {
            return;
        }
        List<String> out = new ArrayList<>();
        out.add("cert\tmarks\tbytes\tcheck_wall_s\tcheck_cpu_s\tcertify_wall_s\tcertify_cpu_s");
        for (String[] e : CertificatesTest.list()) {
            String marks = String.join(",", List.of(e).subList(3, e.length));
            Path cert = Path.of("certificates", e[2]);
            String line = e[2] + "\t" + marks + "\t" + Files.size(cert);
            if (marks.contains("check-long")) {
                out.add(line + "\t-\t-\t-\t-");
                continue;
            }
            long w = System.nanoTime();
            long c = cpu();
            int code = Checker.check(Files.readAllBytes(cert)).exitCode();
            line += String.format("\t%.2f\t%.2f", (System.nanoTime() - w) / 1e9, (cpu() - c) / 1e9);
            if (code != 0) {
                line += "\t(exit " + code + ")";
            }
            if (marks.contains("long")) {
                out.add(line + "\t-\t-");
                write("certificates.tsv", out);
                continue;
            }
            Path problem = Path.of("examples", e[0]);
            String claimsText = Files.readString(Path.of("examples", e[1]));
            w = System.nanoTime();
            c = cpu();
            Problem p = ProblemReader.read(problem);
            Certifier.Result r = Certifier.certify(p, Files.readString(problem), claimsText,
                    ClaimsFile.parse(claimsText, e[1], p.parameterCount()), "0.1.0", ProofSettings.defaults(),
                    Limits.DEFAULT, stage -> { });
            line += String.format("\t%.2f\t%.2f", (System.nanoTime() - w) / 1e9, (cpu() - c) / 1e9);
            if (r.certificate() == null || !r.certificate().equals(Files.readString(cert))) {
                line += "\t(differs)";
            }
            out.add(line);
            write("certificates.tsv", out);
        }
    }

    @Test
    void tamper() throws Exception {
        if (!System.getProperty("flowcert.timing").matches("true|tamper")) {
            return;
        }
        long w = System.nanoTime();
        long c = cpu();
        List<TamperTest.Mutation> all = TamperTest.all();
        List<String> out = new ArrayList<>();
        out.add(String.format("# all(): %d mutations built in %.2f s wall, %.2f s CPU", all.size(),
                (System.nanoTime() - w) / 1e9, (cpu() - c) / 1e9));
        out.add("index\tkind\tcert\twhat\tcheck_wall_s\tcheck_cpu_s\texit");
        int stride = Integer.getInteger("flowcert.timing.stride", 8);
        for (int i = 0; i < all.size(); i += stride) {
            TamperTest.Mutation m = all.get(i);
            w = System.nanoTime();
            c = cpu();
            int code = Checker.check(m.text().getBytes(StandardCharsets.UTF_8)).exitCode();
            out.add(String.format("%d\t%s\t%s\t%s\t%.3f\t%.3f\t%d", i, m.kind(), m.cert(), m.what(),
                    (System.nanoTime() - w) / 1e9, (cpu() - c) / 1e9, code));
            if (i % 50 == 0) {
                write("tamper.tsv", out);
            }
        }
        write("tamper.tsv", out);
        Map<String, Integer> perCert = new LinkedHashMap<>();
        all.forEach(m -> perCert.merge(m.cert() + "\t" + m.kind(), 1, Integer::sum));
        List<String> counts = new ArrayList<>();
        perCert.forEach((k, v) -> counts.add(k + "\t" + v));
        write("tamper-counts.tsv", counts);
    }

    @Test
    void sample() throws Exception {
        if (!System.getProperty("flowcert.timing").matches("true|sample")) {
            return;
        }
        List<TamperTest.Mutation> all = TamperTest.all();
        java.util.Set<TamperTest.Mutation> chosen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        chosen.addAll(TamperTest.sample(all));
        List<String> out = new ArrayList<>();
        out.add("index\tkind\tcert\twhat\tstratum\tchosen");
        for (int i = 0; i < all.size(); i++) {
            TamperTest.Mutation m = all.get(i);
            out.add(i + "\t" + m.kind() + "\t" + m.cert() + "\t" + m.what() + "\t" + m.stratum() + "\t"
                    + (chosen.contains(m) ? 1 : 0));
        }
        write("tamper-sample.tsv", out);
    }
}
