// Exploration, not part of any proof (proofs-notes/critical-relu-triple.md §1): where a cover of a three-kink case of
// proofs-notes/critical-relu-kinks.md §8 for the jump 1{x > 1/2} on [0, 1] stays open WITHOUT leaf B (everywhere):
// bisection as Explore3 (breakpoint 1/2 first, then the widest dimension) with the leaves x, w, j (64 t-ranges), q;
// every cell still open at the depth limit is classified by where it lies:
//   T  all three kink ranges touch 1/2 (the triple point),
//   E  a kink range touches an end of [0, 1] where its unit is (nearly) dead (+ near 1, - near 0),
//   P  two opposite kink ranges overlap (near tie) away from 1/2, other: anything else.
// Build the checker module, then from this folder:
//   CP=../../../src/flowcert-check/target/classes:$(find ~/.m2/repository/org/apache/commons/commons-numbers-fraction \
//      ~/.m2/repository/org/apache/commons/commons-numbers-core -name '*.jar' | tr '\n' ':')
//   javac -d /tmp/triple -cp $CP OpenCells.java && java -cp $CP:/tmp/triple OpenCells 263/10000 6 14
// Arguments: bound c, case number (4 = x, 5 = +++, 6 = ++-, 7 = +--, 8 = ---), depth limit, cells to list per
//   class (8), "z" to add leaf z (ReluKinkTriple) or "-" without, target jump12 (default), jump13 or bump.
import java.util.*;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ReluKinkLeaves;
import org.flowcert.check.ReluKinkTriple;

public class OpenCells {
    static ReluKinkLeaves l;
    static int kase, maxDepth;
    static long leaves;
    static Map<String, Integer> classes = new TreeMap<>();
    static Map<Character, Integer> counts = new TreeMap<>();
    static Map<String, List<String>> examples = new TreeMap<>();
    static final BigFraction HALF = BigFraction.of(1, 2);
    static int[] signs;
    static boolean withZ;
    static List<BigFraction[]> FROM = List.of(new BigFraction[] {BigFraction.ZERO, HALF},
            new BigFraction[] {HALF, BigFraction.ONE});
    static List<BigFraction[]> POLY = List.of(new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE});
    static List<BigFraction> BREAKS = List.of(HALF);

    public static void main(String[] a) {
        BigFraction c = BigFraction.parse(a[0]);
        kase = Integer.parseInt(a[1]);
        maxDepth = Integer.parseInt(a[2]);
        signs = new int[][] {{1}, {1, -1}, {1, 1}, {-1, -1}, {1, 1}, {1, 1, 1}, {1, 1, -1}, {1, -1, -1}, {-1, -1, -1}}[kase];
        withZ = a.length > 4 && a[4].equals("z");
        String target = a.length > 5 ? a[5] : "jump12";
        BigFraction z = BigFraction.ZERO, one = BigFraction.ONE, third = BigFraction.of(1, 3);
        if (target.equals("jump13")) {
            FROM = List.of(new BigFraction[] {z, third}, new BigFraction[] {third, one});
            BREAKS = List.of(third);
        } else if (target.equals("bump")) {
            BigFraction q1 = BigFraction.of(1, 4), q3 = BigFraction.of(3, 4);
            FROM = List.of(new BigFraction[] {z, q1}, new BigFraction[] {q1, q3}, new BigFraction[] {q3, one});
            POLY = List.of(new BigFraction[] {z}, new BigFraction[] {one}, new BigFraction[] {z});
            BREAKS = List.of(q1, q3);
        }
        l = new ReluKinkLeaves(FROM, POLY, c);
        int k = ReluKinkLeaves.dims(kase);
        BigFraction[] lo = new BigFraction[k], hi = new BigFraction[k];
        Arrays.fill(lo, BigFraction.ZERO);
        Arrays.fill(hi, BigFraction.ONE);
        long t0 = System.nanoTime();
        walk(lo, hi, 0);
        System.out.printf("case %s c=%s depth<=%d: %d leaves %s; open cells by class %s; %.1f s%n",
                ReluKinkLeaves.caseName(kase), a[0], maxDepth, leaves, counts, classes, (System.nanoTime() - t0) / 1e9);
        examples.forEach((cl, ex) -> ex.stream().limit(a.length > 3 ? Integer.parseInt(a[3]) : 8).forEach(s -> System.out.println(cl + " " + s)));
    }

    static boolean touches(BigFraction lo, BigFraction hi, BigFraction x) {
        return lo.subtract(x).signum() <= 0 && hi.subtract(x).signum() >= 0;
    }

    static String classify(BigFraction[] lo, BigFraction[] hi) {
        for (BigFraction k : BREAKS) {
            boolean all = true;
            for (int i = 0; i < lo.length; i++) all &= touches(lo[i], hi[i], k);
            if (all) return "T";
        }
        for (int i = 0; i < lo.length; i++) {
            if (signs[i] > 0 && hi[i].equals(BigFraction.ONE) || signs[i] < 0 && lo[i].signum() == 0) return "E";
        }
        for (int i = 0; i < lo.length; i++)
            for (int j = 0; j < lo.length; j++)
                if (signs[i] != signs[j] && lo[i].subtract(hi[j]).signum() <= 0 && lo[j].subtract(hi[i]).signum() <= 0)
                    return "P";
        return "other";
    }

    static void walk(BigFraction[] lo, BigFraction[] hi, int depth) {
        for (char ch : new char[] {'x', 'w', 'j', 'z', 'q'}) {
            if (ch == 'z' ? withZ && kase > 4 && ReluKinkTriple.excludes(signs, FROM, POLY, lo, hi, 64)
                    : l.holds(kase, ch, 64, lo, hi)) {
                leaves++;
                counts.merge(ch, 1, Integer::sum);
                return;
            }
        }
        if (depth >= maxDepth) {
            String cl = classify(lo, hi);
            classes.merge(cl, 1, Integer::sum);
            BigFraction[] mid = new BigFraction[lo.length];
            for (int i = 0; i < lo.length; i++) mid[i] = lo[i].add(hi[i]).divide(2);
            BigFraction r = l.profileAt(kase, mid);
            StringBuilder sb = new StringBuilder(r == null ? "singular " : String.format("R=%.5f ", r.doubleValue()));
            for (int i = 0; i < lo.length; i++) sb.append(String.format("[%.6f,%.6f] ", lo[i].doubleValue(), hi[i].doubleValue()));
            examples.computeIfAbsent(cl, z -> new ArrayList<>()).add(sb.toString());
            return;
        }
        int d = 0;
        for (int i = 1; i < lo.length; i++) if (hi[i].subtract(lo[i]).compareTo(hi[d].subtract(lo[d])) > 0) d = i;
        BigFraction cut = null;
        for (int i = 0; i < lo.length && cut == null; i++) {
            cut = l.breakIn(lo[i], hi[i]);
            if (cut != null) d = i;
        }
        if (cut == null) cut = lo[d].add(hi[d]).divide(2);
        BigFraction[] h1 = hi.clone(), l2 = lo.clone();
        h1[d] = cut; l2[d] = cut;
        walk(lo, h1, depth + 1);
        walk(l2, hi, depth + 1);
    }
}
