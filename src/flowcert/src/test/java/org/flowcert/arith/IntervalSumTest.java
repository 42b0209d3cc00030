package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * IntervalSum against an exact computation: for random interval dot products, the exact lower
 * and upper endpoint sums are computed in {@link Dyadic} (min and max of the four exact endpoint
 * products per term), and the result must be exactly [RD(lower), RU(upper)] (the directed
 * roundings taken by {@link Interval#from(BigFraction)}).
 */
class IntervalSumTest {
    private static final int N = Integer.getInteger("flowcert.props", 100000) / 20;

    private static BigFraction frac(Dyadic d) {
        return d.e >= 0 ? BigFraction.of(d.m.shiftLeft(d.e)) : BigFraction.of(d.m, BigInteger.ONE.shiftLeft(-d.e));
    }

    private static Interval finiteInterval(RandomDoubles g) {
        double a = g.next();
        double b = g.random().nextInt(4) == 0 ? a : g.near(a);
        if (!Double.isFinite(b)) {
            b = a;
        }
        return Interval.of(Math.min(a, b), Math.max(a, b));
    }

    @Test
    void dotProductIsTheTightestEnclosureOfTheExactResult() {
        RandomDoubles g = new RandomDoubles(21);
        for (int i = 0; i < N; i++) {
            int n = 1 + g.random().nextInt(12);
            Interval[] a = new Interval[n];
            Interval[] b = new Interval[n];
            Dyadic lo = Dyadic.ZERO;
            Dyadic hi = Dyadic.ZERO;
            for (int k = 0; k < n; k++) {
                a[k] = finiteInterval(g);
                b[k] = (k & 1) == 0 ? finiteInterval(g) : Interval.of(g.random().nextInt(-5, 6));
                Dyadic[] p = {
                    Dyadic.of(a[k].lo()).multiply(Dyadic.of(b[k].lo())),
                    Dyadic.of(a[k].lo()).multiply(Dyadic.of(b[k].hi())),
                    Dyadic.of(a[k].hi()).multiply(Dyadic.of(b[k].lo())),
                    Dyadic.of(a[k].hi()).multiply(Dyadic.of(b[k].hi())),
                };
                Dyadic min = p[0];
                Dyadic max = p[0];
                for (Dyadic d : p) {
                    min = d.compareTo(min) < 0 ? d : min;
                    max = d.compareTo(max) > 0 ? d : max;
                }
                lo = lo.add(min);
                hi = hi.add(max);
            }
            Interval r = IntervalSum.dot(a, b);
            Interval expected = Interval.from(frac(lo), frac(hi));
            assertThat(r).as("dot %s · %s", java.util.Arrays.toString(a), java.util.Arrays.toString(b)).isEqualTo(expected);
        }
    }

    @Test
    void sumsAreTheTightestEnclosure() {
        RandomDoubles g = new RandomDoubles(22);
        for (int i = 0; i < N; i++) {
            int n = 1 + g.random().nextInt(20);
            Interval[] xs = new Interval[n];
            Dyadic lo = Dyadic.ZERO;
            Dyadic hi = Dyadic.ZERO;
            for (int k = 0; k < n; k++) {
                xs[k] = finiteInterval(g);
                lo = lo.add(Dyadic.of(xs[k].lo()));
                hi = hi.add(Dyadic.of(xs[k].hi()));
            }
            Interval r = IntervalSum.sum(xs);
            assertThat(r).isEqualTo(Interval.from(frac(lo), frac(hi)));
            // never wider than pairwise outward rounding
            Interval pairwise = Interval.ZERO;
            for (Interval x : xs) {
                pairwise = pairwise.add(x);
            }
            assertThat(r.subsetOf(pairwise)).isTrue();
        }
    }

    @Test
    void cancellationAndSpecialCases() {
        Interval big = Interval.of(1e300);
        assertThat(IntervalSum.sum(big, Interval.of(1.0), big.negate())).isEqualTo(Interval.ONE);
        assertThat(IntervalSum.sum(Interval.of(0.1), Interval.of(-0.1))).isEqualTo(Interval.ZERO);
        // 0.1 + 0.2 (the doubles) lies strictly between the doubles 0.3 and 0.30000000000000004
        Interval s = IntervalSum.sum(Interval.of(0.1), Interval.of(0.2));
        assertThat(s).isEqualTo(Interval.of(0.3, 0.30000000000000004));
        IntervalSum acc = new IntervalSum();
        acc.addProduct(Double.MIN_VALUE, Double.MIN_VALUE); // 2^-2148: rounds to [0, MIN_VALUE]
        assertThat(acc.result()).isEqualTo(Interval.of(0.0, Double.MIN_VALUE));
        acc.reset().addProduct(Double.MAX_VALUE, Double.MAX_VALUE);
        assertThat(acc.result()).isEqualTo(Interval.of(Double.MAX_VALUE, Double.POSITIVE_INFINITY));
        acc.addProduct(-Double.MAX_VALUE, Double.MAX_VALUE);
        assertThat(acc.result()).isEqualTo(Interval.ZERO);
        acc.reset().add(Interval.of(1.0, Double.POSITIVE_INFINITY)).add(Interval.of(-2.0));
        assertThat(acc.result()).isEqualTo(Interval.of(-1.0, Double.POSITIVE_INFINITY));
        acc.addProduct(Interval.of(0.0, Double.POSITIVE_INFINITY), Interval.of(-1.0, 1.0));
        assertThat(acc.result()).isEqualTo(Interval.ENTIRE);
        acc.reset().addProduct(Interval.ZERO, Interval.ENTIRE);
        assertThat(acc.result()).isEqualTo(Interval.ZERO);
        acc.add(Interval.EMPTY);
        assertThat(acc.result().isEmpty()).isTrue();
        // negative results, adding after result()
        acc.reset().add(-3.0);
        assertThat(acc.result()).isEqualTo(Interval.of(-3.0));
        acc.add(5.0);
        assertThat(acc.result()).isEqualTo(Interval.of(2.0));
        acc.addProduct(-1.0 / 3, 3.0);
        // RN(1/3) = 1/3 − 2^-54/3, so 2 − 3·RN(1/3) = 1 + 2^-54 exactly: not a double
        assertThat(acc.result()).isEqualTo(Interval.of(1.0, Math.nextUp(1.0)));
    }
}
