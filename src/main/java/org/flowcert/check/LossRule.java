package org.flowcert.check;

/** Rule {@code loss}: L(θ) ∈ value (proofs-notes/rules/loss.md). */
final class LossRule implements Rule {
    @Override
    public Fact apply(Step step) throws Invalid {
        int bits = step.bits();
        RI value = step.interval("value", bits);
        if (!step.cited().isEmpty()) {
            throw new Invalid("a loss step cites nothing");
        }
        RI l = step.net().loss(step.net().thetaPoint(bits), 0).v;
        if (!l.within(value)) {
            throw new Invalid("step " + step.id() + ": L(theta) is enclosed by " + l + ", not inside the recorded "
                    + value);
        }
        return Fact.of("loss", value);
    }
}
