// Cross-check of leaf z (proofs-notes/critical-relu-triple.md), not part of any proof: reads the critical points that
// critical_points.py found numerically (lines "INSTANCE CASE R p0 p1 p2") and asks ReluKinkTriple to close cells of
// half-width w around each (w = 1e-3, 1e-5, 1e-7, kinks rounded to 1e-12). Leaf z must close none of them; prints
// the count and any cell it closed. A closed cell around a point whose kinks nearly meet is not a contradiction by
// itself: profile_search accepts |grad R| < 1e-11, which points within ~1e-5 of a degenerate configuration (two
// same-orientation units with opposite output weights, (R1)/(R2) of critical-relu-kinks.md §8.1) pass without being
// critical; exact_gradient.py computes grad R there in exact rationals. Build as OpenCells, then:
//   python3 critical_points.py 200 7 jump12 jump13 bump > /tmp/triple/points.txt
//   java -cp $CP:/tmp/triple CrossCheck < /tmp/triple/points.txt
import java.io.*;
import java.math.BigDecimal;
import java.util.*;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ReluKinkTriple;

public class CrossCheck {
    static BigFraction dec(String s) {
        BigDecimal d = new BigDecimal(s);
        return BigFraction.of(d.unscaledValue(), java.math.BigInteger.TEN.pow(Math.max(d.scale(), 0)));
    }

    public static void main(String[] args) throws IOException {
        BigFraction z = BigFraction.ZERO, one = BigFraction.ONE;
        Map<String, List<BigFraction[]>> from = Map.of(
                "jump12", List.of(new BigFraction[] {z, BigFraction.of(1, 2)}, new BigFraction[] {BigFraction.of(1, 2), one}),
                "jump13", List.of(new BigFraction[] {z, BigFraction.of(1, 3)}, new BigFraction[] {BigFraction.of(1, 3), one}),
                "bump", List.of(new BigFraction[] {z, BigFraction.of(1, 4)}, new BigFraction[] {BigFraction.of(1, 4),
                    BigFraction.of(3, 4)}, new BigFraction[] {BigFraction.of(3, 4), one}));
        List<BigFraction[]> step = List.of(new BigFraction[] {z}, new BigFraction[] {one});
        List<BigFraction[]> bump = List.of(new BigFraction[] {z}, new BigFraction[] {one}, new BigFraction[] {z});
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int points = 0, cells = 0, wrong = 0;
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 6 || !from.containsKey(f[0])) {
                continue;
            }
            points++;
            int[] signs = ReluKinkTriple.signsOf(f[1]);
            for (String w : new String[] {"0.001", "0.00001", "0.0000001"}) {
                BigFraction[] lo = new BigFraction[3], hi = new BigFraction[3];
                for (int i = 0; i < 3; i++) {
                    BigFraction p = dec(f[3 + i]);
                    lo[i] = p.subtract(dec(w));
                    hi[i] = p.add(dec(w));
                }
                cells++;
                if (ReluKinkTriple.excludes(signs, from.get(f[0]), f[0].equals("bump") ? bump : step, lo, hi, 64)) {
                    wrong++;
                    double gap = Double.MAX_VALUE;
                    for (int i = 0; i < 3; i++) {
                        for (int j = i + 1; j < 3; j++) {
                            gap = Math.min(gap, Math.abs(Double.parseDouble(f[3 + i]) - Double.parseDouble(f[3 + j])));
                        }
                    }
                    System.out.printf("closed: %s w=%s (smallest kink gap %.1e: check with exact_gradient.py)%n", line,
                            w, gap);
                }
            }
        }
        System.out.printf("%d critical points, %d cells around them, %d closed by leaf z (must be 0)%n", points, cells,
                wrong);
    }
}
