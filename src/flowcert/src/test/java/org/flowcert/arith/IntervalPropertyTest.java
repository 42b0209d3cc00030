package org.flowcert.arith;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Over seeded random intervals (huge, tiny, subnormal, signed-zero and infinite endpoints):
 * every result contains the exact result of the operation at the operands' endpoints and at
 * random points (exact dyadic rationals m·2^e in {@link Dyadic}; quotients and square
 * roots are checked by exact cross-multiplication), and every result is a subset of the
 * always-widen {@link NaiveInterval}.
 */
class IntervalPropertyTest {
    private static final int N = Integer.getInteger("flowcert.props", 100000);
    private static final double INF = Double.POSITIVE_INFINITY;

    private static Interval randomInterval(RandomDoubles g) {
        double a = g.next();
        int kind = g.random().nextInt(20);
        if (kind == 0) {
            return Interval.of(a);
        }
        double b = kind < 8 ? g.near(a) : g.next();
        if (!Double.isFinite(b)) {
            b = a;
        }
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (kind == 1) {
            lo = -INF;
        } else if (kind == 2) {
            hi = INF;
        } else if (kind == 3) {
            return Interval.ENTIRE;
        }
        return Interval.of(lo, hi);
    }

    /** Finite points of x: its finite endpoints and a few random points inside. */
    private static double[] points(RandomDoubles g, Interval x) {
        double[] p = new double[3];
        int n = 0;
        if (Double.isFinite(x.lo())) {
            p[n++] = x.lo();
        }
        if (Double.isFinite(x.hi())) {
            p[n++] = x.hi();
        }
        for (int tries = 0; tries < 8 && n < 3; tries++) {
            double t = g.next();
            if (g.random().nextBoolean() && Double.isFinite(x.lo()) && Double.isFinite(x.hi())) {
                double u = g.random().nextDouble();
                t = x.lo() * (1 - u) + x.hi() * u;
            }
            if (x.contains(t)) {
                p[n++] = t;
            }
        }
        return java.util.Arrays.copyOf(p, n);
    }

    private static Dyadic bd(double x) {
        return Dyadic.of(x);
    }

    /** Whether r contains the exact value v. */
    private static boolean contains(Interval r, Dyadic v) {
        return (r.lo() == -INF || (r.lo() != INF && bd(r.lo()).compareTo(v) <= 0))
                && (r.hi() == INF || (r.hi() != -INF && v.compareTo(bd(r.hi())) <= 0));
    }

    private static void check(boolean ok, String what, Object... operands) {
        if (!ok) {
            fail(what + " " + java.util.Arrays.toString(operands));
        }
    }

    private static void binary(long seed, String name, BiFunction<Interval, Interval, Interval> op,
            BiFunction<Interval, Interval, Interval> naive, BiFunction<Dyadic, Dyadic, Dyadic> exact) {
        RandomDoubles g = new RandomDoubles(seed);
        for (int i = 0; i < N; i++) {
            Interval a = randomInterval(g);
            Interval b = randomInterval(g);
            Interval r = op.apply(a, b);
            check(r.subsetOf(naive.apply(a, b)), name + " not within naive", a, b, r);
            for (double x : points(g, a)) {
                for (double y : points(g, b)) {
                    check(contains(r, exact.apply(bd(x), bd(y))), name + " misses " + x + ", " + y, a, b, r);
                }
            }
        }
    }

    @Test
    void add() {
        binary(11, "add", Interval::add, NaiveInterval::add, Dyadic::add);
    }

    @Test
    void subtract() {
        binary(12, "sub", Interval::subtract, NaiveInterval::subtract, Dyadic::subtract);
    }

    @Test
    void multiply() {
        binary(13, "mul", Interval::multiply, NaiveInterval::multiply, Dyadic::multiply);
    }

    @Test
    void divide() {
        RandomDoubles g = new RandomDoubles(14);
        for (int i = 0; i < N; i++) {
            Interval a = randomInterval(g);
            Interval b = randomInterval(g);
            Interval r = a.divide(b);
            check(r.subsetOf(NaiveInterval.divide(a, b)), "div not within naive", a, b, r);
            for (double x : points(g, a)) {
                for (double y : points(g, b)) {
                    if (y == 0) {
                        continue;
                    }
                    // lo ≤ x/y ⟺ lo·y ≤ x for y > 0 (reversed for y < 0)
                    Dyadic bx = bd(x);
                    Dyadic by = bd(y);
                    int s = y > 0 ? 1 : -1;
                    boolean okLo = r.lo() == -INF || (r.lo() != INF && s * bd(r.lo()).multiply(by).compareTo(bx) <= 0);
                    boolean okHi = r.hi() == INF || (r.hi() != -INF && s * bx.compareTo(bd(r.hi()).multiply(by)) <= 0);
                    check(okLo && okHi, "div misses " + x + " / " + y, a, b, r);
                }
            }
        }
    }

    @Test
    void squareSqrtRecip() {
        RandomDoubles g = new RandomDoubles(15);
        for (int i = 0; i < N; i++) {
            Interval a = randomInterval(g);
            Interval sq = a.square();
            Interval rt = a.sqrt();
            Interval rc = a.recip();
            check(sq.subsetOf(NaiveInterval.square(a)), "sqr not within naive", a, sq);
            check(rt.subsetOf(NaiveInterval.sqrt(a)), "sqrt not within naive", a, rt);
            check(rc.subsetOf(NaiveInterval.divide(Interval.ONE, a)), "recip not within naive", a, rc);
            for (double x : points(g, a)) {
                Dyadic bx = bd(x);
                check(contains(sq, bx.multiply(bx)), "sqr misses " + x, a, sq);
                if (x >= 0) {
                    // lo ≤ √x ⟺ lo ≤ 0 or lo² ≤ x; √x ≤ hi ⟺ x ≤ hi²
                    boolean okLo = rt.lo() <= 0 || bd(rt.lo()).multiply(bd(rt.lo())).compareTo(bx) <= 0;
                    boolean okHi = rt.hi() == INF || (rt.hi() >= 0 && bx.compareTo(bd(rt.hi()).multiply(bd(rt.hi()))) <= 0);
                    check(okLo && okHi, "sqrt misses " + x, a, rt);
                }
                if (x != 0) {
                    int s = x > 0 ? 1 : -1;
                    boolean okLo = rc.lo() == -INF || s * bd(rc.lo()).multiply(bx).compareTo(Dyadic.ONE) <= 0;
                    boolean okHi = rc.hi() == INF || s * Dyadic.ONE.compareTo(bd(rc.hi()).multiply(bx)) <= 0;
                    check(okLo && okHi, "recip misses " + x, a, rc);
                }
            }
        }
    }

    @Test
    void fma() {
        RandomDoubles g = new RandomDoubles(16);
        for (int i = 0; i < N; i++) {
            Interval a = randomInterval(g);
            Interval b = randomInterval(g);
            Interval c = randomInterval(g);
            if (i % 3 == 0) { // cancellation: c near −a·b
                c = NaiveInterval.multiply(a, b).negate();
            }
            Interval r = a.fma(b, c);
            check(r.subsetOf(NaiveInterval.fma(a, b, c)), "fma not within naive", a, b, c, r);
            // fma is never wider than multiply-then-add
            check(r.subsetOf(a.multiply(b).add(c)), "fma wider than mul+add", a, b, c, r);
            double[] pa = points(g, a);
            double[] pb = points(g, b);
            double[] pc = points(g, c);
            for (double x : pa) {
                for (double y : pb) {
                    Dyadic xy = bd(x).multiply(bd(y));
                    for (double z : pc) {
                        check(contains(r, xy.add(bd(z))), "fma misses " + x + " " + y + " " + z, a, b, c, r);
                    }
                }
            }
        }
    }
}
