package org.flowcert.arith;

/**
 * The simple reference: round to nearest, then widen every endpoint by one ulp
 * (Math.nextDown / nextUp), whether or not the operation was exact. Obviously sound (RN is
 * within half an ulp), never tighter than {@link Interval}'s tightest results.
 */
final class NaiveInterval {
    private static final double INF = Double.POSITIVE_INFINITY;

    private NaiveInterval() {
    }

    private static Interval widen(double lo, double hi) {
        return Interval.of(Math.nextDown(lo), Math.nextUp(hi));
    }

    private static double prod(double x, double y) {
        return (x == 0 || y == 0) ? 0.0 : x * y; // 0 · ±inf = 0 for sets of reals
    }

    static Interval add(Interval a, Interval b) {
        return widen(a.lo() + b.lo(), a.hi() + b.hi());
    }

    static Interval subtract(Interval a, Interval b) {
        return widen(a.lo() - b.hi(), a.hi() - b.lo());
    }

    static Interval multiply(Interval a, Interval b) {
        double p1 = prod(a.lo(), b.lo());
        double p2 = prod(a.lo(), b.hi());
        double p3 = prod(a.hi(), b.lo());
        double p4 = prod(a.hi(), b.hi());
        return widen(Math.min(Math.min(p1, p2), Math.min(p3, p4)), Math.max(Math.max(p1, p2), Math.max(p3, p4)));
    }

    static Interval square(Interval a) {
        double l = a.lo() * a.lo();
        double h = a.hi() * a.hi();
        double lo = (a.lo() <= 0 && a.hi() >= 0) ? 0.0 : Math.min(l, h);
        return widen(lo, Math.max(l, h));
    }

    /** Only for divisors not containing 0; ENTIRE otherwise (always a valid enclosure). */
    static Interval divide(Interval a, Interval b) {
        if (b.lo() <= 0 && b.hi() >= 0) {
            return Interval.ENTIRE;
        }
        double[] q = {a.lo() / b.lo(), a.lo() / b.hi(), a.hi() / b.lo(), a.hi() / b.hi()};
        double lo = INF;
        double hi = -INF;
        for (double x : q) {
            if (x == x) { // ±inf/±inf cannot happen here (b is bounded away from 0 on one side)
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return widen(lo, hi);
    }

    static Interval sqrt(Interval a) {
        if (a.hi() < 0) {
            return Interval.EMPTY;
        }
        return widen(Math.sqrt(Math.max(a.lo(), 0.0)), Math.sqrt(a.hi())).intersect(Interval.of(0.0, INF));
    }

    static Interval fma(Interval a, Interval b, Interval c) {
        return add(multiply(a, b), c);
    }
}
