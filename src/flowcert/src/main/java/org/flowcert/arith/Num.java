package org.flowcert.arith;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A number in one of flowcert's arithmetics: exact rationals ({@link Exact}), binary64
 * intervals ({@link Interval}), arbitrary-precision balls ({@link Ball}) and plain
 * binary64 ({@link DoubleNum}).
 *
 * <p>The loss and its gradient are written once over this interface (in the manner of
 * Hipparchus' field elements). In a rigorous arithmetic every operation returns a set
 * that contains the exact result of the operation applied to every pair of points of the
 * operands' sets; in {@code double} it returns the rounded result.
 *
 * <p>Operations an arithmetic cannot do (a transcendental function in exact rationals)
 * throw {@link UnsupportedOperationException}; callers check
 * {@link NumField#supports(Primitive)} first so that users get a clear message.
 *
 * @param <T> the implementing type
 */
public interface Num<T extends Num<T>> {

    /** The primitives whose availability differs between arithmetics. */
    enum Primitive { EXP, LOG, TANH, LOGISTIC, SOFTPLUS, ERF, SQRT }

    NumField<T> field();

    T add(T b);

    T subtract(T b);

    T multiply(T b);

    T divide(T b);

    T negate();

    /** x², tight (for sets: never negative, no dependency effect). */
    T square();

    /** max(x, 0). */
    T relu();

    /**
     * The Heaviside step with the contract's kink convention: 1 where x &gt; 0, 0 where
     * x &le; 0 (so relu'(0) = 0). For a set straddling 0 (with points &gt; 0) it is [0, 1].
     */
    T step();

    T exp();

    T log();

    T tanh();

    /** 1 / (1 + e^(−x)). */
    T logistic();

    /** log(1 + e^x). */
    T softplus();

    T erf();

    T sqrt();

    /** Whether every point of this number is &gt; 0. */
    boolean isPositive();

    /** Whether every point of this number is &lt; 0. */
    boolean isNegative();

    /** A rational lower bound of every point (for {@code double}: the computed value). */
    BigFraction lower();

    /** A rational upper bound of every point (for {@code double}: the computed value). */
    BigFraction upper();

    /** The exact value when it is known to be a single rational; empty otherwise. */
    Optional<BigFraction> exactValue();

    /** A double near the midpoint, for display and for predictors (not rigorous). */
    double approx();
}
