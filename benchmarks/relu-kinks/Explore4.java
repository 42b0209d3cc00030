// Exploration, not part of any proof (benchmarks/critical.md, "ReLU H = 3"): Explore3 with the leaves of
// proofs-notes/critical-relu-kinks.md §9 (j3 over every strict order with the division-free relations, and leaf B
// for a claim on a box whose coefficient bound is A = B²). Tries x, w, j 64, B, q on each cell, bisecting the
// widest range (at 1/2 first) down to a depth limit; prints the leaf counts and the open cells.
//   CP=../../src/flowcert-check/target/classes:$(find ~/.m2/repository/org/apache/commons/commons-numbers-fraction \
//      ~/.m2/repository/org/apache/commons/commons-numbers-core -name '*.jar' | tr '\n' ':')
//   javac -d /tmp/explore4 -cp $CP Explore4.java && java -cp $CP:/tmp/explore4 Explore4 263/10000 6 30 9
// Arguments: bound c, case number (4 = x, 5 = +++, 6 = ++-, 7 = +--, 8 = ---), depth limit, optional A (no A: no
// leaf B, as for a claim about all of R^10). -Dshow=N prints N open cells.
import java.util.*;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ReluKinkLeaves;
// like Explore3, with leaf b (amplitude A) and leaves x, w, j, b, q; prints leaf counts and open cells
public class Explore4 {
    static ReluKinkLeaves l; static int kase, maxDepth; static long fails, below; static List<String> cells = new ArrayList<>();
    static Map<Character, Integer> counts = new TreeMap<>();
    public static void main(String[] a) {
        BigFraction c = BigFraction.parse(a[0]); kase = Integer.parseInt(a[1]); maxDepth = Integer.parseInt(a[2]);
        BigFraction amp = a.length > 3 ? BigFraction.parse(a[3]) : null;
        l = new ReluKinkLeaves(List.of(new BigFraction[] {BigFraction.ZERO, BigFraction.of(1, 2)}, new BigFraction[] {BigFraction.of(1, 2), BigFraction.ONE}),
                List.of(new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE}), c, BigFraction.ZERO, amp);
        int k = ReluKinkLeaves.dims(kase);
        BigFraction[] lo = new BigFraction[k], hi = new BigFraction[k];
        Arrays.fill(lo, BigFraction.ZERO); Arrays.fill(hi, BigFraction.ONE);
        long t0 = System.nanoTime();
        walk(lo, hi, 0);
        System.out.printf("case %s c=%s A=%s depth<=%d: leaves %s, %d open (%d R<c), %.1f s%n", ReluKinkLeaves.caseName(kase), a[0], amp, maxDepth, counts, fails, below, (System.nanoTime() - t0) / 1e9);
        cells.stream().limit(Long.getLong("show", 20)).forEach(System.out::println);
    }
    static void walk(BigFraction[] lo, BigFraction[] hi, int depth) {
        for (char ch : new char[] {'x', 'w', 'j', 'B', 'q'}) {
            if (l.holds(kase, ch, 64, lo, hi)) { counts.merge(ch, 1, Integer::sum); return; }
        }
        if (depth >= maxDepth) {
            fails++;
            BigFraction[] mid = new BigFraction[lo.length];
            for (int i = 0; i < lo.length; i++) mid[i] = lo[i].add(hi[i]).divide(2);
            BigFraction r = l.profileAt(kase, mid);
            if (r != null && r.subtract(l.bound()).signum() < 0) below++;
            StringBuilder sb = new StringBuilder(r == null ? "singular " : String.format("R=%.5f ", r.doubleValue()));
            for (int i = 0; i < lo.length; i++) sb.append(String.format("[%.4f,%.4f] ", lo[i].doubleValue(), hi[i].doubleValue()));
            cells.add(sb.toString()); return;
        }
        int d = 0;
        for (int i = 1; i < lo.length; i++) if (hi[i].subtract(lo[i]).compareTo(hi[d].subtract(lo[d])) > 0) d = i;
        BigFraction cut = l.breakIn(lo[d], hi[d]);
        if (cut == null) cut = lo[d].add(hi[d]).divide(2);
        BigFraction[] h1 = hi.clone(), l2 = lo.clone(); h1[d] = cut; l2[d] = cut;
        walk(lo, h1, depth + 1); walk(l2, hi, depth + 1);
    }
}
