package org.flowcert.check;

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
        if (st.cited().size() != 2 || !st.cited().get(0).kind().equals("critical-above")
                || !st.cited().get(1).kind().equals("loss") || st.cited().get(0).range() == null) {
            throw new Invalid("step " + st.id() + ": lasalle-relu cites a critical-above fact on a box, then a loss fact");
        }
        int h = ReluCellRule.units(st.net());
        BigFraction[] t = st.net().theta;
        for (int j = 0; j < h; j++) {
            if (t[2 * h + j].pow(2).subtract(t[j].pow(2)).subtract(t[h + j].pow(2)).signum() >= 0) {
                throw new Invalid("step " + st.id() + ": unit " + j + " has v^2 - w^2 - b^2 >= 0 (the flow may reach the non-smooth set)");
            }
        }
        Fact crit = st.cited().get(0);
        if (st.cited().get(1).values()[0].hi().subtract(crit.values()[0].lo()).signum() >= 0) {
            throw new Invalid("step " + st.id() + ": L(theta) is not known to lie below " + crit.values()[0].lo());
        }
        for (int i = 0; i < t.length; i++) {
            if (!crit.range()[i].contains(t[i])) {
                throw new Invalid("step " + st.id() + ": theta is not in the box");
            }
        }
        return new Fact("leaves", new RI[0], null, crit.range());
    }
}
