package org.flowcert.check;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code lasalle}: from "every critical value in K (or everywhere) is ≥ c" and L(θ) < c, the
 * flow from θ leaves K (or ‖θ(t)‖ → ∞) (proofs-notes/critical-divergence.md, rules/lasalle.md).
 */
class LaSalleRule implements Rule {
    @Override
    public final Fact apply(Step st) throws Invalid {
        List<Fact> from = st.cites("critical-above", "loss");
        Fact crit = from.get(0);
        applies(st, crit.range());
        BigFraction c = crit.values()[0].lo();
        st.when(from.get(1).values()[0].hi().subtract(c).signum() >= 0, "L(theta) is not known to lie below " + c);
        if (crit.range() != null) { // null: everywhere
            RationalInterval.inside(Net.point(st.net().theta, 0), crit.range(), "step " + st.id() + ": theta");
        }
        return new Fact("leaves", new RationalInterval[0], null, crit.range());
    }

    /** The flow's condition on the net and the box K: here a smooth activation (rules/lasalle.md). */
    void applies(Step st, RationalInterval[] k) throws Invalid {
        st.when(st.net().act.kinked(), "lasalle needs a smooth activation (relu-type: not supported)");
    }
}
