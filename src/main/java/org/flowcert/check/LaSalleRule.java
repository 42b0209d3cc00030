package org.flowcert.check;

import java.util.List;

/**
 * Rule {@code lasalle}: from "every critical value in K (or everywhere) is ≥ c" and L(θ) < c, the
 * flow from θ leaves K (or ‖θ(t)‖ → ∞) (proofs-notes/critical-divergence.md, rules/lasalle.md).
 */
final class LaSalleRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        List<Fact> from = st.cites("critical-above", "loss");
        if (!st.net().smoothActivation()) {
            throw new Invalid("step " + st.id() + ": lasalle needs a smooth activation (relu-type: not supported)");
        }
        Fact crit = from.get(0);
        if (from.get(1).values()[0].hi().subtract(crit.values()[0].lo()).signum() >= 0) {
            throw new Invalid("step " + st.id() + ": L(theta) is not known to lie below " + crit.values()[0].lo());
        }
        RI[] k = crit.range(); // null: everywhere
        if (k != null) {
            RI.inside(Net.point(st.net().theta, 0), k, "step " + st.id() + ": theta");
        }
        return new Fact("leaves", new RI[0], null, k);
    }
}
