package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.Invalid;
import org.flowcert.check.RI;
import org.flowcert.io.Numbers;

/** Proves {@code loss-enclosure}: evaluates L(θ) at rising precision until the enclosure fits [lo, hi]. */
final class LossEnclosureProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        BigFraction lo = Numbers.parse(claim.get("lo").asText());
        BigFraction hi = Numbers.parse(claim.get("hi").asText());
        RI l = null;
        try {
            for (int bits : LossEvaluation.precisions(ctx)) {
                l = LossEvaluation.enclose(ctx, bits);
                if (l.lo().subtract(hi).signum() > 0 || l.hi().subtract(lo).signum() < 0) {
                    return Outcome.notProved("false: L(theta) lies in " + show(l) + ", outside [" + Numbers.format(lo)
                            + ", " + Numbers.format(hi) + "]");
                }
                if (l.lo().subtract(lo).signum() >= 0 && l.hi().subtract(hi).signum() <= 0) {
                    LossEvaluation.conclude(ctx, index, LossEvaluation.record(ctx, bits, l));
                    return Outcome.proved(Numbers.format(lo) + " <= L <= " + Numbers.format(hi));
                }
            }
        } catch (Invalid e) {
            return Outcome.notProved(e.getMessage());
        }
        return Outcome.notProved("the tightest enclosure " + show(l) + " is not inside [lo, hi]");
    }

    static String show(RI r) {
        return r.isPoint() ? Numbers.format(r.lo())
                : "[" + r.lo().bigDecimalValue(20, java.math.RoundingMode.FLOOR) + ", "
                        + r.hi().bigDecimalValue(20, java.math.RoundingMode.CEILING) + "]";
    }
}
