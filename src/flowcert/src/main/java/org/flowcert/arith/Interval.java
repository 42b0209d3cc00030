package org.flowcert.arith;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * A closed binary64 interval [lo, hi] in the set-based flavour of IEEE 1788-2015: a (possibly
 * empty, possibly unbounded) closed connected subset of the reals, represented by its inf and
 * sup.
 *
 * <p><b>Representation.</b> Endpoints are doubles with lo &le; hi, lo &lt; +&infin;,
 * hi &gt; −&infin;; an infinite endpoint means the set is unbounded on that side (the set never
 * contains ±&infin;). A zero endpoint is always stored as +0.0 (IEEE 1788 does not distinguish
 * the zeros: [−0, 0] and [0, 0] are the same set). The empty set is stored as
 * [+&infin;, −&infin;], so {@link #lo()} and {@link #hi()} give inf(∅) and sup(∅) as the standard
 * defines them.
 *
 * <p><b>Accuracy contract.</b> {@code add subtract multiply divide negate square sqrt recip fma}
 * return the tightest binary64 interval enclosing the exact set result (the IEEE 1788 "tightest"
 * accuracy), computed with {@link Rounding} without changing the rounding mode. Division by an
 * interval containing 0 follows the set-based definition: 0 is removed from the divisor, and the
 * result is the hull of what remains (possibly entire). {@code relu} and {@code step} are exact.
 * The elementary functions ({@code exp expm1 log log1p tanh logistic softplus erf}) are monotone
 * and use the rigorous endpoint bounds of {@link ElementaryBounds}; they are valid enclosures but
 * not always tightest. Functions with a restricted domain (log, log1p, sqrt) drop the part of the
 * interval outside it and return the empty set when nothing remains.
 *
 * <p>Factories follow Commons Numbers: {@code of} is exact (and rejects what is not an
 * interval), {@code from} and {@code hull} enclose.
 */
public final class Interval implements Num<Interval> {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** The empty set. */
    public static final Interval EMPTY = new Interval(INF, -INF);
    /** The whole real line. */
    public static final Interval ENTIRE = new Interval(-INF, INF);
    public static final Interval ZERO = new Interval(0.0, 0.0);
    public static final Interval ONE = new Interval(1.0, 1.0);
    private static final Interval UNIT = new Interval(0.0, 1.0);

    /** The interval arithmetic. */
    public static final Field FIELD = new Field();

    private final double lo;
    private final double hi;

    /** Trusted constructor: lo &le; hi (or the empty pair); turns −0.0 into +0.0. */
    private Interval(double lo, double hi) {
        this.lo = lo + 0.0;
        this.hi = hi + 0.0;
    }

    /** Builds [lo, hi] from computed bounds; NaN never reaches here from valid operands. */
    private static Interval make(double lo, double hi) {
        return new Interval(lo, hi);
    }

    // ------------------------------------------------------------------ factories

    /** The point interval [x, x]; x must be finite. */
    public static Interval of(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not a real number: " + x);
        }
        return new Interval(x, x);
    }

    /**
     * The interval [lo, hi] exactly. lo may be −&infin; and hi +&infin; (unbounded); NaN,
     * lo &gt; hi, lo = +&infin; and hi = −&infin; are rejected.
     */
    public static Interval of(double lo, double hi) {
        if (!(lo <= hi) || lo == INF || hi == -INF) {
            throw new IllegalArgumentException("not an interval: [" + lo + ", " + hi + "]");
        }
        return new Interval(lo, hi);
    }

    /** The tightest binary64 interval containing the rational q. */
    public static Interval from(BigFraction q) {
        return new Interval(roundDown(q), roundUp(q));
    }

    /** The tightest binary64 interval containing [lo, hi] (lo &le; hi required). */
    public static Interval from(BigFraction lo, BigFraction hi) {
        if (Numbers.compare(lo, hi) > 0) {
            throw new IllegalArgumentException("not an interval: [" + lo + ", " + hi + "]");
        }
        return new Interval(roundDown(lo), roundUp(hi));
    }

    /** The smallest interval containing every argument (the empty set for none). */
    public static Interval hull(Interval... xs) {
        double l = INF;
        double h = -INF;
        for (Interval x : xs) {
            l = Math.min(l, x.lo);
            h = Math.max(h, x.hi);
        }
        return l <= h ? new Interval(l, h) : EMPTY;
    }

    /** The smallest interval containing the given finite doubles. */
    public static Interval hull(double... xs) {
        double l = INF;
        double h = -INF;
        for (double x : xs) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("not a real number: " + x);
            }
            l = Math.min(l, x);
            h = Math.max(h, x);
        }
        return l <= h ? new Interval(l, h) : EMPTY;
    }

    /** The largest double &le; q (−MAX_VALUE's predecessor −&infin; when q &lt; −MAX_VALUE). */
    static double roundDown(BigFraction q) {
        double d = q.doubleValue();
        if (Double.isInfinite(d) || Math.abs(d) == Double.MAX_VALUE) {
            return exactCompareDown(q, d);
        }
        // doubleValue is documented as correctly rounded; check exactly anyway and step
        while (Numbers.compare(Numbers.ofDouble(d), q) > 0) {
            d = Math.nextDown(d);
        }
        while (d < Double.MAX_VALUE && Numbers.compare(Numbers.ofDouble(Math.nextUp(d)), q) <= 0) {
            d = Math.nextUp(d);
        }
        return d;
    }

    /** The smallest double &ge; q. */
    static double roundUp(BigFraction q) {
        return -roundDown(q.negate());
    }

    private static double exactCompareDown(BigFraction q, double d) {
        BigFraction max = Numbers.ofDouble(Double.MAX_VALUE);
        if (Numbers.compare(q, max) >= 0) {
            return Double.MAX_VALUE;
        }
        if (Numbers.compare(q, max.negate()) < 0) {
            return -INF;
        }
        double x = d > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        while (Numbers.compare(Numbers.ofDouble(x), q) > 0) {
            x = Math.nextDown(x);
        }
        while (x < Double.MAX_VALUE && Numbers.compare(Numbers.ofDouble(Math.nextUp(x)), q) <= 0) {
            x = Math.nextUp(x);
        }
        return x;
    }

    // ------------------------------------------------------------------ accessors

    /** The inf: +&infin; for the empty set, −&infin; when unbounded below. */
    public double lo() {
        return lo;
    }

    /** The sup: −&infin; for the empty set, +&infin; when unbounded above. */
    public double hi() {
        return hi;
    }

    public boolean isEmpty() {
        return lo > hi;
    }

    public boolean isEntire() {
        return lo == -INF && hi == INF;
    }

    public boolean isBounded() {
        return isEmpty() || (lo != -INF && hi != INF);
    }

    /** Whether this is a single real number. */
    public boolean isPoint() {
        return lo == hi;
    }

    /**
     * The IEEE 1788 midpoint: a double in the interval near its centre (NaN for the empty set,
     * 0 for the entire line, ±MAX_VALUE when unbounded on one side). Not rigorous.
     */
    public double mid() {
        if (isEmpty()) {
            return Double.NaN;
        }
        if (lo == -INF) {
            return hi == INF ? 0.0 : -Double.MAX_VALUE;
        }
        if (hi == INF) {
            return Double.MAX_VALUE;
        }
        double m = 0.5 * lo + 0.5 * hi; // no overflow; may lose a subnormal bit, harmless
        return Math.min(Math.max(m, lo), hi) + 0.0;
    }

    /**
     * A radius r such that [mid − r, mid + r] contains this interval (rounded up: rigorous);
     * NaN for the empty set, +&infin; when unbounded.
     */
    public double rad() {
        if (isEmpty()) {
            return Double.NaN;
        }
        double m = mid();
        return Math.max(Rounding.subUp(m, lo), Rounding.subUp(hi, m));
    }

    /** hi − lo rounded up (NaN for the empty set). */
    public double width() {
        return isEmpty() ? Double.NaN : Rounding.subUp(hi, lo);
    }

    /** max |x| over the interval (NaN for the empty set). */
    public double mag() {
        return isEmpty() ? Double.NaN : Math.max(Math.abs(lo), Math.abs(hi));
    }

    /** min |x| over the interval (NaN for the empty set). */
    public double mig() {
        if (isEmpty()) {
            return Double.NaN;
        }
        if (lo <= 0 && hi >= 0) {
            return 0.0;
        }
        return Math.min(Math.abs(lo), Math.abs(hi));
    }

    /** Whether the real x is in the set (false for infinities and NaN). */
    public boolean contains(double x) {
        return lo <= x && x <= hi && Double.isFinite(x);
    }

    /** Whether x is a subset of this interval. */
    public boolean contains(Interval x) {
        return x.isEmpty() || (lo <= x.lo && x.hi <= hi);
    }

    public boolean subsetOf(Interval x) {
        return x.contains(this);
    }

    public Interval intersect(Interval x) {
        double l = Math.max(lo, x.lo);
        double h = Math.min(hi, x.hi);
        return l <= h ? new Interval(l, h) : EMPTY;
    }

    // ------------------------------------------------------------------ arithmetic

    @Override
    public Field field() {
        return FIELD;
    }

    @Override
    public Interval add(Interval b) {
        if (isEmpty() || b.isEmpty()) {
            return EMPTY;
        }
        return make(Rounding.addDown(lo, b.lo), Rounding.addUp(hi, b.hi));
    }

    @Override
    public Interval subtract(Interval b) {
        if (isEmpty() || b.isEmpty()) {
            return EMPTY;
        }
        return make(Rounding.subDown(lo, b.hi), Rounding.subUp(hi, b.lo));
    }

    @Override
    public Interval negate() {
        return isEmpty() ? this : new Interval(-hi, -lo);
    }

    /** Product of endpoints rounded down, with 0 · ±&infin; = 0 (the set-based convention). */
    private static double mulLo(double x, double y) {
        double p = Rounding.mulDown(x, y);
        return p == p ? p : 0.0;
    }

    private static double mulHi(double x, double y) {
        double p = Rounding.mulUp(x, y);
        return p == p ? p : 0.0;
    }

    @Override
    public Interval multiply(Interval b) {
        if (isEmpty() || b.isEmpty()) {
            return EMPTY;
        }
        double a1 = lo;
        double a2 = hi;
        double b1 = b.lo;
        double b2 = b.hi;
        // the nine sign cases: each endpoint of the exact product set is one endpoint product
        if (a1 >= 0) {
            if (b1 >= 0) {
                return make(mulLo(a1, b1), mulHi(a2, b2));
            }
            if (b2 <= 0) {
                return make(mulLo(a2, b1), mulHi(a1, b2));
            }
            return make(mulLo(a2, b1), mulHi(a2, b2));
        }
        if (a2 <= 0) {
            if (b1 >= 0) {
                return make(mulLo(a1, b2), mulHi(a2, b1));
            }
            if (b2 <= 0) {
                return make(mulLo(a2, b2), mulHi(a1, b1));
            }
            return make(mulLo(a1, b2), mulHi(a1, b1));
        }
        if (b1 >= 0) {
            return make(mulLo(a1, b2), mulHi(a2, b2));
        }
        if (b2 <= 0) {
            return make(mulLo(a2, b1), mulHi(a1, b1));
        }
        // both straddle 0: min/max of rounded values = rounding of the exact min/max (monotone)
        return make(Math.min(mulLo(a1, b2), mulLo(a2, b1)), Math.max(mulHi(a1, b1), mulHi(a2, b2)));
    }

    @Override
    public Interval divide(Interval b) {
        if (isEmpty() || b.isEmpty()) {
            return EMPTY;
        }
        double a1 = lo;
        double a2 = hi;
        double b1 = b.lo;
        double b2 = b.hi;
        if (b1 > 0) {
            if (a1 >= 0) {
                return make(Rounding.divDown(a1, b2), Rounding.divUp(a2, b1));
            }
            if (a2 <= 0) {
                return make(Rounding.divDown(a1, b1), Rounding.divUp(a2, b2));
            }
            return make(Rounding.divDown(a1, b1), Rounding.divUp(a2, b1));
        }
        if (b2 < 0) {
            if (a1 >= 0) {
                return make(Rounding.divDown(a2, b2), Rounding.divUp(a1, b1));
            }
            if (a2 <= 0) {
                return make(Rounding.divDown(a2, b1), Rounding.divUp(a1, b2));
            }
            return make(Rounding.divDown(a2, b2), Rounding.divUp(a1, b2));
        }
        // 0 ∈ b: divide by b \ {0}
        if (b1 == 0 && b2 == 0) {
            return EMPTY;
        }
        if (a1 == 0 && a2 == 0) {
            return ZERO; // 0 / y = 0 for every y != 0 in b
        }
        if (a1 < 0 && a2 > 0) {
            return ENTIRE;
        }
        if (a1 >= 0) { // a ≥ 0, not [0, 0]
            if (b1 == 0) {
                return make(Rounding.divDown(a1, b2), INF);
            }
            if (b2 == 0) {
                return make(-INF, Rounding.divUp(a1, b1));
            }
            return ENTIRE;
        }
        // a ≤ 0, not [0, 0]
        if (b1 == 0) {
            return make(-INF, Rounding.divUp(a2, b2));
        }
        if (b2 == 0) {
            return make(Rounding.divDown(a2, b1), INF);
        }
        return ENTIRE;
    }

    /** 1/x, set-based (as {@link #divide} with numerator [1, 1]). */
    public Interval recip() {
        return ONE.divide(this);
    }

    @Override
    public Interval square() {
        if (isEmpty()) {
            return EMPTY;
        }
        if (lo >= 0) {
            return make(Rounding.squareDown(lo), Rounding.squareUp(hi));
        }
        if (hi <= 0) {
            return make(Rounding.squareDown(hi), Rounding.squareUp(lo));
        }
        return make(0.0, Rounding.squareUp(Math.max(-lo, hi)));
    }

    /** This · b + c with one rounding per endpoint (tightest). */
    public Interval fma(Interval b, Interval c) {
        if (isEmpty() || b.isEmpty() || c.isEmpty()) {
            return EMPTY;
        }
        double a1 = lo;
        double a2 = hi;
        double b1 = b.lo;
        double b2 = b.hi;
        double c1 = c.lo;
        double c2 = c.hi;
        if (a1 >= 0) {
            if (b1 >= 0) {
                return make(fmaLo(a1, b1, c1), fmaHi(a2, b2, c2));
            }
            if (b2 <= 0) {
                return make(fmaLo(a2, b1, c1), fmaHi(a1, b2, c2));
            }
            return make(fmaLo(a2, b1, c1), fmaHi(a2, b2, c2));
        }
        if (a2 <= 0) {
            if (b1 >= 0) {
                return make(fmaLo(a1, b2, c1), fmaHi(a2, b1, c2));
            }
            if (b2 <= 0) {
                return make(fmaLo(a2, b2, c1), fmaHi(a1, b1, c2));
            }
            return make(fmaLo(a1, b2, c1), fmaHi(a1, b1, c2));
        }
        if (b1 >= 0) {
            return make(fmaLo(a1, b2, c1), fmaHi(a2, b2, c2));
        }
        if (b2 <= 0) {
            return make(fmaLo(a2, b1, c1), fmaHi(a1, b1, c2));
        }
        return make(Math.min(fmaLo(a1, b2, c1), fmaLo(a2, b1, c1)),
                Math.max(fmaHi(a1, b1, c2), fmaHi(a2, b2, c2)));
    }

    /**
     * x·y + c rounded down, with 0 · ±&infin; = 0. The lower product endpoint is never +&infin;
     * and c is never +&infin;, so no &infin; − &infin; arises.
     */
    private static double fmaLo(double x, double y, double c) {
        if (x == 0 || y == 0) {
            return c;
        }
        return Rounding.fmaDown(x, y, c);
    }

    private static double fmaHi(double x, double y, double c) {
        if (x == 0 || y == 0) {
            return c;
        }
        return Rounding.fmaUp(x, y, c);
    }

    @Override
    public Interval sqrt() {
        if (isEmpty() || hi < 0) {
            return EMPTY;
        }
        return make(lo <= 0 ? 0.0 : Rounding.sqrtDown(lo), Rounding.sqrtUp(hi));
    }

    @Override
    public Interval relu() {
        if (isEmpty()) {
            return EMPTY;
        }
        return lo >= 0 ? this : new Interval(0.0, Math.max(hi, 0.0));
    }

    @Override
    public Interval step() {
        if (isEmpty()) {
            return EMPTY;
        }
        if (hi <= 0) {
            return ZERO;
        }
        return lo > 0 ? ONE : UNIT;
    }

    // ------------------------------------------------------------------ elementary functions
    // Monotone non-decreasing: [fDown(lo), fUp(hi)]; infinite endpoints map to the limits, and
    // results are clipped to the range of f (sound: f's values lie in it).

    @Override
    public Interval exp() {
        if (isEmpty()) {
            return EMPTY;
        }
        double l = lo == -INF ? 0.0 : Math.max(0.0, ElementaryBounds.expDown(lo));
        double h = hi == INF ? INF : ElementaryBounds.expUp(hi);
        return make(l, h);
    }

    /** e^x − 1. */
    public Interval expm1() {
        if (isEmpty()) {
            return EMPTY;
        }
        double l = lo == -INF ? -1.0 : Math.max(-1.0, ElementaryBounds.expm1Down(lo));
        double h = hi == INF ? INF : ElementaryBounds.expm1Up(hi);
        return make(l, h);
    }

    /** Natural log on the part of the interval inside (0, +&infin;); empty if none. */
    @Override
    public Interval log() {
        if (isEmpty() || hi <= 0) {
            return EMPTY;
        }
        double l = lo <= 0 ? -INF : ElementaryBounds.logDown(lo);
        double h = hi == INF ? INF : ElementaryBounds.logUp(hi);
        return make(l, h);
    }

    /** log(1 + x) on the part of the interval inside (−1, +&infin;); empty if none. */
    public Interval log1p() {
        if (isEmpty() || hi <= -1) {
            return EMPTY;
        }
        double l = lo <= -1 ? -INF : ElementaryBounds.log1pDown(lo);
        double h = hi == INF ? INF : ElementaryBounds.log1pUp(hi);
        return make(l, h);
    }

    @Override
    public Interval tanh() {
        if (isEmpty()) {
            return EMPTY;
        }
        if (lo == hi) { // a point: both bounds from one evaluation
            double[] b = new double[2];
            ElementaryBounds.tanhBounds(lo, b);
            return make(Math.max(-1.0, b[0]), Math.min(1.0, b[1]));
        }
        double l = lo == -INF ? -1.0 : Math.max(-1.0, ElementaryBounds.tanhDown(lo));
        double h = hi == INF ? 1.0 : Math.min(1.0, ElementaryBounds.tanhUp(hi));
        return make(l, h);
    }

    @Override
    public Interval logistic() {
        if (isEmpty()) {
            return EMPTY;
        }
        double l = lo == -INF ? 0.0 : Math.max(0.0, ElementaryBounds.logisticDown(lo));
        double h = hi == INF ? 1.0 : Math.min(1.0, ElementaryBounds.logisticUp(hi));
        return make(l, h);
    }

    @Override
    public Interval softplus() {
        if (isEmpty()) {
            return EMPTY;
        }
        double l = lo == -INF ? 0.0 : Math.max(0.0, ElementaryBounds.softplusDown(lo));
        double h = hi == INF ? INF : ElementaryBounds.softplusUp(hi);
        return make(l, h);
    }

    @Override
    public Interval erf() {
        if (isEmpty()) {
            return EMPTY;
        }
        double l = lo == -INF ? -1.0 : Math.max(-1.0, ElementaryBounds.erfDown(lo));
        double h = hi == INF ? 1.0 : Math.min(1.0, ElementaryBounds.erfUp(hi));
        return make(l, h);
    }

    // ------------------------------------------------------------------ predicates, conversions

    /** Whether every point is &gt; 0 (false for the empty set: no conclusion is drawn from it). */
    @Override
    public boolean isPositive() {
        return lo > 0 && !isEmpty();
    }

    /** Whether every point is &lt; 0 (false for the empty set). */
    @Override
    public boolean isNegative() {
        return hi < 0 && !isEmpty();
    }

    /**
     * The lower endpoint as an exact rational.
     *
     * @throws ArithmeticException when it is −&infin; or the interval is empty (no rational
     *         lower bound exists, or none is meaningful)
     */
    @Override
    public BigFraction lower() {
        if (isEmpty() || lo == -INF) {
            throw new ArithmeticException("no rational lower bound of " + this);
        }
        return Numbers.ofDouble(lo);
    }

    /**
     * The upper endpoint as an exact rational.
     *
     * @throws ArithmeticException when it is +&infin; or the interval is empty
     */
    @Override
    public BigFraction upper() {
        if (isEmpty() || hi == INF) {
            throw new ArithmeticException("no rational upper bound of " + this);
        }
        return Numbers.ofDouble(hi);
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return isPoint() ? Optional.of(Numbers.ofDouble(lo)) : Optional.empty();
    }

    /** The midpoint (NaN for the empty set). */
    @Override
    public double approx() {
        return mid();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Interval)) {
            return false;
        }
        Interval x = (Interval) o;
        return (isEmpty() && x.isEmpty()) || (lo == x.lo && hi == x.hi);
    }

    @Override
    public int hashCode() {
        return isEmpty() ? 0 : Double.hashCode(lo) * 31 + Double.hashCode(hi);
    }

    /** [lo, hi] with exact hex endpoints (round-trippable), or [empty]. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "[empty]";
        }
        return "[" + fmt(lo) + ", " + fmt(hi) + "]";
    }

    private static String fmt(double x) {
        return Double.isInfinite(x) ? (x > 0 ? "inf" : "-inf") : Double.toHexString(x);
    }

    /** The binary64 interval arithmetic (tightest basic operations, rigorous functions). */
    public static final class Field implements NumField<Interval> {
        /** RD(1/√2) and RU(1/√2): 1/√2 is irrational, so they are neighbours (checked in tests). */
        private static final Interval INV_SQRT2 = new Interval(0x1.6a09e667f3bccp-1, 0x1.6a09e667f3bcdp-1);
        /** RD(1/√(2π)) and RU(1/√(2π)) (checked in tests). */
        private static final Interval INV_SQRT2PI = new Interval(0x1.9884533d43650p-2, 0x1.9884533d43651p-2);

        private Field() {
        }

        @Override
        public String name() {
            return "interval";
        }

        @Override
        public boolean rigorous() {
            return true;
        }

        @Override
        public boolean supports(Num.Primitive p) {
            return true;
        }

        @Override
        public Interval zero() {
            return ZERO;
        }

        @Override
        public Interval one() {
            return ONE;
        }

        @Override
        public Interval of(BigFraction q) {
            return from(q);
        }

        @Override
        public Interval of(long n) {
            if (Math.abs(n) <= (1L << 53)) {
                return new Interval(n, n);
            }
            return from(BigFraction.of(n));
        }

        @Override
        public Interval invSqrt2() {
            return INV_SQRT2;
        }

        @Override
        public Interval invSqrt2Pi() {
            return INV_SQRT2PI;
        }

        @Override
        public Interval[] newArray(int n) {
            return new Interval[n];
        }
    }
}
