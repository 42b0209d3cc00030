package org.flowcert.flow.validated;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;

/**
 * Validated integration of the gradient flow θ' = F(θ) = −∇L(θ): proved enclosures of θ(t),
 * L(θ(t)) and ‖θ(t)‖ at requested times.
 *
 * <p>Method ("defect + logarithmic norm", proofs-notes/validated-flow.md): each step builds a
 * Taylor polynomial p of the solution through the current center in binary64 (the non-rigorous
 * predictor), bounds its defect δ = p' − F(p) over the whole step in interval arithmetic
 * (Taylor coefficients at the step start plus a Lagrange remainder over the step), encloses the
 * Hessian over a tube around p, bounds the logarithmic norm μ ≥ λmax(−∇²L) over the tube, and
 * proves by a continuity (a-priori containment) argument that ‖θ − p‖ ≤ r(τ) = r₀e^{μτ} +
 * ‖δ‖(e^{μτ} − 1)/μ stays inside the tube. Where the flow contracts (μ &lt; 0, near a minimum)
 * the radius shrinks towards ‖δ‖/|μ| instead of growing.
 *
 * <p>By default the set carried from step to step is a Lohner set x̂ + B·[r] (note §7): the
 * step's Jacobians are enclosed around a binary64 matrix Ŷ by a Taylor model of the Hessian along
 * the step, the set is mapped by the mean-value theorem and re-expressed in the QR basis of ŶB.
 * Its growth follows the flow map's actual Jacobian instead of e^{∫μ}, which is what carries W3
 * through its non-convex stretch (benchmarks/w3-validated.md).
 *
 * <p>Failed validations shrink the step and are reported to the {@link Listener}; an
 * enclosure is returned only for times every step up to which was proved.
 *
 * <p>Layers (reading order): this class is the public face (options, result, listener);
 * {@link Integration} drives one run (step sizes, retries, self-checks); {@link BallStep} is one
 * step of note §1–3 and {@link LohnerStep} the set propagation of §7 on top of it; both evaluate
 * the loss only through a {@link StepEvaluator} ({@link GenericStepEvaluator} for any network,
 * {@link ShallowStepEvaluator} for 1-H-1 networks, §8). Rendering the result (text, JSON, CSV,
 * SVG) is the command line's job ({@code cli.ValidatedFlowOutput}).
 */
public final class ValidatedFlow {
    private ValidatedFlow() {
    }

    /** Tuning; none of it affects soundness, only whether and how fast a proof is found. */
    public record Options(int order, double defectTolerance, double hMin, double hMax, double hFirst,
            double[] times, int maxSteps, int maxConsecutiveFailures, double initialRadius, boolean lohner) {

        public Options {
            times = times.clone();
            if (order < 2 || order > 40) {
                // 40: the binomial weights C(j, m), j ≤ 40, and their products stay exact in binary64
                throw new IllegalArgumentException("order must be in 2..40");
            }
        }

        /** Order 16, defect tolerance 1e-14, no requested times besides the end, Lohner sets. */
        public static Options defaults() {
            return new Options(16, 1e-14, 1e-9, 1e6, Double.NaN, new double[0], 10_000_000, 60, 0, true);
        }

        /**
         * Whether the set carried between steps is a Lohner set x̂ + B·[r] propagated by the
         * mean-value theorem (note §7; default), or only the ball of the logarithmic-norm bound (§1).
         */
        public Options withLohner(boolean on) {
            return new Options(order, defectTolerance, hMin, hMax, hFirst, times, maxSteps, maxConsecutiveFailures,
                    initialRadius, on);
        }

        public Options withTimes(double... t) {
            return new Options(order, defectTolerance, hMin, hMax, hFirst, t, maxSteps, maxConsecutiveFailures, initialRadius, lohner);
        }

        public Options withOrder(int k) {
            return new Options(k, defectTolerance, hMin, hMax, hFirst, times, maxSteps, maxConsecutiveFailures, initialRadius, lohner);
        }

        /** The first attempted step (NaN: chosen from the predictor's coefficients). */
        public Options withFirstStep(double h) {
            return new Options(order, defectTolerance, hMin, hMax, h, times, maxSteps, maxConsecutiveFailures, initialRadius, lohner);
        }

        /** Integrate from every point of the ball B(θ, r) instead of θ alone. */
        public Options withInitialRadius(double r) {
            return new Options(order, defectTolerance, hMin, hMax, hFirst, times, maxSteps, maxConsecutiveFailures, r, lohner);
        }

        public Options withMinStep(double h) {
            return new Options(order, defectTolerance, h, hMax, hFirst, times, maxSteps, maxConsecutiveFailures, initialRadius, lohner);
        }

        public Options withMaxStep(double h) {
            return new Options(order, defectTolerance, hMin, h, hFirst, times, maxSteps, maxConsecutiveFailures, initialRadius, lohner);
        }

        public Options withDefectTolerance(double d) {
            return new Options(order, d, hMin, hMax, hFirst, times, maxSteps, maxConsecutiveFailures, initialRadius, lohner);
        }

        @Override
        public double[] times() {
            return times.clone();
        }
    }

    /**
     * One accepted step: θ(t) ∈ tube for t ∈ [t0, t1] and θ(t1) ∈ B(center, radius).
     * {@code jacobianError} bounds ‖Dφ_h(ξ) − Ŷ‖₂ over the set at t0 (Lohner sets, note §7; NaN
     * without them).
     */
    public record Step(double t0, double t1, double mu, double defect, double radius, double[] center,
            Interval[] tube, Interval loss, Interval norm, double truncation, double truncationLimit,
            double jacobianError) {
    }

    /**
     * The phases of a step whose wall time a {@link Listener} may collect (diagnostics for
     * benchmarks; proves nothing): binary64 predictor, interval Taylor pass at the step start,
     * interval remainder pass over the step, interval Hessian over the tube, λmax bound, step end
     * (Lohner set, ball loss/norm and self-checks) and within the step end the Jacobian bound
     * ({@link JacobianBound}) with the set's propagation.
     */
    public enum Phase {
        PREDICTOR, START_PASS, REMAINDER_PASS, HESSIAN, EIGEN, STEP_END, JACOBIAN
    }

    /** Receives accepted steps, failed attempts and phase times (default: ignore). */
    public interface Listener {
        default void onStep(Step step) {
        }

        /** A validation attempt from {@code t} with step {@code h} failed; the step will be shrunk. */
        default void onFailure(double t, double h, String reason) {
        }

        /** {@code nanos} of wall time were spent in {@code phase} (called many times per step). */
        default void onPhase(Phase phase, long nanos) {
        }
    }

    /**
     * What was proved. {@code enclosures} holds one entry per requested time reached (and the
     * start); when {@code complete} is false, integration stopped at {@code reached} for
     * {@code stopReason} and later times have no enclosure.
     */
    public record Result(List<Enclosure> enclosures, List<Step> steps, boolean complete, double reached,
            String stopReason, int failures, long nanos) {

        /** The enclosure at time t, if it was proved. */
        public Optional<Enclosure> at(double t) {
            return enclosures.stream().filter(e -> e.t() == t).findFirst();
        }

        /** The first proved time t ≤ by with ‖θ(t)‖₂ &gt; radius (a proof of "leaves the ball by `by`"). */
        public OptionalDouble firstTimeNormAbove(double radius, double by) {
            for (Enclosure e : enclosures) {
                if (e.t() <= by && e.norm().lo() > radius) {
                    return OptionalDouble.of(e.t());
                }
            }
            for (Step s : steps) {
                if (s.t1() <= by && s.norm().lo() > radius) {
                    return OptionalDouble.of(s.t1());
                }
            }
            return OptionalDouble.empty();
        }

        /** The first proved time t ≤ by with L(θ(t)) &lt; c. */
        public OptionalDouble firstTimeLossBelow(double c, double by) {
            for (Enclosure e : enclosures) {
                if (e.t() <= by && e.loss().hi() < c) {
                    return OptionalDouble.of(e.t());
                }
            }
            for (Step s : steps) {
                if (s.t1() <= by && s.loss().hi() < c) {
                    return OptionalDouble.of(s.t1());
                }
            }
            return OptionalDouble.empty();
        }
    }

    /** Thrown when a free self-check fails: an enclosure contradicts another (a soundness bug). */
    public static final class SelfCheckFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SelfCheckFailure(String message) {
            super(message);
        }
    }

    /** Integrates from the problem's θ over [0, T]; enclosures at 0, at each requested time in (0, T] and at T. */
    public static Result integrate(Problem problem, double tEnd, Options options, Listener listener) {
        return integrate(problem, tEnd, options, listener, true);
    }

    /**
     * As {@link #integrate(Problem, double, Options, Listener)}; {@code kernels} false forces the
     * generic interval passes even where the 1-H-1 kernel {@link ShallowSeries} applies (tests
     * compare both paths).
     */
    static Result integrate(Problem problem, double tEnd, Options options, Listener listener, boolean kernels) {
        return new Integration(problem, options, listener, kernels).run(tEnd);
    }

    /** Integrates with default options and no listener. */
    public static Result integrate(Problem problem, double tEnd) {
        return integrate(problem, tEnd, Options.defaults(), new Listener() { });
    }

    /**
     * The predictor's Taylor coefficients a[j][i] (j = 0..k) through c by the generic path: k
     * passes of reverse-mode AD over {@code Taylor<DoubleNum>}. Not rigorous.
     */
    static double[][] genericPredictor(Problem problem, double[] c, int k) {
        return GenericStepEvaluator.predictor(problem, c, k);
    }

    /**
     * The binary64 predictor's Taylor coefficients a[j][i] (j = 0..k) through c, as each step builds
     * them (the 1-H-1 sweep where it applies, else {@link #genericPredictor}). Not rigorous; for
     * provers that replay the steps (prove.TaylorStepper).
     */
    public static double[][] predictorCoefficients(Problem problem, double[] c, int k) {
        return StepEvaluator.predictor(problem, ShallowPredictor.forProblem(problem), c, k);
    }

    /**
     * Taylor coefficients of the polynomial p(τ) = Σ_{j≤k} a_j τʲ (a[j][i]) re-expanded at every
     * τ₀ ∈ tau: b_m = Σ_{j≥m} C(j, m) a_j τ₀^(j−m), m = 0..k (b[m][i]), in interval arithmetic.
     */
    static Interval[][] shiftedCoefficients(double[][] a, Interval tau) {
        int k = a.length - 1;
        int p = a[0].length;
        Interval[][] b = new Interval[k + 1][p];
        for (int i = 0; i < p; i++) {
            for (int m = 0; m <= k; m++) {
                // Horner in τ₀ over j = k..m with binomial weights C(j, m)
                Interval v = Interval.of(a[k][i]).multiply(Interval.of(binomial(k, m)));
                for (int j = k - 1; j >= m; j--) {
                    v = v.multiply(tau).add(Interval.of(a[j][i]).multiply(Interval.of(binomial(j, m))));
                }
                b[m][i] = v;
            }
        }
        return b;
    }

    /** ‖θ − c‖₂ rounded up, θ exact. */
    static double initialRadius(BigFraction[] theta, double[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            BigFraction d = theta[i].subtract(Numbers.ofDouble(c[i])).abs();
            double dd = d.doubleValue();
            if (Numbers.compare(Numbers.ofDouble(dd), d) < 0) {
                dd = Math.nextUp(dd);
            }
            s = Up.add(s, Up.mul(dd, dd));
        }
        return s == 0 ? 0 : Up.sqrt(s);
    }

    static double binomial(int n, int m) {
        double b = 1;
        for (int i = 1; i <= m; i++) {
            b = b * (n - m + i) / i; // exact while C(n, m) < 2^53 (n ≤ 54); Options caps the order at 40
        }
        return b;
    }
}
