package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code lasalle-relu}: for a 1-H-1 relu or leaky relu net (any H) with an integral risk, from "every critical
 * point in the box K (or everywhere) has L ≥ c" and L(θ) < c, the flow from θ leaves K (or ‖θ(t)‖ → ∞), provided
 * κ_j = v_j² − w_j² − b_j² < 0 for every unit: κ_j is conserved (positive homogeneity) and keeps the flow in a
 * closed set where L is C¹ with a locally Lipschitz gradient (proofs-notes/critical-divergence.md §R,
 * rules/lasalle-relu.md). Data risks are refused: where a kink meets a data point the flow can stop at a point
 * that is not critical in the contract's sense (critical-divergence.md §D).
 */
final class ReluLaSalleRule extends LaSalleRule {
    @Override
    void applies(Step st, Fact.Region k) throws Invalid {
        Net n = st.net();
        st.when(n.widths.length != 3 || n.widths[0] != 1 || n.widths[2] != 1 || !n.act.kinked(),
                "lasalle-relu needs a 1-H-1 relu or leaky relu network");
        st.when(n.isData(), "lasalle-relu does not cover data risks: where a kink meets a data point the gradient is "
                + "discontinuous and the flow can stop at a point that is not critical in the contract's sense, which "
                + "a critical-value bound does not cover (proofs-notes/critical-divergence.md, section D)");
        int h = n.widths[1];
        BigFraction[] t = n.theta;
        for (int j = 0; j < h; j++) {
            st.when(t[2 * h + j].pow(2).subtract(t[j].pow(2)).subtract(t[h + j].pow(2)).signum() >= 0,
                    "unit " + j + " has v^2 - w^2 - b^2 >= 0 (the flow may reach the non-smooth set w = b = 0)");
        }
    }
}
