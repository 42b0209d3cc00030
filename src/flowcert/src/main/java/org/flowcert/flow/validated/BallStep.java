package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;

/**
 * The ball step of proofs-notes/validated-flow.md §1–3 ("defect + logarithmic norm"): from
 * θ(t0) ∈ B(c, r0) and the binary64 predictor p(τ) = Σ a_j τʲ through c, proves θ(t) ∈ tube for
 * t ∈ [t0, t1] and θ(t1) ∈ B(c1, r1).
 *
 * <ol>
 * <li>The defect δ(τ) = p'(τ) − F(p(τ)), F = −∇L: |δ_i(τ)| ≤ Σ_{j&lt;k} |δ_ij| hʲ + |δ_ik(T)| hᵏ, the
 * Taylor coefficients at the start plus a Lagrange remainder over the step (§1.2).</li>
 * <li>The tube U = p([0, h]) + [−ρ, ρ]ᴾ, μ ≥ λmax(−∇²L) on U ({@link EigenBound}, §3), and the
 * a-priori containment sup r &lt; ρ with r(τ) = r₀e^{μτ} + ‖δ‖φ(μ, τ) (§1.3–1.5). Where μ &lt; 0
 * e^{μh} ≤ 1 and the same formula holds: the radius shrinks towards ‖δ‖/|μ|.</li>
 * <li>The new center c1 = mid p(h) in intervals; r1 = r(h) + ‖p(h) − c1‖.</li>
 * </ol>
 * Nothing here is trusted but the interval evaluations of the {@link StepEvaluator}; a failure is
 * a reason to shrink the step, never an enclosure.
 */
final class BallStep {
    private final StepEvaluator evaluator;
    private final double defectTolerance;
    private final ValidatedFlow.Listener listener;

    BallStep(StepEvaluator evaluator, double defectTolerance, ValidatedFlow.Listener listener) {
        this.evaluator = evaluator;
        this.defectTolerance = defectTolerance;
        this.listener = listener;
    }

    /**
     * A proved ball step.
     *
     * @param shifted p's coefficients re-expanded at every τ₀ ∈ [0, h] (b[m][i])
     * @param rho the tube's half-width around p
     * @param tube U
     * @param tubeGradient ∇L over U
     * @param mu μ ≥ λmax(−∇²L) on U
     * @param defect ‖δ‖ over the step
     * @param endRadius r(h), the radius about p(h)
     * @param endPolynomial p(h) in intervals
     * @param center c1
     * @param radius r1 ≥ r(h) + ‖p(h) − c1‖: θ(t1) ∈ B(c1, r1)
     * @param truncation the Lagrange-remainder part of the defect
     * @param truncationLimit the bound it had to meet (step-size control aims at a quarter of it)
     */
    record Proof(Interval[][] shifted, double rho, Interval[] tube, Interval[] tubeGradient, double mu, double defect,
            double endRadius, Interval[] endPolynomial, double[] center, double radius, double truncation,
            double truncationLimit) {
    }

    /** The proof, or the reason the attempt failed (exactly one is non-null). */
    record Outcome(Proof proof, String failure) {
        static Outcome failed(String why) {
            return new Outcome(null, why);
        }
    }

    Outcome prove(StepContext ctx) {
        int p = ctx.dimension();
        int k = ctx.order();
        double[][] a = ctx.a();
        double r0 = ctx.radius();
        double hHi = ctx.h().hi();
        Interval tau = Interval.of(0.0, hHi);

        // 1. defect δ(τ) = p'(τ) − F(p(τ)), |δ_i(τ)| ≤ Σ_{j<k} |δ_ij| h^j + |δ_ik(T)| h^k (Lagrange)
        long q0 = System.nanoTime();
        Interval[] pointG = ctx.startGradient() != null ? ctx.startGradient() : evaluator.gradientAtStart(a);
        long q1 = System.nanoTime();
        Interval[][] shifted = ValidatedFlow.shiftedCoefficients(a, tau);
        Interval[] remG = evaluator.gradientOverStep(shifted);
        long q2 = System.nanoTime();
        listener.onPhase(ValidatedFlow.Phase.START_PASS, q1 - q0);
        listener.onPhase(ValidatedFlow.Phase.REMAINDER_PASS, q2 - q1);
        double defPoint = 0;
        double defRem = 0;
        double[] hPow = new double[k + 1];
        hPow[0] = 1;
        for (int j = 1; j <= k; j++) {
            hPow[j] = Up.mul(hPow[j - 1], hHi);
        }
        for (int i = 0; i < p; i++) {
            double di = 0;
            for (int j = 0; j < k; j++) {
                // δ_ij = (j+1) a_{j+1} − F_j = (j+1) a_{j+1} + g_j
                Interval dij = Interval.of(a[j + 1][i]).multiply(Interval.of(j + 1)).add(pointG[i * k + j]);
                di = Up.add(di, Up.mul(dij.mag(), hPow[j]));
            }
            double ri = Up.mul(remG[i].mag(), hPow[k]);
            defPoint = Up.add(defPoint, Up.mul(di, di));
            defRem = Up.add(defRem, Up.mul(ri, ri));
        }
        defPoint = Up.sqrt(defPoint);
        defRem = Up.sqrt(defRem);
        double delta = Up.add(defPoint, defRem);
        if (!Double.isFinite(delta)) {
            return Outcome.failed("defect bound is not finite");
        }
        double truncationLimit = Math.max(defectTolerance, defPoint);
        if (defRem > truncationLimit) {
            return Outcome.failed(String.format("truncation part of the defect bound %.3g exceeds"
                    + " the tolerance %.3g", defRem, truncationLimit));
        }

        // 2. tube U = p([0,h]) + [−ρ, ρ]^P; μ ≥ λmax(−∇²L) on U; containment sup r < ρ
        Interval[] path = new Interval[p];
        for (int i = 0; i < p; i++) {
            path[i] = shifted[0][i];
        }
        double rho = Math.max(Math.max(4 * r0, 4 * Up.mul(delta, hHi)), Double.MIN_NORMAL);
        String why = null;
        for (int round = 0; round < 3; round++) {
            Interval[] tube = Balls.inflate(path, rho);
            long q3 = System.nanoTime();
            StepEvaluator.TubeHessian hs = evaluator.tubeHessian(tube);
            long q4 = System.nanoTime();
            double mu = EigenBound.upper(logNormSplit(hs.hessian()));
            long q5 = System.nanoTime();
            listener.onPhase(ValidatedFlow.Phase.HESSIAN, q4 - q3);
            listener.onPhase(ValidatedFlow.Phase.EIGEN, q5 - q4);
            // r(h) = r₀e^{μh} + ‖δ‖φ(μ, h); for μ < 0 the exp factor is ≤ 1 and still an upper bound
            double rEnd = Up.add(Up.mul(r0, Up.exp(Up.mul(mu, hHi))), Up.mul(delta, Up.phi(mu, hHi)));
            double supR = Math.max(r0, rEnd);
            if (!(supR < rho)) {
                why = String.format("a-priori containment failed: sup r = %.3g is not < rho = %.3g"
                        + " (mu = %.3g, defect = %.3g)", supR, rho, mu, delta);
                if (!Double.isFinite(supR) || supR > 1e6 * Math.max(rho, 1e-300)) {
                    break;
                }
                rho = 2 * supR;
                continue;
            }
            EndBall end = endBall(ctx, rEnd);
            return new Outcome(new Proof(shifted, rho, tube, hs.gradient(), mu, delta, rEnd, end.polynomial(),
                    end.center(), end.radius(), defRem, truncationLimit), null);
        }
        return Outcome.failed(why);
    }

    /** p(h) in intervals, c1 = its midpoint and r1 ≥ r(h) + ‖p(h) − c1‖. */
    private record EndBall(Interval[] polynomial, double[] center, double radius) {
    }

    /** 3. p(h) in intervals; the new center is its double midpoint, the offset adds to the radius. */
    private static EndBall endBall(StepContext ctx, double rEnd) {
        int p = ctx.dimension();
        int k = ctx.order();
        double[][] a = ctx.a();
        double[] c1 = new double[p];
        Interval[] ph = new Interval[p];
        double off = 0;
        for (int i = 0; i < p; i++) {
            Interval v = Interval.of(a[k][i]);
            for (int j = k - 1; j >= 0; j--) {
                v = v.multiply(ctx.h()).add(Interval.of(a[j][i]));
            }
            ph[i] = v;
            c1[i] = v.mid();
            double d = Math.max(Math.nextUp(v.hi() - c1[i]), Math.nextUp(c1[i] - v.lo()));
            off = Up.add(off, Up.mul(d, d));
        }
        return new EndBall(ph, c1, Up.add(rEnd, Up.sqrt(off)));
    }

    /**
     * −∇²L over the tube as a symmetric midpoint and a 2-norm radius; its λmax bound is μ, the
     * Euclidean logarithmic norm bound of DF = −∇²L (note §3).
     */
    private static EigenBound.Split logNormSplit(Interval[][] hess) {
        int p = hess.length;
        double[][] lo = new double[p][p];
        double[][] hi = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                lo[i][j] = -hess[i][j].hi();
                hi[i][j] = -hess[i][j].lo();
            }
        }
        return EigenBound.split(lo, hi);
    }
}
