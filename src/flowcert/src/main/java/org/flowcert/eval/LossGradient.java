package org.flowcert.eval;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.io.UserError;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The loss L(θ) and its gradient ∇L(θ), written once over {@link Num} (reverse mode).
 *
 * <p>Accuracy contract: in a rigorous arithmetic ({@code exact}, {@code interval},
 * {@code ball:BITS}) the results enclose the true L and ∇L (exactly in {@code exact}), for
 * every point of {@code theta} when it holds sets (boxes). Gradients at relu kinks follow the
 * contract's convention relu'(0) = 0, leaky_relu'(0) = S. In {@code double} the results are
 * approximations (data risks: the plain rounded backprop; smooth integral risks: composite
 * Gauss–Legendre). The mathematics is in proofs-notes/loss-gradient.md.
 *
 * <p>Only the {@link Num} interface is used on the generic path, so any arithmetic, also a
 * dual-number type built on {@link Num}, runs it unchanged. The centred (mean-value) form for
 * boxes is in {@link BoxForm}; the fast interval kernel of the W1 workload in
 * {@link ShallowIntervalKernel}.
 */
public final class LossGradient {
    private LossGradient() {
    }

    /** L and ∇L (length P) at one point or set of points θ. */
    public record Result<T extends Num<T>>(T loss, T[] gradient) {
    }

    /**
     * L and ∇L at {@code theta} (length P) for the problem's network and risk (the problem's own
     * theta is ignored). In a rigorous arithmetic, when {@code theta} holds sets (boxes), the
     * result encloses L and ∇L over every point of the box.
     *
     * @throws org.flowcert.io.UserError when the arithmetic cannot evaluate this problem
     *         (exact arithmetic with a transcendental activation)
     */
    public static <T extends Num<T>> Result<T> evaluate(Problem problem, NumField<T> field, T[] theta) {
        Network net = problem.network();
        if (theta.length != net.parameterCount()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, P = "
                    + net.parameterCount());
        }
        checkSupported(problem, field);
        if (problem.risk() instanceof Risk.Data data) {
            return dataRisk(net, data, field, theta);
        }
        return IntegralRisk.evaluate(problem, field, theta, Hulls.of(field));
    }

    /** L alone at {@code theta}. */
    public static <T extends Num<T>> T loss(Problem problem, NumField<T> field, T[] theta) {
        return evaluate(problem, field, theta).loss();
    }

    /** Exact evaluation of a polynomial network is refused when d^H exceeds 2^this (examples/LIMITS.md). */
    public static final int MAX_EXACT_GROWTH_BITS = 12;

    /**
     * Refuses up front, with a user error, an arithmetic that lacks a primitive the activation
     * needs (exact arithmetic and tanh, ...), so that users never see an internal error.
     */
    public static void checkSupported(Problem problem, NumField<?> field) {
        if (problem.network().layers() < 2) {
            return; // no hidden layer: the activation is never applied
        }
        if (field == org.flowcert.arith.Exact.FIELD
                && problem.network().activation() instanceof org.flowcert.model.Activation.Poly poly) {
            // exact rationals through H hidden layers of a degree-d polynomial grow like d^H times the
            // inputs' size (d = 2, H = 40: 10^12 times); refuse before the work, not after hours
            BigFraction[] c = poly.coefficients();
            int d = c.length - 1;
            while (d > 0 && c[d].signum() == 0) {
                d--;
            }
            int hidden = problem.network().layers() - 1;
            double growth = hidden * Math.log(Math.max(d, 1)) / Math.log(2);
            if (growth > MAX_EXACT_GROWTH_BITS) {
                throw new UserError(problem.source(), "network", "exact arithmetic through " + hidden
                        + " hidden layers of a degree-" + d + " polynomial activation multiplies the size of the numbers"
                        + " by " + d + "^" + hidden + " (more than 2^" + MAX_EXACT_GROWTH_BITS + "); "
                        + Arithmetics.alternatives("exact", problem));
            }
        }
        for (Num.Primitive p : problem.network().activation().needs()) {
            if (!field.supports(p)) {
                throw new UserError(problem.source(), "network.activation", "activation "
                        + problem.network().activation().spec() + " is not piecewise polynomial, so " + field.name()
                        + " arithmetic cannot evaluate it; " + Arithmetics.alternatives(field.name(), problem));
            }
        }
    }

    /** θ's exact values in an arithmetic (enclosed when not representable). */
    public static <T extends Num<T>> T[] of(NumField<T> field, BigFraction[] theta) {
        T[] t = field.newArray(theta.length);
        for (int i = 0; i < theta.length; i++) {
            t[i] = field.of(theta[i]);
        }
        return t;
    }

    private static <T extends Num<T>> Result<T> dataRisk(Network net, Risk.Data data, NumField<T> f, T[] theta) {
        T[][] xs = DataCache.matrix(data.x(), f);
        T[][] ys = DataCache.matrix(data.y(), f);
        Backprop<T> bp = Backprop.run(net, f, theta, xs, ys, null);
        T[] g = f.newArray(bp.g.length);
        T loss;
        if (data.reduction() == Risk.Reduction.MEAN) {
            // L = S/n, ∇L = 2G/n: scaled once at the end (one rounding each in interval mode)
            T n = f.of(data.size());
            T two = f.of(2);
            loss = bp.sum.divide(n);
            for (int k = 0; k < g.length; k++) {
                g[k] = bp.g[k].multiply(two).divide(n);
            }
        } else {
            // L = S/2, ∇L = G
            loss = bp.sum.divide(f.of(2));
            System.arraycopy(bp.g, 0, g, 0, g.length);
        }
        return new Result<>(loss, g);
    }
}
