package org.flowcert.api;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * One evaluated number: exact rational bounds {@code lower ≤ x ≤ upper} and a {@code double}
 * near it. In a rigorous arithmetic ({@code exact}, {@code interval}, {@code ball:BITS}) the
 * true value lies in {@code [lower, upper]}; in {@code double} both bounds are the computed
 * binary64 number, which need not be the true value.
 *
 * <p>Compare {@code BigFraction}s with {@link #contains} or {@code a.subtract(b).signum()}, not
 * {@code compareTo}: Commons Numbers 1.2's {@code BigFraction.compareTo} is wrong when both
 * operands are negative (it compares magnitudes).
 *
 * @param lower  an exact lower bound (in a rigorous arithmetic)
 * @param upper  an exact upper bound (in a rigorous arithmetic)
 * @param exact  the exact value when the arithmetic knows it as a single rational, else null
 * @param approx a double near the value, for display (not rigorous)
 */
public record Value(BigFraction lower, BigFraction upper, BigFraction exact, double approx) {
    /**
     * The exact value, when known.
     *
     * @return the exact rational value, or empty
     */
    public Optional<BigFraction> exactValue() {
        return Optional.ofNullable(exact);
    }

    /**
     * Whether {@code lower ≤ x ≤ upper}.
     *
     * @param x an exact number
     * @return true when x lies in the enclosure
     */
    public boolean contains(BigFraction x) {
        return Numbers.compare(lower, x) <= 0 && Numbers.compare(x, upper) <= 0;
    }

    /**
     * The width {@code upper − lower} of the enclosure.
     *
     * @return the width, exact
     */
    public BigFraction width() {
        return upper.subtract(lower);
    }
}
