package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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
        // high order: flow-taylor steps along the validated integrator's, cut at the first end box outside the ball
        double bd = by.doubleValue();
        if (TaylorStepper.applies(ctx.problem()) && Numbers.ofDouble(bd).equals(by)) {
            TaylorStepper ts = new TaylorStepper(ctx);
            boolean ran = ts.run(bd);
            for (BigFraction[] e : ran ? ts.ends : List.<BigFraction[]>of()) {
                if (e[2].subtract(r.multiply(r)).signum() > 0) {
                    ctx.steps().reset(e[0].intValue());
                    LossEvaluation.conclude(ctx, index, e[0].longValue());
                    return Outcome.proved("||theta(" + Numbers.format(e[1]) + ")|| > " + Numbers.format(r) + " (flow-taylor steps)");
                }
            }
            ctx.steps().reset(mark);
        }
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
