package org.flowcert.check;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code lasalle}: from "every critical value in K (or everywhere) is ≥ c" and L(θ) < c, the
 * flow from θ leaves K (or ‖θ(t)‖ → ∞), for a smooth activation and any widths: L is then C¹ with a
 * locally Lipschitz gradient on R^P, no conserved quantity is needed (proofs-notes/critical-divergence.md,
 * rules/lasalle.md). The cited fact may come from any rule that yields a critical-above fact.
 */
class LaSalleRule implements Rule {
    @Override
    public final Fact apply(Step st) throws Invalid {
        List<Fact> from = st.cites("critical-above", "loss");
        Fact.CriticalAbove crit = (Fact.CriticalAbove) from.get(0);
        applies(st, crit.region());
        BigFraction c = crit.bound();
        st.when(((Fact.Loss) from.get(1)).value().hi().subtract(c).signum() >= 0,
                "L(theta) is not known to lie below " + Checker.rational(c));
        if (crit.region() instanceof Fact.Box k) {
            RationalInterval.inside(Net.point(st.net().theta, 0), k.box(), "step " + st.id() + ": theta");
        }
        return new Fact.Leaves(crit.region());
    }

    /** The flow's condition on the net and the box K: here a smooth activation (rules/lasalle.md). */
    void applies(Step st, Fact.Region k) throws Invalid {
        st.when(st.net().act.kinked(), "lasalle needs a smooth activation (relu-type nets: rule lasalle-relu)");
    }
}
