package org.flowcert.arith;

import static org.flowcert.arith.ElementaryRounding.addDown;
import static org.flowcert.arith.ElementaryRounding.addUp;
import static org.flowcert.arith.ElementaryRounding.divDown;
import static org.flowcert.arith.ElementaryRounding.divUp;
import static org.flowcert.arith.ElementaryRounding.libDown;
import static org.flowcert.arith.ElementaryRounding.libUp;
import static org.flowcert.arith.ElementaryRounding.mulDown;
import static org.flowcert.arith.ElementaryRounding.mulUp;
import static org.flowcert.arith.ElementaryRounding.subDown;

/**
 * Rigorous lower and upper bounds of the elementary functions at binary64 arguments:
 * for every double x in the domain (including &plusmn;infinity, where the limit is meant),
 * {@code fDown(x) <= f(x) <= fUp(x)} for the exact real f. NaN in, NaN out.
 *
 * <p>All functions here are monotone non-decreasing, so an interval [a, b] maps to
 * [fDown(a), fUp(b)]. The bounds of exp, expm1, log and log1p are themselves monotone
 * (they inherit the semi-monotonicity of {@link Math}); those of tanh, logistic, softplus
 * and erf are not guaranteed monotone (only {@code fDown(a) <= f(a) <= f(b) <= fUp(b)}).
 *
 * <p>Where each bound comes from (proofs in proofs-notes/elementary-functions.md):
 * <ul>
 * <li>exp, expm1, log, log1p: the {@link Math} javadoc, "within 1 ulp of the exact result",
 *     widened by {@link ElementaryRounding#libDown}/{@link ElementaryRounding#libUp}
 *     (worst total width 3 ulps, 2 away from binade edges).
 * <li>tanh: {@link FastTanh} (own rational approximation with a proven remainder, and
 *     Math.exp with its 1-ulp bound). For a thin argument use {@link FastTanh#bounds} which
 *     gives both bounds from one evaluation.
 * <li>logistic, softplus: compositions of the above with directed rounding.
 * <li>erf: alternating Taylor series (|x| &lt;= 1.5) and the Laplace continued fraction of
 *     erfc (|x| &gt; 1.5), both evaluated in directed rounding with proven truncation.
 * </ul>
 * Measured widths are in benchmarks/elementary-functions.md.
 */
public final class ElementaryBounds {
    /** ln(Double.MAX_VALUE) = 709.78271289338399678...; exp(x) &gt; MAX_VALUE for x &gt;= this. */
    private static final double EXP_OVERFLOW = 709.7827128933841;
    /** A double below ln(MAX_VALUE): Math.exp of it is finite (a fallback lower bound). */
    private static final double EXP_BELOW_OVERFLOW = 709.78;
    /** 1 - 2^-53, exact. */
    private static final double ONE_MINUS_HALF_ULP = 0x1.fffffffffffffp-1;

    private ElementaryBounds() {
    }

    // ---------------------------------------------------------------- exp

    public static double expDown(double x) {
        if (x == 0) {
            return 1.0; // exp(0) = 1 exactly
        }
        double y = Math.exp(x);
        if (y == Double.POSITIVE_INFINITY) {
            if (x == Double.POSITIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
            // x finite: either x >= ln(MAX) (then exp(x) > MAX), or fall back on monotonicity.
            return x >= EXP_OVERFLOW ? Double.MAX_VALUE : expDown(EXP_BELOW_OVERFLOW);
        }
        // Math.exp: within 1 ulp; exp(x) > 0.
        return Math.max(libDown(y, 1), 0.0);
    }

    public static double expUp(double x) {
        if (x == 0) {
            return 1.0;
        }
        double y = Math.exp(x);
        if (y == Double.POSITIVE_INFINITY) {
            return y;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        return libUp(y, 1);
    }

    // ---------------------------------------------------------------- expm1

    public static double expm1Down(double x) {
        if (x == 0) {
            return x; // expm1(0) = 0 exactly (keeps the sign of zero)
        }
        double y = Math.expm1(x);
        if (y == Double.POSITIVE_INFINITY) {
            if (x == Double.POSITIVE_INFINITY) {
                return y;
            }
            // expm1(x) = exp(x) - 1 and exp(x) - 1 >= expDown(x) - 1 rounded down.
            return subDown(expDown(x), 1.0);
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return -1.0;
        }
        // Math.expm1: within 1 ulp; expm1(x) > -1.
        return Math.max(libDown(y, 1), -1.0);
    }

    public static double expm1Up(double x) {
        if (x == 0) {
            return x;
        }
        double y = Math.expm1(x);
        if (y == Double.POSITIVE_INFINITY || x == Double.NEGATIVE_INFINITY) {
            return y;
        }
        return libUp(y, 1);
    }

    // ---------------------------------------------------------------- log

    /** x &gt;= 0; log(0) = -infinity. */
    public static double logDown(double x) {
        if (x == 1) {
            return 0.0; // log(1) = 0 exactly
        }
        double y = Math.log(x);
        if (Double.isInfinite(y) || Double.isNaN(y)) {
            return y; // log(0) = -inf, log(+inf) = +inf, NaN for x < 0
        }
        double d = libDown(y, 1);
        return x > 1 ? Math.max(d, 0.0) : d; // log(x) > 0 for x > 1
    }

    public static double logUp(double x) {
        if (x == 1) {
            return 0.0;
        }
        double y = Math.log(x);
        if (Double.isInfinite(y) || Double.isNaN(y)) {
            return y;
        }
        double u = libUp(y, 1);
        return x < 1 ? Math.min(u, 0.0) : u; // log(x) < 0 for x < 1
    }

    // ---------------------------------------------------------------- log1p

    /** x &gt;= -1. */
    public static double log1pDown(double x) {
        if (x == 0) {
            return x;
        }
        double y = Math.log1p(x);
        if (Double.isInfinite(y) || Double.isNaN(y)) {
            return y;
        }
        double d = libDown(y, 1);
        return x > 0 ? Math.max(d, 0.0) : d;
    }

    public static double log1pUp(double x) {
        if (x == 0) {
            return x;
        }
        double y = Math.log1p(x);
        if (Double.isInfinite(y) || Double.isNaN(y)) {
            return y;
        }
        double u = libUp(y, 1);
        return x < 0 ? Math.min(u, 0.0) : u;
    }

    // ---------------------------------------------------------------- tanh

    /** See {@link FastTanh#down}; for a thin argument {@link FastTanh#bounds} gives both. */
    public static double tanhDown(double x) {
        return FastTanh.down(x);
    }

    public static double tanhUp(double x) {
        return FastTanh.up(x);
    }

    /**
     * Both bounds of tanh at a thin argument from one evaluation:
     * {@code out2[0] <= tanh(x) <= out2[1]}, allocation-free (same as
     * {@link FastTanh#bounds}). Width at most 4 ulps.
     */
    public static void tanhBounds(double x, double[] out2) {
        FastTanh.bounds(x, out2);
    }

    // ---------------------------------------------------------------- logistic

    /** logistic(x) = 1/(1 + e^-x). */
    public static double logisticDown(double x) {
        if (x < -37) {
            // e^x < 2^-53, logistic(x) = e^x/(1 + e^x) >= e^x (1 - e^x) >= e^x (1 - 2^-53).
            return Math.max(mulDown(expDown(x), ONE_MINUS_HALF_ULP), 0.0);
        }
        // 1/(1 + t) is decreasing in t = e^-x: use the upper bound of t.
        return divDown(1.0, addUp(1.0, expUp(-x)));
    }

    public static double logisticUp(double x) {
        if (x < -37) {
            return expUp(x); // logistic(x) < e^x
        }
        return divUp(1.0, addDown(1.0, expDown(-x)));
    }

    // ---------------------------------------------------------------- softplus

    /** softplus(x) = log(1 + e^x). */
    public static double softplusDown(double x) {
        if (x < -37) {
            // t = e^x < 2^-53: log(1 + t) >= t - t^2/2 >= t (1 - 2^-53).
            return Math.max(mulDown(expDown(x), ONE_MINUS_HALF_ULP), 0.0);
        }
        if (x <= 0) {
            return log1pDown(expDown(x));
        }
        // softplus(x) = x + log1p(e^-x), no overflow for large x.
        return addDown(x, log1pDown(expDown(-x)));
    }

    public static double softplusUp(double x) {
        if (x < -37) {
            return expUp(x); // log(1 + t) < t
        }
        if (x <= 0) {
            return log1pUp(expUp(x));
        }
        return addUp(x, log1pUp(expUp(-x)));
    }

    // ---------------------------------------------------------------- erf

    public static double erfDown(double x) {
        if (x < 0) {
            return -ElementaryErf.up(-x); // erf is odd
        }
        return ElementaryErf.down(x);
    }

    public static double erfUp(double x) {
        if (x < 0) {
            return -ElementaryErf.down(-x);
        }
        return ElementaryErf.up(x);
    }
}
