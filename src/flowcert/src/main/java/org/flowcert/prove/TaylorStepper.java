package org.flowcert.prove;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.cert.Steps;
import org.flowcert.eval.Hessian;
import org.flowcert.eval.LossGradient;
import org.flowcert.flow.validated.Taylor;
import org.flowcert.flow.validated.ValidatedFlow;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Emits {@code flow-taylor} steps (proofs-notes/rules/flow-taylor.md) along the proved steps of the
 * validated integrator ({@link ValidatedFlow}, ball and Lohner sets): one step per validated step,
 * with its time grid and order. The centre is the exact rational start centre plus the integrator's
 * binary64 Taylor predictor at that point, summed in exact rationals and rounded to {@link #BITS}
 * bits; the tube E starts from the integrator's tube and is re-proved by Picard iteration in binary64
 * intervals with slack; l bounds −λmin(∇²L) on E (midpoint eigenvalue + twice the radius row sum,
 * plus a margin). The checker re-encloses everything its own way (jets, fixed-point series), so all
 * hints carry slack; {@link Certifier} re-checks the certificate, a refused step is NOT PROVED.
 */
final class TaylorStepper {
    /** The precision the checker replays the steps at (its series' fixed-point fraction bits). */
    static final int BITS = 80;
    /** The integrator's and the steps' Taylor order (higher: fewer, longer steps; checker cost ~ order²). */
    static final int ORDER = 24;
    /** Steps whose remainder term estimate exceeds this are split (it adds to the radius per step). */
    static final double REMAINDER = 1e-16;

    private final ProofContext ctx;
    private final Problem problem;
    private final int p;
    /** The current ball B(c, r) (r an upper estimate of the checker's radius) at time t. */
    BigFraction[] c;
    double r;
    BigFraction t = BigFraction.ZERO;
    long lastId = -1;
    /** Per emitted step: its id and a lower bound of min ‖θ‖² over its end box (for leaves-ball). */
    final List<BigFraction[]> ends = new ArrayList<>();
    String why;

    TaylorStepper(ProofContext ctx) {
        this.ctx = ctx;
        this.problem = ctx.problem();
        this.p = problem.parameterCount();
        this.c = problem.theta().clone();
    }

    /** Whether the rule applies: a data risk and a smooth activation it has series for. */
    static boolean applies(Problem pr) {
        Activation a = pr.network().activation();
        return pr.risk() instanceof Risk.Data && (pr.network().layers() < 2 || a instanceof Activation.Tanh
                || a instanceof Activation.Logistic || a instanceof Activation.Softplus || a instanceof Activation.Poly);
    }

    /** Validated integration to tEnd, then one flow-taylor step per validated step; false (with {@link #why}) on failure. */
    boolean run(double tEnd) {
        ValidatedFlow.Result res = ValidatedFlow.integrate(problem, tEnd, ValidatedFlow.Options.defaults().withOrder(ORDER),
                new ValidatedFlow.Listener() { });
        if (!res.complete()) {
            why = "the validated integrator stopped at t = " + res.reached() + ": " + res.stopReason();
            return false;
        }
        for (ValidatedFlow.Step s : res.steps()) {
            BigFraction h = Numbers.ofDouble(s.t1()).subtract(Numbers.ofDouble(s.t0()));
            if (!split(h, s.tube(), 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The validated step of length h as one flow-taylor step, or as two halves (recursively, at
     * most 4 levels) while no Picard tube is found or the Lagrange remainder over the checker's box E exceeds {@link #REMAINDER}
     * (the box is wider than the integrator's path enclosure, so its remainder is larger).
     */
    private boolean split(BigFraction h, Interval[] tube, int depth) {
        Interval[] e = tube(h, tube);
        if (e == null && depth >= 4) {
            return false;
        }
        if (e == null || (depth < 4 && remainder(e, h) > REMAINDER)) {
            return split(h.divide(2), null, depth + 1) && split(h.divide(2), null, depth + 1);
        }
        return step(h, e);
    }

    /** The step's remainder term bound max_i |Y_k(E)_i| h^k (binary64 intervals: an estimate of the checker's). */
    private double remainder(Interval[] e, BigFraction h) {
        Interval[][] y = new Interval[ORDER + 1][p];
        y[0] = e;
        for (int j = 0; j < ORDER; j++) {
            Taylor.Field<Interval> tf = Taylor.field(Interval.FIELD, j);
            Taylor<Interval>[] x = tf.columns(p, (m, i) -> y[m][i]);
            Taylor<Interval>[] g = LossGradient.evaluate(problem, tf, x).gradient();
            for (int i = 0; i < p; i++) {
                y[j + 1][i] = g[i].coefficient(j).negate().divide(Interval.of(j + 1));
            }
        }
        double m = 0;
        for (Interval v : y[ORDER]) {
            m = Math.max(m, v.mag());
        }
        double rem = m * Math.pow(h.doubleValue(), ORDER);
        return Double.isNaN(rem) ? Double.POSITIVE_INFINITY : rem; // NaN (overflow): split the step
    }

    /** A box E with hull B(c, r) + [0, h]·F(E) ⊆ E (checked with slack), grown from the hint; null if none. */
    private Interval[] tube(BigFraction h, Interval[] tube) {
        if (!Double.isFinite(r)) {
            why = "the enclosure's radius overflowed at t = " + Numbers.format(t);
            return null;
        }
        Interval hi = Interval.from(h);
        Interval[] ball = new Interval[p];
        for (int i = 0; i < p; i++) {
            BigFraction rr = Numbers.ofDouble(r);
            ball[i] = Interval.from(c[i].subtract(rr), c[i].add(rr));
        }
        // start: the integrator's tube, or (for a split step) the ball swept by the field on it
        Interval[] e = new Interval[p];
        Interval[] g0 = tube == null ? Enclosures.gradient(problem, ball) : null;
        for (int i = 0; i < p; i++) {
            e[i] = widen(tube != null ? Interval.hull(tube[i], ball[i])
                    : ball[i].add(Interval.hull(Interval.ZERO, g0[i].negate().multiply(hi))), 0.125, 0x1p-40);
            if (e[i] == null) {
                // the gradient over the ball (or the integrator's tube) overflowed binary64: no tube here;
                // split() tries shorter steps, and after 4 halvings the claim is NOT PROVED with this reason
                why = "the gradient over the enclosure is not finite at t = " + Numbers.format(t);
                return null;
            }
        }
        boolean ok = false;
        for (int attempt = 0; attempt < 12 && !ok; attempt++) {
            Interval[] g = Enclosures.gradient(problem, e);
            ok = true;
            for (int i = 0; i < p; i++) {
                // the checker's F(E) may be wider: 1/16 of the width on each side (as FlowStepper)
                Interval f = widen(g[i].negate(), 0.0625, 0x1p-60);
                Interval cand = f == null ? null : ball[i].add(Interval.hull(Interval.ZERO, f.multiply(hi)));
                if (cand == null || !Double.isFinite(cand.width())) {
                    why = "the gradient over the tube is not finite at t = " + Numbers.format(t);
                    return null;
                }
                if (!cand.subsetOf(e[i])) {
                    ok = false;
                    e[i] = widen(Interval.hull(cand, e[i]), 0.125, 0x1p-40);
                    if (e[i] == null) {
                        why = "the Picard tube grew beyond binary64 at t = " + Numbers.format(t);
                        return null;
                    }
                }
            }
        }
        if (!ok) {
            why = "no Picard tube found for the step at t = " + Numbers.format(t);
            return null;
        }
        return e;
    }

    /** Emits the step of length h with tube e from the current ball and moves the ball. */
    private boolean step(BigFraction h, Interval[] e) {
        // l ≥ ρ − λmin(mid ∇²L(E)), doubled ρ and a relative margin for the checker's own enclosure
        Interval[][] m = Hessian.full(problem, Interval.FIELD, e).hessian();
        double[][] mid = new double[p][p];
        double rho = 0;
        for (int i = 0; i < p; i++) {
            double row = 0;
            for (int j = 0; j < p; j++) {
                mid[i][j] = m[i][j].mid();
                row += m[i][j].width() / 2;
            }
            rho = Math.max(rho, row);
        }
        double lmin = SymmetricEigen.extremes(mid)[0];
        double l = 2 * rho - lmin + 1e-4 * (1 + Math.abs(lmin)) + 1e-9;
        if (!Double.isFinite(l)) {
            why = "no log-norm bound on the tube at t = " + Numbers.format(t);
            return false;
        }
        BigFraction lq = Enclosures.round(Numbers.ofDouble(l), 24, true);
        // the new centre: c + Σ_{j=1}^{k} a_j h^j in exact rationals (a: binary64 predictor at c)
        double[] cd = new double[p];
        for (int i = 0; i < p; i++) {
            cd[i] = c[i].doubleValue();
        }
        double[][] a = ValidatedFlow.predictorCoefficients(problem, cd, ORDER);
        for (double[] row : a) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    why = "the Taylor predictor overflowed binary64 at t = " + Numbers.format(t);
                    return false;
                }
            }
        }
        BigFraction[] c1 = new BigFraction[p];
        for (int i = 0; i < p; i++) {
            BigFraction v = BigFraction.ZERO;
            for (int j = ORDER; j >= 1; j--) {
                v = v.add(Numbers.ofDouble(a[j][i])).multiply(h);
            }
            c1[i] = Enclosures.round(c[i].add(v), BITS, true);
        }
        ObjectNode s = lastId < 0 ? ctx.steps().step("flow-taylor") : ctx.steps().step("flow-taylor", lastId);
        s.put("bits", BITS);
        s.put("h", Steps.num(h));
        s.put("order", ORDER);
        Steps.putBox(s, "E", e);
        var arr = s.putArray("c");
        for (BigFraction q : c1) {
            arr.add(Steps.num(q));
        }
        s.put("l", Steps.num(lq));
        lastId = ctx.steps().add(s);
        // an upper estimate of the checker's radius: the ball carried, plus the predictor's error
        // (binary64 rounding, 1e-15 relative to the step's motion) and 2^-60
        double move = 0;
        for (int i = 0; i < p; i++) {
            move = Math.max(move, Math.abs(c1[i].subtract(c[i]).doubleValue()));
        }
        r = r * Math.exp(l * h.doubleValue()) * (1 + 1e-9) + Math.sqrt(p) * (1e-15 * move + 0x1p-60);
        if (!Double.isFinite(r)) {
            why = "the enclosure's radius overflowed after the step at t = " + Numbers.format(t);
            return false;
        }
        c = c1;
        t = t.add(h);
        BigFraction min = BigFraction.ZERO;
        for (BigFraction ci : c) {
            BigFraction gap = ci.abs().subtract(Numbers.ofDouble(r));
            min = min.add(gap.signum() > 0 ? gap.multiply(gap) : BigFraction.ZERO);
        }
        ends.add(new BigFraction[] {BigFraction.of(lastId), t, min});
        return true;
    }

    /** Whether the box hull of the current ball lies in the box (rational ends lo[i], hi[i]); else the first component that does not, as a message. */
    String outside(BigFraction[][] box) {
        BigFraction rr = Numbers.ofDouble(r);
        for (int i = 0; i < p; i++) {
            if (c[i].subtract(rr).subtract(box[i][0]).signum() < 0 || c[i].add(rr).subtract(box[i][1]).signum() > 0) {
                return "theta_" + i + "(" + Numbers.format(t) + ") is enclosed by " + c[i].doubleValue() + " +- " + r
                        + ", not inside the claimed box";
            }
        }
        return null;
    }

    /** x widened by fraction·width + extra on each side, or null when x or the result is not a finite interval. */
    private static Interval widen(Interval x, double fraction, double extra) {
        double width = x.width();
        if (!Double.isFinite(width)) {
            return null;
        }
        Interval w = Interval.of(width).multiply(Interval.of(fraction)).add(Interval.of(extra));
        Interval y = Interval.hull(x.subtract(w), x.add(w));
        return Double.isFinite(y.width()) ? y : null;
    }
}
