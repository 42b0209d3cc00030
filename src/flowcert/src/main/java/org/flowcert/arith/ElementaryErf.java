package org.flowcert.arith;

import static org.flowcert.arith.ElementaryRounding.addDown;
import static org.flowcert.arith.ElementaryRounding.addUp;
import static org.flowcert.arith.ElementaryRounding.divDown;
import static org.flowcert.arith.ElementaryRounding.divUp;
import static org.flowcert.arith.ElementaryRounding.mulDown;
import static org.flowcert.arith.ElementaryRounding.mulUp;
import static org.flowcert.arith.ElementaryRounding.subDown;
import static org.flowcert.arith.ElementaryRounding.subUp;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * Rigorous bounds of erf at x &gt;= 0 (proofs: proofs-notes/elementary-functions.md, "erf").
 * <ul>
 * <li>0 &lt; x &lt;= 1.5: erf x = (2/sqrt(pi)) x P(x^2), P(s) = sum (-1)^n s^n/(n!(2n+1)),
 *     nested evaluation in interval arithmetic with directed rounding; the tail after 32
 *     terms is alternating with decreasing terms, so it lies in [0, c_32].
 * <li>1.5 &lt; x &lt; 6: erf x = 1 - erfc x, erfc x = e^{-x^2}/sqrt(pi) * K(x) with Laplace's
 *     continued fraction K(x) = 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))
 *     (A&amp;S 7.1.14), evaluated backwards in interval arithmetic from the tail enclosure
 *     [x, +infinity) (all elements positive, so every tail exceeds x): no truncation error
 *     to estimate, the enclosure is exact for any depth; the depth only sets the width.
 * <li>x &gt;= 6: 1 - 2^-53 &lt; erf x &lt;= 1, since erfc(6) &lt; e^-36/(6 sqrt(pi)) &lt; 2^-53.
 * </ul>
 */
final class ElementaryErf {
    /** Round-to-nearest of 2/sqrt(pi) is below it (checked in ElementaryBoundsTest). */
    static final double TWO_OVER_SQRT_PI_LO = 0x1.20dd750429b6dp+0;
    static final double TWO_OVER_SQRT_PI_HI = Math.nextUp(TWO_OVER_SQRT_PI_LO);
    static final double INV_SQRT_PI_LO = 0x1.20dd750429b6dp-1;
    static final double INV_SQRT_PI_HI = Math.nextUp(INV_SQRT_PI_LO);

    private static final double TAYLOR_MAX = 1.5;
    private static final double SAT = 6.0;
    private static final double ONE_MINUS = 0x1.fffffffffffffp-1;
    static final int TERMS = 32;
    /** c_n = 1/(n! (2n+1)) rounded down and up, exactly (compared as fractions). */
    static final double[] C_LO = new double[TERMS + 1];
    static final double[] C_HI = new double[TERMS + 1];

    static {
        BigInteger fact = BigInteger.ONE;
        for (int n = 0; n <= TERMS; n++) {
            if (n > 0) {
                fact = fact.multiply(BigInteger.valueOf(n));
            }
            BigFraction c = BigFraction.of(BigInteger.ONE, fact.multiply(BigInteger.valueOf(2L * n + 1)));
            double d = c.doubleValue();
            int cmp = Numbers.compare(BigFraction.from(d), c); // never BigFraction.compareTo
            C_LO[n] = cmp <= 0 ? d : Math.nextDown(d);
            C_HI[n] = cmp >= 0 ? d : Math.nextUp(d);
        }
    }

    private ElementaryErf() {
    }

    /** Lower bound of erf(x), x &gt;= 0 or NaN. */
    static double down(double x) {
        return bounds(x)[0];
    }

    /** Upper bound of erf(x), x &gt;= 0 or NaN. */
    static double up(double x) {
        return bounds(x)[1];
    }

    private static double[] bounds(double x) {
        if (x == 0 || Double.isNaN(x)) {
            return new double[] {x, x}; // erf(0) = 0 exactly
        }
        if (x >= SAT) {
            return new double[] {x == Double.POSITIVE_INFINITY ? 1.0 : ONE_MINUS, 1.0};
        }
        double sLo = mulDown(x, x);
        double sHi = mulUp(x, x);
        if (x <= TAYLOR_MAX) {
            // tail T_N in [0, c_N]; T_j = c_j - s T_{j+1} > 0 for all j (alternating, decreasing)
            double vLo = 0.0;
            double vHi = C_HI[TERMS];
            for (int j = TERMS - 1; j >= 0; j--) {
                double nLo = subDown(C_LO[j], mulUp(sHi, vHi));
                double nHi = subUp(C_HI[j], mulDown(sLo, vLo));
                vLo = Math.max(nLo, 0.0);
                vHi = nHi;
            }
            double lo = mulDown(mulDown(TWO_OVER_SQRT_PI_LO, x), vLo);
            double hi = mulUp(mulUp(TWO_OVER_SQRT_PI_HI, x), vHi);
            return new double[] {lo, Math.min(hi, 1.0)};
        }
        // continued fraction: tau_{n-1} = x + (n/2)/tau_n, tau_N in [x, +inf)
        int depth = (int) (300.0 / (x * x)) + 10;
        double tLo = x;
        double tHi = Double.POSITIVE_INFINITY;
        for (int n = depth; n >= 1; n--) {
            double a = 0.5 * n;
            double nLo = addDown(x, divDown(a, tHi));
            double nHi = addUp(x, divUp(a, tLo));
            tLo = nLo;
            tHi = nHi;
        }
        double kLo = divDown(1.0, tHi);
        double kHi = divUp(1.0, tLo);
        double eLo = ElementaryBounds.expDown(-sHi);
        double eHi = ElementaryBounds.expUp(-sLo);
        double erfcLo = mulDown(mulDown(eLo, INV_SQRT_PI_LO), kLo);
        double erfcHi = mulUp(mulUp(eHi, INV_SQRT_PI_HI), kHi);
        return new double[] {subDown(1.0, erfcHi), Math.min(subUp(1.0, erfcLo), 1.0)};
    }
}
