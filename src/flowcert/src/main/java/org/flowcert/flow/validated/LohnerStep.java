package org.flowcert.flow.validated;

import org.flowcert.arith.Dual;

/**
 * The Lohner step of proofs-notes/validated-flow.md §7 on top of a proved {@link BallStep}: the
 * set x̂ + B·[r] ∋ θ(t0) is mapped by the mean-value theorem with the step's Jacobians enclosed
 * within δ of a binary64 matrix Ŷ ({@link JacobianBound}) and re-expressed in the QR basis of ŶB
 * ({@link Lohner#step}); the smaller of the ball and the set is kept (kv's {@code ode-qr-lohner}).
 *
 * <p>When the set cannot be propagated (δ too large, basis not orthogonal, overflow) the step is
 * shrunk while that helps, at most {@link #RETRIES} times, then proved with the ball alone and the
 * set restarts from it (§7 "Fallback"). Holds that retry state for the current step start.
 */
final class LohnerStep {
    /** Order m of the Hessian's Taylor model in time for the Jacobian bound ({@link JacobianBound}). */
    static final int JACOBIAN_MODEL_ORDER = 4;
    /**
     * A step whose Jacobian bound δ exceeds this fails and is shrunk (δ ~ h^(m+1)): each step may
     * multiply the set by at most about 1 + √P·δ (note §7).
     */
    static final double JACOBIAN_TOLERANCE = 1e-3;
    /** Largest degree of the binary64 Jacobian series Ŷ(s) (it stops when the terms are negligible). */
    static final int JACOBIAN_SERIES_DEGREE = 80;
    /**
     * A step whose Lohner set cannot be propagated is shrunk at most this many times, and only
     * while δ halves per retry; then it is proved with the ball of §1 alone.
     */
    static final int RETRIES = 4;

    private final StepEvaluator evaluator;
    private final ValidatedFlow.Listener listener;
    /** Attempts from the current time rejected for the Lohner set alone. */
    private int rejections;
    /** The Jacobian bound δ of the last such rejection (+inf: the set failed otherwise; NaN: none). */
    private double lastDelta = Double.NaN;

    LohnerStep(StepEvaluator evaluator, ValidatedFlow.Listener listener) {
        this.evaluator = evaluator;
        this.listener = listener;
    }

    /**
     * θ(t1) ∈ B(center, radius) ∩ set; jacobianError is δ (NaN when the ball fallback was taken).
     * Or a failure (retry with a shorter step): exactly one of set and failure is non-null.
     */
    record Outcome(Lohner.Set set, double[] center, double radius, double jacobianError, String failure) {
        static Outcome failed(String why) {
            return new Outcome(null, null, Double.NaN, Double.NaN, why);
        }
    }

    /** A step was accepted: the retry budget starts afresh at the next step start. */
    void reset() {
        rejections = 0;
        lastDelta = Double.NaN;
    }

    /**
     * Carries {@code set} ∋ θ(t0) over the step proved by {@code ball}.
     *
     * @throws Dual.KinkException when the flow is not smooth on the tube (the step fails as a kink,
     *         no fallback)
     */
    Outcome advance(Lohner.Set set, StepContext ctx, BallStep.Proof ball) {
        int p = ctx.dimension();
        int k = ctx.order();
        double[] c1 = ball.center();
        double r1 = ball.radius();
        // the solution from the center c alone stays within Δ·φ(μ, τ) of p (r₀ = 0 in §1.5)
        double rPoint = Up.mul(ball.defect(), Up.phi(ball.mu(), ctx.h().hi()));
        double[] cLo = new double[p];
        double[] cHi = new double[p];
        for (int i = 0; i < p; i++) {
            cLo[i] = Math.nextDown(ball.endPolynomial()[i].lo() - rPoint);
            cHi[i] = Math.nextUp(ball.endPolynomial()[i].hi() + rPoint);
        }
        long q0 = System.nanoTime();
        Lohner.Set next = null;
        double jacErr = Double.NaN;
        String failure = null;
        double failedDelta = Double.POSITIVE_INFINITY;
        try {
            // the model order cannot exceed the predictor's degree k (p has k + 1 coefficients)
            JacobianBound.Result jb = JacobianBound.compute(evaluator, ctx.a(), ball.shifted(), ball.rho(),
                    ctx.h().lo(), ctx.h().hi(), ball.mu(), Math.min(JACOBIAN_MODEL_ORDER, k), JACOBIAN_SERIES_DEGREE);
            if (!(jb.delta() <= JACOBIAN_TOLERANCE)) {
                failedDelta = jb.delta();
                failure = String.format("Jacobian bound %.3g exceeds %.3g (model %.3g, series %.3g)",
                        jb.delta(), JACOBIAN_TOLERANCE, jb.modelError(), jb.seriesError());
            } else {
                next = Lohner.step(set, cLo, cHi, jb.y(), jb.delta());
                jacErr = jb.delta();
            }
        } catch (Dual.KinkException e) {
            throw e;
        } catch (ArithmeticException e) {
            // Lohner.Failure or a kernel overflow in the Jacobian's Hessian model
            failure = "set propagation: " + e.getMessage();
        }
        listener.onPhase(ValidatedFlow.Phase.JACOBIAN, System.nanoTime() - q0);
        if (failure != null) {
            // usually a shorter step fixes it (δ ~ h^(m+1)): shrink while that helps (δ at least
            // halves per retry), at most RETRIES times
            boolean shrinkHelps = Double.isNaN(lastDelta) || failedDelta <= 0.5 * lastDelta;
            if (shrinkHelps && rejections < RETRIES) {
                rejections++;
                lastDelta = failedDelta;
                return Outcome.failed(failure);
            }
            // fall back to the ball of §1, proved without the set (note §7, "Fallback"):
            // θ(t1) ∈ B(c1, r1); the set restarts as the box around that ball
            return new Outcome(Lohner.Set.ball(c1, r1), c1, r1, Double.NaN, null);
        }
        // the ball of §1 around c1 and the set around its own center: keep the smaller radius
        // about the set's center (the ball's is moved there by ‖x̂' − c1‖)
        double shift = 0;
        for (int i = 0; i < p; i++) {
            double d = Math.nextUp(Math.abs(next.center()[i] - c1[i]));
            shift = Up.add(shift, Up.mul(d, d));
        }
        double viaBall = Up.add(r1, Up.sqrt(shift));
        double[] center = next.center();
        if (Up.mul(viaBall, Math.sqrt(p)) < next.radius()) {
            // the ball is the smaller set (e.g. a contracting flow whose set was polluted by large
            // δ): restart the Lohner set from the box around it, which is sound too
            next = Lohner.Set.ball(center, viaBall);
        }
        return new Outcome(next, center, Math.min(viaBall, next.radius()), jacErr, null);
    }
}
