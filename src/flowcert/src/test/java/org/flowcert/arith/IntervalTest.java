package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/** Factories, accessors, constants and the set-based special cases of Interval. */
class IntervalTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void ofIsExactAndRejectsNonIntervals() {
        assertThat(Interval.of(1.5, 2.0).lo()).isEqualTo(1.5);
        assertThat(Interval.of(-0.0, -0.0).lo()).isEqualTo(0.0); // stored as +0
        assertThat(Double.doubleToRawLongBits(Interval.of(-2.0, -0.0).hi())).isEqualTo(0L);
        assertThatThrownBy(() -> Interval.of(2.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.of(Double.NaN, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.of(INF, INF)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.of(INF)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Interval.of(-INF, INF)).isEqualTo(Interval.ENTIRE);
    }

    @Test
    void fromIsTheTightestEnclosureOfARational() {
        Interval third = Interval.from(BigFraction.of(1, 3));
        assertThat(Math.nextUp(third.lo())).isEqualTo(third.hi());
        assertThat(Numbers.compare(Numbers.ofDouble(third.lo()), BigFraction.of(1, 3))).isNegative();
        assertThat(Numbers.compare(Numbers.ofDouble(third.hi()), BigFraction.of(1, 3))).isPositive();
        Interval mthird = Interval.from(BigFraction.of(-1, 3));
        assertThat(mthird.lo()).isEqualTo(-third.hi());
        assertThat(mthird.hi()).isEqualTo(-third.lo());
        assertThat(Interval.from(BigFraction.of(3, 4))).isEqualTo(Interval.of(0.75));
        BigFraction huge = BigFraction.of(java.math.BigInteger.TEN.pow(400));
        assertThat(Interval.from(huge)).isEqualTo(Interval.of(Double.MAX_VALUE, INF));
        assertThat(Interval.from(huge.negate())).isEqualTo(Interval.of(-INF, -Double.MAX_VALUE));
        BigFraction tiny = BigFraction.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(400));
        assertThat(Interval.from(tiny)).isEqualTo(Interval.of(0.0, Double.MIN_VALUE));
        assertThat(Interval.from(tiny.negate())).isEqualTo(Interval.of(-Double.MIN_VALUE, 0.0));
    }

    /** lo² &lt; c² &lt; hi² checked exactly, c² = 1/2 or 1/(2π) (π from a 60-digit string). */
    @Test
    void constantsAreTheTightestEnclosures() {
        Interval s = Interval.FIELD.invSqrt2();
        BigDecimal half = new BigDecimal("0.5");
        assertThat(Math.nextUp(s.lo())).isEqualTo(s.hi());
        assertThat(sq(s.lo()).compareTo(half)).isNegative();
        assertThat(sq(s.hi()).compareTo(half)).isPositive();

        Interval t = Interval.FIELD.invSqrt2Pi();
        BigDecimal pi = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");
        MathContext mc = new MathContext(60);
        // 1/(2π) with π known to 60 digits: the error (< 1e-58) is far below the gap checked
        BigDecimal target = BigDecimal.ONE.divide(pi.multiply(BigDecimal.valueOf(2)), mc);
        assertThat(Math.nextUp(t.lo())).isEqualTo(t.hi());
        assertThat(sq(t.lo()).subtract(target).compareTo(new BigDecimal("-1e-40"))).isNegative();
        assertThat(sq(t.hi()).subtract(target).compareTo(new BigDecimal("1e-40"))).isPositive();
        // independent: BigDecimal square root to 60 digits lies inside
        BigDecimal r = target.sqrt(mc);
        assertThat(new BigDecimal(t.lo()).compareTo(r)).isNegative();
        assertThat(new BigDecimal(t.hi()).compareTo(r)).isPositive();
    }

    private static BigDecimal sq(double x) {
        BigDecimal b = new BigDecimal(x);
        return b.multiply(b);
    }

    @Test
    void accessors() {
        Interval x = Interval.of(-1.0, 3.0);
        assertThat(x.mid()).isEqualTo(1.0);
        assertThat(x.rad()).isEqualTo(2.0);
        assertThat(x.width()).isEqualTo(4.0);
        assertThat(x.mag()).isEqualTo(3.0);
        assertThat(x.mig()).isEqualTo(0.0);
        assertThat(Interval.of(2.0, 5.0).mig()).isEqualTo(2.0);
        assertThat(Interval.of(0.0, Double.MAX_VALUE).width()).isEqualTo(Double.MAX_VALUE);
        assertThat(Interval.of(-Double.MAX_VALUE, Double.MAX_VALUE).width()).isEqualTo(INF);
        assertThat(x.contains(0.0)).isTrue();
        assertThat(x.contains(INF)).isFalse();
        assertThat(x.contains(Interval.of(0.0, 1.0))).isTrue();
        assertThat(Interval.EMPTY.subsetOf(x)).isTrue();
        assertThat(x.intersect(Interval.of(4.0, 5.0)).isEmpty()).isTrue();
        assertThat(x.intersect(Interval.of(2.0, 5.0))).isEqualTo(Interval.of(2.0, 3.0));
        assertThat(Interval.hull(Interval.of(1.0), Interval.of(-2.0))).isEqualTo(Interval.of(-2.0, 1.0));
        assertThat(Interval.EMPTY.lo()).isEqualTo(INF);
        assertThat(Interval.EMPTY.hi()).isEqualTo(-INF);
        assertThat(Interval.of(2.0).exactValue()).contains(BigFraction.of(2));
        assertThat(x.exactValue()).isEmpty();
        assertThat(x.lower()).isEqualTo(BigFraction.of(-1));
        assertThatThrownBy(() -> Interval.ENTIRE.lower()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void pointTanhEnclosesAndIsThin() {
        for (double x : new double[] {0.5, -3.0, 1e-10, 20.0, -0.0}) {
            Interval t = Interval.of(x).tanh();
            Interval wide = Interval.of(x, Math.nextUp(x)).tanh(); // the two-evaluation path
            assertThat(t.contains(Math.tanh(x))).isTrue();
            assertThat(t.lo()).isGreaterThanOrEqualTo(-1.0);
            assertThat(t.hi()).isLessThanOrEqualTo(1.0);
            assertThat(Math.abs(IntervalConformanceTest.ulps(t.lo(), t.hi()))).isLessThanOrEqualTo(8);
            assertThat(wide.lo()).isLessThanOrEqualTo(t.hi());
        }
    }

    @Test
    void reluStepAndSigns() {
        assertThat(Interval.of(-2.0, 3.0).relu()).isEqualTo(Interval.of(0.0, 3.0));
        assertThat(Interval.of(-2.0, -1.0).relu()).isEqualTo(Interval.ZERO);
        assertThat(Interval.of(1.0, 3.0).relu()).isEqualTo(Interval.of(1.0, 3.0));
        assertThat(Interval.of(-2.0, 0.0).step()).isEqualTo(Interval.ZERO);
        assertThat(Interval.of(0.0, 0.0).step()).isEqualTo(Interval.ZERO);
        assertThat(Interval.of(Double.MIN_VALUE, 1.0).step()).isEqualTo(Interval.ONE);
        assertThat(Interval.of(0.0, 1.0).step()).isEqualTo(Interval.of(0.0, 1.0));
        assertThat(Interval.of(0.0, 1.0).isPositive()).isFalse();
        assertThat(Interval.of(Double.MIN_VALUE, 1.0).isPositive()).isTrue();
        assertThat(Interval.of(-1.0, -0.0).isNegative()).isFalse();
        assertThat(Interval.EMPTY.isPositive()).isFalse();
    }

    @Test
    void setBasedDivisionAndDomains() {
        assertThat(Interval.of(1.0, 2.0).divide(Interval.ZERO).isEmpty()).isTrue();
        assertThat(Interval.of(1.0, 2.0).divide(Interval.of(-1.0, 1.0))).isEqualTo(Interval.ENTIRE);
        assertThat(Interval.of(1.0, 2.0).divide(Interval.of(0.0, 4.0))).isEqualTo(Interval.of(0.25, INF));
        assertThat(Interval.of(-4.0, -1.0).sqrt().isEmpty()).isTrue();
        assertThat(Interval.of(-4.0, 4.0).sqrt()).isEqualTo(Interval.of(0.0, 2.0));
        assertThat(Interval.of(-3.0, 2.0).square()).isEqualTo(Interval.of(0.0, 9.0));
        assertThat(Interval.ZERO.multiply(Interval.ENTIRE)).isEqualTo(Interval.ZERO);
        assertThat(Interval.of(-4.0, 0.0).log().isEmpty()).isTrue();
        assertThat(Interval.of(-2.0, -1.0).log1p().isEmpty()).isTrue();
    }
}
