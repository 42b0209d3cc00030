package org.flowcert.prove;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flowcert.cert.Steps;
import org.flowcert.check.Invalid;
import org.flowcert.check.RI;

/** Shared by the loss provers: an enclosure of L(θ) at a precision, recorded as a {@code loss} step. */
final class LossEvaluation {
    /** Precisions tried in turn for non-rational activations; exact (0) for piecewise-polynomial ones. */
    static final int[] BITS = {64, 128, 256, 512};

    private LossEvaluation() {
    }

    static int[] precisions(ProofContext ctx) {
        return ctx.net().rationalActivation() ? new int[] {0} : BITS;
    }

    static RI enclose(ProofContext ctx, int bits) throws Invalid {
        return ctx.net().loss(ctx.net().thetaPoint(bits), 0).value();
    }

    /** Appends a loss step with the enclosure and returns its id. */
    static long record(ProofContext ctx, int bits, RI value) {
        ObjectNode s = ctx.steps().step("loss");
        s.put("bits", bits);
        Steps.putInterval(s, "value", value);
        return ctx.steps().add(s);
    }

    static long conclude(ProofContext ctx, int index, long from) {
        ObjectNode s = ctx.steps().step("claim", from);
        s.put("claim", index);
        return ctx.steps().add(s);
    }
}
