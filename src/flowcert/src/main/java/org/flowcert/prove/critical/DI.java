package org.flowcert.prove.critical;

/**
 * A small binary64 interval [lo, hi] for the branch and bound's hot loop. Each endpoint is
 * computed in round-to-nearest (JLS: + − × are correctly rounded); the exact rounding error
 * is then computed by an error-free transformation (TwoSum for sums; {@link Math#fma}, exactly
 * rounded by its javadoc, for products, except near underflow where the residual may not be
 * representable) and the endpoint is moved one ulp outward only when the error points the
 * wrong way. So the interval encloses the exact set result, and exact results (e.g. a zero
 * pre-activation at a kink) stay exact. Not always the tightest (arith.Interval is), but cheap.
 */
final class DI {
    final double lo;
    final double hi;

    DI(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new ArithmeticException("not an interval: [" + lo + ", " + hi + "]");
        }
        this.lo = lo;
        this.hi = hi;
    }

    static final DI ZERO = new DI(0, 0);

    static DI point(double x) {
        return new DI(x, x);
    }

    static DI of(double lo, double hi) {
        return new DI(lo, hi);
    }



    /** A lower bound of x + y: the rounded sum when TwoSum says it is exact or below, else one ulp down. */
    static double addDown(double x, double y) {
        double s = x + y;
        double bv = s - x;
        double err = (x - (s - bv)) + (y - bv); // Knuth's TwoSum: x + y = s + err exactly (no overflow)
        return err >= 0 ? s : Math.nextDown(s);
    }

    static double addUp(double x, double y) {
        double s = x + y;
        double bv = s - x;
        double err = (x - (s - bv)) + (y - bv);
        return err <= 0 ? s : Math.nextUp(s);
    }

    /** Products whose magnitude is below this may lose the residual to underflow: always widen. */
    private static final double TINY = 0x1p-960;

    static double mulDown(double x, double y) {
        double p = x * y;
        if (Math.abs(p) < TINY || Double.isInfinite(p)) {
            return Math.nextDown(p);
        }
        return Math.fma(x, y, -p) >= 0 ? p : Math.nextDown(p); // x·y = p + fma(x, y, −p) exactly
    }

    static double mulUp(double x, double y) {
        double p = x * y;
        if (Math.abs(p) < TINY || Double.isInfinite(p)) {
            return Math.nextUp(p);
        }
        return Math.fma(x, y, -p) <= 0 ? p : Math.nextUp(p);
    }

    DI add(DI b) {
        return new DI(addDown(lo, b.lo), addUp(hi, b.hi));
    }

    DI sub(DI b) {
        return new DI(addDown(lo, -b.hi), addUp(hi, -b.lo));
    }

    DI neg() {
        return new DI(-hi, -lo);
    }

    DI mul(DI b) {
        if (lo == hi && b.lo == b.hi) {
            return new DI(mulDown(lo, b.lo), mulUp(lo, b.lo));
        }
        double l = Math.min(Math.min(mulDown(lo, b.lo), mulDown(lo, b.hi)), Math.min(mulDown(hi, b.lo), mulDown(hi, b.hi)));
        double u = Math.max(Math.max(mulUp(lo, b.lo), mulUp(lo, b.hi)), Math.max(mulUp(hi, b.lo), mulUp(hi, b.hi)));
        return new DI(l, u);
    }

    DI mul(double b) {
        return mul(point(b));
    }

    DI sqr() {
        if (lo >= 0) {
            return new DI(mulDown(lo, lo), mulUp(hi, hi)).clampNonNeg();
        }
        if (hi <= 0) {
            return new DI(mulDown(hi, hi), mulUp(lo, lo)).clampNonNeg();
        }
        return new DI(0, Math.max(mulUp(lo, lo), mulUp(hi, hi)));
    }

    private DI clampNonNeg() {
        return lo < 0 ? new DI(0, hi) : this;
    }

    DI relu() {
        return new DI(Math.max(lo, 0), Math.max(hi, 0));
    }

    DI hull(DI b) {
        return new DI(Math.min(lo, b.lo), Math.max(hi, b.hi));
    }

    boolean containsZero() {
        return lo <= 0 && hi >= 0;
    }

    double width() {
        return hi - lo;
    }

    double mid() {
        return 0.5 * lo + 0.5 * hi;
    }

    @Override
    public String toString() {
        return "[" + lo + ", " + hi + "]";
    }

}
