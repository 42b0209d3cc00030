package org.flowcert.check;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code lasalle-relu}: for a 1-H-1 relu net with an integral risk, from "every critical
 * point in the box K has L ≥ c" and L(θ) < c, the flow from θ leaves K, provided
 * κ_j = v_j² − w_j² − b_j² < 0 for every unit (a conserved quantity keeping the flow off the
 * non-smooth set; proofs-notes/critical-divergence.md, rules/lasalle-relu.md).
 */
final class ReluLaSalleRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        List<Fact> from = st.cites("critical-above", "loss");
        int h = ReluCellRule.units(st.net());
        BigFraction[] t = st.net().theta;
        for (int j = 0; j < h; j++) {
            if (t[2 * h + j].pow(2).subtract(t[j].pow(2)).subtract(t[h + j].pow(2)).signum() >= 0) {
                throw new Invalid("step " + st.id() + ": unit " + j + " has v^2 - w^2 - b^2 >= 0 (the flow may reach the non-smooth set)");
            }
        }
        Fact crit = from.get(0);
        if (crit.range() == null || from.get(1).values()[0].hi().subtract(crit.values()[0].lo()).signum() >= 0) {
            throw new Invalid("step " + st.id() + ": needs a critical-above fact on a box and L(theta) below its bound");
        }
        RI.inside(Net.point(t, 0), crit.range(), "step " + st.id() + ": theta");
        return new Fact("leaves", new RI[0], null, crit.range());
    }
}
