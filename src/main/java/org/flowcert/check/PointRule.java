package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rules {@code loss} (L(θ) ∈ value, proofs-notes/rules/loss.md) and {@code gradient}
 * (∇L(θ) ∈ value, a box, rules/gradient.md): the checker's own enclosure at the problem's θ,
 * with the step's precision, must lie inside the recorded one. Neither cites a step.
 */
final class PointRule implements Rule {
    private final String kind;

    PointRule(String kind) {
        this.kind = kind;
    }

    @Override
    public Fact apply(Step step) throws Invalid {
        int bits = step.bits();
        boolean loss = kind.equals("loss");
        JsonNode v = Json.field(step.json(), "value", "step " + step.id());
        RI[] value = loss ? new RI[] {Json.interval(v, bits, "step " + step.id() + ": value")}
                : Json.box(v, step.net().parameterCount(), bits, "step " + step.id() + ": value");
        step.cites();
        Jet<RI> j = step.net().loss(step.net().thetaPoint(bits), loss ? 0 : 1);
        RI[] computed = loss ? new RI[] {j.v} : j.g;
        String what = loss ? "L(theta)" : "dL/dtheta";
        RI.inside(computed, value, "step " + step.id() + ": the checker's enclosure of " + what);
        return new Fact(kind, value, null, null);
    }
}
