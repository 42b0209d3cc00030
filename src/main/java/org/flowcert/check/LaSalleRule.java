package org.flowcert.check;

/**
 * Rule {@code lasalle}: from "every critical value in K (or everywhere) is ≥ c" and L(θ) < c, the
 * flow from θ leaves K (or ‖θ(t)‖ → ∞) (proofs-notes/critical-divergence.md, rules/lasalle.md).
 */
final class LaSalleRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        if (st.cited().size() != 2 || !st.cited().get(0).kind().equals("critical-above")
                || !st.cited().get(1).kind().equals("loss")) {
            throw new Invalid("step " + st.id() + ": lasalle cites a critical-above fact, then a loss fact");
        }
        if (!st.net().smoothActivation()) {
            throw new Invalid("step " + st.id() + ": lasalle needs a smooth activation (relu-type: not supported)");
        }
        Fact crit = st.cited().get(0);
        if (st.cited().get(1).values()[0].hi().subtract(crit.values()[0].lo()).signum() >= 0) {
            throw new Invalid("step " + st.id() + ": L(theta) is not known to lie below " + crit.values()[0].lo());
        }
        RI[] k = crit.range();
        for (int i = 0; k != null && i < k.length; i++) {
            if (!k[i].contains(st.net().theta[i])) {
                throw new Invalid("step " + st.id() + ": theta is not in the box");
            }
        }
        return new Fact("leaves", new RI[0], null, k);
    }
}
