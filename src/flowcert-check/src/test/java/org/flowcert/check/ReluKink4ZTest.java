package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Leaf z in the four-kink trees of a 1-4-1 relu net (proofs-notes/critical-relu-kinks.md §12: the lemmas of
 * critical-relu-triple.md with five intervals). It closes the quadruple point, where four kinks meet at the jump, with no
 * coefficient bound; it never closes a cell around the numerical critical points (benchmarks/critical.md: 0.016239870236
 * and 0.021274089791, both pattern ++--, |∇L| ≤ 1.7e-14 at the rebuilt θ); and its guards hold (three-kink trees of a
 * 1-4-1 net, a slope outside [0, 1), polynomial pieces, three-unit leaves in a four-kink tree).
 */
class ReluKink4ZTest {
    private static final int X3 = ReluKinkLeaves.CASES.size() + ReluKinkLeaves.CASES3.size();
    private static final List<BigFraction[]> HALF = List.of(new BigFraction[] {q(0, 1), q(1, 2)},
            new BigFraction[] {q(1, 2), q(1, 1)});
    private static final List<BigFraction[]> STEP = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)});

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    private static ReluKinkLeaves jump(BigFraction alpha, int zKinks, List<BigFraction[]> poly) {
        return new ReluKinkLeaves(HALF, poly, q(1, 100), alpha, null, zKinks);
    }

    /** Kink range i is [1/2 − h, 1/2] or, if bit i of side is set, [1/2, 1/2 + h] (the prover cuts at the jump). */
    private static BigFraction[][] around(int k, BigFraction h, int side) {
        BigFraction[] lo = new BigFraction[k];
        BigFraction[] hi = new BigFraction[k];
        BigFraction m = q(1, 2);
        for (int i = 0; i < k; i++) {
            boolean right = (side >> i & 1) == 1;
            lo[i] = right ? m : m.subtract(h);
            hi[i] = right ? m.add(h) : m;
        }
        return new BigFraction[][] {lo, hi};
    }

    @Test
    void zClosesTheQuadruplePointInEveryFourKinkTreeWithoutABox() {
        // by hand (note §12): with the jump inside I_j, the intervals on one side lie in one constant piece, D_i = 0
        // there, a c_i ≠ 0 or (S) forces κ = 0, and then (1 − t)(1 − 3t) and t(3t − 2) cannot both vanish
        ReluKinkLeaves relu4 = jump(BigFraction.ZERO, 4, STEP);
        for (int kase = X3 + 1; kase <= X3 + 5; kase++) {
            assertThat(ReluKinkLeaves.fourKinks(kase)).isTrue();
            // all 16 cells of the kink ranges' sides of the jump: each is closed by x (no point of the case: kinks of
            // one orientation out of their order) or by z
            for (int side = 0; side < 16; side++) {
                BigFraction[][] c = around(4, q(1, 4096), side);
                assertThat(relu4.holds(kase, 'x', 0, c[0], c[1]) || relu4.holds(kase, 'z', 64, c[0], c[1]))
                        .as("case %s, side %d", ReluKinkLeaves.caseName(kase), side).isTrue();
            }
            BigFraction[][] c = around(4, q(1, 4096), 0);
            assertThat(relu4.holds(kase, 'z', 64, c[0], c[1])).as("case %s", ReluKinkLeaves.caseName(kase)).isTrue();
            // q, w and x do not close the cell left of the jump (no box: B and C are refused too), nor does j where the
            // orientations are mixed (in ++++ and ---- one interval carries the slope constraint: j's exact S_m = 0)
            for (char l : "qwxBC".toCharArray()) {
                assertThat(relu4.holds(kase, l, 0, c[0], c[1])).as("leaf %s in %s", l, ReluKinkLeaves.caseName(kase))
                        .isFalse();
            }
            if (kase != X3 + 1 && kase != X3 + 5) {
                assertThat(relu4.holds(kase, 'j', 64, c[0], c[1])).as("j in %s", ReluKinkLeaves.caseName(kase))
                        .isFalse();
            }
        }
        assertThat(ReluKinkLeaves.fourKinks(X3)).isFalse();
        BigFraction[][] c = around(4, q(1, 4096), 0);
        assertThat(ReluKinkTriple.excludes(ReluKinkTriple.signsOf("+++-"), HALF, STEP, c[0], c[1], 64)).isTrue();
    }

    @Test
    void zIsRefusedOutsideTheFourKinkTreesOfFourReluUnits() {
        BigFraction[][] c4 = around(4, q(1, 4096), 0);
        BigFraction[][] c3 = around(3, q(1, 4096), 0);
        int ppPm = X3 + 2; // "+++-"
        int ppM = ReluKinkLeaves.CASES.size() + 2; // "++-"
        // a net of three units (zKinks 3) has no four-kink trees; no z at all (0)
        assertThat(jump(BigFraction.ZERO, 3, STEP).holds(ppPm, 'z', 64, c4[0], c4[1])).isFalse();
        assertThat(jump(BigFraction.ZERO, 0, STEP).holds(ppPm, 'z', 64, c4[0], c4[1])).isFalse();
        // the three-kink trees of a 1-4-1 net (zKinks 4) take it as those of a 1-3-1 net do (note §12); leaves built
        // without z (zKinks 0: a 1-2-1 net, or leaky units) refuse it
        assertThat(jump(BigFraction.ZERO, 4, STEP).holds(ppM, 'z', 64, c3[0], c3[1])).isTrue();
        assertThat(jump(BigFraction.ZERO, 3, STEP).holds(ppM, 'z', 64, c3[0], c3[1])).isTrue();
        assertThat(jump(BigFraction.ZERO, 0, STEP).holds(ppM, 'z', 64, c3[0], c3[1])).isFalse();
        // a slope outside [0, 1) (leaky units in [0, 1): note §13.4, ReluKinkLeaky4Test), a polynomial piece, case x3,
        // a wrong number of kinks, bad t-range counts
        assertThat(jump(BigFraction.ONE, 4, STEP).holds(ppPm, 'z', 64, c4[0], c4[1])).isFalse();
        List<BigFraction[]> affine = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1), q(1, 1000)});
        assertThat(jump(BigFraction.ZERO, 4, affine).holds(ppPm, 'z', 64, c4[0], c4[1])).isFalse();
        assertThat(jump(BigFraction.ZERO, 4, STEP).holds(X3, 'z', 64, c3[0], c3[1])).isFalse();
        assertThat(jump(BigFraction.ZERO, 4, STEP).holds(ppPm, 'z', 64, c3[0], c3[1])).isFalse();
        assertThat(jump(BigFraction.ZERO, 4, STEP).holds(ppPm, 'z', 0, c4[0], c4[1])).isFalse();
        assertThat(jump(BigFraction.ZERO, 4, STEP).holds(ppPm, 'z', ReluKinkTriple.MAX_PARTS + 1, c4[0], c4[1]))
                .isFalse();
        BigFraction[][] c5 = around(5, q(1, 4096), 0);
        assertThat(ReluKinkTriple.excludes(new int[] {1, 1, 1, -1, -1}, HALF, STEP, c5[0], c5[1], 8)).isFalse();
    }

    @Test
    void zNeverClosesACellAroundTheNumericalCriticalPoints() {
        // pattern ++--: + kinks (units 0, 1), − kinks (units 2, 3), each orientation in increasing order
        double[][] points = {
            {0.4357765546, 0.6978352670, 0.5467529005, 0.8489176335}, // 0.016239870236
            {0.2170606504, 0.5658786992, 0.4341213008, 0.7829393496}, // 0.021274089791
            {0.1510823665, 0.4532470995, 0.3021647330, 0.5642234454}, // the mirror x -> 1 - x of the first
        };
        ReluKinkLeaves relu4 = jump(BigFraction.ZERO, 4, STEP);
        int ppmm = X3 + 3;
        for (double[] p : points) {
            for (long w : new long[] {1_000, 1_000_000}) {
                BigFraction[][] cell = ReluKink4LeavesTest.cellAround(p, q(1, w));
                BigFraction[] lo = cell[0];
                BigFraction[] hi = cell[1];
                for (int n : new int[] {1, 64}) {
                    assertThat(relu4.holds(ppmm, 'z', n, lo, hi)).as("z%d at %s ± 1/%d", n, p[0], w).isFalse();
                }
            }
        }
    }

    @Test
    void noLeafClosesTheCellAroundTheSmallestCriticalValueAboveIt() {
        // 0.016239870236 at + 0.4357765546, 0.6978352670, − 0.5467529005, 0.8489176335 (coefficients c = −1.399,
        // a = 7.106, −4.737, −4.836, 4.737: |a_j| ≤ 9, so the point lies in [−3, 3]^13 with w_j = ±3, v_j = a_j/3,
        // b_j = −w_j p_j); with A = 9 and c = 0.016242 (a hair above) no leaf may close the cell of half-width 10⁻⁶
        double[] p = {0.4357765546, 0.6978352670, 0.5467529005, 0.8489176335};
        BigFraction[] lo = new BigFraction[4];
        BigFraction[] hi = new BigFraction[4];
        for (int i = 0; i < 4; i++) {
            BigFraction m = q(Math.round(p[i] * 1e10), 10_000_000_000L);
            lo[i] = m.subtract(q(1, 1_000_000));
            hi[i] = m.add(q(1, 1_000_000));
        }
        ReluKinkLeaves above = new ReluKinkLeaves(HALF, STEP, q(16_242, 1_000_000), BigFraction.ZERO, q(9, 1), 4);
        int ppmm = X3 + 3;
        for (char l : "qwxBC".toCharArray()) {
            assertThat(above.holds(ppmm, l, 0, lo, hi)).as("leaf %s", l).isFalse();
        }
        assertThat(above.holds(ppmm, 'j', 64, lo, hi)).isFalse();
        assertThat(above.holds(ppmm, 'z', 64, lo, hi)).isFalse();
        // a hair below (0.016237) leaf q closes it: the certificate's bound 81/5000 = 0.0162 is below that
        ReluKinkLeaves below = new ReluKinkLeaves(HALF, STEP, q(16_237, 1_000_000), BigFraction.ZERO, q(9, 1), 4);
        assertThat(below.holds(ppmm, 'q', 0, lo, hi)).isTrue();
    }
}
