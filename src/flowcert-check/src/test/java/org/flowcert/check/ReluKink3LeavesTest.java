package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The leaves of proofs-notes/critical-relu-kinks.md §8 (three relu units): q with three kinks and with two kinks
 * and x. Expected values come from benchmarks/relu-kinks/profile_search.py (floating-point least squares with
 * Gauss–Legendre quadrature, an independent computation), not from the code under test.
 */
class ReluKink3LeavesTest {
    private static final int CASE_X = ReluKinkLeaves.CASES.size();
    private static final int PP_M = CASE_X + 2; // "++-"
    private static final int P_MM = CASE_X + 3; // "+--"

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    /** The jump 1{x > 1/2} on [0, 1] with bound c. */
    private static ReluKinkLeaves jump(BigFraction c) {
        return new ReluKinkLeaves(List.of(new BigFraction[] {q(0, 1), q(1, 2)}, new BigFraction[] {q(1, 2), q(1, 1)}),
                List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)}), c);
    }

    private static BigFraction[] pt(double... p) {
        BigFraction[] r = new BigFraction[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = q(Math.round(p[i] * 1_000_000), 1_000_000);
        }
        return r;
    }

    @Test
    void casesAreNamedAfterTheTwoUnitCases() {
        assertThat(ReluKinkLeaves.caseName(CASE_X)).isEqualTo("x");
        assertThat(ReluKinkLeaves.caseName(PP_M)).isEqualTo("++-");
        assertThat(ReluKinkLeaves.dims(PP_M)).isEqualTo(3);
        assertThat(ReluKinkLeaves.dims(CASE_X)).isEqualTo(2);
    }

    @Test
    void profileMatchesAnIndependentLeastSquaresFit() {
        ReluKinkLeaves l = jump(q(1, 100));
        // profile_search.py: span{1, x, relu(x − 3/8), relu(x − 5/8)}: 0.019230769230769225 (= 1/52 to 1e-16)
        assertThat(l.profileAt(CASE_X, new BigFraction[] {q(3, 8), q(5, 8)}).doubleValue())
                .isCloseTo(0.019230769230769225, org.assertj.core.data.Offset.offset(1e-12));
        // + at 1/4, − at 1/2 and 3/4: 0.04794520547945205
        assertThat(l.profileAt(P_MM, new BigFraction[] {q(1, 4), q(1, 2), q(3, 4)}).doubleValue())
                .isCloseTo(0.04794520547945205, org.assertj.core.data.Offset.offset(1e-12));
        // the smallest three-unit critical point found (benchmarks/critical.md): 0.026310465948 at ∇R = 0, so
        // rounding the kinks to 1e-6 moves R by ~1e-12 only
        assertThat(l.profileAt(PP_M, pt(0.21518412, 0.61108739, 0.43036824)).doubleValue())
                .isCloseTo(0.026310465948, org.assertj.core.data.Offset.offset(1e-10));
    }

    @Test
    void leafQOnACellAroundTheSmallestCriticalPointHoldsOnlyBelowItsValue() {
        BigFraction[] mid = pt(0.215184, 0.611087, 0.430368);
        BigFraction h = q(1, 100_000);
        BigFraction[] lo = new BigFraction[3];
        BigFraction[] hi = new BigFraction[3];
        for (int i = 0; i < 3; i++) {
            lo[i] = mid[i].subtract(h);
            hi[i] = mid[i].add(h);
        }
        assertThat(jump(q(263, 10_000)).holds(PP_M, 'q', 0, lo, hi)).isTrue(); // 0.0263 < 0.0263104659
        assertThat(jump(q(2632, 100_000)).holds(PP_M, 'q', 0, lo, hi)).isFalse(); // 0.02632: false there
    }

    @Test
    void leafJ3NeverExcludesACriticalPoint() {
        // the continuity equations of §8.3 hold at every critical point: cells around the smallest one (++-, value
        // 0.0263) and around a point of the 1/18 family of +++ must not be excluded, however finely t is cut
        BigFraction[] mid = pt(0.215184, 0.611087, 0.430368);
        for (long w : new long[] {1_000, 100_000}) {
            BigFraction h = q(1, w);
            BigFraction[] lo = new BigFraction[3];
            BigFraction[] hi = new BigFraction[3];
            for (int i = 0; i < 3; i++) {
                lo[i] = mid[i].subtract(h);
                hi[i] = mid[i].add(h);
            }
            assertThat(jump(q(1, 100)).holds(PP_M, 'j', 64, lo, hi)).isFalse();
        }
        // +++ with kinks p0 < p1 < 1/4 = p2: fits 0, 0, and the step's line on [1/4, 1] (value (1 − t)(1 − 3t) = 0 at
        // its left end for t = 1/3), continuous: a critical configuration of the equations (L = 1/18)
        BigFraction e = q(1, 10_000);
        BigFraction[] lo = {q(1, 10).subtract(e), q(1, 5).subtract(e), q(1, 4).subtract(e)};
        BigFraction[] hi = {q(1, 10).add(e), q(1, 5).add(e), q(1, 4).add(e)};
        assertThat(jump(q(1, 100)).holds(CASE_X + 1, 'j', 64, lo, hi)).isFalse();
    }

    @Test
    void leafJ3ExcludesARampWithKinksOnBothSidesOfTheJump() {
        // +++ with p0 < p1 < 1/2 < p2: fits 0 on [0, p0), [p0, p1), the step's line on [p1, p2] must meet 0 at p1 and
        // 1 at p2 (1 is the fit on [p2, 1]): §4's e1 = 1/2 − t, e2 = 1/6 − t²/2 have no common zero
        BigFraction[] lo = {q(1, 10), q(3, 10), q(5, 8)};
        BigFraction[] hi = {q(1, 5), q(2, 5), q(3, 4)};
        assertThat(jump(q(1, 100)).holds(CASE_X + 1, 'j', 16, lo, hi)).isTrue();
        // the same cell for ++- (unit 2 is −; sorted + + −, λ = (1, 0, −1, 1) couples I_0, I_2, I_3): excluded as well
        // (profile_search.py finds no ++- critical point there)
        assertThat(jump(q(1, 100)).holds(PP_M, 'j', 16, lo, hi)).isTrue();
    }

    @Test
    void leafXAndJForTheNewCases() {
        ReluKinkLeaves l = jump(q(1, 100));
        // ++-: units 0 and 1 are named p_0 < p_1; unit 2 (−) is free
        BigFraction[] lo = {q(1, 2), q(0, 1), q(0, 1)};
        BigFraction[] hi = {q(1, 1), q(1, 2), q(1, 1)};
        assertThat(l.holds(PP_M, 'x', 0, lo, hi)).isTrue();
        BigFraction[] ordered = {q(0, 1), q(1, 2), q(0, 1)};
        assertThat(l.holds(PP_M, 'x', 0, ordered, hi)).isFalse(); // the cell holds ordered points
        assertThat(l.holds(P_MM, 'x', 0, new BigFraction[] {q(0, 1), q(1, 2), q(0, 1)},
                new BigFraction[] {q(1, 1), q(1, 1), q(1, 2)})).isTrue(); // the − units 1, 2 out of order
        // no strict order of the case fits this cell (p_0 < p_1 is impossible), so j3 (§9.1: every strict order the
        // cell allows) holds vacuously, like x; on the ordered cell the whole kink space of p_2 is open: it fails
        assertThat(l.holds(PP_M, 'j', 4, lo, hi)).isTrue();
        assertThat(l.holds(PP_M, 'j', 4, ordered, hi)).isFalse();
        // case x, kinks on both sides of the jump: §8.2's j (outer fits 0 and 1 exactly, e1, e2 never both 0)
        assertThat(l.holds(CASE_X, 'j', 8, new BigFraction[] {q(1, 4), q(5, 8)},
                new BigFraction[] {q(3, 8), q(3, 4)})).isTrue();
        // wrong dimension count: refused, not an exception
        assertThat(l.holds(PP_M, 'q', 0, new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)})).isFalse();
        // leaky relu (§10): the three-kink cases take it too, and leaf x is about the names' order only
        ReluKinkLeaves leaky = new ReluKinkLeaves(List.of(new BigFraction[] {q(0, 1), q(1, 2)},
                new BigFraction[] {q(1, 2), q(1, 1)}), List.of(new BigFraction[] {q(0, 1)},
                new BigFraction[] {q(1, 1)}), q(1, 100), q(1, 10));
        assertThat(leaky.holds(PP_M, 'x', 0, lo, hi)).isTrue();
        assertThat(leaky.holds(PP_M, 'x', 0, ordered, hi)).isFalse();
    }

    @Test
    void squareRootBoundsBracketTheRoot() {
        // leaf B (§9.2) compares square roots through these bounds: below <= sqrt(x) <= above, within 2^-60
        for (BigFraction x : new BigFraction[] {q(4, 1), q(2, 1), q(263, 10_000), q(1, 3), q(9, 16), q(0, 1)}) {
            BigFraction lo = ReluKinkLeaves.sqrtBound(x, false);
            BigFraction hi = ReluKinkLeaves.sqrtBound(x, true);
            assertThat(lo.multiply(lo).subtract(x).signum()).as("below " + x).isLessThanOrEqualTo(0);
            assertThat(hi.multiply(hi).subtract(x).signum()).as("above " + x).isGreaterThanOrEqualTo(0);
            assertThat(hi.subtract(lo).subtract(q(1, 1L << 60)).signum()).isNegative();
        }
        assertThat(ReluKinkLeaves.sqrtBound(q(9, 16), false)).isEqualTo(q(3, 4)); // exact squares: exact
        // a fraction stored with two negative parts is still positive
        assertThat(ReluKinkLeaves.sqrtBound(BigFraction.of(-4, -1), false)).isEqualTo(q(2, 1));
    }
}
