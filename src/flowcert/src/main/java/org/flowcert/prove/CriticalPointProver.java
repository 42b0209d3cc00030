package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/** Proves {@code critical-point}: without a box, the exact gradient at the rational θ is 0; with one, {@link KrawczykProver}. */
final class CriticalPointProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        if (claim.has("box")) {
            return KrawczykProver.prove(ctx, index, claim);
        }
        if (!Enclosures.rational(ctx.problem())) {
            return Outcome.notProved("an exact zero of the gradient needs a piecewise-polynomial activation");
        }
        BigFraction[] g = Enclosures.exactGradient(ctx.problem());
        for (int k = 0; k < g.length; k++) {
            if (g[k].signum() != 0) {
                return Outcome.notProved("false: dL/dtheta_" + k + " = " + Numbers.format(g[k]) + " is not 0");
            }
        }
        ObjectNode s = ctx.steps().step("gradient");
        s.put("bits", 0);
        ArrayNode v = s.putArray("value");
        for (int k = 0; k < g.length; k++) {
            v.addArray().add("0").add("0");
        }
        LossEvaluation.conclude(ctx, index, ctx.steps().add(s));
        return Outcome.proved("the gradient vanishes exactly at theta");
    }
}
