package org.flowcert.prove;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.Invalid;
import org.flowcert.check.RI;

/**
 * A simple validated integrator that emits {@code flow-step} lines (proofs-notes/rules/flow-step.md):
 * first-order Picard steps with an a priori box found by inflation. It stands in until the
 * validated integrator of flow/validated emits steps in the same format; its enclosures are
 * first order, so they are loose but always checkable.
 */
final class FlowStepper {
    /** Working precision of the boxes (outward-rounded dyadics keep the numbers short). */
    static final int BITS = 64;

    private final ProofContext ctx;
    RI[] x;
    BigFraction t = BigFraction.ZERO;
    long lastId = -1;

    FlowStepper(ProofContext ctx) {
        this.ctx = ctx;
        this.x = ctx.net().thetaPoint(BITS);
    }

    private RI[] field(RI[] box) throws Invalid {
        RI[] g = ctx.net().loss(box, 1).gradient();
        RI[] f = new RI[g.length];
        for (int k = 0; k < g.length; k++) {
            f[k] = g[k].neg();
        }
        return f;
    }

    /** X0 + [0, h]·F, exactly as the checker computes it (check 2). */
    private static RI sweep(RI x0, RI f, BigFraction h) {
        RI hf = f.mul(RI.of(h, BITS));
        return x0.add(RI.of(RI.min(BigFraction.ZERO, hf.lo()), RI.max(BigFraction.ZERO, hf.hi()), BITS));
    }

    private static RI widen(RI r, BigFraction extra) {
        BigFraction w = r.hi().subtract(r.lo()).divide(10).add(extra);
        return RI.hull(r.lo().subtract(w), r.hi().add(w), BITS);
    }

    /** One step of size h; false (nothing recorded) when no a priori box is found. */
    boolean step(BigFraction h) throws Invalid {
        int p = x.length;
        RI[] f0 = field(x);
        RI[] e = new RI[p];
        BigFraction tiny = BigFraction.of(1, 1L << 40);
        for (int k = 0; k < p; k++) {
            e[k] = widen(sweep(x[k], f0[k], h), tiny);
        }
        for (int attempt = 0; attempt < 12; attempt++) {
            RI[] fe = field(e);
            boolean ok = true;
            RI[] next = new RI[p];
            for (int k = 0; k < p; k++) {
                RI c = sweep(x[k], fe[k], h);
                if (!c.within(e[k])) {
                    ok = false;
                    next[k] = widen(RI.of(RI.min(c.lo(), e[k].lo()), RI.max(c.hi(), e[k].hi()), BITS), tiny);
                } else {
                    next[k] = e[k];
                }
            }
            if (ok) {
                RI[] x1 = new RI[p];
                for (int k = 0; k < p; k++) {
                    x1[k] = x[k].add(fe[k].mul(RI.of(h, BITS)));
                }
                ObjectNode s = lastId < 0 ? ctx.steps().step("flow-step") : ctx.steps().step("flow-step", lastId);
                s.put("bits", BITS);
                s.put("h", Steps.num(h));
                Steps.putBox(s, "E", e);
                Steps.putBox(s, "X", x1);
                lastId = ctx.steps().add(s);
                x = x1;
                t = t.add(h);
                return true;
            }
            e = next;
        }
        return false;
    }

    /** min over the current box of ‖θ‖². */
    BigFraction minNormSquared() {
        BigFraction m = BigFraction.ZERO;
        for (RI r : x) {
            m = m.add(r.minSquare());
        }
        return m;
    }
}
