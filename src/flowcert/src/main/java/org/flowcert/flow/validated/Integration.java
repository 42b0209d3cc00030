package org.flowcert.flow.validated;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Interval;
import org.flowcert.model.Problem;

/**
 * One run of the validated integrator: step-size control, retries and the carried state (the
 * driver, as kv's {@code odelong} around {@code ode-maffine} and Hipparchus' {@code AbstractIntegrator}
 * around its step). The rigorous work is done by {@link BallStep} and {@link LohnerStep} through a
 * {@link StepEvaluator}; this class chooses step sizes (not trusted), applies the free self-checks
 * of proofs-notes/validated-flow.md §2 and builds the {@link ValidatedFlow.Result}.
 */
final class Integration {
    private final Problem problem;
    private final ValidatedFlow.Options o;
    private final ValidatedFlow.Listener listener;
    private final int p;
    private final int k;
    private final StepEvaluator evaluator;
    private final BallStep ballStep;
    /** The Lohner step when sets are carried (Options.lohner), else null: the ball alone. */
    private final LohnerStep lohnerStep;
    /** The Lohner set containing θ(t) at the current time (null when the option is off). */
    private Lohner.Set set;

    Integration(Problem problem, ValidatedFlow.Options o, ValidatedFlow.Listener listener, boolean kernels) {
        this.problem = problem;
        this.o = o;
        this.listener = listener;
        this.p = problem.parameterCount();
        this.k = o.order();
        this.evaluator = StepEvaluator.forProblem(problem, k, kernels);
        this.ballStep = new BallStep(evaluator, o.defectTolerance(), listener);
        this.lohnerStep = o.lohner() ? new LohnerStep(evaluator, listener) : null;
    }

    ValidatedFlow.Result run(double tEnd) {
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
        double r = Up.add(ValidatedFlow.initialRadius(problem.theta(), c), o.initialRadius());
        Interval loss = Balls.loss(problem, c, r);
        set = lohnerStep != null ? Lohner.Set.ball(c, r) : null;
        List<Enclosure> out = new ArrayList<>();
        List<ValidatedFlow.Step> steps = new ArrayList<>();
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
                a = evaluator.predictor(c);
            } catch (Dual.KinkException e) {
                String why = "kink: " + e.getMessage() + " (the flow is not smooth there; crossing relu"
                        + " kinks is refused)";
                failures++;
                listener.onFailure(t, 0, why);
                stop = "cannot continue at t = " + t + ": " + why;
                break;
            }
            listener.onPhase(ValidatedFlow.Phase.PREDICTOR, System.nanoTime() - q0);
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
                        pointG = evaluator.gradientAtStart(a);
                    } catch (ArithmeticException e) {
                        pointG = null; // the attempt repeats the pass and reports why it failed
                    }
                    listener.onPhase(ValidatedFlow.Phase.START_PASS, System.nanoTime() - q1);
                }
                Attempt at = attempt(StepContext.of(t, t1, c, r, loss, a, pointG));
                if (at.failure() == null) {
                    ok = at;
                    break;
                }
                failures++;
                consecutive++;
                listener.onFailure(t, t1 - t, at.failure());
                h = (t1 - t) * 0.5;
                if (h < o.hMin() || consecutive >= o.maxConsecutiveFailures()) {
                    stop = "validation failed at t = " + t + " down to step " + (t1 - t) + ": " + at.failure();
                    break;
                }
            }
            if (ok == null) {
                break;
            }
            ValidatedFlow.Step s = ok.step();
            if (lohnerStep != null) {
                lohnerStep.reset();
            }
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
            set = ok.set();
            if (t == target) {
                out.add(enclosure(t, c, r, loss));
            }
        }
        return new ValidatedFlow.Result(List.copyOf(out), List.copyOf(steps), stop == null, t, stop, failures,
                System.nanoTime() - start);
    }

    /** Step from the last coefficients (Jorba–Zou): |a_j| h^j ≈ 1e-17 for j = k−1, k. */
    private double estimateStep(double[][] a) {
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

    /** An accepted step and the set it carries, or the reason the attempt failed. */
    private record Attempt(ValidatedFlow.Step step, Lohner.Set set, String failure) {
        static Attempt failed(String why) {
            return new Attempt(null, null, why);
        }
    }

    /** One validation attempt: the ball step, then the Lohner step on top, then the self-checks. */
    private Attempt attempt(StepContext ctx) {
        try {
            BallStep.Outcome ball = ballStep.prove(ctx);
            if (ball.failure() != null) {
                return Attempt.failed(ball.failure());
            }
            long q0 = System.nanoTime();
            try {
                BallStep.Proof b = ball.proof();
                if (lohnerStep == null) {
                    return accept(ctx, b, b.center(), b.radius(), null, Double.NaN);
                }
                LohnerStep.Outcome l = lohnerStep.advance(set, ctx, b);
                if (l.failure() != null) {
                    return Attempt.failed(l.failure());
                }
                return accept(ctx, b, l.center(), l.radius(), l.set(), l.jacobianError());
            } finally {
                listener.onPhase(ValidatedFlow.Phase.STEP_END, System.nanoTime() - q0);
            }
        } catch (Dual.KinkException e) {
            return Attempt.failed("kink: " + e.getMessage()
                    + " (the flow is not smooth there; crossing relu kinks is refused)");
        } catch (Lohner.Failure e) {
            return Attempt.failed("set propagation: " + e.getMessage());
        } catch (ArithmeticException e) {
            return Attempt.failed("arithmetic: " + e.getMessage());
        }
    }

    /**
     * The loss and norm at t1 on the ball B(c1, r1) with the self-checks of §2 (the energy
     * identity and a non-increasing loss); the accepted attempt.
     */
    private Attempt accept(StepContext ctx, BallStep.Proof ball, double[] c1, double r1, Lohner.Set next,
            double jacobianError) {
        // loss at t1 on the ball, then the energy identity L(t0) − L(t1) = ∫‖F‖² ∈ h·‖F(U)‖²
        Interval direct = Balls.loss(problem, c1, r1);
        Interval speed2 = Interval.ZERO;
        for (Interval g : ball.tubeGradient()) {
            speed2 = speed2.add(g.square());
        }
        Interval dissipated = ctx.h().multiply(speed2);
        Interval loss0 = ctx.loss();
        Interval viaEnergy = loss0.subtract(dissipated);
        Interval loss1 = direct.intersect(viaEnergy);
        double t0 = ctx.t0();
        double t1 = ctx.t1();
        if (loss1.isEmpty()) {
            throw new ValidatedFlow.SelfCheckFailure("energy identity violated on [" + t0 + ", " + t1 + "]: L(t1) in "
                    + direct + " but L(t0) − ∫‖F‖² in " + viaEnergy);
        }
        if (loss1.lo() > loss0.hi()) {
            throw new ValidatedFlow.SelfCheckFailure("loss enclosure increased on [" + t0 + ", " + t1 + "]: " + loss0
                    + " then " + loss1);
        }
        Interval norm = Balls.norm(c1, r1);
        return new Attempt(new ValidatedFlow.Step(t0, t1, ball.mu(), ball.defect(), r1, c1, ball.tube(), loss1, norm,
                ball.truncation(), ball.truncationLimit(), jacobianError), next, null);
    }

    /** The enclosure at t: the box of the ball, intersected with the hull of the Lohner set when there is one. */
    private Enclosure enclosure(double t, double[] c, double r, Interval loss) {
        Interval[] box = Balls.box(c, r);
        if (set != null) {
            // θ(t) lies in the ball and in the set: the box is the intersection of their hulls
            Interval[] hull = set.box();
            for (int i = 0; i < p; i++) {
                Interval x = box[i].intersect(hull[i]);
                if (x.isEmpty()) {
                    throw new ValidatedFlow.SelfCheckFailure("the ball and the Lohner set at t = " + t
                            + " are disjoint in component " + i + ": " + box[i] + " and " + hull[i]);
                }
                box[i] = x;
            }
        }
        // ‖θ‖ from the ball and from the box (both hold θ): keep the intersection
        Interval sq = Interval.ZERO;
        for (Interval x : box) {
            sq = sq.add(x.square());
        }
        Interval norm = Balls.norm(c, r);
        Interval viaBox = norm.intersect(sq.sqrt());
        if (viaBox.isEmpty()) {
            throw new ValidatedFlow.SelfCheckFailure("norm enclosures from the ball " + norm + " and the box "
                    + sq.sqrt() + " are disjoint at t = " + t);
        }
        return new Enclosure(t, c, r, box, loss, viaBox);
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
}
