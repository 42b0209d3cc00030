package org.flowcert.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Reads the number forms of the contract (CONTRACT.md section 1) into exact rationals.
 *
 * <p>Forms: integer {@code -3}; decimal {@code 0.1}, {@code -2.5e-3} (read exactly: 1/10, not
 * the nearest double); rational {@code -1/8}; hex float {@code 0x1.3c6ef372fe950p-1} (that
 * binary value exactly). Nothing is ever rounded. Anything else is a {@link UserError}.
 *
 * <p>This class is a parsing primitive: the trusted checker may use it.
 */
public final class Numbers {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern RATIONAL = Pattern.compile("([+-]?[0-9]+)/([0-9]+)");
    private static final Pattern HEX =
            Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)");
    /** Exponents beyond this are refused: 10^100000 has no business in a problem file. */
    private static final int MAX_EXPONENT = 100_000;

    private Numbers() {
    }

    /** Whether {@code text} is one of the accepted forms. */
    public static boolean isNumber(String text) {
        try {
            parse(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Parses {@code text} exactly.
     *
     * @param text the number's text
     * @param file the file it came from (for the error), or null
     * @param field the field it came from (for the error)
     * @return the exact value
     * @throws UserError if the text is not one of the accepted forms
     */
    public static BigFraction parse(String text, String file, String field) {
        try {
            return parse(text);
        } catch (NumberFormatException e) {
            throw new UserError(file, field, "expected a number (integer, decimal such as \"0.1\","
                    + " rational such as \"-1/8\", or hex float such as \"0x1.8p-1\"), found "
                    + quote(text) + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    /**
     * Parses {@code text} exactly, first refusing it (before any work proportional to its size or
     * exponent) when it exceeds {@code limits}: more than {@code digits} characters, a decimal
     * exponent beyond {@code exponent}, a hex binary exponent beyond {@link Limits#binaryExponent()}.
     *
     * @throws UserError naming the file, the field, the value and the limit
     */
    public static BigFraction parse(String text, String file, String field, Limits limits) {
        if (text != null) {
            checkLimits(text, file, field, limits);
        }
        return parse(text, file, field);
    }

    /** The limits check of {@link #parse(String, String, String, Limits)}, on the text alone. */
    public static void checkLimits(String text, String file, String field, Limits limits) {
        if (text.length() > limits.digits()) {
            throw limits.exceeded("digits", text.length() + " (\"" + Limits.Text.shorten(text) + "\")", file, field);
        }
        String s = text.trim();
        boolean hex = s.matches("[+-]?0[xX].*");
        int ex = hex ? Math.max(s.indexOf('p'), s.indexOf('P')) : Math.max(s.indexOf('e'), s.indexOf('E'));
        String mant = ex < 0 ? s : s.substring(0, ex);
        String exp = ex < 0 ? "0" : s.substring(ex + 1);
        if (!exp.matches("[+-]?[0-9]+")) {
            return; // not a number: parse says so
        }
        int dot = mant.indexOf('.');
        long frac = dot < 0 ? 0 : mant.length() - dot - 1;
        String digits = exp.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
        long e = digits.length() > 15 ? Long.MAX_VALUE / 8 : Long.parseLong(digits);
        e = exp.startsWith("-") ? -e : e;
        if (hex) {
            long b = e - 4 * frac;
            if (Math.abs(b) > limits.binaryExponent()) {
                throw new UserError(file, field, "binary exponent " + (Math.abs(e) >= Long.MAX_VALUE / 8 ? exp : b)
                        + " of \"" + Limits.Text.shorten(text) + "\" exceeds the limit " + limits.binaryExponent()
                        + " (exponent " + limits.exponent() + " · log2 10; raise it with --limit exponent=N;"
                        + " examples/LIMITS.md)");
            }
        } else if (ex >= 0 || dot >= 0) {
            long scale = frac - e;
            if (Math.abs(scale) > limits.exponent()) {
                throw new UserError(file, field, "decimal exponent " + (Math.abs(e) >= Long.MAX_VALUE / 8 ? exp
                        : Long.toString(-scale)) + " of \"" + Limits.Text.shorten(text) + "\" exceeds the limit "
                        + limits.exponent() + " (raise it with --limit exponent=N; examples/LIMITS.md)");
            }
        }
    }

    /**
     * Parses {@code text} exactly.
     *
     * @throws NumberFormatException with a short reason if the text is not a number
     */
    public static BigFraction parse(String text) {
        if (text == null) {
            throw new NumberFormatException(null);
        }
        String s = text.trim();
        if (!s.equals(text) || s.isEmpty()) {
            throw new NumberFormatException(s.isEmpty() ? "empty" : "surrounding white space");
        }
        if (INTEGER.matcher(s).matches()) {
            return BigFraction.of(new BigInteger(s));
        }
        Matcher m = RATIONAL.matcher(s);
        if (m.matches()) {
            BigInteger den = new BigInteger(m.group(2));
            if (den.signum() == 0) {
                throw new NumberFormatException("zero denominator");
            }
            return BigFraction.of(new BigInteger(m.group(1)), den);
        }
        if (DECIMAL.matcher(s).matches()) {
            BigDecimal d = new BigDecimal(s);
            if (Math.abs((long) d.scale()) > MAX_EXPONENT) {
                throw new NumberFormatException("exponent out of range");
            }
            return ofDecimal(d);
        }
        m = HEX.matcher(s);
        if (m.matches()) {
            String intDigits = m.group(2);
            String fracDigits = m.group(3) == null ? "" : m.group(3);
            if (intDigits.isEmpty() && fracDigits.isEmpty()) {
                throw new NumberFormatException("hex float without digits");
            }
            long exp = Long.parseLong(m.group(4));
            exp -= 4L * fracDigits.length();
            if (Math.abs(exp) > 4 * MAX_EXPONENT) {
                throw new NumberFormatException("exponent out of range");
            }
            BigInteger mant = new BigInteger(intDigits + fracDigits, 16);
            if (m.group(1).equals("-")) {
                mant = mant.negate();
            }
            return exp >= 0 ? BigFraction.of(mant.shiftLeft((int) exp))
                    : BigFraction.of(mant, BigInteger.ONE.shiftLeft((int) -exp));
        }
        throw new NumberFormatException(null);
    }

    /**
     * The exact value of a decimal.
     *
     * @throws NumberFormatException when |scale| exceeds the hard bound 100000 (10^-100000 would take
     *     seconds and megabytes; readers apply the lower {@link Limits#exponent()} first)
     */
    public static BigFraction ofDecimal(BigDecimal d) {
        BigInteger unscaled = d.unscaledValue();
        int scale = d.scale();
        if (Math.abs((long) scale) > MAX_EXPONENT) {
            throw new NumberFormatException("exponent out of range");
        }
        return scale >= 0 ? BigFraction.of(unscaled, BigInteger.TEN.pow(scale))
                : BigFraction.of(unscaled.multiply(BigInteger.TEN.pow(-scale)));
    }

    /** The exact value of a finite double. */
    public static BigFraction ofDouble(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not finite: " + x);
        }
        return ofDecimal(new BigDecimal(x));
    }

    /**
     * Compares two rationals correctly.
     *
     * <p>Use this, never {@code BigFraction.compareTo}: in Commons Numbers 1.1 and 1.2,
     * {@code BigFraction.compareTo} compares magnitudes when both operands are negative, so
     * {@code BigFraction.of(-5).compareTo(BigFraction.of(-3))} returns 1. A bytecode test
     * ({@code NoBigFractionCompareToTest}) keeps every call out of flowcert.
     */
    public static int compare(BigFraction a, BigFraction b) {
        int sa = a.signum();
        int sb = b.signum();
        if (sa != sb) {
            return Integer.compare(sa, sb);
        }
        return a.subtract(b).signum();
    }

    /** A correct comparator of rationals (see {@link #compare}). */
    public static final java.util.Comparator<BigFraction> ORDER = Numbers::compare;

    /** The smaller of a and b. */
    public static BigFraction min(BigFraction a, BigFraction b) {
        return compare(a, b) <= 0 ? a : b;
    }

    /** The larger of a and b. */
    public static BigFraction max(BigFraction a, BigFraction b) {
        return compare(a, b) >= 0 ? a : b;
    }

    /** Canonical text of an exact value: {@code p/q} in lowest terms with q &gt; 0, or {@code p} when q = 1. */
    public static String format(BigFraction q) {
        // BigFraction may keep a negative denominator (of(1, -3)): print the sign on the numerator
        BigInteger num = q.getNumerator();
        BigInteger den = q.getDenominator();
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            num = num.divide(g);
            den = den.divide(g);
        }
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }

    private static String quote(String s) {
        if (s == null) {
            return "nothing";
        }
        return "\"" + Limits.Text.shorten(s) + "\"";
    }
}
