package org.flowcert.eval;

import org.flowcert.arith.Dual;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.model.Problem;

/**
 * Hessian–vector products and full Hessians of the loss, by running the generic reverse-mode
 * {@link LossGradient#evaluate} over {@link Dual} numbers (forward-over-reverse).
 *
 * <p><b>Accuracy contract.</b> Over a rigorous arithmetic with box inputs, every entry encloses
 * the corresponding second derivative at every point of the box (each dual operation is the
 * chain rule evaluated in enclosures). Over {@code double} the result is the rounded value.
 * Where the Hessian does not exist (a relu kink inside the box, or at the point), the
 * computation throws {@link Dual.KinkException} instead of returning a wrong matrix.
 */
public final class Hessian {
    private Hessian() {
    }

    /** L, ∇L and ∇²L at one point or box. */
    public record Result<T extends Num<T>>(T loss, T[] gradient, T[][] hessian) {
    }

    /** L, ∇L and H·v at one point or box. */
    public record Product<T extends Num<T>>(T loss, T[] gradient, T[] hessianTimesVector) {
    }

    /**
     * ∇²L(θ)·v with one pass of reverse mode over one-direction duals. {@code theta} and
     * {@code v} have length P.
     */
    public static <T extends Num<T>> Product<T> times(Problem problem, NumField<T> field, T[] theta, T[] v) {
        int p = problem.parameterCount();
        check(p, theta.length, "theta");
        check(p, v.length, "v");
        Dual.Field<T> df = Dual.field(field, 1);
        Dual<T>[] x = df.newArray(p);
        T[] dir = field.newArray(1);
        for (int i = 0; i < p; i++) {
            dir[0] = v[i];
            x[i] = df.of(theta[i], dir);
        }
        LossGradient.Result<Dual<T>> r = LossGradient.evaluate(problem, df, x);
        T[] g = field.newArray(p);
        T[] hv = field.newArray(p);
        for (int i = 0; i < p; i++) {
            g[i] = r.gradient()[i].value();
            hv[i] = r.gradient()[i].tangent(0);
        }
        return new Product<>(r.loss().value(), g, hv);
    }

    /**
     * The full Hessian with one pass of reverse mode over P-direction duals (entry [i][j] =
     * ∂²L/∂θ_i∂θ_j, computed as the derivative of (∇L)_i along e_j). The matrix is returned as
     * computed: in interval arithmetic [i][j] and [j][i] may differ slightly, both enclosures.
     */
    public static <T extends Num<T>> Result<T> full(Problem problem, NumField<T> field, T[] theta) {
        int p = problem.parameterCount();
        check(p, theta.length, "theta");
        Dual.Field<T> df = Dual.field(field, p);
        Dual<T>[] x = df.newArray(p);
        for (int i = 0; i < p; i++) {
            x[i] = df.variable(theta[i], i);
        }
        LossGradient.Result<Dual<T>> r = LossGradient.evaluate(problem, df, x);
        T[] g = field.newArray(p);
        T[][] h = newMatrix(field, p);
        for (int i = 0; i < p; i++) {
            g[i] = r.gradient()[i].value();
            for (int j = 0; j < p; j++) {
                h[i][j] = r.gradient()[i].tangent(j);
            }
        }
        return new Result<>(r.loss().value(), g, h);
    }

    private static <T extends Num<T>> T[][] newMatrix(NumField<T> field, int p) {
        T[] first = field.newArray(p);
        @SuppressWarnings("unchecked")
        T[][] h = (T[][]) java.lang.reflect.Array.newInstance(first.getClass(), p);
        for (int i = 0; i < p; i++) {
            h[i] = i == 0 ? first : field.newArray(p);
        }
        return h;
    }

    private static void check(int p, int n, String what) {
        if (n != p) {
            throw new IllegalArgumentException(what + " has length " + n + ", expected P = " + p);
        }
    }
}
