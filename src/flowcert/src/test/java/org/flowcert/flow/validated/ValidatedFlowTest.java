package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Interval;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

class ValidatedFlowTest {
    private static final MathContext MC = new MathContext(60);

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    private static Problem data(int[] widths, String act, BigFraction[] theta, BigFraction[][] x, BigFraction[][] y,
            Risk.Reduction red) {
        return new Problem("test", new Network(widths, Activation.parse(act, "test", "activation")), theta,
                new Risk.Data(x, y, red));
    }

    private static BigDecimal bd(BigFraction f) {
        return new BigDecimal(f.getNumerator()).divide(new BigDecimal(f.getDenominator()), MC);
    }

    /** Whether v (known to within tol) lies in the interval. */
    private static boolean inside(Interval box, BigDecimal v, BigDecimal tol) {
        return new BigDecimal(box.lo()).compareTo(v.add(tol)) <= 0 && v.subtract(tol).compareTo(new BigDecimal(box.hi())) <= 0;
    }

    /**
     * No hidden layer (widths [2, 1]): L = ½ Σ (w·x_i + b − y_i)² is quadratic, θ' = −Aθ + g with
     * A = X̃ᵀX̃, so θ(t) = θ* + e^(−At)(θ₀ − θ*). The series of e^(−At) is summed in 60-digit decimals
     * (tail below 1e-40), independent of the integrator. A is positive definite, so the flow contracts:
     * the proved radius must not grow once the defect floor is reached.
     */
    @Test
    void quadraticLossMatchesTheMatrixExponentialAndContracts() {
        BigFraction[][] x = {{q(0, 1), q(1, 1)}, {q(1, 2), q(-1, 3)}, {q(1, 1), q(1, 4)}, {q(-1, 2), q(1, 2)}};
        BigFraction[][] y = {{q(1, 3)}, {q(-1, 2)}, {q(2, 1)}, {q(0, 1)}};
        BigFraction[] theta0 = {q(1, 2), q(-3, 4), q(1, 8)};
        Problem pr = data(new int[] {2, 1}, "tanh", theta0, x, y, Risk.Reduction.HALF_SUM);
        double[] times = {0.5, 2, 8, 20};
        ValidatedFlow.Result r = ValidatedFlow.integrate(pr, 20, ValidatedFlow.Options.defaults().withTimes(times),
                new ValidatedFlow.Listener() { });
        assertTrue(r.complete(), r.stopReason());

        // A = Σ z_i z_iᵀ, g = Σ y_i z_i with z_i = (x_i1, x_i2, 1)
        int p = 3;
        BigDecimal[][] a = new BigDecimal[p][p];
        BigDecimal[] g = new BigDecimal[p];
        for (int i = 0; i < p; i++) {
            g[i] = BigDecimal.ZERO;
            for (int j = 0; j < p; j++) {
                a[i][j] = BigDecimal.ZERO;
            }
        }
        for (int n = 0; n < x.length; n++) {
            BigDecimal[] z = {bd(x[n][0]), bd(x[n][1]), BigDecimal.ONE};
            for (int i = 0; i < p; i++) {
                g[i] = g[i].add(bd(y[n][0]).multiply(z[i], MC), MC);
                for (int j = 0; j < p; j++) {
                    a[i][j] = a[i][j].add(z[i].multiply(z[j], MC), MC);
                }
            }
        }
        for (double t : times) {
            // θ(t) = e^(−At)θ₀ + ∫₀ᵗ e^(−As) g ds = Σ_n (−t)^n Aⁿ θ₀ / n! + Σ_n (−1)^n t^(n+1) Aⁿ g / (n+1)!
            BigDecimal[] u = new BigDecimal[p];
            BigDecimal[] w = g.clone();
            BigDecimal[] sum = new BigDecimal[p];
            for (int i = 0; i < p; i++) {
                u[i] = bd(theta0[i]);
                sum[i] = BigDecimal.ZERO;
            }
            BigDecimal tt = new BigDecimal(t);
            BigDecimal cu = BigDecimal.ONE; // (−t)^n / n!
            BigDecimal cw = tt;             // (−1)^n t^(n+1) / (n+1)!
            for (int n = 0; n < 400; n++) {
                for (int i = 0; i < p; i++) {
                    sum[i] = sum[i].add(u[i].multiply(cu, MC).add(w[i].multiply(cw, MC), MC), MC);
                }
                u = times(a, u);
                w = times(a, w);
                cu = cu.multiply(tt.negate(), MC).divide(BigDecimal.valueOf(n + 1), MC);
                cw = cw.multiply(tt.negate(), MC).divide(BigDecimal.valueOf(n + 2), MC);
                if (n > 30 && cu.abs().multiply(norm(u), MC).compareTo(new BigDecimal("1e-45")) < 0
                        && cw.abs().multiply(norm(w), MC).compareTo(new BigDecimal("1e-45")) < 0) {
                    break;
                }
            }
            Enclosure e = r.at(t).orElseThrow();
            for (int i = 0; i < p; i++) {
                assertTrue(inside(e.box()[i], sum[i], new BigDecimal("1e-40")),
                        "t = " + t + ", theta_" + i + " = " + sum[i] + " not in " + e.box()[i]);
            }
            assertTrue(e.maxWidth() < 1e-12, "width " + e.maxWidth());
        }
        // contraction: μ < 0 on every step, and the radius ends below the no-contraction bound Σ Δ·h
        double accumulated = 0;
        for (ValidatedFlow.Step s : r.steps()) {
            assertTrue(s.mu() < 0, "mu = " + s.mu() + " at t = " + s.t0());
            accumulated += s.defect() * (s.t1() - s.t0());
        }
        assertTrue(r.at(20).orElseThrow().radius() < accumulated, r.at(20).orElseThrow().radius() + " vs " + accumulated);
        // from a whole ball of radius 1e-6 the enclosure shrinks like e^(−λmin t) (λmin(A) > 0.1 here)
        ValidatedFlow.Result ball = ValidatedFlow.integrate(pr, 20,
                ValidatedFlow.Options.defaults().withTimes(times).withInitialRadius(1e-6), new ValidatedFlow.Listener() { });
        assertTrue(ball.complete(), ball.stopReason());
        double prev = 1e-6;
        for (double t : times) {
            double rt = ball.at(t).orElseThrow().radius();
            assertTrue(rt < prev, "t = " + t + ": " + rt + " >= " + prev);
            prev = rt;
        }
        assertTrue(prev < 1e-6 * Math.exp(-0.1 * 20), "radius at t = 20: " + prev);
    }

    private static BigDecimal[] times(BigDecimal[][] a, BigDecimal[] v) {
        BigDecimal[] out = new BigDecimal[v.length];
        for (int i = 0; i < v.length; i++) {
            BigDecimal s = BigDecimal.ZERO;
            for (int j = 0; j < v.length; j++) {
                s = s.add(a[i][j].multiply(v[j], MC), MC);
            }
            out[i] = s;
        }
        return out;
    }

    private static BigDecimal norm(BigDecimal[] v) {
        BigDecimal m = BigDecimal.ZERO;
        for (BigDecimal x : v) {
            m = m.max(x.abs());
        }
        return m;
    }

    /** θ' = −∇L in double by classical RK4 with step h (an independent reference). */
    static double[] rk4(Problem pr, double[] th0, double tEnd, int n) {
        double h = tEnd / n;
        double[] th = th0.clone();
        for (int s = 0; s < n; s++) {
            double[] k1 = f(pr, th, null, 0);
            double[] k2 = f(pr, th, k1, h / 2);
            double[] k3 = f(pr, th, k2, h / 2);
            double[] k4 = f(pr, th, k3, h);
            for (int i = 0; i < th.length; i++) {
                th[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        return th;
    }

    private static double[] f(Problem pr, double[] th, double[] k, double c) {
        DoubleNum[] x = new DoubleNum[th.length];
        for (int i = 0; i < th.length; i++) {
            x[i] = DoubleNum.of(th[i] + (k == null ? 0 : c * k[i]));
        }
        DoubleNum[] g = LossGradient.evaluate(pr, DoubleNum.FIELD, x).gradient();
        double[] out = new double[th.length];
        for (int i = 0; i < th.length; i++) {
            out[i] = -g[i].value();
        }
        return out;
    }

    /**
     * Random small tanh and logistic problems: the double trajectory (RK4 with Richardson
     * extrapolation, error estimated from two step sizes) lies in every proved box, up to its own
     * estimated error; with Lohner sets (the default) and with the ball alone.
     */
    @Test
    void doubleTrajectoryLiesInEveryEnclosureOnRandomProblems() {
        doubleTrajectoryLiesInEveryEnclosure(true);
        doubleTrajectoryLiesInEveryEnclosure(false);
    }

    private void doubleTrajectoryLiesInEveryEnclosure(boolean lohner) {
        Random rnd = new Random(66);
        String[] acts = {"tanh", "logistic", "softplus", "poly:0,1,0,1/3"};
        for (int trial = 0; trial < 4; trial++) {
            int hidden = 1 + rnd.nextInt(2);
            int[] widths = {1, hidden, 1};
            int p = 3 * hidden + 1;
            BigFraction[] theta = new BigFraction[p];
            for (int i = 0; i < p; i++) {
                theta[i] = q(rnd.nextInt(17) - 8, 8);
            }
            int n = 3 + rnd.nextInt(3);
            BigFraction[][] x = new BigFraction[n][];
            BigFraction[][] y = new BigFraction[n][];
            for (int i = 0; i < n; i++) {
                x[i] = new BigFraction[] {q(i, n)};
                y[i] = new BigFraction[] {q(rnd.nextInt(9) - 4, 4)};
            }
            Problem pr = data(widths, acts[trial], theta, x, y, Risk.Reduction.MEAN);
            if (!acts[trial].startsWith("poly") && !rigorousElementaryFunctionsAvailable()) {
                continue; // Interval's tanh etc. need arith.ElementaryBounds (landing separately)
            }
            double[] times = {0.25, 0.5, 1.0};
            ValidatedFlow.Result r = ValidatedFlow.integrate(pr, 1.0,
                    ValidatedFlow.Options.defaults().withOrder(12).withTimes(times).withLohner(lohner),
                    new ValidatedFlow.Listener() { });
            assertTrue(r.complete(), acts[trial] + ": " + r.stopReason());
            for (double t : times) {
                double[] coarse = rk4(pr, pr.thetaDoubles(), t, 400);
                double[] fine = rk4(pr, pr.thetaDoubles(), t, 800);
                Enclosure e = r.at(t).orElseThrow();
                for (int i = 0; i < p; i++) {
                    double best = fine[i] + (fine[i] - coarse[i]) / 15;
                    double err = Math.abs(fine[i] - coarse[i]) + 1e-14;
                    Interval b = e.box()[i];
                    double dist = Math.max(0, Math.max(b.lo() - best, best - b.hi()));
                    assertTrue(dist <= err, acts[trial] + " t = " + t + " theta_" + i + " = " + best + " is "
                            + dist + " outside " + b + " (reference error ~" + err + ")");
                }
                assertTrue(e.maxWidth() < 1e-10, "width " + e.maxWidth());
                // the loss enclosure holds the loss of the reference point up to the Lipschitz bound
                DoubleNum[] pt = new DoubleNum[p];
                for (int i = 0; i < p; i++) {
                    pt[i] = DoubleNum.of(fine[i]);
                }
                double l = LossGradient.loss(pr, DoubleNum.FIELD, pt).value();
                assertTrue(e.loss().lo() - 1e-9 <= l && l <= e.loss().hi() + 1e-9, "loss " + l + " vs " + e.loss());
            }
            // the loss enclosures never increase and the events agree with them
            Interval prev = null;
            for (ValidatedFlow.Step s : r.steps()) {
                if (prev != null) {
                    assertTrue(s.loss().lo() <= prev.hi());
                }
                prev = s.loss();
            }
        }
    }

    static boolean rigorousElementaryFunctionsAvailable() {
        try {
            Interval.of(0.5).tanh();
            Interval.of(0.5).logistic();
            Interval.of(0.5).softplus();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * A huge first step must fail validation, be reported with a reason, and be shrunk; with a
     * minimum step that is too large, integration stops and proves nothing beyond what it reached.
     */
    @Test
    void hugeStepsFailAreReportedAndNeverYieldAnUnprovedEnclosure() {
        BigFraction[] theta = {q(3, 2), q(-1, 2), q(2, 1), q(1, 4)};
        BigFraction[][] x = {{q(0, 1)}, {q(1, 2)}, {q(1, 1)}};
        BigFraction[][] y = {{q(1, 1)}, {q(-1, 1)}, {q(1, 2)}};
        Problem pr = data(new int[] {1, 1, 1}, "poly:0,1,0,-1/3", theta, x, y, Risk.Reduction.MEAN);
        List<String> reasons = new ArrayList<>();
        List<Double> tried = new ArrayList<>();
        ValidatedFlow.Listener l = new ValidatedFlow.Listener() {
            @Override
            public void onFailure(double t, double h, String reason) {
                reasons.add(reason);
                tried.add(h);
            }
        };
        ValidatedFlow.Result ok = ValidatedFlow.integrate(pr, 2.0,
                ValidatedFlow.Options.defaults().withOrder(8).withFirstStep(1000), l);
        assertTrue(ok.complete(), ok.stopReason());
        assertFalse(reasons.isEmpty(), "a step of 1000 cannot validate");
        for (int i = 1; i < tried.size(); i++) {
            if (tried.get(i) < tried.get(i - 1)) {
                assertEquals(tried.get(i - 1) / 2, tried.get(i), 1e-12 * tried.get(i - 1), "halving");
            }
        }
        assertTrue(reasons.get(0).contains("defect") || reasons.get(0).contains("containment"), reasons.get(0));
        double[] ref = rk4(pr, pr.thetaDoubles(), 2.0, 2000);
        Enclosure end = ok.at(2.0).orElseThrow();
        for (int i = 0; i < ref.length; i++) {
            assertTrue(end.box()[i].lo() - 1e-10 <= ref[i] && ref[i] <= end.box()[i].hi() + 1e-10);
        }

        reasons.clear();
        ValidatedFlow.Result stuck = ValidatedFlow.integrate(pr, 2.0,
                ValidatedFlow.Options.defaults().withOrder(3).withFirstStep(1000).withMinStep(0.5), l);
        assertFalse(stuck.complete());
        assertFalse(reasons.isEmpty());
        assertTrue(stuck.stopReason().contains("validation failed"), stuck.stopReason());
        assertTrue(stuck.at(2.0).isEmpty(), "no enclosure at an unreached time");
        assertTrue(stuck.reached() < 2.0);
        assertEquals(1, stuck.enclosures().size(), "only the start");
    }

    /**
     * A high-order predictor allows steps whose Jacobian bound is too coarse for the Lohner set: those
     * attempts fail with the reason, are halved, and the result still holds the reference trajectory.
     */
    @Test
    void coarseJacobianBoundsAreReportedAndShrunk() {
        BigFraction[][] x = {{q(-1, 1)}, {q(-1, 3)}, {q(1, 3)}, {q(1, 1)}};
        BigFraction[][] y = {{q(1, 2)}, {q(-1, 4)}, {q(1, 1)}, {q(0, 1)}};
        BigFraction[] theta = {q(3, 4), q(-1, 2), q(1, 4), q(5, 4), q(-1, 1), q(1, 2), q(1, 8)};
        Problem pr = data(new int[] {1, 2, 1}, "tanh", theta, x, y, Risk.Reduction.HALF_SUM);
        List<String> reasons = new ArrayList<>();
        List<Double> tried = new ArrayList<>();
        ValidatedFlow.Result r = ValidatedFlow.integrate(pr, 0.5, ValidatedFlow.Options.defaults().withOrder(24)
                .withDefectTolerance(1e-12).withFirstStep(0.5).withTimes(0.25), new ValidatedFlow.Listener() {
                    @Override
                    public void onFailure(double t, double h, String reason) {
                        reasons.add(reason);
                        tried.add(h);
                    }
                });
        assertTrue(r.complete(), r.stopReason());
        int jac = -1;
        for (int i = 0; i < reasons.size(); i++) {
            if (reasons.get(i).startsWith("Jacobian bound")) {
                jac = i;
                break;
            }
        }
        assertTrue(jac >= 0, "expected a Jacobian-bound failure among " + reasons);
        for (ValidatedFlow.Step s : r.steps()) {
            assertTrue(s.jacobianError() <= LohnerStep.JACOBIAN_TOLERANCE, "accepted step with jacobian error "
                    + s.jacobianError());
        }
        for (double t : new double[] {0.25, 0.5}) {
            double[] coarse = rk4(pr, pr.thetaDoubles(), t, 400);
            double[] fine = rk4(pr, pr.thetaDoubles(), t, 800);
            Enclosure e = r.at(t).orElseThrow();
            for (int i = 0; i < fine.length; i++) {
                double best = fine[i] + (fine[i] - coarse[i]) / 15;
                double err = Math.abs(fine[i] - coarse[i]) + 1e-14;
                Interval b = e.box()[i];
                assertTrue(b.lo() - err <= best && best <= b.hi() + err, "t = " + t + ": " + best + " not in " + b);
            }
        }
    }

    /**
     * A wide initial ball (radius 1e-2): where shrinking the step no longer halves the Jacobian
     * bound of the Lohner set (or after {@link LohnerStep#RETRIES} shrinks), the step is
     * proved with the ball alone (jacobianError NaN) and integration carries on; RK4 trajectories
     * from the centre and from random points of the initial ball lie in every box.
     */
    @Test
    void wideInitialBallFallsBackToTheBallWhenTheLohnerSetFails() {
        BigFraction[][] x = {{q(-1, 1)}, {q(-3, 8)}, {q(3, 8)}, {q(1, 1)}}; // binary64: the 1-H-1 kernel runs
        BigFraction[][] y = {{q(1, 2)}, {q(-1, 4)}, {q(1, 1)}, {q(0, 1)}};
        BigFraction[] theta = {q(3, 4), q(-1, 2), q(1, 4), q(5, 4), q(-1, 1), q(1, 2), q(1, 8)};
        Problem pr = data(new int[] {1, 2, 1}, "tanh", theta, x, y, Risk.Reduction.HALF_SUM);
        double r0 = 1e-2;
        double tEnd = 0.2;
        List<String> reasons = new ArrayList<>();
        ValidatedFlow.Result r = ValidatedFlow.integrate(pr, tEnd, ValidatedFlow.Options.defaults().withInitialRadius(r0)
                .withTimes(0.1), new ValidatedFlow.Listener() {
                    @Override
                    public void onFailure(double t, double h, String reason) {
                        reasons.add(reason);
                    }
                });
        assertTrue(r.complete(), r.stopReason());
        long fellBack = r.steps().stream().filter(s -> Double.isNaN(s.jacobianError())).count();
        assertTrue(fellBack > 0, "expected ball fallbacks; failures: " + reasons);
        assertTrue(reasons.stream().anyMatch(w -> w.startsWith("Jacobian bound") || w.startsWith("set propagation")),
                "the set failed first: " + reasons);
        java.util.Random rnd = new java.util.Random(3);
        int p = pr.parameterCount();
        for (int trial = 0; trial < 6; trial++) {
            double[] start = pr.thetaDoubles();
            if (trial > 0) {
                double[] d = new double[p];
                double n = 0;
                for (int i = 0; i < p; i++) {
                    d[i] = rnd.nextGaussian();
                    n += d[i] * d[i];
                }
                for (int i = 0; i < p; i++) {
                    start[i] += 0.99 * r0 * d[i] / Math.sqrt(n);
                }
            }
            for (double t : new double[] {0.1, 0.2}) {
                double[] ref = rk4(pr, start, t, 2000);
                Enclosure e = r.at(t).orElseThrow();
                for (int i = 0; i < p; i++) {
                    Interval b = e.box()[i];
                    assertTrue(b.lo() - 1e-9 <= ref[i] && ref[i] <= b.hi() + 1e-9, "t = " + t + ", trial " + trial
                            + ": " + ref[i] + " not in " + b);
                }
            }
        }
    }

    /** Predictor orders below the Jacobian model's order 4 (k = 2, 3) lower the model order with them. */
    @Test
    void lowOrderPredictorsStillProveShortFlows() {
        BigFraction[] theta = {q(3, 2), q(-1, 2), q(2, 1), q(1, 4)};
        BigFraction[][] x = {{q(0, 1)}, {q(1, 2)}, {q(1, 1)}};
        BigFraction[][] y = {{q(1, 1)}, {q(-1, 1)}, {q(1, 2)}};
        Problem pr = data(new int[] {1, 1, 1}, "poly:0,1,0,-1/3", theta, x, y, Risk.Reduction.MEAN);
        for (int order : new int[] {2, 3}) {
            ValidatedFlow.Result r = ValidatedFlow.integrate(pr, 0.001, ValidatedFlow.Options.defaults()
                    .withOrder(order).withDefectTolerance(1e-10).withFirstStep(1e-4), new ValidatedFlow.Listener() { });
            assertTrue(r.complete(), "order " + order + ": " + r.stopReason());
            double[] ref = rk4(pr, pr.thetaDoubles(), 0.001, 20);
            Enclosure e = r.at(0.001).orElseThrow();
            for (int i = 0; i < ref.length; i++) {
                assertTrue(e.box()[i].lo() - 1e-12 <= ref[i] && ref[i] <= e.box()[i].hi() + 1e-12,
                        "order " + order + ": " + ref[i] + " not in " + e.box()[i]);
            }
        }
    }

    /** ReLU with every pre-activation kept positive: validated; driven across a kink: refused with the reason. */
    @Test
    void reluKinksAreRefusedAndKinkFreeFlowsAreProved() {
        BigFraction[][] x = {{q(0, 1)}, {q(1, 2)}, {q(1, 1)}};
        BigFraction[][] y = {{q(1, 4)}, {q(1, 2)}, {q(1, 1)}};
        // w = 1, b = 1: z = x + 1 ≥ 1 stays far from 0 over a short horizon
        Problem calm = data(new int[] {1, 1, 1}, "relu", new BigFraction[] {q(1, 1), q(1, 1), q(1, 2), q(0, 1)}, x, y,
                Risk.Reduction.MEAN);
        ValidatedFlow.Result r = ValidatedFlow.integrate(calm, 1.0);
        assertTrue(r.complete(), r.stopReason());
        // b = 0 at x = 0: the pre-activation is exactly at the kink from the start
        Problem kink = data(new int[] {1, 1, 1}, "relu", new BigFraction[] {q(1, 1), q(0, 1), q(1, 2), q(0, 1)}, x, y,
                Risk.Reduction.MEAN);
        List<String> reasons = new ArrayList<>();
        ValidatedFlow.Result k = ValidatedFlow.integrate(kink, 1.0, ValidatedFlow.Options.defaults().withMinStep(1e-3),
                new ValidatedFlow.Listener() {
                    @Override
                    public void onFailure(double t, double h, String reason) {
                        reasons.add(reason);
                    }
                });
        assertFalse(k.complete());
        assertTrue(reasons.stream().allMatch(s -> s.contains("kink")), reasons.toString());
        assertTrue(k.at(1.0).isEmpty());
    }

    /**
     * Phase times reach the listener (the integrator keeps none itself): one predictor per accepted
     * step on a run without rejections, the Jacobian phase only with Lohner sets, every duration ≥ 0;
     * a listener changes no enclosure.
     */
    @Test
    void phaseTimesGoThroughTheListener() {
        BigFraction[][] x = {{q(0, 1)}, {q(1, 2)}, {q(1, 1)}};
        BigFraction[][] y = {{q(1, 4)}, {q(1, 2)}, {q(1, 1)}};
        Problem pr = data(new int[] {1, 2, 1}, "tanh", new BigFraction[] {q(1, 2), q(-1, 3), q(1, 5), q(0, 1),
            q(3, 4), q(-1, 2), q(1, 8)}, x, y, Risk.Reduction.MEAN);
        for (boolean lohner : new boolean[] {true, false}) {
            java.util.EnumMap<ValidatedFlow.Phase, Integer> calls = new java.util.EnumMap<>(ValidatedFlow.Phase.class);
            int[] failures = {0};
            ValidatedFlow.Options o = ValidatedFlow.Options.defaults().withLohner(lohner).withTimes(0.5);
            ValidatedFlow.Result r = ValidatedFlow.integrate(pr, 1.0, o, new ValidatedFlow.Listener() {
                @Override
                public void onPhase(ValidatedFlow.Phase phase, long nanos) {
                    assertTrue(nanos >= 0, phase + " " + nanos);
                    calls.merge(phase, 1, Integer::sum);
                }

                @Override
                public void onFailure(double t, double h, String reason) {
                    failures[0]++;
                }
            });
            assertTrue(r.complete(), r.stopReason());
            assertEquals(r.steps().size(), calls.get(ValidatedFlow.Phase.PREDICTOR));
            assertEquals(r.steps().size() + failures[0], calls.get(ValidatedFlow.Phase.REMAINDER_PASS));
            assertEquals(lohner, calls.containsKey(ValidatedFlow.Phase.JACOBIAN), calls.toString());
            ValidatedFlow.Result quiet = ValidatedFlow.integrate(pr, 1.0, o, new ValidatedFlow.Listener() { });
            for (double t : new double[] {0.5, 1.0}) {
                assertEquals(java.util.Arrays.toString(quiet.at(t).orElseThrow().box()),
                        java.util.Arrays.toString(r.at(t).orElseThrow().box()));
            }
        }
    }
}
