package org.flowcert.arith;

import java.math.BigInteger;

/**
 * Exact dyadic rationals m·2^e for tests: every finite double is one, and sums and products
 * stay exact. Much cheaper than BigDecimal's decimal expansions of subnormals (750 digits).
 */
final class Dyadic implements Comparable<Dyadic> {
    static final Dyadic ZERO = new Dyadic(BigInteger.ZERO, 0);
    static final Dyadic ONE = new Dyadic(BigInteger.ONE, 0);

    final BigInteger m;
    final int e;

    private Dyadic(BigInteger m, int e) {
        this.m = m;
        this.e = e;
    }

    static Dyadic of(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not finite: " + x);
        }
        if (x == 0) {
            return ZERO;
        }
        long bits = Double.doubleToRawLongBits(x);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long mant = bits & ((1L << 52) - 1);
        if (exp == 0) {
            exp = 1;
        } else {
            mant |= 1L << 52;
        }
        long sm = x < 0 ? -mant : mant;
        return new Dyadic(BigInteger.valueOf(sm), exp - 1075);
    }

    Dyadic add(Dyadic o) {
        if (e <= o.e) {
            return new Dyadic(m.add(o.m.shiftLeft(o.e - e)), e);
        }
        return new Dyadic(m.shiftLeft(e - o.e).add(o.m), o.e);
    }

    Dyadic negate() {
        return new Dyadic(m.negate(), e);
    }

    Dyadic subtract(Dyadic o) {
        return add(o.negate());
    }

    Dyadic multiply(Dyadic o) {
        return new Dyadic(m.multiply(o.m), e + o.e);
    }

    int signum() {
        return m.signum();
    }

    @Override
    public int compareTo(Dyadic o) {
        return subtract(o).signum();
    }

    /** sign(x − this) for a double x; ±infinity compare as the ends of the line. */
    int compareDouble(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return -1;
        }
        return of(x).compareTo(this);
    }
}
