package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The leaves of rule critical-relu-kinks for four relu units (proofs-notes/critical-relu-kinks.md §11): the
 * four-kink j leaf keeps the critical points of the independent profile search (benchmarks/critical.md,
 * profile_search.py jump12 4: 0.016239870236 and 0.021274089791, both pattern ++--, rebuilt as full θ with
 * |∇L| ≤ 1.7e-14), q separates their values, and case x3 (one flat unit, three kinks, λ = 0) excludes a cell by the
 * continuity of the separate affine fits.
 */
class ReluKink4LeavesTest {
    private static final int X3 = ReluKinkLeaves.CASES.size() + ReluKinkLeaves.CASES3.size();
    private static final int PPMM = X3 + 3; // "++--"

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    private static ReluKinkLeaves jump(BigFraction c, BigFraction amp) {
        return new ReluKinkLeaves(List.of(new BigFraction[] {q(0, 1), q(1, 2)}, new BigFraction[] {q(1, 2), q(1, 1)}),
                List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)}), c, BigFraction.ZERO, amp);
    }

    @Test
    void casesAndNames() {
        assertThat(ReluKinkLeaves.caseCount(4)).isEqualTo(15);
        assertThat(ReluKinkLeaves.caseName(X3)).isEqualTo("x3");
        assertThat(ReluKinkLeaves.caseName(PPMM)).isEqualTo("++--");
        assertThat(ReluKinkLeaves.dims(X3)).isEqualTo(3);
        assertThat(ReluKinkLeaves.dims(PPMM)).isEqualTo(4);
        assertThat(ReluKinkLeaves.allKinked(X3)).isFalse();
        assertThat(ReluKinkLeaves.allKinked(PPMM)).isTrue();
    }

    @Test
    void fourKinkJKeepsTheNumericalCriticalPointsAndQSeparatesTheirValues() {
        // + kinks (units 0, 1), − kinks (units 2, 3), each orientation in increasing order
        Object[][] points = {
            {new double[] {0.4357765546, 0.6978352670, 0.5467529005, 0.8489176335}, 0.016239870236},
            {new double[] {0.2170606504, 0.5658786992, 0.4341213008, 0.7829393496}, 0.021274089791},
        };
        BigFraction e = q(1, 1_000_000);
        for (Object[] pt : points) {
            BigFraction[][] cell = cellAround((double[]) pt[0], e);
            BigFraction[] lo = cell[0];
            BigFraction[] hi = cell[1];
            double v = (Double) pt[1];
            ReluKinkLeaves below = jump(q(Math.round((v - 2e-6) * 1e9), 1_000_000_000L), null);
            ReluKinkLeaves above = jump(q(Math.round((v + 2e-6) * 1e9), 1_000_000_000L), null);
            assertThat(below.holds(PPMM, 'j', 64, lo, hi)).as("j at %s", v).isFalse();
            assertThat(below.holds(PPMM, 'q', 0, lo, hi)).as("q below %s", v).isTrue();
            assertThat(above.holds(PPMM, 'q', 0, lo, hi)).as("q above %s", v).isFalse();
        }
    }

    @Test
    void caseX3ExcludesByContinuityAndKeepsOrder() {
        ReluKinkLeaves l = jump(q(1, 100), null);
        // kinks in [1/8, 1/4], [5/16, 3/8], [5/8, 3/4]: the left three intervals lie in the zero piece, where the
        // separate affine fits are 0 exactly, the right one in the one piece (fit 1); the middle interval [q_1, q_2]
        // holds the jump at 1/2 and its fit must join 0 at q_1 and 1 at q_2: with t = (1/2 − q_1)/(q_2 − q_1),
        // D_1 = F̄ − h − 0 − 0 = (1 − t) − 3t(1 − t) and D_2 = 1 − F̄ − h = t − 3t(1 − t), never both 0 (their
        // difference is 1 − 2t, zero only at t = 1/2, where both are −1/4)
        BigFraction[] lo = {q(1, 8), q(5, 16), q(5, 8)};
        BigFraction[] hi = {q(1, 4), q(3, 8), q(3, 4)};
        assertThat(l.holds(X3, 'j', 16, lo, hi)).isTrue();
        // kinks named out of order: leaf x
        assertThat(l.holds(X3, 'x', 0, new BigFraction[] {q(1, 2), q(1, 8), q(5, 8)},
                new BigFraction[] {q(3, 4), q(1, 4), q(3, 4)})).isTrue();
        // no B in case x3 (a flat unit's coefficients are not among the kinked units')
        assertThat(jump(q(1, 100), q(9, 1)).holds(X3, 'B', 0, lo, hi)).isFalse();
    }

    @Test
    void leafCIsTheExactBoxMinimumAndStaysSound() {
        // +++- with all four kinks within 1/4096 of the jump (the quadruple point): with |a_j| <= 9 the net is within
        // O(1/4096) of span{1, x, relu(x − 1/2)}, whose distance² to f is 1/16 (§9.2), far above c = 1/100
        int ppp = X3 + 2; // "+++-"
        BigFraction h = q(1, 4096);
        BigFraction[] lo = new BigFraction[4];
        BigFraction[] hi = new BigFraction[4];
        for (int i = 0; i < 4; i++) {
            lo[i] = q(1, 2).subtract(h);
            hi[i] = q(1, 2).add(h);
        }
        assertThat(jump(q(1, 100), q(9, 1)).holds(ppp, 'C', 0, lo, hi)).isTrue();
        // a ramp from 0 to 1 over 1/4096 < 2h built from two + units with a = ±4096 has loss (1/4096)/12 < c: with
        // A = 4096 the leaf must fail; without a box, or in case x3, it is refused
        assertThat(jump(q(1, 100), q(4096, 1)).holds(ppp, 'C', 0, lo, hi)).isFalse();
        assertThat(jump(q(1, 100), null).holds(ppp, 'C', 0, lo, hi)).isFalse();
        assertThat(jump(q(1, 100), q(9, 1)).holds(X3, 'C', 0, new BigFraction[] {lo[0], lo[1], lo[2]},
                new BigFraction[] {hi[0], hi[1], hi[2]})).isFalse();
    }

    /** The cell [m − e, m + e] around the point p (each coordinate rounded to 10 decimals): {lo, hi}. */
    static BigFraction[][] cellAround(double[] p, BigFraction e) {
        BigFraction[] lo = new BigFraction[p.length];
        BigFraction[] hi = new BigFraction[p.length];
        for (int i = 0; i < p.length; i++) {
            BigFraction m = q(Math.round(p[i] * 1e10), 10_000_000_000L);
            lo[i] = m.subtract(e);
            hi[i] = m.add(e);
        }
        return new BigFraction[][] {lo, hi};
    }
}
