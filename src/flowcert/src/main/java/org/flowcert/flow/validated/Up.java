package org.flowcert.flow.validated;

/**
 * Upper and lower bounds of single binary64 operations, by one ulp step after the
 * round-to-nearest result: |fl(x) − x| ≤ ½ ulp(x) ≤ ulp(fl(x)), so nextUp(fl(x)) ≥ x and
 * nextDown(fl(x)) ≤ x (proofs-notes/validated-flow.md, "scalar bounds"). Cheaper to audit
 * than exact directed rounding, and one ulp looser; the integrator uses it only for its few
 * scalar bounds (radii, norms, logarithmic norms), never inside the loss.
 */
final class Up {
    private Up() {
    }

    static double add(double a, double b) {
        return Math.nextUp(a + b);
    }

    static double mul(double a, double b) {
        return Math.nextUp(a * b);
    }

    static double div(double a, double b) {
        return Math.nextUp(a / b);
    }

    static double sqrt(double a) {
        return Math.nextUp(Math.sqrt(a));
    }

    static double addDown(double a, double b) {
        return Math.nextDown(a + b);
    }

    static double mulDown(double a, double b) {
        return Math.nextDown(a * b);
    }

    static double sqrtDown(double a) {
        return a <= 0 ? 0 : Math.nextDown(Math.sqrt(a));
    }

    /**
     * An upper bound of e^x: java.lang.Math.exp is within 1 ulp of the exact result (javadoc),
     * so two ulp steps up bound it (the first covers the error, the second a binade change).
     */
    static double exp(double x) {
        return Math.nextUp(Math.nextUp(Math.exp(x)));
    }

    /**
     * An upper bound of (e^(μh) − 1)/μ (= h at μ = 0), increasing in μ, for h ≥ 0.
     * Math.expm1 is within 1 ulp (javadoc); for μ &lt; 0 the quotient of two negatives is
     * bounded above by rounding the numerator towards 0 (up) and the magnitude of μ up.
     */
    static double phi(double mu, double h) {
        if (mu == 0 || h == 0) {
            return h;
        }
        double x = mu * h;
        if (mu > 0) {
            double xUp = Math.nextUp(x);
            double num = Math.nextUp(Math.nextUp(Math.expm1(xUp)));
            return div(num, mu);
        }
        // μ < 0: (e^x − 1)/μ = (1 − e^x)/|μ| with x = μh < 0. 1 − e^x decreases in x, so an
        // upper bound takes x rounded down and a lower bound of expm1 there.
        double xDown = Math.nextDown(x);
        double oneMinus = -Math.nextDown(Math.nextDown(Math.expm1(xDown)));
        double bound = div(oneMinus, -mu);
        return Math.min(bound, h);
    }
}
