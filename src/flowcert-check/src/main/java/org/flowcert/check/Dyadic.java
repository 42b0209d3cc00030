package org.flowcert.check;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * An exact dyadic number m·2^e (BigInteger mantissa, int exponent): sums and products are exact and need no
 * gcd; {@link #round} and {@link #divide} round to a number of significant bits, down or up, never to nearest
 * (proofs-notes/rules/elementary.md, "Dyadic arithmetic"). The elementary functions' series run on it.
 */
record Dyadic(BigInteger mantissa, int exponent) {
    static final Dyadic ZERO = new Dyadic(BigInteger.ZERO, 0);
    static final Dyadic ONE = new Dyadic(BigInteger.ONE, 0);

    static Dyadic of(long n) {
        return new Dyadic(BigInteger.valueOf(n), 0);
    }

    /** q rounded down (up = false) or up to {@code bits} significant bits. */
    static Dyadic of(BigFraction q, int bits, boolean up) {
        BigInteger[] nd = RationalInterval.nd(q);
        int s = bits + 1 - (nd[0].bitLength() - nd[1].bitLength()); // n·2^s/d has at least bits significant bits
        BigInteger n = s >= 0 ? nd[0].shiftLeft(s) : nd[0];
        BigInteger d = s >= 0 ? nd[1] : nd[1].shiftLeft(-s);
        return new Dyadic(quotient(n, d, up), -s).round(bits, up);
    }

    /** ⌊n/d⌋ or ⌈n/d⌉ for d > 0. */
    private static BigInteger quotient(BigInteger n, BigInteger d, boolean up) {
        BigInteger[] qr = n.divideAndRemainder(d); // truncates toward 0
        int r = qr[1].signum();
        return r == 0 ? qr[0] : up && r > 0 ? qr[0].add(BigInteger.ONE) : !up && r < 0 ? qr[0].subtract(
                BigInteger.ONE) : qr[0];
    }

    int signum() {
        return mantissa.signum();
    }

    Dyadic negate() {
        return new Dyadic(mantissa.negate(), exponent);
    }

    Dyadic add(Dyadic o) {
        if (signum() == 0 || o.signum() == 0) {
            return signum() == 0 ? o : this;
        }
        int e = Integer.min(exponent, o.exponent);
        BigInteger a = mantissa.shiftLeft(exact((long) exponent - e));
        return new Dyadic(a.add(o.mantissa.shiftLeft(exact((long) o.exponent - e))), e);
    }

    Dyadic subtract(Dyadic o) {
        return add(o.negate());
    }

    Dyadic multiply(Dyadic o) {
        return new Dyadic(mantissa.multiply(o.mantissa), exact((long) exponent + o.exponent));
    }

    /** x as an int exponent or shift; beyond the int range an ArithmeticException (never a wrapped exponent). */
    private static int exact(long x) {
        if (x != (int) x) {
            throw new ArithmeticException("a dyadic exponent beyond 2^31");
        }
        return (int) x;
    }

    /** this·2^k, exactly. */
    Dyadic scale(int k) {
        return new Dyadic(mantissa, exact((long) exponent + k));
    }

    /** This rounded down or up to {@code bits} significant bits (shiftRight is the floor for either sign). */
    Dyadic round(int bits, boolean up) {
        int drop = mantissa.bitLength() - bits;
        if (drop <= 0) {
            return this;
        }
        BigInteger m = up ? mantissa.negate().shiftRight(drop).negate() : mantissa.shiftRight(drop);
        return new Dyadic(m, exact((long) exponent + drop));
    }

    /** this/o (o ≠ 0) rounded down or up to {@code bits} significant bits. */
    Dyadic divide(Dyadic o, int bits, boolean up) {
        BigInteger n = mantissa, d = o.mantissa;
        if (d.signum() < 0) {
            n = n.negate();
            d = d.negate();
        }
        int s = Integer.max(0, bits + 1 - (n.bitLength() - d.bitLength()));
        return new Dyadic(quotient(n.shiftLeft(s), d, up), exact((long) exponent - o.exponent - s)).round(bits, up);
    }

    /** The same number with an odd mantissa (or 0·2^0): the normal form of each number. */
    Dyadic normal() {
        int z = mantissa.getLowestSetBit();
        return z == 0 ? this : z < 0 ? ZERO : new Dyadic(mantissa.shiftRight(z), exact((long) exponent + z));
    }

    /** The sign of this − o. */
    int compare(Dyadic o) {
        return subtract(o).signum();
    }

    /** The same number as an exact fraction. */
    BigFraction fraction() {
        return exponent >= 0 ? BigFraction.of(mantissa.shiftLeft(exponent))
                : BigFraction.of(mantissa, BigInteger.ONE.shiftLeft(-exponent));
    }
}
