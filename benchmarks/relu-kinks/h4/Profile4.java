// Profiling, not part of any proof (benchmarks/relu-kinks/h4/README.md): runs one tree of the 1-4-1 relu rule
// (proofs-notes/critical-relu-kinks.md §11) with the prover's leaf order (x, w, j1, j8, j64, B, C, q), bisecting
// like prove.critical.ReluKinkProver (target breakpoints first, then the widest range), single-threaded, down to a
// depth limit or a time limit. Prints per leaf letter: tries, successes, total time; cells per depth; open cells.
//   CP=src/flowcert-check/target/classes:$(find ~/.m2/repository/org/apache/commons/commons-numbers-fraction \
//      ~/.m2/repository/org/apache/commons/commons-numbers-core -name '*.jar' | tr '\n' ':')
//   javac -d /tmp/p4 -cp $CP Profile4.java && java -cp $CP:/tmp/p4 Profile4 1/100 11 40 9 600 [order]
// Arguments: bound c, case number (9 = x3, 10 = ++++, 11 = +++-, 12 = ++--, 13 = +---, 14 = ----; 5..8 three-kink
// trees), depth limit, A (B² of the box; the three-kink trees of a 1-4-1 step use 2B²), time limit in s, optional
// leaf order (default "xwjBCq"; j means j1, j8, j64, z means z1, z8, z64: leaf z of note §12). -Dshow=N prints N open cells, -Djump=1/3 moves the jump,
// -Dalpha=1/10 makes the units leaky (note §13; leaf z is then refused by the checker).
import java.util.*;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ReluKinkLeaves;

public class Profile4 {
    static ReluKinkLeaves l;
    static int kase, maxDepth;
    static long deadline, open, below;
    static String order;
    static boolean timedOut;
    static Map<String, long[]> stats = new TreeMap<>(); // letter -> {tries, successes, nanos}
    static long[] perDepth = new long[80];
    static long[] leavesPerDepth = new long[80];
    static List<String> cells = new ArrayList<>();

    public static void main(String[] a) {
        BigFraction c = BigFraction.parse(a[0]);
        kase = Integer.parseInt(a[1]);
        maxDepth = Integer.parseInt(a[2]);
        BigFraction amp = BigFraction.parse(a[3]);
        deadline = System.nanoTime() + (long) (Double.parseDouble(a[4]) * 1e9);
        order = a.length > 5 ? a[5] : "xwjBCq";
        BigFraction k = BigFraction.parse(System.getProperty("jump", "1/2"));
        l = new ReluKinkLeaves(List.of(new BigFraction[] {BigFraction.ZERO, k}, new BigFraction[] {k, BigFraction.ONE}),
                List.of(new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE}), c,
                BigFraction.parse(System.getProperty("alpha", "0")), amp, 4);
        int n = ReluKinkLeaves.dims(kase);
        BigFraction[] lo = new BigFraction[n], hi = new BigFraction[n];
        Arrays.fill(lo, BigFraction.ZERO);
        Arrays.fill(hi, BigFraction.ONE);
        long t0 = System.nanoTime();
        walk(lo, hi, 0);
        System.out.printf("case %s c=%s A=%s depth<=%d%s: %d open (%d with R<c), %.1f s%n", ReluKinkLeaves.caseName(kase),
                a[0], amp, maxDepth, timedOut ? " TIMED OUT" : "", open, below, (System.nanoTime() - t0) / 1e9);
        stats.forEach((key, v) -> System.out.printf("  leaf %-4s tries %7d closes %7d  %8.1f s  (%.2f ms/try)%n", key,
                v[0], v[1], v[2] / 1e9, v[2] / 1e6 / Math.max(1, v[0])));
        StringBuilder sb = new StringBuilder("  cells per depth (leaves):");
        for (int d = 0; d < perDepth.length; d++) {
            if (perDepth[d] > 0) {
                sb.append(" ").append(d).append(":").append(perDepth[d]).append("(").append(leavesPerDepth[d]).append(")");
            }
        }
        System.out.println(sb);
        cells.stream().limit(Long.getLong("show", 20)).forEach(System.out::println);
    }

    static boolean test(char ch, int nn, BigFraction[] lo, BigFraction[] hi) {
        String key = nn > 0 ? ch + "" + nn : "" + ch;
        long t = System.nanoTime();
        boolean ok = l.holds(kase, ch, nn, lo, hi);
        long[] s = stats.computeIfAbsent(key, z -> new long[3]);
        s[0]++;
        s[1] += ok ? 1 : 0;
        s[2] += System.nanoTime() - t;
        return ok;
    }

    static boolean leaf(BigFraction[] lo, BigFraction[] hi) {
        for (char ch : order.toCharArray()) {
            if (ch == 'j' || ch == 'z') {
                for (int nn : new int[] {1, 8, 64}) {
                    if (test(ch, nn, lo, hi)) {
                        return true;
                    }
                }
            } else if (test(ch, 0, lo, hi)) {
                return true;
            }
        }
        return false;
    }

    static void walk(BigFraction[] lo, BigFraction[] hi, int depth) {
        perDepth[depth]++;
        for (int d = 0; d < lo.length; d++) {
            BigFraction cut = l.breakIn(lo[d], hi[d]);
            if (cut != null) {
                split(lo, hi, d, cut, depth);
                return;
            }
        }
        if (System.nanoTime() > deadline) {
            timedOut = true;
            open++;
            return;
        }
        if (leaf(lo, hi)) {
            leavesPerDepth[depth]++;
            return;
        }
        if (depth >= maxDepth) {
            open++;
            BigFraction[] mid = new BigFraction[lo.length];
            for (int i = 0; i < lo.length; i++) {
                mid[i] = lo[i].add(hi[i]).divide(2);
            }
            BigFraction r = l.profileAt(kase, mid);
            if (r != null && r.subtract(l.bound()).signum() < 0) {
                below++;
            }
            StringBuilder sb = new StringBuilder(r == null ? "  singular " : String.format("  R=%.5f ", r.doubleValue()));
            for (int i = 0; i < lo.length; i++) {
                sb.append(String.format("[%.5f,%.5f] ", lo[i].doubleValue(), hi[i].doubleValue()));
            }
            cells.add(sb.toString());
            return;
        }
        int d = 0;
        for (int i = 1; i < lo.length; i++) {
            if (hi[i].subtract(lo[i]).subtract(hi[d].subtract(lo[d])).signum() > 0) {
                d = i;
            }
        }
        split(lo, hi, d, lo[d].add(hi[d]).divide(2), depth);
    }

    static void split(BigFraction[] lo, BigFraction[] hi, int d, BigFraction cut, int depth) {
        BigFraction[] h1 = hi.clone(), l2 = lo.clone();
        h1[d] = cut;
        l2[d] = cut;
        walk(lo, h1, depth + 1);
        walk(l2, hi, depth + 1);
    }
}
