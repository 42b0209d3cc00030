package org.flowcert.check;

/**
 * Rules {@code loss} (L(θ) ∈ value, proofs-notes/rules/loss.md) and {@code gradient}
 * (∇L(θ) ∈ value, a box, rules/gradient.md): the checker's own enclosure at the problem's θ,
 * with the step's precision, must lie inside the recorded one. Neither cites a step.
 */
record PointRule(String kind) implements Rule {
    @Override
    public Fact apply(Step step) throws Invalid {
        int bits = step.bits();
        boolean loss = kind.equals("loss");
        RationalInterval[] value = loss ? new RationalInterval[] {Json.interval(Json.field(step.json(), "value", "step "
                + step.id()), bits,
                "step " + step.id() + ": value")} : step.box("value", bits);
        step.cites();
        Jet<RationalInterval> j = step.net().loss(Net.point(step.net().theta, bits), loss ? 0 : 1);
        RationalInterval.inside(loss ? new RationalInterval[] {j.v()} : j.g(), value,
                "step " + step.id() + ": the checker's enclosure of " + (loss ? "L(theta)" : "dL/dtheta"));
        return loss ? new Fact.Loss(value[0]) : new Fact.Gradient(value);
    }
}
