package org.flowcert.arith;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The factory and constants of one arithmetic (one context object per arithmetic policy,
 * in the manner of JInterval's contexts).
 *
 * @param <T> the number type
 */
public interface NumField<T extends Num<T>> {

    /** The arithmetic's name as on the command line: {@code exact}, {@code interval}, {@code double}, {@code ball:256}. */
    String name();

    /** Whether results enclose the true values. */
    boolean rigorous();

    /** Whether {@code p} is available (exact rationals have no transcendental functions). */
    boolean supports(Num.Primitive p);

    T zero();

    T one();

    /** The rational {@code q}, enclosed as tightly as the arithmetic allows (exactly when it can). */
    T of(BigFraction q);

    default T of(long n) {
        return of(BigFraction.of(n));
    }

    /** An enclosure of 1/√2 (for GELU). */
    T invSqrt2();

    /** An enclosure of 1/√(2π) (for GELU's derivative). */
    T invSqrt2Pi();

    /** A new array of length n (Java cannot create generic arrays). */
    T[] newArray(int n);
}
