package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/** Proves {@code leaves-ball}: validated steps until the whole enclosure lies outside the ball, by time {@code by}. */
final class LeavesBallProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        if (!Enclosures.smooth(ctx.problem())) {
            return Outcome.notProved("flow steps need a smooth activation (relu-type gradients are not Lipschitz)");
        }
        BigFraction r = Numbers.parse(claim.get("radius").asText());
        BigFraction by = Numbers.parse(claim.get("by").asText());
        if (by.signum() <= 0) {
            return Outcome.notProved("by must be positive");
        }
        int mark = ctx.steps().mark();
        for (int n : FlowEnclosureProver.STEP_COUNTS) {
            ctx.steps().reset(mark);
            FlowStepper fs = new FlowStepper(ctx);
            BigFraction h = by.divide(n);
            for (int i = 0; i < n; i++) {
                if (!fs.step(h)) {
                    break;
                }
                if (fs.minNormSquared().subtract(r.multiply(r)).signum() > 0) {
                    LossEvaluation.conclude(ctx, index, fs.lastId);
                    return Outcome.proved("||theta(" + Numbers.format(fs.t) + ")|| > " + Numbers.format(r));
                }
            }
        }
        ctx.steps().reset(mark);
        return Outcome.notProved("no validated enclosure up to time " + Numbers.format(by)
                + " lies outside the ball of radius " + Numbers.format(r));
    }
}
