package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/** Proves {@code loss-below}: an enclosure of L(θ) whose upper end is below the value. */
final class LossBelowProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        BigFraction v = Numbers.parse(claim.get("value").asText());
        BigFraction[] l = null;
        for (int bits : LossEvaluation.precisions(ctx)) {
            l = LossEvaluation.enclose(ctx, bits);
            if (l[0].subtract(v).signum() >= 0) {
                return Outcome.notProved("false: L(theta) = " + LossEvaluation.show(l) + " is not below "
                        + Numbers.format(v));
            }
            if (l[1].subtract(v).signum() < 0) {
                LossEvaluation.conclude(ctx, index, LossEvaluation.record(ctx, bits, l));
                return Outcome.proved("L(theta) = " + LossEvaluation.show(l) + " < " + Numbers.format(v));
            }
        }
        return Outcome.notProved("L(theta) = " + LossEvaluation.show(l) + " is too close to " + Numbers.format(v));
    }
}
