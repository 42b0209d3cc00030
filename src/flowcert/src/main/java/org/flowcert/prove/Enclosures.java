package org.flowcert.prove;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Exact;
import org.flowcert.arith.Interval;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The provers' rigorous evaluation, built on the prover side only ({@code eval.LossGradient},
 * {@code arith.Exact}/{@code Interval}/{@code Ball}, {@code model}), never on the checker's code
 * (issue 7: the checker shares no code with the prover beyond parsing; CheckerIsolationTest).
 *
 * <p>The checker re-evaluates everything its own way (forward-mode jets over rational intervals,
 * its own elementary functions), so its enclosures are not the prover's. What a prover records
 * must contain the checker's enclosure: point values are recorded with a margin far above both
 * rounding errors ({@link #lossForStep}), box hints with slack (the callers). The certificate is
 * re-checked by the checker before it is written ({@link Certifier}), so a too-tight hint costs a
 * NOT PROVED, never a wrong certificate. Public for prove.critical: {@link #lossForStep} for a
 * loss step; its branch and bound uses {@code eval.LossGradient} over {@code arith.Interval} boxes.
 */
public final class Enclosures {
    private Enclosures() {
    }

    /** Whether σ is smooth (not relu-type): flow steps and second derivatives need it. */
    public static boolean smooth(Problem p) {
        Activation a = p.network().activation();
        return p.network().layers() < 2 || !(a instanceof Activation.Relu || a instanceof Activation.LeakyRelu);
    }

    /** Whether the loss is rational at rational θ (exact evaluation possible). */
    public static boolean rational(Problem p) {
        return p.network().layers() < 2 || p.network().activation().isPiecewisePolynomial();
    }

    /**
     * An interval [lo, hi] containing L(θ) and, with a margin of 2^(−3·bits/4)·(1 + |L|), the
     * checker's own enclosure at precision {@code bits} (0: the exact value, both ends equal).
     * The checker's error is a few thousand roundings of relative size 2^−bits, far below the margin.
     */
    public static BigFraction[] lossForStep(Problem p, int bits) {
        if (bits == 0) {
            BigFraction l = LossGradient.loss(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta())).exactValue()
                    .orElseThrow();
            return new BigFraction[] {l, l};
        }
        Ball.Field f = Ball.field(bits + 64);
        Ball l = LossGradient.loss(p, f, LossGradient.of(f, p.theta()));
        BigFraction m = BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(3 * bits / 4))
                .multiply(l.upper().abs().add(l.lower().abs()).add(BigFraction.ONE));
        return new BigFraction[] {round(l.lower().subtract(m), bits, false), round(l.upper().add(m), bits, true)};
    }

    /** ∇L(θ) exactly (piecewise-polynomial activations only). */
    public static BigFraction[] exactGradient(Problem p) {
        Exact[] g = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta())).gradient();
        BigFraction[] out = new BigFraction[g.length];
        for (int k = 0; k < g.length; k++) {
            out[k] = g[k].exactValue().orElseThrow();
        }
        return out;
    }

    /** ∇L enclosed over every point of the box (binary64 intervals). */
    public static Interval[] gradient(Problem p, Interval[] box) {
        return LossGradient.evaluate(p, Interval.FIELD, box).gradient();
    }

    /** The box as binary64 intervals containing the rational θ. */
    public static Interval[] theta(Problem p) {
        BigFraction[] t = p.theta();
        Interval[] x = new Interval[t.length];
        for (int k = 0; k < t.length; k++) {
            x[k] = Interval.from(t[k]);
        }
        return x;
    }

    /**
     * The residuals N(x_i)_o − y_io of a data risk (i, then o) over the box {@code theta}, as
     * duals over {@code field}: one plain forward pass written over {@link Num}, so that
     * {@link Dual} numbers give the Jacobian and nested duals the Hessians.
     */
    static <T extends Num<T>> List<T> residuals(Problem p, NumField<T> field, T[] theta) {
        Network net = p.network();
        Risk.Data data = (Risk.Data) p.risk();
        List<T> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            T[] a = field.newArray(net.inputWidth());
            for (int j = 0; j < a.length; j++) {
                a[j] = field.of(data.x()[i][j]);
            }
            for (int l = 0; l < net.layers(); l++) {
                T[] next = field.newArray(net.width(l + 1));
                for (int o = 0; o < next.length; o++) {
                    T z = theta[net.biasOffset(l) + o];
                    for (int j = 0; j < a.length; j++) {
                        z = z.add(theta[net.weightOffset(l) + o * a.length + j].multiply(a[j]));
                    }
                    next[o] = l + 1 < net.layers() ? net.activation().value(z) : z;
                }
                a = next;
            }
            for (int o = 0; o < a.length; o++) {
                out.add(a[o].subtract(field.of(data.y()[i][o])));
            }
        }
        return out;
    }

    /** Residuals with their gradients (dual numbers in P directions) over the box. */
    static List<Dual<Interval>> residualJacobian(Problem p, Interval[] box) {
        Dual.Field<Interval> df = Dual.field(Interval.FIELD, box.length);
        Dual<Interval>[] t = df.newArray(box.length);
        for (int k = 0; k < box.length; k++) {
            t[k] = df.variable(box[k], k);
        }
        return residuals(p, df, t);
    }

    /** Residual Hessians over the box: entry [i][k][l] encloses ∂²r_i/∂θ_k∂θ_l (nested duals). */
    static Interval[][][] residualHessians(Problem p, Interval[] box) {
        int n = box.length;
        Dual.Field<Interval> inner = Dual.field(Interval.FIELD, n);
        Dual.Field<Dual<Interval>> outer = Dual.field(inner, n);
        Dual<Dual<Interval>>[] t = outer.newArray(n);
        for (int k = 0; k < n; k++) {
            t[k] = outer.variable(inner.variable(box[k], k), k);
        }
        List<Dual<Dual<Interval>>> r = residuals(p, outer, t);
        Interval[][][] h = new Interval[r.size()][n][n];
        for (int i = 0; i < r.size(); i++) {
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < n; l++) {
                    h[i][k][l] = r.get(i).tangent(k).tangent(l);
                }
            }
        }
        return h;
    }

    /** q rounded outward (down or up) to a dyadic with about {@code bits} significant bits. */
    public static BigFraction round(BigFraction q, int bits, boolean up) {
        if (q.signum() == 0 || q.getDenominator().bitLength() <= bits + 1) {
            return q;
        }
        int e = bits - (q.getNumerator().bitLength() - q.getDenominator().bitLength());
        BigInteger scaled = e >= 0 ? q.getNumerator().shiftLeft(e) : q.getNumerator();
        BigInteger den = e >= 0 ? q.getDenominator() : q.getDenominator().shiftLeft(-e);
        BigInteger[] qr = scaled.divideAndRemainder(den);
        BigInteger f = qr[0];
        if (qr[1].signum() != 0 && (qr[1].signum() * den.signum() > 0) == up) {
            f = f.add(BigInteger.valueOf(up ? 1 : -1));
        }
        return e >= 0 ? BigFraction.of(f, BigInteger.ONE.shiftLeft(e)) : BigFraction.of(f.shiftLeft(-e));
    }
}
