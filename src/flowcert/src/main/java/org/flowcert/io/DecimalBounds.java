package org.flowcert.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Decimal strings that, read exactly, bound a value from below or above: the {@code lo} and
 * {@code hi} fields of the contract's JSON output. A plain {@code Double.toString} is the
 * shortest text that rounds back to the double, which may lie on either side of it, so it
 * is not a bound.
 */
public final class DecimalBounds {
    /** Significant digits printed: one more than binary64 needs to round-trip. */
    public static final int DIGITS = 18;
    private static final MathContext DOWN = new MathContext(DIGITS, RoundingMode.FLOOR);
    private static final MathContext UP = new MathContext(DIGITS, RoundingMode.CEILING);

    private DecimalBounds() {
    }

    /** A decimal string ≤ x (x finite; infinities print as "-Infinity"/"Infinity"). */
    public static String lower(double x) {
        return Double.isFinite(x) ? text(new BigDecimal(x).round(DOWN)) : infinity(x);
    }

    /** A decimal string ≥ x. */
    public static String upper(double x) {
        return Double.isFinite(x) ? text(new BigDecimal(x).round(UP)) : infinity(x);
    }

    /** A decimal string ≤ q. */
    public static String lower(BigFraction q) {
        return text(divide(q, DOWN));
    }

    /** A decimal string ≥ q. */
    public static String upper(BigFraction q) {
        return text(divide(q, UP));
    }

    /** The nearest decimal of {@code DIGITS} digits (for display, not a bound). */
    public static String nearest(BigFraction q) {
        return text(divide(q, new MathContext(DIGITS, RoundingMode.HALF_EVEN)));
    }

    private static BigDecimal divide(BigFraction q, MathContext mc) {
        return new BigDecimal(q.getNumerator()).divide(new BigDecimal(q.getDenominator()), mc);
    }

    private static String text(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        // plain notation for moderate exponents keeps the output readable; both forms parse exactly
        return s.scale() <= 30 && s.scale() >= -10 ? s.toPlainString() : s.toString();
    }

    private static String infinity(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("NaN has no decimal bound");
        }
        return x > 0 ? "Infinity" : "-Infinity";
    }
}
