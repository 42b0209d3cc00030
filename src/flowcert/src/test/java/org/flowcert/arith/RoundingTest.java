package org.flowcert.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Each Rounding.xDown / xUp is checked against the exact result computed exactly ({@link Dyadic}):
 * down(x) &le; exact &lt; nextUp(down(x)), and symmetrically for up, including overflow to
 * ±infinity (an exact value beyond ±MAX_VALUE) and subnormal results.
 */
class RoundingTest {
    private static final int N = Integer.getInteger("flowcert.props", 100000);
    private static final double INF = Double.POSITIVE_INFINITY;

    /** cmp.applyAsInt(d) = sign(d − exact) for finite d; extended to ±infinity. */
    private static int cmpExt(DoubleToIntFunction cmp, double d) {
        if (d == INF) {
            return 1;
        }
        if (d == -INF) {
            return -1;
        }
        return cmp.applyAsInt(d);
    }

    private static void checkDown(String what, DoubleToIntFunction cmp, double r) {
        if (r != r || r == INF || cmpExt(cmp, r) > 0 || cmpExt(cmp, Math.nextUp(r)) <= 0) {
            fail(what + " down gave " + Double.toHexString(r));
        }
    }

    private static void checkUp(String what, DoubleToIntFunction cmp, double r) {
        if (r != r || r == -INF || cmpExt(cmp, r) < 0 || cmpExt(cmp, Math.nextDown(r)) >= 0) {
            fail(what + " up gave " + Double.toHexString(r));
        }
    }

    private static Dyadic bd(double x) {
        return Dyadic.of(x);
    }

    private static String hex(double... xs) {
        StringBuilder sb = new StringBuilder();
        for (double x : xs) {
            sb.append(Double.toHexString(x)).append(' ');
        }
        return sb.toString();
    }

    @Test
    void addSubAreCorrectlyDirected() {
        RandomDoubles g = new RandomDoubles(1);
        for (int i = 0; i < N; i++) {
            double a = g.next();
            double b = (i & 1) == 0 ? g.next() : g.near(a);
            if (!Double.isFinite(b)) {
                continue;
            }
            Dyadic sum = bd(a).add(bd(b));
            DoubleToIntFunction cmp = d -> bd(d).compareTo(sum);
            checkDown("add " + hex(a, b), cmp, Rounding.addDown(a, b));
            checkUp("add " + hex(a, b), cmp, Rounding.addUp(a, b));
            Dyadic diff = bd(a).subtract(bd(b));
            DoubleToIntFunction cmp2 = d -> bd(d).compareTo(diff);
            checkDown("sub " + hex(a, b), cmp2, Rounding.subDown(a, b));
            checkUp("sub " + hex(a, b), cmp2, Rounding.subUp(a, b));
        }
    }

    @Test
    void mulAndSquareAreCorrectlyDirected() {
        RandomDoubles g = new RandomDoubles(2);
        for (int i = 0; i < N; i++) {
            double a = g.next();
            double b = g.next();
            Dyadic p = bd(a).multiply(bd(b));
            DoubleToIntFunction cmp = d -> bd(d).compareTo(p);
            checkDown("mul " + hex(a, b), cmp, Rounding.mulDown(a, b));
            checkUp("mul " + hex(a, b), cmp, Rounding.mulUp(a, b));
            Dyadic sq = bd(a).multiply(bd(a));
            DoubleToIntFunction cmp2 = d -> bd(d).compareTo(sq);
            checkDown("sqr " + hex(a), cmp2, Rounding.squareDown(a));
            checkUp("sqr " + hex(a), cmp2, Rounding.squareUp(a));
        }
    }

    @Test
    void divIsCorrectlyDirected() {
        RandomDoubles g = new RandomDoubles(3);
        for (int i = 0; i < N; i++) {
            double a = g.next();
            double b = g.next();
            if (b == 0) {
                continue;
            }
            int sb = b > 0 ? 1 : -1;
            // sign(d − a/b) = sign(b) · sign(d·b − a)
            DoubleToIntFunction cmp = d -> sb * bd(d).multiply(bd(b)).compareTo(bd(a));
            checkDown("div " + hex(a, b), cmp, Rounding.divDown(a, b));
            checkUp("div " + hex(a, b), cmp, Rounding.divUp(a, b));
        }
    }

    @Test
    void sqrtIsCorrectlyDirected() {
        RandomDoubles g = new RandomDoubles(4);
        for (int i = 0; i < N; i++) {
            double a = Math.abs(g.next());
            if ((i & 3) == 0) { // perfect squares and their neighbours
                double s = Math.abs(g.next());
                a = s * s;
                if (!Double.isFinite(a)) {
                    continue;
                }
                a = i % 3 == 0 ? a : (i % 3 == 1 ? Math.nextUp(a) : Math.nextDown(Math.max(a, Double.MIN_VALUE)));
            }
            double x = a;
            // for d ≥ 0: sign(d − √x) = sign(d² − x); every d < 0 is below √x
            DoubleToIntFunction cmp = d -> d < 0 ? -1 : bd(d).multiply(bd(d)).compareTo(bd(x));
            checkDown("sqrt " + hex(a), cmp, Rounding.sqrtDown(a));
            checkUp("sqrt " + hex(a), cmp, Rounding.sqrtUp(a));
        }
    }

    @Test
    void fmaIsCorrectlyDirected() {
        RandomDoubles g = new RandomDoubles(5);
        for (int i = 0; i < N; i++) {
            double a = g.next();
            double b = g.next();
            double c;
            switch (i % 4) {
                case 0: // cancellation against the rounded product: ErrFma's hard case
                    c = g.near(a * b);
                    break;
                case 1:
                    c = -(a * b) + Math.fma(a, b, -(a * b)) * g.random().nextInt(-3, 4);
                    break;
                default:
                    c = g.next();
            }
            if (!Double.isFinite(c)) {
                continue;
            }
            Dyadic x = bd(a).multiply(bd(b)).add(bd(c));
            DoubleToIntFunction cmp = d -> bd(d).compareTo(x);
            checkDown("fma " + hex(a, b, c), cmp, Rounding.fmaDown(a, b, c));
            checkUp("fma " + hex(a, b, c), cmp, Rounding.fmaUp(a, b, c));
        }
    }

    @Test
    void overflowAndSpecialValues() {
        double max = Double.MAX_VALUE;
        assertEquals(INF, Rounding.addUp(max, max));
        assertEquals(max, Rounding.addDown(max, max));
        assertEquals(-max, Rounding.addUp(-max, -max));
        assertEquals(-INF, Rounding.addDown(-max, -max));
        assertEquals(INF, Rounding.addUp(max, Double.MIN_VALUE));
        assertEquals(max, Rounding.addDown(max, Double.MIN_VALUE));
        assertEquals(INF, Rounding.mulUp(1e300, 1e300));
        assertEquals(max, Rounding.mulDown(1e300, 1e300));
        assertEquals(-max, Rounding.mulUp(-1e300, 1e300));
        assertEquals(-INF, Rounding.mulDown(-1e300, 1e300));
        assertEquals(max, Rounding.divDown(1e300, 1e-300));
        assertEquals(INF, Rounding.divUp(1e300, 1e-300));
        assertEquals(Double.MIN_VALUE, Rounding.mulUp(Double.MIN_VALUE, 0.5));
        assertEquals(0.0, Rounding.mulDown(Double.MIN_VALUE, 0.5));
        assertEquals(-Double.MIN_VALUE, Rounding.mulDown(-Double.MIN_VALUE, 0.5));
        assertEquals(Double.MIN_VALUE, Rounding.divUp(Double.MIN_VALUE, 3));
        assertEquals(-Double.MIN_VALUE, Rounding.divDown(Double.MIN_VALUE, -3));
        assertEquals(0x1p-537, Rounding.sqrtUp(0x1p-1074));
        // infinite operands are exact in the extended reals
        assertEquals(INF, Rounding.addDown(INF, 1));
        assertEquals(-INF, Rounding.addUp(-INF, 1));
        assertEquals(INF, Rounding.mulDown(INF, 2));
        assertEquals(0.0, Rounding.divUp(1, INF));
        assertEquals(INF, Rounding.sqrtDown(INF));
        assertEquals(INF, Rounding.fmaDown(INF, 2, 1));
        // 0.1 is not a double: 1/10 lies strictly between the two
        double lo = Rounding.divDown(1, 10);
        double hi = Rounding.divUp(1, 10);
        assertEquals(Math.nextUp(lo), hi);
        // 10·lo < 1 < 10·hi exactly
        assertTrue(bd(lo).multiply(bd(10)).compareTo(Dyadic.ONE) < 0 && bd(hi).multiply(bd(10)).compareTo(Dyadic.ONE) > 0);
        // exact operations are not widened
        assertEquals(6.0, Rounding.mulUp(2, 3));
        assertEquals(6.0, Rounding.mulDown(2, 3));
        assertEquals(3.0, Rounding.sqrtUp(9));
        assertEquals(0.0, Rounding.fmaUp(2, 3, -6));
    }
}
