package org.flowcert.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Measurement only (benchmarks/critical-smooth-speed.md): replays the critical-profiled tree of a certificate,
 * collects the leaf cells, and times the checker's leaf tests {@code ProfiledCoverLeaves.test(LETTER, cell)} on
 * up to N cells per recorded letter. Prints ms per test and a digest of every outcome (leaf and split scores), so
 * that two jars can be compared for identical results on the same cells.
 *
 * <p>java -cp CLASSES:target/flowcert.jar org.flowcert.check.LeafTimes CERT N LETTERS [FROM]
 * (LETTERS: the tests to time, e.g. "dt"; FROM: which recorded leaves' cells to use, e.g. "td"; default all).
 */
public final class LeafTimes {
    private static final int REPS = Integer.getInteger("reps", 3);
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] a) throws Exception {
        String text = Files.readString(Path.of(a[0]));
        int n = Integer.parseInt(a[1]);
        String letters = a[2];
        String from = a.length > 3 ? a[3] : "argkdt";
        String problem = text.substring(text.indexOf("begin problem\n") + 14, text.indexOf("end problem"));
        String step = null;
        for (String line : text.split("\n")) {
            if (line.contains("\"rule\":\"critical-profiled\"")) {
                step = line;
            }
        }
        int bits = Integer.parseInt(group(step, "\"bits\":(\\d+)"));
        BigFraction c = BigFraction.parse(group(step, "\"bound\":\"([^\"]+)\""));
        String tree = group(step, "\"tree\":\"([^\"]+)\"");
        List<BigFraction> boxq = numbers(group(step, "\"box\":\\[(.*?)\\]\\]"));
        String d = step.contains("\"direction\"") ? group(step, "\"direction\":\\[([^\\]]*)\\]") : null;
        BigFraction[] dir = d == null ? null : numbers(d).toArray(new BigFraction[0]);
        int p = boxq.size() / 2;
        BigFraction[] lo = new BigFraction[p];
        BigFraction[] hi = new BigFraction[p];
        for (int k = 0; k < p; k++) {
            lo[k] = boxq.get(2 * k);
            hi[k] = boxq.get(2 * k + 1);
        }
        List<Object[]> cells = new ArrayList<>();
        walk(tree, new int[] {0}, lo, hi, cells);
        ProfiledCoverLeaves tests = ProfiledCoverLeaves.of(problem, c, bits, dir);
        System.out.printf("%s: %d leaves, bits %d%n", Path.of(a[0]).getFileName(), cells.size(), bits);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (char want : from.toCharArray()) {
            List<Object[]> mine = new ArrayList<>();
            for (Object[] cell : cells) {
                if ((char) cell[0] == want && mine.size() < n) {
                    mine.add(cell);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            for (char test : letters.toCharArray()) {
                for (Object[] cell : mine) { // warm-up (JIT), not timed
                    tests.test(String.valueOf(test), (BigFraction[]) cell[1], (BigFraction[]) cell[2]);
                }
                int holds = 0;
                double ms = Double.MAX_VALUE;
                double cpu = Double.MAX_VALUE;
                for (int rep = 0; rep < REPS; rep++) { // the fastest of REPS timed passes
                    holds = 0;
                    long t0 = System.nanoTime();
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    for (Object[] cell : mine) {
                        Work.begin(Limits.DEFAULT); // a check of its own per test: nothing remembered from before
                        ProfiledCoverLeaves.Outcome o = tests.test(String.valueOf(test), (BigFraction[]) cell[1],
                                (BigFraction[]) cell[2]);
                        Work.end();
                        holds += String.valueOf(test).equals(o.leaf()) ? 1 : 0;
                        if (rep == 0) {
                            md.update((o.leaf() + Arrays.toString(o.score())).getBytes());
                        }
                    }
                    ms = Double.min(ms, (System.nanoTime() - t0) / 1e6 / mine.size());
                    cpu = Double.min(cpu, (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / mine.size());
                }
                System.out.printf("  cells of leaf %c: test %c on %d cells, holds %d, %.1f ms per test (CPU %.1f ms)%n",
                        want, test, mine.size(), holds, ms, cpu);
            }
        }
        System.out.printf("  outcome digest %s%n", String.format("%064x", new java.math.BigInteger(1, md.digest()))
                .substring(0, 16));
    }

    private static void walk(String t, int[] pos, BigFraction[] lo, BigFraction[] hi, List<Object[]> out) {
        char ch = t.charAt(pos[0]++);
        if (ch == 's') {
            int k = 0;
            while (pos[0] < t.length() && Character.isDigit(t.charAt(pos[0]))) {
                k = 10 * k + t.charAt(pos[0]++) - '0';
            }
            BigFraction m = lo[k].add(hi[k]).divide(2);
            BigFraction[] h1 = hi.clone();
            h1[k] = m;
            BigFraction[] l2 = lo.clone();
            l2[k] = m;
            walk(t, pos, lo, h1, out);
            walk(t, pos, l2, hi, out);
            return;
        }
        out.add(new Object[] {ch, lo, hi});
    }

    private static String group(String s, String re) {
        Matcher m = Pattern.compile(re).matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + re);
        }
        return m.group(1);
    }

    private static List<BigFraction> numbers(String s) {
        List<BigFraction> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(s);
        while (m.find()) {
            out.add(BigFraction.parse(m.group(1)));
        }
        return out;
    }
}
