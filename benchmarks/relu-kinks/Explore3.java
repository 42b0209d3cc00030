// Exploration, not part of any proof (benchmarks/critical.md, "ReLU H = 3"): how far the q, w, x (and H = 2/case-x
// j) leaves of ReluKinkLeaves cover a kink case of proofs-notes/critical-relu-kinks.md §8 for the jump 1{x > 1/2} on
// [0, 1], by bisection of the widest dimension (at 1/2 first) down to a depth limit; prints the leaves used and the
// cells left, with the profile R at their centre. Build the checker module first, then from this folder:
//   CP=../../src/flowcert-check/target/classes:$(find ~/.m2/repository/org/apache/commons/commons-numbers-fraction \
//      ~/.m2/repository/org/apache/commons/commons-numbers-core -name '*.jar' | tr '\n' ':')
//   javac -d /tmp/explore3 -cp $CP Explore3.java && java -cp $CP:/tmp/explore3 Explore3 263/10000 5 12
// Arguments: bound c, case number (4 = x, 5 = +++, 6 = ++-, 7 = +--, 8 = ---), depth limit.
import java.util.*;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ReluKinkLeaves;

public class Explore3 {
    static ReluKinkLeaves l;
    static int kase, maxDepth;
    static long leaves, fails, below, singular;
    static List<String> failCells = new ArrayList<>();
    static Map<Character, Integer> counts = new TreeMap<>();

    public static void main(String[] a) {
        BigFraction c = BigFraction.parse(a[0]);
        kase = Integer.parseInt(a[1]);
        maxDepth = Integer.parseInt(a[2]);
        l = new ReluKinkLeaves(List.of(new BigFraction[] {BigFraction.ZERO, BigFraction.of(1, 2)},
                new BigFraction[] {BigFraction.of(1, 2), BigFraction.ONE}),
                List.of(new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE}), c);
        int k = ReluKinkLeaves.dims(kase);
        BigFraction[] lo = new BigFraction[k], hi = new BigFraction[k];
        Arrays.fill(lo, BigFraction.ZERO);
        Arrays.fill(hi, BigFraction.ONE);
        long t0 = System.nanoTime();
        walk(lo, hi, 0);
        System.out.printf("case %s c=%s depth<=%d: %d leaves %s, %d cells fail at max depth (%d with R(centre) < c, %d with singular M at the centre), %.1f s%n",
                ReluKinkLeaves.caseName(kase), a[0], maxDepth, leaves, counts, fails, below, singular, (System.nanoTime() - t0) / 1e9);
        failCells.stream().limit(12).forEach(System.out::println);
    }

    static void walk(BigFraction[] lo, BigFraction[] hi, int depth) {
        for (char ch : new char[] {'x', 'w', 'j', 'q'}) {
            if (l.holds(kase, ch, 64, lo, hi)) {
                leaves++;
                counts.merge(ch, 1, Integer::sum);
                return;
            }
        }
        if (depth >= maxDepth) {
            fails++;
            BigFraction[] mid = new BigFraction[lo.length];
            for (int i = 0; i < lo.length; i++) mid[i] = lo[i].add(hi[i]).divide(2);
            BigFraction r = l.profileAt(kase, mid);
            if (r == null) singular++; else if (r.subtract(l.bound()).signum() < 0) below++;
            StringBuilder sb = new StringBuilder(r == null ? "singular " : String.format("R=%.5f ", r.doubleValue()));
            for (int i = 0; i < lo.length; i++) sb.append(String.format("[%.4f,%.4f] ", lo[i].doubleValue(), hi[i].doubleValue()));
            failCells.add(sb.toString());
            return;
        }
        // split the widest dimension at a breakpoint 1/2 first, else halve
        int d = 0;
        for (int i = 1; i < lo.length; i++) if (hi[i].subtract(lo[i]).compareTo(hi[d].subtract(lo[d])) > 0) d = i;
        BigFraction cut = l.breakIn(lo[d], hi[d]);
        if (cut == null) cut = lo[d].add(hi[d]).divide(2);
        BigFraction[] h1 = hi.clone(), l2 = lo.clone();
        h1[d] = cut; l2[d] = cut;
        walk(lo, h1, depth + 1);
        walk(l2, hi, depth + 1);
    }
}
