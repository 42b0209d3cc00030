package org.flowcert.check;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The checker's own reader of exact numbers (CONTRACT.md section 1 forms: integer {@code -3}, decimal
 * {@code -0.0025}, rational {@code -1/8}, hex {@code 0x1.8p-1}), read exactly and within the limits
 * {@code digits} and {@code exponent} (certificate-format.md section 7) before any power of ten or two is built.
 */
final class ExactNumbers {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern RATIONAL = Pattern.compile("([+-]?[0-9]+)/([0-9]+)");
    /** Groups: 1 sign, 2 integer digits, 3 fraction digits, 4 exponent. */
    private static final Pattern DECIMAL =
            Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");
    /** Groups: 1 sign, 2 integer hex digits, 3 fraction hex digits, 4 binary exponent. */
    private static final Pattern HEX =
            Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)");

    private ExactNumbers() {
    }

    /**
     * The exact value of {@code text}.
     *
     * @throws Malformed     when the text is not one of the forms (the message starts with {@code where})
     * @throws LimitExceeded when it has more digits or a larger exponent than the limits allow
     */
    static BigFraction parse(String text, String where) throws Malformed {
        Limits lim = Work.limits();
        Malformed.when(text == null || text.isEmpty(), where + ": expected a number, found an empty text");
        if (text.length() > lim.digits()) {
            throw LimitExceeded.of(where, "digits", "a number of " + text.length() + " characters", lim.digits());
        }
        if (INTEGER.matcher(text).matches()) {
            return BigFraction.of(new BigInteger(text));
        }
        Matcher m = RATIONAL.matcher(text);
        if (m.matches()) {
            BigInteger den = new BigInteger(m.group(2));
            Malformed.when(den.signum() == 0, where + ": a rational with a zero denominator");
            return BigFraction.of(new BigInteger(m.group(1)), den);
        }
        m = DECIMAL.matcher(text);
        if (m.matches() && !(m.group(2) + (m.group(3) == null ? "" : m.group(3))).isEmpty()) {
            String frac = m.group(3) == null ? "" : m.group(3);
            BigInteger mant = new BigInteger(m.group(1) + m.group(2) + frac);
            return scaled(mant, exponent(m.group(4), where, lim) - frac.length(), BigInteger.TEN, where, lim);
        }
        m = HEX.matcher(text);
        if (m.matches()) {
            String frac = m.group(3) == null ? "" : m.group(3);
            Malformed.when(m.group(2).isEmpty() && frac.isEmpty(), where + ": a hex number without digits");
            BigInteger mant = new BigInteger(m.group(1) + m.group(2) + frac, 16);
            return scaled(mant, exponent(m.group(4), where, lim) - 4L * frac.length(), BigInteger.TWO, where, lim);
        }
        throw new Malformed(where + ": expected a number (integer, decimal, p/q or hex 0x1.8p-1), found \""
                + Checker.escape(text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"");
    }

    /** The written exponent (0 when absent), refused beyond twice the limit before it is parsed. */
    private static long exponent(String e, String where, Limits lim) {
        if (e == null) {
            return 0;
        }
        String digits = e.replaceFirst("^[+-]?0*", "");
        if (digits.length() > 18) {
            throw LimitExceeded.of(where, "exponent", "the exponent " + e, lim.exponent());
        }
        return Long.parseLong(e);
    }

    /** mant·base^e, with |e| within the limit {@code exponent}. */
    private static BigFraction scaled(BigInteger mant, long e, BigInteger base, String where, Limits lim) {
        // beyond Integer.MAX_VALUE the int conversion below would wrap (1e4294967296 read as 1): refused whatever
        // the limit says
        if (e > lim.exponent() || -e > lim.exponent() || e > Integer.MAX_VALUE || -e > Integer.MAX_VALUE) {
            throw LimitExceeded.of(where, "exponent", "the exponent " + e, lim.exponent());
        }
        return e >= 0 ? BigFraction.of(mant.multiply(base.pow((int) e)))
                : BigFraction.of(mant, base.pow((int) -e));
    }
}
