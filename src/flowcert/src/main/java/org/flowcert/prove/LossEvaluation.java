package org.flowcert.prove;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.io.Numbers;

/** Shared by the loss provers: an enclosure of L(θ) at a precision, recorded as a {@code loss} step. */
final class LossEvaluation {
    /** Precisions tried in turn for non-rational activations; exact (0) for piecewise-polynomial ones. */
    static final int[] BITS = {64, 128, 256, 512};

    private LossEvaluation() {
    }

    static int[] precisions(ProofContext ctx) {
        return Enclosures.rational(ctx.problem()) ? new int[] {0} : BITS;
    }

    /** [lo, hi] ∋ L(θ), wide enough to hold the checker's own enclosure at {@code bits} ({@link Enclosures#lossForStep}). */
    static BigFraction[] enclose(ProofContext ctx, int bits) {
        return Enclosures.lossForStep(ctx.problem(), bits);
    }

    /** Appends a loss step with the enclosure and returns its id. */
    static long record(ProofContext ctx, int bits, BigFraction[] value) {
        ObjectNode s = ctx.steps().step("loss");
        s.put("bits", bits);
        Steps.putInterval(s, "value", value[0], value[1]);
        return ctx.steps().add(s);
    }

    static long conclude(ProofContext ctx, int index, long from) {
        ObjectNode s = ctx.steps().step("claim", from);
        s.put("claim", index);
        return ctx.steps().add(s);
    }

    /** An enclosure for messages: the exact value, or 20-digit decimal bounds. */
    static String show(BigFraction[] r) {
        return r[0].equals(r[1]) ? Numbers.format(r[0])
                : "[" + r[0].bigDecimalValue(20, java.math.RoundingMode.FLOOR) + ", "
                        + r[1].bigDecimalValue(20, java.math.RoundingMode.CEILING) + "]";
    }
}
