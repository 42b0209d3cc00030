package org.flowcert.check;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The scalar operations the checker's network evaluation needs, implemented by rational
 * intervals ({@link RationalInterval}) and by polynomials in x with interval coefficients ({@link XPoly},
 * for the integral risk). Every implementation satisfies the inclusion property.
 */
public interface Scalar<T extends Scalar<T>> {
    /** The constant q in this scalar's kind (same precision, same piece). */
    T c(BigFraction q);

    T add(T o);

    /** this − o as this + (−o) (RationalInterval overrides it with the direct interval difference). */
    default T sub(T o) {
        return add(o.neg());
    }

    T mul(T o);

    T neg();

    /** Enclosures of σ(z), σ'(z), ..., σ^(order)(z) for z = this. */
    T[] act(Activation a, int order) throws Invalid;

    /** The first order + 1 of the enclosures σ, σ', σ'' (what {@link #act} returns). */
    @SafeVarargs
    static <T extends Scalar<T>> T[] upTo(int order, T... derivatives) {
        return Arrays.copyOf(derivatives, order + 1);
    }

    /** σ^(k)(this) for k ≤ order, σ a polynomial activation: Horner on each derivative's coefficients. */
    @SuppressWarnings("unchecked")
    default T[] poly(Activation a, int order) {
        T[] out = Jet.array((T) this, order + 1);
        BigFraction[] d = a.coefficients;
        for (int k = 0; k <= order; k++, d = Poly.der(d)) {
            T acc = c(d.length == 0 ? BigFraction.ZERO : d[d.length - 1]);
            for (int i = d.length - 2; i >= 0; i--) {
                acc = acc.mul((T) this).add(c(d[i]));
            }
            out[k] = acc;
        }
        return out;
    }
}
