package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Rule {@code critical-relu-cells}'s leaf tests against points derived independently of the code
 * (suggested by the session-3 soundness review): a leaf must never close a cell that contains a
 * point its argument covers with L below the bound.
 *
 * <p>Problem: N = c + v₀ relu(w₀x + b₀) + v₁ relu(w₁x + b₁), L = ∫₀¹ (N − f)², f = 1{x > 1/2}.
 * Perimeter position τ of a normalised unit (proofs-notes/critical-relu-reduction.md §3): τ = 0 at
 * (w, b) = (1, −1), counter-clockwise, so on side 0 (w = 1) the kink −b sits at x = 1 − τ, and on
 * side 2 (w = −1, τ ∈ [4, 6]) b = 5 − τ and the kink is at x = 5 − τ.
 */
class ReluCellRuleTest {
    private static final List<BigFraction[]> FROM = List.of(
            new BigFraction[] {BigFraction.ZERO, BigFraction.of(1, 2)},
            new BigFraction[] {BigFraction.of(1, 2), BigFraction.ONE});
    private static final List<BigFraction[]> POLY = List.of(
            new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE});
    /** V_j = sup|v|·max(sup|w|, sup|b|) = 4 on [−2, 2]^7. */
    private static final BigFraction[] V = {BigFraction.of(4), BigFraction.of(4)};

    private static String close(BigFraction bound, String leaves, double[] centre, int halfWidthExp) {
        ReluCellLeaves rule = new ReluCellLeaves(FROM, POLY, bound);
        BigFraction h = BigFraction.ONE.divide(BigFraction.of(2).pow(halfWidthExp));
        BigFraction[] lo = new BigFraction[2];
        BigFraction[] hi = new BigFraction[2];
        for (int i = 0; i < 2; i++) {
            BigFraction c = BigFraction.from(centre[i]);
            lo[i] = c.subtract(h);
            hi[i] = c.add(h);
        }
        return rule.close(leaves, lo, hi, V);
    }

    /**
     * The smallest critical value, 0.0450657942 (opposite orientations, kinks 0.3734617 and
     * 0.6265383 by the symmetry x ↦ 1 − x; recomputed by the reviewer with mpmath Newton, and
     * |ṽ| ≈ 1.14 < 4): τ₀ = 1 − 0.3734617, τ₁ = 5 − 0.6265383. No leaf may close a cell around it
     * for a bound above that value, however small the cell.
     */
    @Test
    void noLeafClosesACellAroundTheSmallestCriticalPointForALargerBound() {
        double[] minimiser = {1 - 0.3734617, 5 - 0.6265383};
        for (int e = 10; e <= 40; e += 10) {
            assertThat(close(BigFraction.of(450659, 10_000_000), "tdDj", minimiser, e)).as("2^-%d", e).isNull();
        }
        // and the certified bound 9013/200000, 7.9e-7 below it, is closed there on small cells
        assertThat(close(BigFraction.of(9013, 200_000), "tdDj", minimiser, 30)).isNotNull();
    }

    /**
     * A continuum of points with L = 1/18: one unit relu(x − 1/4) (τ = 3/4) with v = 16/9, c = 0
     * (the one-unit least-squares fit: ∫(16/9 (x − 1/4)₊ − f)² = 1/18, derived by hand in
     * prove.critical.ReluCellTest), the other unit anywhere with v = 0. Rules t, d and D bound L
     * for every θ of the cell with |ṽ| ≤ V (critical or not), so none may close such a cell for a
     * bound above 1/18 (rule j assumes both output weights nonzero: those points belong to the
     * one-unit tree).
     */
    @Test
    void boundsOnLDoNotCloseCellsHoldingPointsWithLOneEighteenth() {
        BigFraction bound = BigFraction.of(1, 18).add(BigFraction.of(1, 10_000));
        double[][] cells = {{0.75, 0.9}, {0.9, 0.75}, {0.75, 2.5}, {0.75, 4.4}, {4.25, 4.1}, {4.1, 4.25}};
        for (double[] cell : cells) {
            for (int e = 3; e <= 39; e += 4) {
                assertThat(close(bound, "tdD", cell, e)).as("cell %s, 2^-%d", java.util.Arrays.toString(cell), e).isNull();
            }
        }
    }
}
