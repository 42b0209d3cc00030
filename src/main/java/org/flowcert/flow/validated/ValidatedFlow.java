package org.flowcert.flow.validated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Interval;
import org.flowcert.eval.Hessian;
import org.flowcert.eval.LossGradient;
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

    /** Receives accepted steps and failed attempts (default: ignore). */
    public interface Listener {
        default void onStep(Step step) {
        }

        /** A validation attempt from {@code t} with step {@code h} failed; the step will be shrunk. */
        default void onFailure(double t, double h, String reason) {
        }
    }

    /**
     * What was proved. {@code enclosures} holds one entry per requested time reached (and the
     * start); when {@code complete} is false, integration stopped at {@code reached} for
     * {@code stopReason} and later times have no enclosure.
     */
    public record Result(List<Enclosure> enclosures, List<Step> steps, boolean complete, double reached,
            String stopReason, int failures, long nanos, Phases phases) {

        /** The enclosure at time t, if it was proved. */
        public java.util.Optional<Enclosure> at(double t) {
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
        return new Run(problem, options, listener, kernels).run(tEnd);
    }

    /** Integrates with default options and no listener. */
    public static Result integrate(Problem problem, double tEnd) {
        return integrate(problem, tEnd, Options.defaults(), new Listener() { });
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Wall nanoseconds spent per phase of one run (diagnostics for benchmarks; proves nothing):
     * binary64 predictor, interval Taylor pass at the step start, interval remainder pass over the
     * step, interval Hessian over the tube, λmax bound, step end (ball loss/norm, self-checks and
     * the Lohner set), and within the step end the Jacobian bound ({@link JacobianBound}).
     */
    public record Phases(long predictor, long pointPass, long remainderPass, long hessian, long eigen,
            long finish, long jacobian) {
        static Phases of(long[] n) {
            return new Phases(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
        }
    }

    /**
     * The predictor's Taylor coefficients a[j][i] (j = 0..k) through c by the generic path: k
     * passes of reverse-mode AD ({@link LossGradient}) over {@code Taylor<DoubleNum>}. Not rigorous.
     */
    static double[][] genericPredictor(Problem problem, double[] c, int k) {
        int p = problem.parameterCount();
        double[][] a = new double[k + 1][];
        a[0] = c.clone();
        for (int j = 0; j < k; j++) {
            Taylor.Field<DoubleNum> tf = Taylor.field(DoubleNum.FIELD, j);
            Taylor<DoubleNum>[] x = tf.columns(p, (m, i) -> DoubleNum.of(a[m][i]));
            Taylor<DoubleNum>[] g = LossGradient.evaluate(problem, tf, x).gradient();
            double[] next = new double[p];
            for (int i = 0; i < p; i++) {
                // θ' = −∇L: (j+1) a_{j+1} = −g_j
                next[i] = -g[i].coefficient(j).value() / (j + 1);
            }
            a[j + 1] = next;
        }
        return a;
    }

    /**
     * The binary64 predictor's Taylor coefficients a[j][i] (j = 0..k) through c, as each step builds
     * them (the 1-H-1 sweep where it applies, else {@link #genericPredictor}). Not rigorous; for
     * provers that replay the steps (prove.TaylorStepper).
     */
    public static double[][] predictorCoefficients(Problem problem, double[] c, int k) {
        ShallowPredictor s = ShallowPredictor.forProblem(problem);
        return s != null ? s.coefficients(c, k) : genericPredictor(problem, c, k);
    }

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
     * A step whose Lohner set cannot be propagated (δ too large, basis not orthogonal, overflow) is
     * shrunk at most this many times, and only while δ halves per retry; then it is proved with the
     * ball of §1 alone (the set restarts from that ball; note §7 "Fallback").
     */
    static final int LOHNER_RETRIES = 4;
    /**
     * The start pass computes its coefficients of order below this with exact directed rounding
     * (they set the defect floor, widths measured in benchmarks/w3-validated.md), the rest with
     * one-ulp steps (faster).
     */
    static final int EXACT_START_ORDERS = 4;

    /** The state of one integration (mutable inside, immutable results out). */
    private static final class Run {
        private final Problem problem;
        private final Options o;
        private final Listener listener;
        private final int p;
        private final int k;
        /** The allocation-free one-sweep predictor when the problem's shape has one (else null). */
        private final ShallowPredictor shallow;
        /** The allocation-free interval series kernel when the problem's shape has one (else null). */
        private final ShallowSeries series;
        /** The same kernel with exact directed rounding, for the start pass (it sets the defect floor). */
        private final ShallowSeries seriesExact;
        /** Nanoseconds per phase of this run only ({@link Phases}). */
        private final long[] phaseNanos = new long[7];
        /** The Lohner set containing θ(t) at the current time (null when the option is off). */
        private Lohner.Set set;
        /** Attempts from the current time rejected for the Lohner set alone (reset on each accepted step). */
        private int lohnerRejections;
        /** The Jacobian bound δ of the last such rejection (+inf: the set failed otherwise; NaN: none). */
        private double lastLohnerDelta = Double.NaN;

        Run(Problem problem, Options o, Listener listener, boolean kernels) {
            this.problem = problem;
            this.o = o;
            this.listener = listener;
            this.p = problem.parameterCount();
            this.k = o.order();
            this.shallow = ShallowPredictor.forProblem(problem);
            this.series = kernels ? ShallowSeries.forProblem(problem) : null;
            this.seriesExact = kernels ? ShallowSeries.forProblem(problem, EXACT_START_ORDERS) : null;
        }

        Result run(double tEnd) {
            if (!(tEnd >= 0) || Double.isInfinite(tEnd)) {
                throw new IllegalArgumentException("end time must be finite and >= 0, got " + tEnd);
            }
            long start = System.nanoTime();
            TreeSet<Double> targets = new TreeSet<>();
            for (double t : o.times()) {
                if (t > 0 && t < tEnd) {
                    targets.add(t);
                }
            }
            targets.add(tEnd);

            // start: the problem's exact θ in the ball around its nearest doubles
            double[] c = problem.thetaDoubles();
            double r = Up.add(initialRadius(problem.theta(), c), o.initialRadius());
            Interval loss = lossOnBall(c, r);
            set = o.lohner() ? Lohner.Set.ball(c, r) : null;
            List<Enclosure> out = new ArrayList<>();
            List<Step> steps = new ArrayList<>();
            out.add(enclosure(0.0, c, r, loss));
            double t = 0;
            int failures = 0;
            double hNext = o.hFirst();
            String stop = null;
            while (t < tEnd) {
                if (steps.size() >= o.maxSteps()) {
                    stop = "step limit " + o.maxSteps() + " reached";
                    break;
                }
                double target = targets.ceiling(Math.nextUp(t));
                long q0 = System.nanoTime();
                double[][] a;
                try {
                    a = predictor(c);
                } catch (Dual.KinkException e) {
                    String why = "kink: " + e.getMessage() + " (the flow is not smooth there; crossing relu"
                            + " kinks is refused)";
                    failures++;
                    listener.onFailure(t, 0, why);
                    stop = "cannot continue at t = " + t + ": " + why;
                    break;
                }
                phaseNanos[0] += System.nanoTime() - q0;
                if (!finite(a)) {
                    stop = "the predictor's Taylor coefficients are not finite at t = " + t;
                    break;
                }
                double h = Double.isNaN(hNext) ? estimateStep(a) : hNext;
                h = Math.min(h, o.hMax());
                int consecutive = 0;
                Attempt ok = null;
                // the interval Taylor pass at the step start depends on c and a only: one per step,
                // shared by all retries with shorter h
                Interval[] pointG = null;
                while (ok == null) {
                    double t1 = t + h >= target ? target : t + h;
                    if (t1 <= t) {
                        stop = "step underflow at t = " + t;
                        break;
                    }
                    if (pointG == null) {
                        long q1 = System.nanoTime();
                        try {
                            pointG = taylorGradientAtStart(a);
                        } catch (ArithmeticException e) {
                            pointG = null; // the attempt repeats the pass and reports why it failed
                        }
                        phaseNanos[1] += System.nanoTime() - q1;
                    }
                    Attempt at = attempt(c, r, loss, t, t1, a, pointG);
                    if (at.failure == null) {
                        ok = at;
                        break;
                    }
                    failures++;
                    consecutive++;
                    listener.onFailure(t, t1 - t, at.failure);
                    h = (t1 - t) * 0.5;
                    if (h < o.hMin() || consecutive >= o.maxConsecutiveFailures()) {
                        stop = "validation failed at t = " + t + " down to step " + (t1 - t) + ": " + at.failure;
                        break;
                    }
                }
                if (ok == null) {
                    break;
                }
                Step s = ok.step;
                lohnerRejections = 0;
                lastLohnerDelta = Double.NaN;
                steps.add(s);
                listener.onStep(s);
                // next step: the truncation part of the defect scales like h^k, so aim it at 1/4 of
                // its limit, growing at most 2x (a step cut short by an output time does not count)
                double hDone = s.t1() - s.t0();
                double grow = s.truncation() > 0
                        ? Math.pow(0.25 * s.truncationLimit() / s.truncation(), 1.0 / k) : 2;
                grow = Math.max(0.5, Math.min(2, grow));
                hNext = s.t1() == target && hDone < 0.99 * h ? Math.max(h, hDone * grow) : hDone * grow;
                t = s.t1();
                c = s.center();
                r = s.radius();
                loss = s.loss();
                set = ok.set;
                if (t == target) {
                    out.add(enclosure(t, c, r, loss));
                }
            }
            return new Result(List.copyOf(out), List.copyOf(steps), stop == null, t, stop, failures,
                    System.nanoTime() - start, Phases.of(phaseNanos));
        }

        // ---- predictor (binary64, not rigorous) ------------------------------------------------

        /** Taylor coefficients a[j][i] (j = 0..k) of the solution through c (binary64, not trusted). */
        double[][] predictor(double[] c) {
            return shallow != null ? shallow.coefficients(c, k) : genericPredictor(problem, c, k);
        }

        /** Step from the last coefficients (Jorba–Zou): |a_j| h^j ≈ 1e-17 for j = k−1, k. */
        double estimateStep(double[][] a) {
            double h = o.hMax();
            for (int j = k - 1; j <= k; j++) {
                double n = 0;
                for (double v : a[j]) {
                    n = Math.max(n, Math.abs(v));
                }
                if (n > 0) {
                    h = Math.min(h, Math.pow(1e-17 / n, 1.0 / j));
                }
            }
            return Math.max(h, o.hMin());
        }

        // ---- one validation attempt (rigorous) -------------------------------------------------

        private record Attempt(Step step, Lohner.Set set, String failure) {
            Attempt(Step step, Lohner.Set set) {
                this(step, set, null);
            }

            static Attempt failed(String why) {
                return new Attempt(null, null, why);
            }
        }

        /** @param pointG the start pass {@link #taylorGradientAtStart} of a, or null to compute it here */
        Attempt attempt(double[] c, double r0, Interval loss0, double t0, double t1, double[][] a, Interval[] pointG) {
            try {
                return attemptOrThrow(c, r0, loss0, t0, t1, a, pointG);
            } catch (Dual.KinkException e) {
                return Attempt.failed("kink: " + e.getMessage()
                        + " (the flow is not smooth there; crossing relu kinks is refused)");
            } catch (Lohner.Failure e) {
                return Attempt.failed("set propagation: " + e.getMessage());
            } catch (ArithmeticException e) {
                return Attempt.failed("arithmetic: " + e.getMessage());
            }
        }

        Attempt attemptOrThrow(double[] c, double r0, Interval loss0, double t0, double t1, double[][] a,
                Interval[] pointGiven) {
            Interval hIv = Interval.of(t1).subtract(Interval.of(t0)); // the exact step lies in hIv
            double hHi = hIv.hi();
            Interval tau = Interval.of(0.0, hHi);

            // 1. defect δ(τ) = p'(τ) − F(p(τ)), |δ_i(τ)| ≤ Σ_{j<k} |δ_ij| h^j + |δ_ik(T)| h^k (Lagrange)
            long q0 = System.nanoTime();
            Interval[] pointG = pointGiven != null ? pointGiven : taylorGradientAtStart(a);
            long q1 = System.nanoTime();
            Interval[][] shifted = shiftedCoefficients(a, tau);
            Interval[] remG = taylorGradientOverStep(shifted);
            long q2 = System.nanoTime();
            phaseNanos[1] += q1 - q0;
            phaseNanos[2] += q2 - q1;
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
                return Attempt.failed("defect bound is not finite");
            }
            if (defRem > Math.max(o.defectTolerance(), defPoint)) {
                return Attempt.failed(String.format("truncation part of the defect bound %.3g exceeds"
                        + " the tolerance %.3g", defRem, Math.max(o.defectTolerance(), defPoint)));
            }

            // 2. tube U = p([0,h]) + [−ρ, ρ]^P; μ ≥ λmax(−∇²L) on U; containment sup r < ρ
            Interval[] path = new Interval[p];
            for (int i = 0; i < p; i++) {
                path[i] = shifted[0][i];
            }
            double rho = Math.max(Math.max(4 * r0, 4 * Up.mul(delta, hHi)), Double.MIN_NORMAL);
            String why = null;
            for (int round = 0; round < 3; round++) {
                Interval[] tube = inflate(path, rho);
                long q3 = System.nanoTime();
                TubeHessian hs = tubeHessian(tube);
                long q4 = System.nanoTime();
                EigenBound.Split split = logNormSplit(hs.hessian());
                double mu = EigenBound.upper(split);
                long q5 = System.nanoTime();
                phaseNanos[3] += q4 - q3;
                phaseNanos[4] += q5 - q4;
                double rEnd = Up.add(Up.mul(r0, Up.exp(Up.mul(mu, hHi))), Up.mul(delta, Up.phi(mu, hHi)));
                if (mu < 0) {
                    // e^(μh) ≤ 1: the exp factor above is still an upper bound; nothing to change
                }
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
                long q6 = System.nanoTime();
                Attempt fin = finish(c, a, shifted, rho, hIv, t0, t1, tube, hs.gradient(), mu, delta, rEnd, loss0, defRem,
                        Math.max(o.defectTolerance(), defPoint));
                phaseNanos[5] += System.nanoTime() - q6;
                return fin;
            }
            return Attempt.failed(why);
        }

        /** Accepted: the new center, radius, loss and norm, with the free self-checks. */
        private Attempt finish(double[] c, double[][] a, Interval[][] shifted, double rho, Interval hIv, double t0,
                double t1, Interval[] tube, Interval[] tubeGradient, double mu, double delta, double rEnd,
                Interval loss0, double truncation, double truncationLimit) {
            // p(h) in intervals; the new center is its double midpoint, the offset adds to the radius
            double[] c1 = new double[p];
            Interval[] ph = new Interval[p];
            double off = 0;
            for (int i = 0; i < p; i++) {
                Interval v = Interval.of(a[k][i]);
                for (int j = k - 1; j >= 0; j--) {
                    v = v.multiply(hIv).add(Interval.of(a[j][i]));
                }
                ph[i] = v;
                c1[i] = v.mid();
                double d = Math.max(Math.nextUp(v.hi() - c1[i]), Math.nextUp(c1[i] - v.lo()));
                off = Up.add(off, Up.mul(d, d));
            }
            double r1 = Up.add(rEnd, Up.sqrt(off));
            Lohner.Set next = null;
            double jacErr = Double.NaN;
            if (set != null) {
                // the solution from the center c alone stays within Δ·φ(μ, τ) of p (r₀ = 0 in §1.5)
                double rPoint = Up.mul(delta, Up.phi(mu, hIv.hi()));
                double[] cLo = new double[p];
                double[] cHi = new double[p];
                for (int i = 0; i < p; i++) {
                    cLo[i] = Math.nextDown(ph[i].lo() - rPoint);
                    cHi[i] = Math.nextUp(ph[i].hi() + rPoint);
                }
                long q7 = System.nanoTime();
                String lohnerFailure = null;
                double failedDelta = Double.POSITIVE_INFINITY;
                try {
                    // the model order cannot exceed the predictor's degree k (p has k + 1 coefficients)
                    JacobianBound.Result jb = JacobianBound.compute(problem, series, a, shifted, rho, hIv.lo(), hIv.hi(),
                            mu, Math.min(JACOBIAN_MODEL_ORDER, k), JACOBIAN_SERIES_DEGREE);
                    if (!(jb.delta() <= JACOBIAN_TOLERANCE)) {
                        failedDelta = jb.delta();
                        lohnerFailure = String.format("Jacobian bound %.3g exceeds %.3g (model %.3g, series %.3g)",
                                jb.delta(), JACOBIAN_TOLERANCE, jb.modelError(), jb.seriesError());
                    } else {
                        next = Lohner.step(set, cLo, cHi, jb.y(), jb.delta());
                        jacErr = jb.delta();
                    }
                } catch (Dual.KinkException e) {
                    throw e; // not smooth: the step fails as a kink, no fallback
                } catch (ArithmeticException e) {
                    // Lohner.Failure or a kernel overflow in the Jacobian's Hessian model
                    lohnerFailure = "set propagation: " + e.getMessage();
                }
                phaseNanos[6] += System.nanoTime() - q7;
                if (lohnerFailure != null) {
                    // usually a shorter step fixes it (δ ~ h^(m+1)): shrink while that helps (δ at
                    // least halves per retry), at most LOHNER_RETRIES times
                    boolean shrinkHelps = Double.isNaN(lastLohnerDelta) || failedDelta <= 0.5 * lastLohnerDelta;
                    if (shrinkHelps && lohnerRejections < LOHNER_RETRIES) {
                        lohnerRejections++;
                        lastLohnerDelta = failedDelta;
                        return Attempt.failed(lohnerFailure);
                    }
                    // fall back to the ball of §1, proved without the set (note §7, "Fallback"):
                    // θ(t1) ∈ B(c1, r1); the set restarts as the box around that ball
                    next = Lohner.Set.ball(c1, r1);
                    return finishLoss(c1, r1, next, t0, t1, tube, tubeGradient, hIv, mu, delta, loss0, truncation,
                            truncationLimit, Double.NaN);
                }
                // the ball of §1 around c1 and the set around its own center: keep the smaller
                // radius about the set's center (the ball's is moved there by ‖x̂' − c1‖)
                double shift = 0;
                for (int i = 0; i < p; i++) {
                    double d = Math.nextUp(Math.abs(next.center()[i] - c1[i]));
                    shift = Up.add(shift, Up.mul(d, d));
                }
                double viaBall = Up.add(r1, Up.sqrt(shift));
                c1 = next.center();
                if (Up.mul(viaBall, Math.sqrt(p)) < next.radius()) {
                    // the ball is the smaller set (e.g. a contracting flow whose set was polluted by
                    // large δ): restart the Lohner set from the box around it, which is sound too
                    next = Lohner.Set.ball(c1, viaBall);
                }
                r1 = Math.min(viaBall, next.radius());
            }
            return finishLoss(c1, r1, next, t0, t1, tube, tubeGradient, hIv, mu, delta, loss0, truncation,
                    truncationLimit, jacErr);
        }

        /** The loss and norm at t1 on the ball B(c1, r1) with the self-checks of §2; the accepted attempt. */
        private Attempt finishLoss(double[] c1, double r1, Lohner.Set next, double t0, double t1, Interval[] tube,
                Interval[] tubeGradient, Interval hIv, double mu, double delta, Interval loss0, double truncation,
                double truncationLimit, double jacErr) {
            // loss at t1 on the ball, then the energy identity L(t0) − L(t1) = ∫‖F‖² ∈ h·‖F(U)‖²
            Interval direct = lossOnBall(c1, r1);
            Interval speed2 = Interval.ZERO;
            for (Interval g : tubeGradient) {
                speed2 = speed2.add(g.square());
            }
            Interval dissipated = hIv.multiply(speed2);
            Interval viaEnergy = loss0.subtract(dissipated);
            Interval loss1 = direct.intersect(viaEnergy);
            if (loss1.isEmpty()) {
                throw new SelfCheckFailure("energy identity violated on [" + t0 + ", " + t1 + "]: L(t1) in "
                        + direct + " but L(t0) − ∫‖F‖² in " + viaEnergy);
            }
            if (loss1.lo() > loss0.hi()) {
                throw new SelfCheckFailure("loss enclosure increased on [" + t0 + ", " + t1 + "]: " + loss0
                        + " then " + loss1);
            }
            Interval norm = normOnBall(c1, r1);
            return new Attempt(new Step(t0, t1, mu, delta, r1, c1, tube, loss1, norm, truncation, truncationLimit,
                    jacErr), next);
        }

        // ---- rigorous evaluations ---------------------------------------------------------------

        /** ∇²L and ∇L over the tube (the 1-H-1 kernel's order-0 Hessian series where it applies). */
        private TubeHessian tubeHessian(Interval[] tube) {
            if (series != null) {
                double[][] lo = new double[1][p];
                double[][] hi = new double[1][p];
                for (int i = 0; i < p; i++) {
                    lo[0][i] = tube[i].lo();
                    hi[0][i] = tube[i].hi();
                }
                ShallowSeries.Result r = series.hessian(lo, hi, 0);
                Interval[][] h = new Interval[p][p];
                Interval[] g = new Interval[p];
                for (int i = 0; i < p; i++) {
                    g[i] = interval(r.gLo()[0][i], r.gHi()[0][i]);
                    for (int l = 0; l < p; l++) {
                        h[i][l] = interval(r.hLo()[0][i][l], r.hHi()[0][i][l]);
                    }
                }
                return new TubeHessian(h, g);
            }
            Hessian.Result<Interval> hs = Hessian.full(problem, Interval.FIELD, tube);
            return new TubeHessian(hs.hessian(), hs.gradient());
        }

        /** Coefficients g_ij (flattened i*k + j, j &lt; k) of ∇L(p(τ)) at τ = 0, in intervals. */
        private Interval[] taylorGradientAtStart(double[][] a) {
            if (seriesExact != null) {
                double[][][] g = seriesExact.gradient(a, a, k - 1);
                Interval[] out = new Interval[p * k];
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < k; j++) {
                        out[i * k + j] = interval(g[0][j][i], g[1][j][i]);
                    }
                }
                return out;
            }
            Taylor.Field<Interval> tf = Taylor.field(Interval.FIELD, k - 1);
            Taylor<Interval>[] x = tf.columns(p, (j, i) -> Interval.of(a[j][i]));
            Taylor<Interval>[] g = LossGradient.evaluate(problem, tf, x).gradient();
            Interval[] out = new Interval[p * k];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < k; j++) {
                    out[i * k + j] = g[i].coefficient(j);
                }
            }
            return out;
        }

        /** ∇L's k-th Taylor coefficient over the step (every expansion point τ₀ ∈ [0, h]). */
        private Interval[] taylorGradientOverStep(Interval[][] b) {
            if (series != null) {
                double[][] lo = new double[k + 1][p];
                double[][] hi = new double[k + 1][p];
                for (int m = 0; m <= k; m++) {
                    for (int i = 0; i < p; i++) {
                        lo[m][i] = b[m][i].lo();
                        hi[m][i] = b[m][i].hi();
                    }
                }
                double[][][] g = series.gradient(lo, hi, k);
                Interval[] out = new Interval[p];
                for (int i = 0; i < p; i++) {
                    out[i] = interval(g[0][k][i], g[1][k][i]);
                }
                return out;
            }
            Taylor.Field<Interval> tf = Taylor.field(Interval.FIELD, k);
            Taylor<Interval>[] x = tf.columns(p, (m, i) -> b[m][i]);
            Taylor<Interval>[] g = LossGradient.evaluate(problem, tf, x).gradient();
            Interval[] out = new Interval[p];
            for (int i = 0; i < p; i++) {
                out[i] = g[i].coefficient(k);
            }
            return out;
        }

        /**
         * −∇²L over the tube as a symmetric midpoint and a 2-norm radius; its λmax bound is μ, the
         * Euclidean logarithmic norm bound of DF = −∇²L (note §3).
         */
        private EigenBound.Split logNormSplit(Interval[][] hess) {
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

        private Interval[] inflate(Interval[] box, double rho) {
            Interval[] out = new Interval[box.length];
            for (int i = 0; i < box.length; i++) {
                out[i] = Interval.of(Math.nextDown(box[i].lo() - rho), Math.nextUp(box[i].hi() + rho));
            }
            return out;
        }

        private Interval[] ballBox(double[] c, double r) {
            Interval[] out = new Interval[p];
            for (int i = 0; i < p; i++) {
                out[i] = Interval.of(Math.nextDown(c[i] - r), Math.nextUp(c[i] + r));
            }
            return out;
        }

        /** L on B(c, r) ⊂ ballBox: L(c) + [−1, 1]·‖∇L(box)‖₂·r (mean value theorem). */
        Interval lossOnBall(double[] c, double r) {
            Interval[] pt = new Interval[p];
            for (int i = 0; i < p; i++) {
                pt[i] = Interval.of(c[i]);
            }
            Interval lc = LossGradient.loss(problem, Interval.FIELD, pt);
            if (r == 0) {
                return lc;
            }
            Interval[] g = LossGradient.evaluate(problem, Interval.FIELD, ballBox(c, r)).gradient();
            double n2 = 0;
            for (Interval gi : g) {
                n2 = Up.add(n2, Up.mul(gi.mag(), gi.mag()));
            }
            double spread = Up.mul(Up.sqrt(n2), r);
            return Interval.of(Math.nextDown(lc.lo() - spread), Math.nextUp(lc.hi() + spread));
        }

        private Interval normOnBall(double[] c, double r) {
            Interval s = Interval.ZERO;
            for (double v : c) {
                s = s.add(Interval.of(v).square());
            }
            Interval n = s.sqrt();
            return Interval.of(Math.max(0, Math.nextDown(n.lo() - r)), Math.nextUp(n.hi() + r));
        }

        private Enclosure enclosure(double t, double[] c, double r, Interval loss) {
            Interval[] box = ballBox(c, r);
            if (set != null) {
                // θ(t) lies in the ball and in the set: the box is the intersection of their hulls
                Interval[] hull = set.box();
                for (int i = 0; i < p; i++) {
                    Interval x = box[i].intersect(hull[i]);
                    if (x.isEmpty()) {
                        throw new SelfCheckFailure("the ball and the Lohner set at t = " + t + " are disjoint in"
                                + " component " + i + ": " + box[i] + " and " + hull[i]);
                    }
                    box[i] = x;
                }
            }
            // ‖θ‖ from the ball and from the box (both hold θ): keep the intersection
            Interval sq = Interval.ZERO;
            for (Interval x : box) {
                sq = sq.add(x.square());
            }
            Interval norm = normOnBall(c, r);
            Interval viaBox = norm.intersect(sq.sqrt());
            if (viaBox.isEmpty()) {
                throw new SelfCheckFailure("norm enclosures from the ball " + norm + " and the box " + sq.sqrt()
                        + " are disjoint at t = " + t);
            }
            return new Enclosure(t, c, r, box, loss, viaBox);
        }
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

    /** ∇²L and ∇L over a box. */
    private record TubeHessian(Interval[][] hessian, Interval[] gradient) {
    }

    /** [lo, hi] from a kernel's bounds (finite, lo ≤ hi), else an ArithmeticException (the attempt fails). */
    static Interval interval(double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new ArithmeticException("kernel bounds not a finite interval: [" + lo + ", " + hi + "]");
        }
        return Interval.of(lo, hi);
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

    private static boolean finite(double[][] a) {
        for (double[] row : a) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    static double binomial(int n, int m) {
        double b = 1;
        for (int i = 1; i <= m; i++) {
            b = b * (n - m + i) / i; // exact while C(n, m) < 2^53 (n ≤ 54); Options caps the order at 40
        }
        return b;
    }

    static String describe(double[] v) {
        return Arrays.toString(v);
    }
}
