package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.TestData;
import org.junit.jupiter.api.Test;

/**
 * Leaf z with leaky units (proofs-notes/critical-relu-kinks.md §13.4) and the leaky four-kink leaf j (§13.3) against
 * critical points found independently: relu-kinks-leaky/points.txt is the output of
 * benchmarks/relu-kinks/leaky_points.py (Levenberg–Marquardt on the profile gradient, each point re-checked at a
 * rebuilt full θ with |∇L| < 1e-10; PROVENANCE.md there). Neither leaf reads a coefficient bound, so neither may close
 * a cell around a genuine critical point of its case. Points within 2·10⁻³ of an (R1)/(R2) degeneration (two kinks,
 * or a kink and an end of the domain, closer than that) are skipped: there the search's tolerance accepts points
 * next to a reduced critical point that are not critical points of the case (critical-relu-triple.md §4).
 */
class ReluKinkLeakyCrossCheckTest {
    private static final int CASE_X = ReluKinkLeaves.CASES.size();
    private static final int X3 = CASE_X + ReluKinkLeaves.CASES3.size();
    private static final List<String> THREE = List.of("+++", "++-", "+--", "---");
    private static final List<String> FOUR = List.of("++++", "+++-", "++--", "+---", "----");

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    /**
     * The instance's target on [0, 1] (jump12: 1{x > 1/2}, jump13: 1{x > 1/3}, bump: 1 on [1/4, 3/4], else 0, as in
     * profile_search.py), units of slope alpha, bound 1/100, no box, leaf z allowed for four units (and so in the
     * three-kink trees too).
     */
    private static ReluKinkLeaves target(String name, BigFraction alpha) {
        List<BigFraction> cuts = switch (name) {
            case "jump12" -> List.of(q(0, 1), q(1, 2), q(1, 1));
            case "jump13" -> List.of(q(0, 1), q(1, 3), q(1, 1));
            case "bump" -> List.of(q(0, 1), q(1, 4), q(3, 4), q(1, 1));
            default -> throw new IllegalArgumentException(name);
        };
        List<BigFraction[]> from = new ArrayList<>();
        List<BigFraction[]> poly = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            from.add(new BigFraction[] {cuts.get(i), cuts.get(i + 1)});
            poly.add(new BigFraction[] {name.equals("bump") ? q(i == 1 ? 1 : 0, 1) : q(i, 1)});
        }
        return new ReluKinkLeaves(from, poly, q(1, 100), alpha, null, 4);
    }

    @Test
    void neitherZNorJClosesACellAroundAGenuineCriticalPoint() throws Exception {
        List<String> lines = Files.readAllLines(TestData.resources("relu-kinks-leaky", "points.txt")
                .resolve("points.txt"));
        ReluKinkLeaves leaves = null;
        int tested = 0;
        List<String> instances = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("# instance")) { // # instance NAME ALPHA (a fraction)
                instances.add(f[2] + " " + f[3]);
                leaves = target(f[2], BigFraction.parse(f[3]));
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            double gap = Double.parseDouble(f[f.length - 1]);
            int k = f[0].length();
            if (gap < 2e-3) {
                continue;
            }
            int kase = k == 3 ? CASE_X + 1 + THREE.indexOf(f[0]) : X3 + 1 + FOUR.indexOf(f[0]);
            double[] p = new double[k];
            for (int i = 0; i < k; i++) {
                p[i] = Double.parseDouble(f[2 + i]);
            }
            for (double w : new double[] {gap / 4, 1e-4, 1e-7}) {
                BigFraction[] lo = new BigFraction[k];
                BigFraction[] hi = new BigFraction[k];
                BigFraction e = q(Math.max(1, Math.round(w * 1e12)), 1_000_000_000_000L);
                for (int i = 0; i < k; i++) {
                    BigFraction m = q(Math.round(p[i] * 1e10), 10_000_000_000L);
                    lo[i] = m.subtract(e);
                    hi[i] = m.add(e);
                }
                for (int n : new int[] {1, 64}) {
                    assertThat(leaves.holds(kase, 'z', n, lo, hi)).as("z%d at %s ± %s", n, line, w).isFalse();
                    assertThat(leaves.holds(kase, 'j', n, lo, hi)).as("j%d at %s ± %s", n, line, w).isFalse();
                }
            }
            tested++;
        }
        assertThat(instances).hasSizeGreaterThanOrEqualTo(3);
        assertThat(tested).isGreaterThanOrEqualTo(20);
    }
}
