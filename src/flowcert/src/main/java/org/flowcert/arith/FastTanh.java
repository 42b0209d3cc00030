package org.flowcert.arith;

/**
 * Rigorous, fast bounds of tanh at a binary64 argument: {@code lower <= tanh(x) <= upper}
 * for the exact real tanh, both from one evaluation. No use of Math.tanh (2.5 ulps and
 * about 30 ns on JDK 17); the proof of every constant is in
 * proofs-notes/elementary-functions.md, section "tanh".
 *
 * <p>For x &gt; 0 (tanh is odd, negative x is mirrored exactly):
 * <ul>
 * <li>A: x &lt;= 2^-27: [nextDown(x), x] (tanh x lies in (x - x^3/3, x)).
 * <li>B: x &lt; 0.55: tanh x = x - x^3 U(x^2)/Q(x^2) + tau, the 9th convergent of Lambert's
 *     continued fraction (integer coefficients, |tau| &lt;= 1.1e-4 ulp-units of the
 *     correction); the computed correction t has relative error &lt;= 6.31 * 2^-53, bounded
 *     by e = 7 * 2^-53 * t + 2^-104 x.
 * <li>C: x &lt;= 19: tanh x = 1 - R, R = 2/(e^{2x}+1) with y = Math.exp(2x) (1 ulp, javadoc):
 *     R = r + c up to 2^-52 (1 + 2^-45) r(1 - r/2) + 2^-100.
 * <li>D: x &gt; 19: [1 - 2^-53, 1] since 1 - tanh x &lt; 2 e^-38 &lt; 2^-53.
 * </ul>
 * The final sum approx + (small) is rounded outward exactly: Fast2Sum gives its exact
 * residual, whose sign bit decides a one-ulp step (branch-free). Measured width: at most
 * 4 ulps, usually 2 to 3 (benchmarks/elementary-functions.md).
 *
 * <p>The bounds are not guaranteed monotone in x; they are sound at every x, which is
 * what an interval [a, b] -&gt; [down(a), up(b)] needs.
 */
public final class FastTanh {
    private static final double TINY = 0x1p-27;
    private static final double X_B = 0.55;
    private static final double X_SAT = 19.0;
    private static final double ONE_MINUS = 0x1.fffffffffffffp-1; // 1 - 2^-53

    /** Relative error bound of the region-B correction, with slack: 7 * 2^-53. */
    private static final double KB = 7 * 0x1p-53;
    /** Region-C error factor 2^-52 (1 + 2^-45). */
    private static final double KC = 0x1.000000000008p-52;

    private FastTanh() {
    }

    /**
     * Both bounds at a thin argument: {@code out[0] <= tanh(x) <= out[1]}. One evaluation
     * (about the cost of one Math.exp plus 20 flops); allocation-free. NaN gives NaN, NaN;
     * &plusmn;infinity gives &plusmn;1 exactly.
     *
     * @param x    the argument
     * @param out2 an array of length at least 2 receiving lower, upper
     */
    public static void bounds(double x, double[] out2) {
        if (x >= 0) {
            positive(x, out2, 0, 1);
        } else if (x < 0) {
            positive(-x, out2, 1, 0);
            out2[0] = -out2[0];
            out2[1] = -out2[1];
        } else {
            out2[0] = x;
            out2[1] = x;
        }
    }

    /** Per-thread scratch for {@link #down}/{@link #up}: no allocation per call. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[2]);

    /** A lower bound of tanh(x) (one full evaluation; prefer {@link #bounds} for both). */
    public static double down(double x) {
        double[] o = SCRATCH.get();
        bounds(x, o);
        return o[0];
    }

    /** An upper bound of tanh(x) (one full evaluation). */
    public static double up(double x) {
        double[] o = SCRATCH.get();
        bounds(x, o);
        return o[1];
    }

    /** x >= 0 (or +-0): writes the lower bound at out[lo], the upper at out[hi]. */
    private static void positive(double x, double[] out, int lo, int hi) {
        if (x <= TINY) {
            // A: tanh(0) = 0 exactly; tanh x in (x - x^3/3, x) and x^3/3 < gap below x.
            out[lo] = x == 0 ? x : Math.nextDown(x);
            out[hi] = x;
            return;
        }
        double base;
        double small;
        double err;
        if (x < X_B) {
            // B: t = x^3 U(s)/Q(s), s = x^2; Horner with positive coefficients.
            double s = x * x;
            double u = Math.fma(Math.fma(Math.fma(44.0, s, 12870.0), s, 810810.0), s, 11486475.0);
            double q = Math.fma(Math.fma(Math.fma(Math.fma(45.0, s, 13860.0), s, 945945.0), s,
                    16216200.0), s, 34459425.0);
            double t = (x * s) * (u / q);
            err = Math.fma(t, KB, x * 0x1p-104);
            base = x - t;                   // Fast2Sum(x, -t): x >= t
            small = (x - base) - t;
        } else if (x <= X_SAT) {
            // C: R = 2/(y+1), y = Math.exp(2x) within 1 ulp.
            double y = Math.exp(2.0 * x);
            double d = y + 1.0;             // Fast2Sum(y, 1): y >= 1
            double dl = (y - d) + 1.0;
            double r = 2.0 / d;
            double rho = Math.fma(-r, d, 2.0); // 2 - r d, exact
            double c = (rho - r * dl) * (0.5 * r); // 2/(d+dl) - r, to a few ulps of itself
            err = Math.fma(Math.fma(-0.5 * r, r, r), KC, 0x1p-100);
            base = 1.0 - r;                 // Fast2Sum(1, -r): r <= 1/2
            small = ((1.0 - base) - r) - c;
        } else {
            // D (and +infinity): 1 - 2^-53 < tanh x <= 1.
            out[lo] = x == Double.POSITIVE_INFINITY ? 1.0 : ONE_MINUS;
            out[hi] = 1.0;
            return;
        }
        // tanh x in [base + small - err, base + small + err]; round each end outward exactly.
        double gL = small - err;
        double vL = base + gL;
        double vLr = (base - vL) + gL;      // exact residual (Fast2Sum, |base| >= |gL|)
        double gU = small + err;
        double vU = base + gU;
        double vUr = (base - vU) + gU;
        // vL, vU > 0: one bit-step down if the residual is negative, up if positive.
        out[lo] = Double.longBitsToDouble(Double.doubleToRawLongBits(vL)
                + (Double.doubleToRawLongBits(vLr) >> 63));
        out[hi] = Math.min(1.0, Double.longBitsToDouble(Double.doubleToRawLongBits(vU)
                - (Double.doubleToRawLongBits(-vUr) >> 63)));
    }
}
