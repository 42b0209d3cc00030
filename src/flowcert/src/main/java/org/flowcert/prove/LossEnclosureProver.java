package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/** Proves {@code loss-enclosure}: evaluates L(θ) at rising precision until the enclosure fits [lo, hi]. */
final class LossEnclosureProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        BigFraction lo = Numbers.parse(claim.get("lo").asText());
        BigFraction hi = Numbers.parse(claim.get("hi").asText());
        BigFraction[] l = null;
        for (int bits : LossEvaluation.precisions(ctx)) {
            l = LossEvaluation.enclose(ctx, bits);
            if (l[0].subtract(hi).signum() > 0 || l[1].subtract(lo).signum() < 0) {
                return Outcome.notProved("false: L(theta) lies in " + LossEvaluation.show(l) + ", outside ["
                        + Numbers.format(lo) + ", " + Numbers.format(hi) + "]");
            }
            if (l[0].subtract(lo).signum() >= 0 && l[1].subtract(hi).signum() <= 0) {
                LossEvaluation.conclude(ctx, index, LossEvaluation.record(ctx, bits, l));
                return Outcome.proved(Numbers.format(lo) + " <= L <= " + Numbers.format(hi));
            }
        }
        return Outcome.notProved("the tightest enclosure " + LossEvaluation.show(l) + " is not inside [lo, hi]");
    }
}
