package org.flowcert.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trajectory fuzz (issue 15 §2): {@value #CASES} generated malformed or extreme trajectory
 * files (CSV, JSON lines, JSON, .npy, .npz, pickles; NaN/Infinity spellings, huge and
 * wrong-shaped arrays, truncated files and zips, wrong types, control and bidi characters in
 * headers and file names) through {@code flowcert audit} in-process with {@code --report}.
 * Each case must end with exit 0, 1 or 2, print no stack trace and no raw control or bidi
 * character, and write the report exactly when it does not end with exit 2. A watchdog of
 * {@value #HANG_SECONDS} s per case catches hangs (a generous bound, not a timing assertion).
 * Fixed seed; the counts per outcome are printed.
 */
class AuditFuzzTest {
    static final int CASES = 3000;
    static final int HANG_SECONDS = 30;
    /** examples/audit/w1-tanh-h4.json with every 8th data point (8 points): a cheap audit per case. */
    private static final String PROBLEM = org.flowcert.TestData.resources("audit", "fuzz-1-4-1.json").resolve("fuzz-1-4-1.json").toString();
    private static final int P = 13;
    private static final String[] BAD_NUMBERS = {"NaN", "nan", "-NaN", "+NaN", "Infinity", "-Infinity", "inf",
        "+inf", "-inf", "1e999", "-1e999", "1e-99999", "1e-9999999", "0x1p3", "1d", "1f", "", " ", "--1", "1e", "1.2.3",
        "\u0661", "\u202e1", "1_000", "0x", "true", "null", "\"1\"", "1e+", "4.9e-324", "1.7976931348623157e308",
        "-0", "0e0", "\u001b[31m1", "1\u0008", "1\r2"};
    private static final String[] HOSTILE = {"\u001b[2J\u001b[H", "\r", "\u0008\u0008", "\u202e", "\u2066", "\u200f",
        "\u0000", "\u007f", "\u0085", "\u2028", "\udfff", "<script>alert(1)</script>", "\"&'", "\ufeff"};

    private final Random rnd = new Random(20261206);

    private String hostile() {
        return HOSTILE[rnd.nextInt(HOSTILE.length)];
    }

    private String number() {
        return switch (rnd.nextInt(4)) {
            case 0 -> Double.toString(rnd.nextGaussian() * 0.5);
            case 1 -> Double.toString((float) rnd.nextGaussian());
            case 2 -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
            default -> Integer.toString(rnd.nextInt(5) - 2);
        };
    }

    private String badNumber() {
        if (rnd.nextInt(20) == 0) {
            return "1" + "0".repeat(5000 + rnd.nextInt(5000));
        }
        return BAD_NUMBERS[rnd.nextInt(BAD_NUMBERS.length)];
    }

    // ---------------------------------------------------------------- CSV
    private byte[] csv() {
        int rows = rnd.nextInt(12) + (rnd.nextInt(10) == 0 ? 60 : 1);
        List<String> header = new ArrayList<>();
        header.add(rnd.nextInt(5) == 0 ? "t" : "step");
        if (rnd.nextBoolean()) {
            header.add("loss");
        }
        for (int k = 0; k < P; k++) {
            header.add("theta_" + k);
        }
        if (rnd.nextInt(4) == 0) {
            java.util.Collections.shuffle(header, rnd);
        }
        int mutation = rnd.nextInt(14);
        if (mutation == 0) {
            header.remove(rnd.nextInt(header.size()));
        } else if (mutation == 1) {
            header.add(header.get(rnd.nextInt(header.size())));
        } else if (mutation == 2) {
            int i = rnd.nextInt(header.size());
            header.set(i, header.get(i) + hostile());
        } else if (mutation == 3) {
            header.add("extra" + hostile() + "col");
        } else if (mutation == 4) {
            header.set(rnd.nextInt(header.size()), rnd.nextBoolean() ? "theta_99999999999999999999" : "theta_-1");
        } else if (mutation == 5) {
            for (int i = 0; i < 20000; i++) {
                header.add("x" + i);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (mutation == 6) {
            sb.append('\ufeff');
        }
        String nl = mutation == 7 ? "\r\n" : "\n";
        sb.append(String.join(",", header)).append(nl);
        for (int r = 0; r < rows; r++) {
            List<String> cells = new ArrayList<>();
            for (String h : header) {
                cells.add(h.equals("step") ? Integer.toString(mutation == 8 ? rnd.nextInt(3) : r)
                        : h.equals("t") ? Double.toString(r * 0.1) : number());
            }
            if (mutation == 9 && rnd.nextInt(3) == 0) {
                cells.set(rnd.nextInt(cells.size()), badNumber());
            }
            if (mutation == 10 && rnd.nextInt(4) == 0) {
                if (rnd.nextBoolean()) {
                    cells.remove(cells.size() - 1);
                } else {
                    cells.add("1");
                }
            }
            sb.append(String.join(",", cells)).append(nl);
            if (mutation == 11 && rnd.nextInt(3) == 0) {
                sb.append(nl);
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (mutation == 12) {
            return java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length + 1));
        }
        if (mutation == 13) {
            byte[] b = new byte[rnd.nextInt(2000)];
            rnd.nextBytes(b);
            return b;
        }
        return bytes;
    }

    // ---------------------------------------------------------------- JSON
    private String jsonValue(boolean bad) {
        if (!bad) {
            return number();
        }
        return switch (rnd.nextInt(9)) {
            case 0 -> "\"" + badNumber().replace("\\", "").replace("\"", "") + "\"";
            case 1 -> "null";
            case 2 -> "true";
            case 3 -> "{}";
            case 4 -> "[1, [2]]";
            case 5 -> "1e999";
            case 6 -> "-1e999";
            case 7 -> "\"\\u001b[31m\"";
            default -> "1" + "0".repeat(2000);
        };
    }

    private String jsonRow(int k, boolean bad) {
        StringBuilder sb = new StringBuilder("{\"step\": ");
        sb.append(bad && rnd.nextInt(6) == 0 ? jsonValue(true) : Integer.toString(k));
        if (rnd.nextBoolean()) {
            sb.append(", \"loss\": ").append(jsonValue(bad && rnd.nextInt(4) == 0));
        }
        if (rnd.nextInt(4) == 0) {
            // state_dict names, possibly hostile or ragged
            String prefix = bad && rnd.nextInt(3) == 0 ? "fc" + hostile().replace("\\", "").replace("\"", "") : "net.";
            String w0 = bad && rnd.nextInt(3) == 0 ? "[[1], [2, 3], [4], [5]]" : "[[0.1], [0.2], [0.3], [0.4]]";
            sb.append(", \"state_dict\": {\"").append(prefix).append("0.weight\": ").append(w0).append(", \"")
                    .append(prefix).append("0.bias\": [0.1, 0.2, 0.3, 0.4], \"").append(prefix)
                    .append("2.weight\": [[0.1, 0.2, 0.3, 0.4]], \"").append(prefix).append("2.bias\": [")
                    .append(jsonValue(bad && rnd.nextBoolean())).append("]}");
        } else {
            int len = bad && rnd.nextInt(4) == 0 ? rnd.nextInt(30) : P;
            sb.append(", \"theta\": [");
            for (int i = 0; i < len; i++) {
                sb.append(i == 0 ? "" : ", ").append(jsonValue(bad && rnd.nextInt(8) == 0));
            }
            sb.append("]");
        }
        return sb.append("}").toString();
    }

    private byte[] json(boolean lines) {
        int rows = 1 + rnd.nextInt(8);
        boolean bad = rnd.nextInt(4) != 0;
        StringBuilder sb = new StringBuilder();
        int mutation = rnd.nextInt(8);
        if (mutation == 0) {
            sb.append("[".repeat(3000 + rnd.nextInt(5000)));
        } else if (mutation == 1) {
            sb.append(lines ? "\"just a string\"" : "{\"rows\": 3}");
        } else {
            if (!lines) {
                sb.append(rnd.nextBoolean() ? "[" : "{\"rows\": [");
            }
            for (int k = 0; k < rows; k++) {
                sb.append(lines ? "" : k == 0 ? "" : ",").append(jsonRow(k, bad)).append(lines ? "\n" : "");
            }
            if (!lines) {
                sb.append(sb.charAt(0) == '[' ? "]" : "]}");
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (mutation == 2) {
            return java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length + 1));
        }
        return bytes;
    }

    // ---------------------------------------------------------------- numpy
    private byte[] npy(String descr, String shape, boolean fortran, int elements, int itemSize) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + Math.max(0, elements) * itemSize)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) h.length);
        b.put(h);
        for (int i = 0; i < elements; i++) {
            if (itemSize == 8) {
                b.putDouble(rnd.nextInt(30) == 0 ? (rnd.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY)
                        : rnd.nextGaussian() * 0.3);
            } else {
                b.putFloat((float) (rnd.nextGaussian() * 0.3));
            }
        }
        return b.array();
    }

    private byte[] someNpy(int rows, int cols) {
        int m = rnd.nextInt(12);
        String[] descrs = {"<f8", "<f4", "<i8", ">f8", "<c16", "|O", "<f2", "<U10", "<f8x", "|b1", "<u4", "<f99999999999"};
        return switch (m) {
            case 0 -> npy("<f8", "1000000000, " + cols, false, 0, 8);
            case 1 -> npy("<f8", "-1, " + cols, false, 0, 8);
            case 2 -> npy("<f8", "99999999999999999999,", false, 0, 8);
            case 3 -> npy("<f8", rows + ", " + cols + ", 1", false, rows * cols, 8);
            case 4 -> {
                byte[] b = npy("<f8", rows + ", " + cols, false, rows * cols, 8);
                yield java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            }
            case 5 -> npy(descrs[rnd.nextInt(descrs.length)], rows + ", " + cols, false, rows * cols, 8);
            case 6 -> npy("<f8", rows + ", " + cols, true, rows * cols, 8);
            case 7 -> npy("<f4", rows + ", " + cols, false, rows * cols, 4);
            case 8 -> npy("<f8", "", false, 1, 8);
            case 9 -> {
                byte[] b = npy("<f8", rows + ", " + cols, false, rows * cols, 8);
                b[6] = (byte) (rnd.nextInt(5) + 1); // version
                b[8] = (byte) rnd.nextInt(256); // header length
                b[9] = (byte) rnd.nextInt(256);
                yield b;
            }
            case 10 -> npy("<f8", rows + ", " + cols + hostile(), false, rows * cols, 8);
            default -> npy("<f8", rows + ", " + cols, false, rows * cols, 8);
        };
    }

    private byte[] npz() throws IOException {
        int rows = 1 + rnd.nextInt(6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int m = rnd.nextInt(12);
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            if (rnd.nextBoolean()) {
                z.setLevel(0);
            }
            if (m == 0) {
                z.putNextEntry(new ZipEntry("archive/data.pkl"));
                z.write(new byte[] {(byte) 0x80, 2, '.'});
            } else if (m == 1) {
                z.putNextEntry(new ZipEntry("readme.txt"));
                z.write("hello".getBytes(StandardCharsets.US_ASCII));
            } else if (m == 2) {
                // state_dict arrays, possibly with wrong shapes or hostile names
                String pre = rnd.nextBoolean() ? "" : "fc" + hostile().replaceAll("[\\ud800-\\udfff]", "?");
                put(z, pre + "0.weight", npy("<f8", rows + ", 4, 1", false, rows * 4, 8));
                put(z, pre + "0.bias", npy("<f8", rows + ", " + (rnd.nextBoolean() ? 4 : 3), false, rows * 4, 8));
                put(z, pre + "2.weight", npy("<f8", rows + ", 1, 4", false, rows * 4, 8));
                put(z, pre + "2.bias", npy("<f8", rows + ", 1", false, rows, 8));
                put(z, "step", npy(rnd.nextBoolean() ? "<i8" : "<i4", Integer.toString(rows), false, rows,
                        rnd.nextBoolean() ? 8 : 4));
            } else {
                put(z, "theta", rnd.nextInt(3) == 0 ? someNpy(rows, P) : npy("<f8", rows + ", " + P, false,
                        rows * P, 8));
                if (rnd.nextBoolean()) {
                    put(z, "loss", npy("<f8", Integer.toString(rnd.nextInt(4) == 0 ? rows + 1 : rows), false,
                            rnd.nextInt(4) == 0 ? rows + 1 : rows, 8));
                }
                if (rnd.nextBoolean()) {
                    put(z, rnd.nextBoolean() ? "step" : "t", npy(rnd.nextBoolean() ? "<i8" : "<f8",
                            Integer.toString(rows), false, rows, 8));
                }
            }
            z.closeEntry();
        }
        byte[] b = out.toByteArray();
        if (m >= 10) {
            return java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
        }
        return b;
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name + ".npy"));
        z.write(data);
        z.closeEntry();
    }

    // ---------------------------------------------------------------- the run
    /** A zip bomb: one member of zeros that inflates past the member limit (270 MiB from ~270 KiB). */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("theta.npy"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 270; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private record Case(String kind, String fileName, byte[] bytes, List<String> options) {
    }

    private Case next(int i) throws IOException {
        List<String> opts = new ArrayList<>();
        if (rnd.nextBoolean()) {
            opts.add("--lr");
            opts.add(rnd.nextInt(10) == 0 ? badNumber() : "0.1");
        }
        if (rnd.nextInt(6) == 0) {
            opts.add("--float32");
        }
        if (rnd.nextInt(8) == 0) {
            opts.add(rnd.nextBoolean() ? "--loss-rtol" : "--grad-rtol");
            opts.add(rnd.nextInt(3) == 0 ? badNumber() : "1e-9");
        }
        if (rnd.nextInt(10) == 0) {
            opts.add("--json");
        }
        if (i == 7) {
            return new Case("npz", "bomb.npz", zipBomb(), opts);
        }
        String hostileName = rnd.nextInt(15) == 0 ? "n" + hostile().replace("\u0000", "0").replace("/", "") : "";
        int kind = rnd.nextInt(100);
        if (kind < 40) {
            return new Case("csv", "t" + i + hostileName + ".csv", csv(), opts);
        } else if (kind < 55) {
            return new Case("jsonl", "t" + i + hostileName + ".jsonl", json(true), opts);
        } else if (kind < 65) {
            return new Case("json", "t" + i + hostileName + ".json", json(false), opts);
        } else if (kind < 75) {
            return new Case("npy", "t" + i + ".npy", someNpy(1 + rnd.nextInt(5), rnd.nextInt(5) == 0 ? 12 : P), opts);
        } else if (kind < 97) {
            return new Case("npz", "t" + i + ".npz", npz(), opts);
        } else {
            byte[] pickle = {(byte) 0x80, (byte) (2 + rnd.nextInt(4)), '}', '.'};
            return new Case("pickle", "t" + i + (rnd.nextBoolean() ? ".pt" : ".npz"), pickle, opts);
        }
    }

    private static boolean unsafeChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a valid pair: a supplementary character
                continue;
            }
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                    || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void thousandsOfHostileTrajectoriesEndCleanly(@TempDir Path dir) throws Exception {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Long> millis = new TreeMap<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        picocli.CommandLine cl = org.flowcert.cli.Main.commandLine();
        long[] cpuNanos = new long[1];
        long slowest = 0;
        String slowestCase = "";
        try {
            for (int i = 0; i < Integer.getInteger("audit.fuzz.cases", CASES); i++) {
                Case c = next(i);
                Path f;
                try {
                    f = dir.resolve(c.fileName());
                } catch (java.nio.file.InvalidPathException e) {
                    // the JVM's file-name encoding cannot hold this character: keep the ASCII controls only
                    f = dir.resolve(c.fileName().replaceAll("[^\\x00-\\x7f]", "_"));
                }
                Files.write(f, c.bytes());
                Path report = dir.resolve("r" + i + ".html");
                List<String> args = new ArrayList<>(List.of("audit", PROBLEM, f.toString(), "--report",
                        report.toString()));
                args.addAll(c.options());
                long t0 = System.nanoTime();
                Future<AuditDefaultsTest.Run> fut = pool.submit(() -> {
                    long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    AuditDefaultsTest.Run run = AuditDefaultsTest.cli(cl, args.toArray(String[]::new));
                    cpuNanos[0] += java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
                    return run;
                });
                AuditDefaultsTest.Run r;
                try {
                    r = fut.get(HANG_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fut.cancel(true);
                    fail("case %d (%s, options %s) did not end within %d s", i, c.kind(), c.options(), HANG_SECONDS);
                    return;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (ms > slowest) {
                    slowest = ms;
                    slowestCase = c.kind() + " #" + i;
                }
                String what = String.format(Locale.ROOT, "case %d (%s, options %s): exit %d, stderr %s", i, c.kind(),
                        c.options(), r.code(), r.err().length() > 400 ? r.err().substring(0, 400) : r.err());
                assertThat(r.code()).as(what).isIn(0, 1, 2);
                assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                        .doesNotContain("internal error");
                assertThat(unsafeChar(r.err())).as(what + ": raw control or bidi character on stderr").isFalse();
                assertThat(unsafeChar(r.out())).as(what + ": raw control or bidi character on stdout").isFalse();
                if (r.code() == 2) {
                    assertThat(report).as(what + ": report written on error").doesNotExist();
                } else {
                    assertThat(report).as(what + ": no report").exists();
                    String html = Files.readString(report);
                    assertThat(unsafeChar(html)).as(what + ": raw control character in the report").isFalse();
                    assertThat(html).as(what).doesNotContain("<script>").doesNotContain("Result[")
                            .doesNotContain("Flag[").doesNotContain("Network[");
                    Files.delete(report);
                }
                counts.computeIfAbsent(c.kind(), k -> new int[3])[r.code()]++;
                millis.merge(c.kind(), ms, Long::sum);
                Files.delete(f);
            }
        } finally {
            pool.shutdownNow();
        }
        int[] total = new int[3];
        StringBuilder sb = new StringBuilder("audit fuzz, " + CASES + " cases (exit 0 / 1 / 2):");
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] v = e.getValue();
            sb.append(String.format(Locale.ROOT, "%n  %-7s %5d %5d %5d  (%d ms)", e.getKey(), v[0], v[1], v[2],
                    millis.get(e.getKey())));
            for (int k = 0; k < 3; k++) {
                total[k] += v[k];
            }
        }
        sb.append(String.format(Locale.ROOT, "%n  %-7s %5d %5d %5d; slowest case %d ms (%s); CPU time of the runs %d ms",
                "total", total[0], total[1], total[2], slowest, slowestCase, cpuNanos[0] / 1_000_000));
        System.err.println(sb);
        // every outcome occurs: the generator reaches valid, flagged and refused files
        assertThat(total[0]).isPositive();
        assertThat(total[1]).isPositive();
        assertThat(total[2]).isPositive();
        assertThat(total[0] + total[1] + total[2]).isEqualTo(Integer.getInteger("audit.fuzz.cases", CASES));
    }
}
