package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.io.Numbers;

/** Proves {@code flow-enclosure}: validated steps to {@code time}, then the end box inside the claimed box. */
final class FlowEnclosureProver implements Prover {
    static final int[] STEP_COUNTS = {16, 64, 256, 1024};

    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        if (!Enclosures.smooth(ctx.problem())) {
            return Outcome.notProved("flow steps need a smooth activation (relu-type gradients are not Lipschitz)");
        }
        BigFraction time = Numbers.parse(claim.get("time").asText());
        if (time.signum() <= 0) {
            return Outcome.notProved("time must be positive");
        }
        int p = ctx.problem().parameterCount();
        BigFraction[][] box = new BigFraction[p][];
        for (int k = 0; k < p; k++) {
            box[k] = new BigFraction[] {Numbers.parse(claim.get("box").get(k).get(0).asText()),
                    Numbers.parse(claim.get("box").get(k).get(1).asText())};
        }
        int mark = ctx.steps().mark();
        String prefix = "";
        String why = "no a priori box found";
        // high order: flow-taylor steps along the validated integrator's (data risks, tanh-type or polynomial σ)
        double td = time.doubleValue();
        if (TaylorStepper.applies(ctx.problem()) && Numbers.ofDouble(td).equals(time)) {
            TaylorStepper ts = new TaylorStepper(ctx);
            String out = ts.run(td) ? ts.outside(box) : ts.why;
            if (out == null) {
                LossEvaluation.conclude(ctx, index, ts.lastId);
                return Outcome.proved("theta(" + Numbers.format(time) + ") in the box (" + (ts.lastId - mark)
                        + " flow-taylor steps, radius " + ts.r + ")");
            }
            prefix = "flow-taylor: " + out + "; first-order steps: ";
            ctx.steps().reset(mark);
        }
        for (int n : STEP_COUNTS) {
            ctx.steps().reset(mark);
            FlowStepper fs = new FlowStepper(ctx);
            BigFraction h = time.divide(n);
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                ok = fs.step(h);
            }
            if (!ok) {
                why = prefix + "no a priori box found with " + n + " steps";
                continue;
            }
            int bad = -1;
            for (int k = 0; k < p; k++) {
                Interval x = fs.x[k];
                if (x.lower().subtract(box[k][0]).signum() < 0 || x.upper().subtract(box[k][1]).signum() > 0) {
                    bad = k;
                }
            }
            if (bad < 0) {
                LossEvaluation.conclude(ctx, index, fs.lastId);
                return Outcome.proved("theta(" + Numbers.format(time) + ") in the box (" + n + " validated steps)");
            }
            why = prefix + "theta_" + bad + "(" + Numbers.format(time) + ") is enclosed by "
                    + LossEvaluation.show(new BigFraction[] {fs.x[bad].lower(), fs.x[bad].upper()})
                    + ", not inside the claimed box";
        }
        ctx.steps().reset(mark);
        return Outcome.notProved(why);
    }
}
