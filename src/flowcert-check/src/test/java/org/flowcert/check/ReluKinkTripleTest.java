package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Leaf z (proofs-notes/critical-relu-triple.md). Cells it must close: the corners where the everywhere cover of the
 * three-kink cases stayed open without leaf B (benchmarks/relu-kinks/triple/OpenCells.java: the triple point, three
 * kinks meeting next to the jump, a + kink at 0 with an opposite pair meeting), where the note's §2 shows by hand
 * that the relations have no solution. Cells it must not close: cells around the critical points found numerically
 * by benchmarks/relu-kinks/profile_search.py (an independent floating-point least-squares search), e.g. the smallest
 * critical value 0.026310465948 at kinks 0.215184 (+), 0.611087 (+), 0.430368 (−).
 */
class ReluKinkTripleTest {
    private static final int[] PP_M = ReluKinkTriple.signsOf("++-");
    private static final int[] P_MM = ReluKinkTriple.signsOf("+--");
    private static final int[] PPP = ReluKinkTriple.signsOf("+++");
    private static final int[] MMM = ReluKinkTriple.signsOf("---");

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    /** 1{x > k} on [0, 1]. */
    private static List<BigFraction[]> from(BigFraction k) {
        return List.of(new BigFraction[] {q(0, 1), k}, new BigFraction[] {k, q(1, 1)});
    }

    private static final List<BigFraction[]> STEP = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)});
    private static final List<BigFraction[]> HALF = from(q(1, 2));

    private static boolean closes(int[] signs, long den, long[] lo, long[] hi) {
        return closes(signs, HALF, STEP, den, lo, hi);
    }

    private static boolean closes(int[] signs, List<BigFraction[]> from, List<BigFraction[]> poly, long den, long[] lo,
            long[] hi) {
        BigFraction[] l = new BigFraction[3];
        BigFraction[] h = new BigFraction[3];
        for (int i = 0; i < 3; i++) {
            l[i] = q(lo[i], den);
            h[i] = q(hi[i], den);
        }
        return ReluKinkTriple.excludes(signs, from, poly, l, h, 64);
    }

    /** The cell of half-width w around the kinks p (rounded to 10^−9). */
    private static boolean closesAround(int[] signs, List<BigFraction[]> from, List<BigFraction[]> poly, double w,
            double... p) {
        long den = 1_000_000_000L;
        long[] lo = new long[3];
        long[] hi = new long[3];
        for (int i = 0; i < 3; i++) {
            lo[i] = Math.round((p[i] - w) * den);
            hi[i] = Math.round((p[i] + w) * den);
        }
        return closes(signs, from, poly, den, lo, hi);
    }

    @Test
    void closesEveryCellAtTheTriplePoint() {
        // kink ranges [1/2 − δ, 1/2] or [1/2, 1/2 + δ], every side pattern, δ = 1/256 .. 1/16
        for (long den : new long[] {32, 512}) {
            long m = den / 2;
            for (int mask = 0; mask < 8; mask++) {
                long[] lo = new long[3];
                long[] hi = new long[3];
                for (int i = 0; i < 3; i++) {
                    boolean right = (mask >> i & 1) != 0;
                    lo[i] = right ? m : m - 1;
                    hi[i] = right ? m + 1 : m;
                }
                assertThat(closes(PP_M, den, lo, hi)).as("++- mask %d den %d", mask, den).isTrue();
                assertThat(closes(P_MM, den, lo, hi)).as("+-- mask %d den %d", mask, den).isTrue();
            }
        }
    }

    @Test
    void closesThreeKinksMeetingNextToTheJumpAndAFlatUnitWithAMeetingPair() {
        // cells OpenCells left open without leaf B (in 1/256ths): the diagonal q0 ≈ q1 ≈ q2 ≈ 0.47 and 0.52 ...
        assertThat(closes(PP_M, 256, new long[] {118, 119, 118}, new long[] {119, 120, 119})).isTrue();
        assertThat(closes(PP_M, 256, new long[] {133, 134, 133}, new long[] {134, 135, 134})).isTrue();
        assertThat(closes(P_MM, 256, new long[] {119, 118, 120}, new long[] {120, 119, 121})).isTrue();
        // ... and a + kink in [0, 1/256] with the + and − kinks meeting near 0.47 or 0.52
        assertThat(closes(PP_M, 256, new long[] {0, 119, 120}, new long[] {1, 120, 121})).isTrue();
        assertThat(closes(PP_M, 256, new long[] {0, 134, 133}, new long[] {1, 135, 134})).isTrue();
        // mirrored: a − kink in [255/256, 1] with a + kink and the other − kink meeting
        assertThat(closes(P_MM, 256, new long[] {121, 120, 255}, new long[] {122, 121, 256})).isTrue();
    }

    @Test
    void doesNotCloseCellsAroundRealCriticalPoints() {
        List<BigFraction[]> poly = STEP;
        for (double w : new double[] {1e-3, 1e-6}) {
            // the smallest critical value, 0.026310465948: + 0.215184, + 0.611087, − 0.430368 (case ++-)
            assertThat(closesAround(PP_M, HALF, poly, w, 0.215184, 0.611087, 0.430368)).isFalse();
            // its mirror x → 1 − x: + 0.569632, − 0.388913, − 0.784816 (case +--)
            assertThat(closesAround(P_MM, HALF, poly, w, 0.569632, 0.388913, 0.784816)).isFalse();
        }
    }

    /** The bump 1 on [1/4, 3/4] on [0, 1]: two breakpoints. */
    private static final List<BigFraction[]> BUMP_FROM = List.of(new BigFraction[] {q(0, 1), q(1, 4)},
            new BigFraction[] {q(1, 4), q(3, 4)}, new BigFraction[] {q(3, 4), q(1, 1)});
    private static final List<BigFraction[]> BUMP = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)},
            new BigFraction[] {q(0, 1)});

    @Test
    void closesTwoKinksMeetingAtTheBumpsSecondJump() {
        // cells where the prover stopped before leaf z handled several breakpoints per interval and cut the widest
        // t-range (in 1/8192ths: 3/4 = 6144/8192): +++ (0.1585, 0.75, 0.75), ++- (+ 0.7497, + 0.7501, − 0.3749),
        // +-- (+ 0.3751, − 0.7499, − 0.7501)
        assertThat(closes(PPP, BUMP_FROM, BUMP, 8192, new long[] {1298, 6143, 6144}, new long[] {1299, 6144, 6145}))
                .isTrue();
        assertThat(closes(PP_M, BUMP_FROM, BUMP, 8192, new long[] {6141, 6144, 3071}, new long[] {6142, 6145, 3072}))
                .isTrue();
        assertThat(closes(P_MM, BUMP_FROM, BUMP, 8192, new long[] {3072, 6143, 6144}, new long[] {3073, 6144, 6145}))
                .isTrue();
    }

    @Test
    void doesNotCloseCellsAroundTheBumpsCriticalPoints() {
        // profile_search / critical_points.py: 0.047142170331 at + 0.328642, − 0.147600, − 0.603602 (case +--), and
        // 1/18 at + 0.039538, + 0.670923, + 0.789538 (case +++)
        for (double w : new double[] {1e-3, 1e-6}) {
            assertThat(closesAround(P_MM, BUMP_FROM, BUMP, w, 0.328642149338, 0.147599600304, 0.603602013453))
                    .isFalse();
            assertThat(closesAround(PPP, BUMP_FROM, BUMP, w, 0.039538345520, 0.670923308960, 0.789538345520))
                    .isFalse();
        }
    }

    @Test
    void holdsOnlyForPiecewiseConstantTargetsAndThreeKinks() {
        long[] lo = {15, 16, 15};
        long[] hi = {16, 17, 16};
        assertThat(closes(PP_M, HALF, STEP, 32, lo, hi)).isTrue();
        List<BigFraction[]> ramp = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(0, 1), q(1, 1)});
        assertThat(closes(PP_M, HALF, ramp, 32, lo, hi)).isFalse();
        BigFraction[] two = {q(1, 4), q(1, 2)};
        assertThat(ReluKinkTriple.excludes(new int[] {1, -1}, HALF, STEP, two, two, 8)).isFalse();
        assertThat(ReluKinkTriple.excludes(PP_M, HALF, STEP, new BigFraction[] {q(15, 32), q(1, 2), q(15, 32)},
                new BigFraction[] {q(1, 2), q(17, 32), q(1, 2)}, 0)).isFalse();
    }

    @Test
    void signsOfACaseName() {
        assertThat(ReluKinkTriple.signsOf("+--")).containsExactly(1, -1, -1);
        assertThat(PPP).containsExactly(1, 1, 1);
        assertThat(MMM).containsExactly(-1, -1, -1);
    }
}
