package org.flowcert.fast;

import org.flowcert.arith.DoubleNum;

/**
 * Fast binary64 activations for the batched kernel, each with a stated error bound (the
 * derivations are in proofs-notes/fast-kernels.md; u = 2^-53, and "ulp" is the ulp of the
 * result). Not rigorous: for the fast mode and for predictors only.
 *
 * <ul>
 * <li>{@link #tanh}: ≤ 3 ulps. For |z| ≥ 0.625, 1 − 2/(e^{2|z|} + 1) with Math.exp (≤ 1 ulp,
 *     javadoc): ≤ 2.3 ulps, proved in the note. For |z| &lt; 0.625, z + z³ P(z²)/Q(z²) with
 *     Moshier's Cephes coefficients (published peak error 2.5e-16 relative, about 1.2 ulps),
 *     checked against 60-digit apfloat values by FastActivationsTest.</li>
 * <li>{@link #logistic}: ≤ 3 ulps for z ≥ 0, ≤ 5 ulps for z &lt; 0 (note; observed ≤ 1.4);
 *     {@link #logisticDerivative} e/(1+e)² with e = exp(−|z|): ≤ 8 ulps (observed ≤ 1.9),
 *     accurate also where σ saturates (unlike 1/4 − (s − 1/2)²).</li>
 * <li>{@link #softplus}: max(z, 0) + log1p(e^{−|z|}), ≤ 4.5 ulps (Math.log1p, Math.exp ≤ 1 ulp;
 *     observed ≤ 1).</li>
 * <li>GELU: z Φ(z) with Φ from {@link DoubleNum#erf} (about 1e-15 relative, so up to ~10 ulps:
 *     the one activation here without a few-ulp bound).</li>
 * </ul>
 */
public final class FastActivations {
    private FastActivations() {
    }

    // Cephes tanh.c (S. L. Moshier): tanh x = x + x³ P(x²)/Q(x²) on |x| <= 0.625
    private static final double P0 = -9.64399179425052238628E-1;
    private static final double P1 = -9.92877231001918586564E1;
    private static final double P2 = -1.61468768441708447952E3;
    private static final double Q0 = 1.12811678491632931402E2;
    private static final double Q1 = 2.23548839060100448583E3;
    private static final double Q2 = 4.84406305325125486048E3;
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT2PI = 0.3989422804014327;

    /** tanh z to ≤ 3 ulps (see the class comment). */
    public static double tanh(double z) {
        double a = Math.abs(z);
        if (a < 0.625) {
            double s = z * z;
            double p = (P0 * s + P1) * s + P2;
            double q = ((s + Q0) * s + Q1) * s + Q2;
            return z + z * s * (p / q);
        }
        if (a < 22) {
            // tanh 22 = 1 − 1.6e-19: rounds to 1 beyond
            double e = Math.exp(2 * a);
            return Math.copySign(1 - 2 / (e + 1), z);
        }
        return a == a ? Math.copySign(1.0, z) : z;
    }

    /** The logistic function 1/(1 + e^{−z}), ≤ 5 ulps (≤ 3 for z ≥ 0). */
    public static double logistic(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** σ'(z) = e/(1 + e)² with e = e^{−|z|}, ≤ 8 ulps. */
    public static double logisticDerivative(double z) {
        double e = Math.exp(-Math.abs(z));
        double d = 1 + e;
        return e / (d * d);
    }

    /** softplus z = log(1 + e^z), ≤ 4.5 ulps. */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** Φ(z), the standard normal distribution function, via erf (≈ 1e-15 relative). */
    public static double normalCdf(double z) {
        return 0.5 + 0.5 * DoubleNum.erf(z * INV_SQRT2);
    }

    /** φ(z) = e^{−z²/2}/√(2π). */
    public static double normalPdf(double z) {
        return Math.exp(-0.5 * z * z) * INV_SQRT2PI;
    }
}
