package org.flowcert.prove;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.cert.Steps;
import org.flowcert.io.Numbers;

/**
 * A simple validated integrator that emits {@code flow-step} lines (proofs-notes/rules/flow-step.md):
 * first-order Picard steps with an a priori box found by inflation, in binary64 intervals
 * ({@link Enclosures}). The checker re-evaluates F(E) its own way (forward-mode jets in rational
 * intervals: the same products in another order), so the field is widened by 1/16 of its width on
 * each side before E and X are formed ({@link #field}): E and X then hold for any enclosure of
 * F(E) up to 1.125 times as wide (a quarter made c3-cubic-flow need 4 times as many steps). If the
 * checker's is wider still, {@link Certifier}'s re-check refuses the claim (NOT PROVED). The enclosures are first order, so they are
 * loose but always checkable.
 */
final class FlowStepper {
    /** The precision the checker replays the steps at (its outward rounding keeps numbers short). */
    static final int BITS = 64;

    private final ProofContext ctx;
    Interval[] x;
    BigFraction t = BigFraction.ZERO;
    long lastId = -1;

    FlowStepper(ProofContext ctx) {
        this.ctx = ctx;
        this.x = Enclosures.theta(ctx.problem());
    }

    /**
     * −∇L over the box, widened by 1/16 of its width on each side plus 2^−60 (slack for the
     * checker); null when it is not finite (the box has grown too large).
     */
    private Interval[] field(Interval[] box) {
        Interval[] g = Enclosures.gradient(ctx.problem(), box);
        Interval[] f = new Interval[g.length];
        for (int k = 0; k < g.length; k++) {
            if (!Double.isFinite(g[k].width())) {
                return null;
            }
            f[k] = widen(g[k].negate(), 0.0625, 0x1p-60);
        }
        return f;
    }

    /** X0 + [0, h]·F. */
    private static Interval sweep(Interval x0, Interval f, Interval h) {
        return x0.add(Interval.hull(Interval.ZERO, f.multiply(h)));
    }

    private static Interval widen(Interval r, double fraction, double extra) {
        Interval w = Interval.of(r.width()).multiply(Interval.of(fraction)).add(Interval.of(extra));
        return Interval.hull(r.subtract(w), r.add(w));
    }

    /** One step of size h; false (nothing recorded) when no a priori box is found. */
    boolean step(BigFraction h) {
        int p = x.length;
        Interval hi = Interval.from(h);
        Interval[] f0 = field(x);
        if (f0 == null) {
            return false;
        }
        Interval[] e = new Interval[p];
        for (int k = 0; k < p; k++) {
            e[k] = widen(sweep(x[k], f0[k], hi), 0.1, 0x1p-40);
        }
        for (int attempt = 0; attempt < 12; attempt++) {
            Interval[] fe = field(e);
            if (fe == null) {
                return false;
            }
            boolean ok = true;
            Interval[] next = new Interval[p];
            for (int k = 0; k < p; k++) {
                Interval c = sweep(x[k], fe[k], hi);
                ok &= c.subsetOf(e[k]);
                next[k] = c.subsetOf(e[k]) ? e[k] : widen(Interval.hull(c, e[k]), 0.1, 0x1p-40);
            }
            if (ok) {
                Interval[] x1 = new Interval[p];
                for (int k = 0; k < p; k++) {
                    x1[k] = x[k].add(fe[k].multiply(hi));
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

    /** A lower bound of min over the current box of ‖θ‖². */
    BigFraction minNormSquared() {
        BigFraction m = BigFraction.ZERO;
        for (Interval r : x) {
            m = m.add(Numbers.ofDouble(r.mig()).multiply(Numbers.ofDouble(r.mig())));
        }
        return m;
    }
}
