package org.flowcert.check;

/** Rule {@code gradient}: ∇L(θ) ∈ value (proofs-notes/rules/gradient.md). */
final class GradientRule implements Rule {
    @Override
    public Fact apply(Step step) throws Invalid {
        int bits = step.bits();
        RI[] value = step.box("value", bits);
        if (!step.cited().isEmpty()) {
            throw new Invalid("a gradient step cites nothing");
        }
        RI[] g = step.net().loss(step.net().thetaPoint(bits), 1).g;
        for (int k = 0; k < g.length; k++) {
            if (!g[k].within(value[k])) {
                throw new Invalid("step " + step.id() + ": dL/dtheta_" + k + " is enclosed by " + g[k]
                        + ", not inside the recorded " + value[k]);
            }
        }
        return Fact.of("gradient", value);
    }
}
