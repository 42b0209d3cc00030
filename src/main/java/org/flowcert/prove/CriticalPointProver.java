package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flowcert.cert.Steps;
import org.flowcert.check.Invalid;
import org.flowcert.check.RI;
import org.flowcert.io.Numbers;

/** Proves {@code critical-point} without a box: the exact gradient at the rational θ is 0. */
final class CriticalPointProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        if (claim.has("box")) {
            return Outcome.notProved("critical-point with a box (Krawczyk) is not implemented yet");
        }
        if (!ctx.net().rationalActivation()) {
            return Outcome.notProved("an exact zero of the gradient needs a piecewise-polynomial activation");
        }
        RI[] g;
        try {
            g = ctx.net().loss(ctx.net().thetaPoint(0), 1).gradient();
        } catch (Invalid e) {
            return Outcome.notProved(e.getMessage());
        }
        for (int k = 0; k < g.length; k++) {
            if (g[k].lo().signum() != 0) {
                return Outcome.notProved("false: dL/dtheta_" + k + " = " + Numbers.format(g[k].lo()) + " is not 0");
            }
        }
        ObjectNode s = ctx.steps().step("gradient");
        s.put("bits", 0);
        Steps.putBox(s, "value", g);
        LossEvaluation.conclude(ctx, index, ctx.steps().add(s));
        return Outcome.proved("the gradient vanishes exactly at theta");
    }
}
