package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §2: generated malformed and extreme problem and claims files (numbers at and beyond
 * the limits, NaN/Infinity spellings, deep nesting, huge arrays, wrong types, truncated files,
 * duplicate keys, stray bytes) run through {@code eval}, {@code flow} and {@code certify}
 * in-process. Each must end with exit 0, 1 or 2 (never 3) within a generous hang bound, print no
 * stack trace, write no certificate unless it exits 0, and leave no Apfloat scratch file
 * ({@code *.ap}) anywhere. Fixed seed; the counts per command and exit code are printed and
 * written to target/fuzz-counts.txt (README figures).
 */
@Tag("fuzz")
class HostileInputFuzzTest {
    static final long SEED = 15;
    static final int CASES = Integer.getInteger("flowcert.fuzz.cases", 2000);
    /** A hang detector, not a performance bound: a case still running after this fails the test. */
    static final long HANG_SECONDS = 60;

    /** Small valid problems the mutations start from (each evaluates in milliseconds). */
    static final String[] BASES = {
        "{\"network\":{\"widths\":[1,2,1],\"activation\":\"tanh\"},\"theta\":[\"1\",\"1/2\",\"-1\",\"1/4\",\"1/2\","
            + "\"-1/2\",\"1/8\"],\"risk\":{\"type\":\"data\",\"x\":[[\"-1\"],[\"0\"],[\"1\"]],\"y\":[[\"0\"],[\"1\"],[\"0\"]]}}",
        "{\"network\":{\"widths\":[1,2,1],\"activation\":\"relu\"},\"theta\":[\"1\",\"1\",\"0\",\"-1/2\",\"1/2\",\"1\","
            + "\"-1/8\"],\"risk\":{\"type\":\"integral\",\"domain\":[\"0\",\"1\"],\"target\":[{\"from\":\"0\",\"to\":"
            + "\"1/2\",\"poly\":[\"0\",\"0\",\"1\"]},{\"from\":\"1/2\",\"to\":\"1\",\"poly\":[\"1/4\"]}]}}",
        "{\"network\":{\"widths\":[1,1,1],\"activation\":\"leaky_relu:1/10\"},\"theta\":[\"1\",\"2\",\"1\",\"0\"],"
            + "\"risk\":{\"type\":\"data\",\"x\":[\"-1\",\"1\"],\"y\":[\"1\",\"61/20\"],\"reduction\":\"half-sum\"}}",
        "{\"network\":{\"widths\":[2,2,1],\"activation\":\"poly:0,1,0,1/3\"},\"theta\":[0.5,-1,0.25,1,0,2,1,-1,0],"
            + "\"risk\":{\"type\":\"data\",\"x\":[[1,0],[0,1]],\"y\":[1,0]}}",
        "{\"network\":{\"widths\":[1,1,1],\"activation\":\"gelu\"},\"theta\":[\"2\",\"0\",\"1\",\"0\"],"
            + "\"risk\":{\"type\":\"data\",\"x\":[\"1\"],\"y\":[\"0\"]}}",
        "{\"network\":{\"widths\":[1,3,1],\"activation\":\"softplus\"},\"theta\":[\"1/2\",\"-1\",\"3/4\",\"0\",\"1/4\","
            + "\"-1/2\",\"1\",\"-1\",\"1/2\",\"0\"],\"risk\":{\"type\":\"data\",\"x\":[\"-1\",\"0\",\"1\"],\"y\":[\"0\",\"1\",\"2\"]}}",
    };
    static final String[] CLAIMS = {
        "{\"claims\":[{\"type\":\"loss-below\",\"value\":\"100\"}]}",
        "{\"claims\":[{\"type\":\"loss-enclosure\",\"lo\":\"0\",\"hi\":\"1000\"},{\"type\":\"loss-below\",\"value\":\"1/1000\"}]}",
    };
    /** Extreme and malformed number spellings (strings and raw JSON). */
    static final String[] STRINGS = {"NaN", "nan", "Infinity", "-Infinity", "inf", "+inf", "1/0", "0/0", "", " 1", "1 ",
        "1e400", "1e-400", "1e401", "1e-401", "-1e-9999999", "1e99999999999999999999", "0x1p-1330", "0x1p-1331",
        "0x1p99999999", "0x.p1", "0x1.fffffffffffffp1023", "1e", "--1", "1//2", "1/2/3", "0x", "1.", ".5", "\u0000",
        "\u001b[2J", "\u202e1", "1\r", "١", "1_000", "1,5", "1e+400", "-0", "0/1", "99999999999999999999/3",
        "0.0000000000000000000000000000000000000000000000000000000001"};
    static final String[] RAW = {"NaN", "Infinity", "-Infinity", "1e-99999999", "1e99999999", "1E400", "-0.0", "true",
        "null", "{}", "[]", "[[]]", "\"\"", "1e-400", "123456789012345678901234567890", "0.1e-401"};

    @Test
    void hostileInputsEndInZeroOneOrTwoWithNothingWritten(@TempDir Path dir) throws Exception {
        Random rnd = new Random(SEED);
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Long> millis = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        long apBefore = countAp(cwd);
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz", 8L << 20);
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try {
            // certify prints its verdict lines with System.out: keep the test log readable
            System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
            for (int i = 0; i < CASES && failures.size() < 10; i++) {
                Path problem = dir.resolve("p" + i + ".json");
                Path claims = dir.resolve("c" + i + ".json");
                Path cert = dir.resolve("cert" + i + ".json");
                int kind = rnd.nextInt(10);
                boolean mutateClaims = kind == 9;
                byte[] ptext = mutateClaims ? BASES[rnd.nextInt(BASES.length)].getBytes(StandardCharsets.UTF_8)
                        : mutate(BASES[rnd.nextInt(BASES.length)], rnd);
                byte[] ctext = mutateClaims ? mutate(CLAIMS[rnd.nextInt(CLAIMS.length)], rnd)
                        : CLAIMS[rnd.nextInt(CLAIMS.length)].getBytes(StandardCharsets.UTF_8);
                Files.write(problem, ptext);
                Files.write(claims, ctext);
                String[] args;
                String cmd;
                if (mutateClaims || kind == 8) {
                    cmd = "certify";
                    args = new String[] {"certify", problem.toString(), claims.toString(), "--out", cert.toString()};
                } else if (kind == 7) {
                    cmd = "flow";
                    args = new String[] {"flow", problem.toString(), "--to", "0.01"};
                } else {
                    cmd = "eval";
                    String[] ar = {null, "exact", "interval", "double", "ball:64", "ball:128"};
                    String a = ar[rnd.nextInt(ar.length)];
                    args = a == null ? new String[] {"eval", problem.toString()}
                            : new String[] {"eval", problem.toString(), "--arith", a};
                }
                long c0 = System.nanoTime();
                Future<CliRun.Outcome> f = ex.submit(() -> CliRun.run(args));
                CliRun.Outcome o;
                try {
                    o = f.get(HANG_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    failures.add("case " + i + " (" + cmd + ") still running after " + HANG_SECONDS + " s: "
                            + new String(ptext, StandardCharsets.UTF_8).substring(0, Math.min(300, ptext.length)));
                    break;
                }
                counts.merge(cmd + " exit " + o.code(), 1, Integer::sum);
                millis.merge(cmd + " exit " + o.code(), (System.nanoTime() - c0) / 1_000_000, Long::sum);
                String why = null;
                if (o.code() < 0 || o.code() > 2) {
                    why = "exit " + o.code();
                } else if (o.err().contains("\tat ") || o.err().contains("Exception")) {
                    why = "stack trace or exception name in stderr";
                } else if (cmd.equals("certify") && o.code() != 0 && Files.exists(cert)) {
                    why = "certificate written although certify exited " + o.code();
                }
                if (why != null) {
                    failures.add("case " + i + " " + String.join(" ", args) + ": " + why + "\n  problem: "
                            + new String(ptext, StandardCharsets.UTF_8).substring(0, Math.min(300, ptext.length))
                            + "\n  claims: " + new String(ctext, StandardCharsets.UTF_8) + "\n  stderr: "
                            + o.err().substring(0, Math.min(600, o.err().length())));
                }
                Files.deleteIfExists(problem);
                Files.deleteIfExists(claims);
                Files.deleteIfExists(cert);
                sink.reset();
            }
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            ex.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        StringBuilder report = new StringBuilder();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        report.append(String.format("fuzz: %d cases (seed %d) in %.1f s%n", total, SEED, seconds));
        counts.forEach((k, v) -> report.append(String.format("  %-16s %5d  (%d ms in all)%n", k, v, millis.get(k))));
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/fuzz-counts.txt"), report.toString());
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
        assertThat(countAp(dir)).as("*.ap files in the temporary folder").isZero();
        assertThat(countAp(cwd)).as("*.ap files in the working directory").isEqualTo(apBefore);
        assertThat(total).isEqualTo(CASES);
    }

    /** One mutation (sometimes two) of a valid problem's text; the result is usually invalid. */
    static byte[] mutate(String base, Random rnd) {
        String s = base;
        int n = 1 + (rnd.nextInt(4) == 0 ? 1 : 0);
        for (int k = 0; k < n; k++) {
            s = mutateOnce(s, rnd);
        }
        if (rnd.nextInt(40) == 0) {
            // stray bytes: a UTF-8 BOM, an invalid byte, a NUL
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int at = rnd.nextInt(b.length + 1);
            byte[][] stray = {{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFF}, {0}, {(byte) 0xC3}};
            byte[] ins = stray[rnd.nextInt(stray.length)];
            byte[] out = new byte[b.length + ins.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(ins, 0, out, at, ins.length);
            System.arraycopy(b, at, out, at + ins.length, b.length - at);
            return out;
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String mutateOnce(String s, Random rnd) {
        switch (rnd.nextInt(14)) {
            case 0: // a quoted number becomes an extreme or malformed spelling
            case 1: {
                List<int[]> q = quoted(s);
                if (q.isEmpty()) {
                    return s;
                }
                int[] r = q.get(rnd.nextInt(q.size()));
                String rep = STRINGS[rnd.nextInt(STRINGS.length)];
                return s.substring(0, r[0]) + "\"" + jsonEscape(rep) + "\"" + s.substring(r[1]);
            }
            case 2: { // a quoted value becomes raw JSON (numbers beyond the limits, wrong types)
                List<int[]> q = quoted(s);
                if (q.isEmpty()) {
                    return s;
                }
                int[] r = q.get(rnd.nextInt(q.size()));
                return s.substring(0, r[0]) + RAW[rnd.nextInt(RAW.length)] + s.substring(r[1]);
            }
            case 3: // truncated file
                return s.substring(0, rnd.nextInt(s.length()));
            case 4: { // duplicate key
                int i = s.indexOf("\"theta\"");
                int j = s.indexOf("\"risk\"");
                if (i < 0 || j < 0 || j < i) {
                    return s.replaceFirst("\\{", "{\"claims\":[],");
                }
                return s.substring(0, j) + s.substring(i, j) + s.substring(j);
            }
            case 5: { // deep nesting
                int depth = rnd.nextBoolean() ? 70 : 5000;
                String deep = "[".repeat(depth) + "1" + "]".repeat(depth);
                List<int[]> q = quoted(s);
                int[] r = q.get(rnd.nextInt(q.size()));
                return s.substring(0, r[0]) + deep + s.substring(r[1]);
            }
            case 6: { // a huge array of data points (beyond the data limit) or a long one within it
                int n = rnd.nextInt(8) == 0 ? 100_001 : 2000;
                StringBuilder xs = new StringBuilder("[");
                for (int k = 0; k < n; k++) {
                    xs.append(k == 0 ? "" : ",").append("\"").append(k % 7).append("/3\"");
                }
                xs.append("]");
                return s.replaceFirst("\"x\":\\[[^\\]]*(\\][^\\]]*)*?\\],\"y\"", "\"x\":" + xs + ",\"y\"");
            }
            case 7: { // widths at and beyond the limits
                String[] w = {"[1,0,1]", "[1,-1,1]", "[1,1e6,1]", "[1,65537,1]", "[1,65536,1]", "[1,2147483648,1]",
                    "[1]", "[]", "[1,\"2\",1]", "[1,2.5,1]", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]",
                    "\"1,2,1\"", "null"};
                return s.replaceFirst("\"widths\":\\[[^\\]]*\\]", "\"widths\":" + w[rnd.nextInt(w.length)]);
            }
            case 8: { // activations, including a huge poly: degree and unknown names
                String[] a = {"poly:", "poly:1,", "poly:" + "1,".repeat(70) + "1", "poly:" + "1,".repeat(10) + "1",
                    "leaky_relu:", "leaky_relu:1e-9999", "RELU", "tanh ", "\u001b[31mrelu", "sigmoid", "gelu", "softplus"};
                return s.replaceFirst("\"activation\":\"[^\"]*\"", "\"activation\":\"" + jsonEscape(a[rnd.nextInt(a.length)])
                        + "\"");
            }
            case 9: { // a field deleted
                String[] f = {"\"theta\":", "\"risk\":", "\"network\":", "\"type\":", "\"x\":", "\"domain\":", "\"poly\":",
                    "\"claims\":", "\"value\":"};
                String k = f[rnd.nextInt(f.length)];
                return s.replace(k, "\"_gone" + rnd.nextInt(1000) + "\":");
            }
            case 10: // an unknown field
                return s.replaceFirst("\\{", "{\"bogus\":1,");
            case 11: { // a random character replaced
                int i = rnd.nextInt(s.length());
                String chars = "{}[]\",:0-e/x\\\u0007\u202e";
                return s.substring(0, i) + chars.charAt(rnd.nextInt(chars.length())) + s.substring(i + 1);
            }
            case 12: { // a long number within or beyond the digits limit
                int len = rnd.nextBoolean() ? 900 : 1001;
                List<int[]> q = quoted(s);
                int[] r = q.get(rnd.nextInt(q.size()));
                return s.substring(0, r[0]) + "\"" + "7".repeat(len) + "\"" + s.substring(r[1]);
            }
            default: { // target pieces: overlapping, gapped, outside, unordered
                String[] t = {"[{\"from\":\"-1\",\"to\":\"1/2\",\"poly\":[\"1\"]},{\"from\":\"-1/2\",\"to\":\"1\",\"poly\":[\"1\"]}]",
                    "[{\"from\":\"1/2\",\"to\":\"1\",\"poly\":[\"1\"]},{\"from\":\"0\",\"to\":\"1/2\",\"poly\":[\"1\"]}]",
                    "[{\"from\":\"0\",\"to\":\"1\",\"poly\":[]}]", "[]",
                    "[{\"from\":\"0\",\"to\":\"1\",\"poly\":[" + "\"1\",".repeat(3000) + "\"1\"]}]"};
                if (!s.contains("\"target\":")) {
                    return s.replace("\"type\":\"data\"", "\"type\":\"integral\",\"domain\":[0,1],\"target\":"
                            + t[rnd.nextInt(t.length)]);
                }
                int i = s.indexOf("\"target\":") + "\"target\":".length();
                return s.substring(0, i) + t[rnd.nextInt(t.length)] + "}}";
            }
        }
    }

    /** The [start, end) ranges of JSON string literals that look like values (after ':' , '[' or ','). */
    static List<int[]> quoted(String s) {
        List<int[]> r = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                int j = s.indexOf('"', i + 1);
                if (j < 0) {
                    break;
                }
                char before = i == 0 ? ' ' : s.charAt(i - 1);
                if (before == ':' || before == '[' || before == ',') {
                    if (j + 1 >= s.length() || s.charAt(j + 1) != ':') {
                        r.add(new int[] {i, j + 1});
                    }
                }
                i = j;
            }
        }
        if (r.isEmpty()) {
            r.add(new int[] {0, 0});
        }
        return r;
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static long countAp(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".ap")).count();
        }
    }
}
