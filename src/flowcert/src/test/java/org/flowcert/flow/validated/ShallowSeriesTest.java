package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Exact;
import org.flowcert.arith.Interval;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.eval.Hessian;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

/**
 * The 1-H-1 interval series kernel must enclose what it claims: the Taylor coefficients of ∇L and
 * ∇²L along a path. References computed independently by the generic code paths
 * ({@code eval.Backprop} over {@code Taylor<T>} and {@code Dual<Taylor<T>>}): exactly in rational
 * arithmetic on relu nets (every value is rational there), in 300-bit ball arithmetic on tanh
 * nets (enclosures ~1e-80 wide, so "kernel contains the ball" fails only if the true value were
 * within 1e-80 of a kernel bound). Box inputs: the exact coefficients at random points of the
 * box must be inside. And the kernel is about as tight as the generic {@code Interval} path.
 */
class ShallowSeriesTest {
    private static final int TRIALS = Math.max(6, Math.min(40, Integer.getInteger("flowcert.props", 100_000) / 5000));

    private static Problem problem(String act, int hidden, int samples, Risk.Reduction red, Random rnd) {
        int p = 3 * hidden + 1;
        BigFraction[] theta = new BigFraction[p];
        for (int i = 0; i < p; i++) {
            theta[i] = Numbers.ofDouble(dyadic(rnd, 1.2));
        }
        BigFraction[][] x = new BigFraction[samples][1];
        BigFraction[][] y = new BigFraction[samples][1];
        for (int s = 0; s < samples; s++) {
            x[s][0] = Numbers.ofDouble(dyadic(rnd, 1));
            y[s][0] = Numbers.ofDouble(dyadic(rnd, 1));
        }
        return new Problem("test", new Network(new int[] {1, hidden, 1}, Activation.parse(act, "test", "a")), theta,
                new Risk.Data(x, y, red));
    }

    /** A short dyadic in [−scale, scale] (keeps exact arithmetic fast). */
    private static double dyadic(Random rnd, double scale) {
        return Math.round((2 * rnd.nextDouble() - 1) * scale * 256) / 256.0;
    }

    /** Path coefficients a[j][i], j = 0..order, decaying like 0.5^j. */
    private static double[][] path(Problem pr, int order, Random rnd) {
        int p = pr.parameterCount();
        double[][] a = new double[order + 1][p];
        a[0] = pr.thetaDoubles();
        for (int j = 1; j <= order; j++) {
            for (int i = 0; i < p; i++) {
                a[j][i] = dyadic(rnd, Math.pow(0.5, j));
            }
        }
        return a;
    }

    private static <T extends Num<T>> Taylor<T>[] series(NumField<T> f, double[][] a, int order) {
        Taylor.Field<T> tf = Taylor.field(f, order);
        int p = a[0].length;
        Taylor<T>[] x = tf.newArray(p);
        for (int i = 0; i < p; i++) {
            T[] co = f.newArray(order + 1);
            for (int j = 0; j <= order; j++) {
                co[j] = f.of(Numbers.ofDouble(a[j][i]));
            }
            x[i] = tf.of(co);
        }
        return x;
    }

    private static boolean inside(double lo, double hi, BigFraction q) {
        return Numbers.compare(Numbers.ofDouble(lo), q) <= 0 && Numbers.compare(q, Numbers.ofDouble(hi)) <= 0;
    }

    private static void assertInside(double lo, double hi, Num<?> ref, String what) {
        assertTrue(inside(lo, hi, ref.lower()) && inside(lo, hi, ref.upper()), what + ": kernel [" + lo + ", " + hi
                + "] misses the reference [" + ref.lower().doubleValue() + ", " + ref.upper().doubleValue() + "]");
    }

    @Test
    void appliesOnlyToShallowDataRisks() {
        Random rnd = new Random(1);
        assertNotNull(ShallowSeries.forProblem(problem("tanh", 2, 3, Risk.Reduction.MEAN, rnd)));
        assertNotNull(ShallowSeries.forProblem(problem("relu", 2, 3, Risk.Reduction.MEAN, rnd)));
        assertNull(ShallowSeries.forProblem(problem("logistic", 2, 3, Risk.Reduction.MEAN, rnd)));
        assertNull(ShallowSeries.forProblem(withDeepNet(rnd)));
    }

    private static Problem withDeepNet(Random rnd) {
        Network net = new Network(new int[] {1, 2, 2, 1}, Activation.parse("tanh", "t", "a"));
        BigFraction[] theta = new BigFraction[net.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = Numbers.ofDouble(dyadic(rnd, 1));
        }
        BigFraction[][] x = {{BigFraction.ONE}};
        BigFraction[][] y = {{BigFraction.ZERO}};
        return new Problem("test", net, theta, new Risk.Data(x, y, Risk.Reduction.MEAN));
    }

    /** Relu nets: the exact rational coefficients of ∇L and ∇²L along a point path are inside. */
    @Test
    void reluSeriesContainTheExactRationalCoefficients() {
        Random rnd = new Random(20261123);
        int checked = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Risk.Reduction red = trial % 2 == 0 ? Risk.Reduction.MEAN : Risk.Reduction.HALF_SUM;
            Problem pr = problem("relu", 1 + rnd.nextInt(3), 1 + rnd.nextInt(5), red, rnd);
            int order = trial % 3 == 0 ? 0 : 1 + rnd.nextInt(6);
            double[][] a = path(pr, order, rnd);
            ShallowSeries k = ShallowSeries.forProblem(pr, trial % 4 == 2 ? Integer.MAX_VALUE : trial % 4 == 3 ? 3 : 0);
            double[][][] g;
            try {
                g = k.gradient(a, a, order);
            } catch (Dual.KinkException e) {
                // a pre-activation exactly 0: the generic path must refuse too
                assertThrows(Dual.KinkException.class,
                        () -> LossGradient.evaluate(pr, Taylor.field(Exact.FIELD, order), series(Exact.FIELD, a, order)));
                continue;
            }
            Taylor<Exact>[] ex = LossGradient.evaluate(pr, Taylor.field(Exact.FIELD, order),
                    series(Exact.FIELD, a, order)).gradient();
            int p = pr.parameterCount();
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= order; j++) {
                    assertInside(g[0][j][i], g[1][j][i], ex[i].coefficient(j), "trial " + trial + " grad " + i + "," + j);
                }
            }
            int ho = Math.min(order, 4);
            ShallowSeries.Result hs = k.hessian(a, a, ho);
            Taylor<Exact>[][] hx = Hessian.full(pr, Taylor.field(Exact.FIELD, ho), series(Exact.FIELD, a, ho)).hessian();
            for (int i = 0; i < p; i++) {
                for (int l = 0; l < p; l++) {
                    for (int j = 0; j <= ho; j++) {
                        assertInside(hs.hLo()[j][i][l], hs.hHi()[j][i][l], hx[i][l].coefficient(j),
                                "trial " + trial + " hess " + i + "," + l + "," + j);
                    }
                }
                for (int j = 0; j <= ho; j++) {
                    assertInside(hs.gLo()[j][i], hs.gHi()[j][i], ex[i].coefficient(j), "trial " + trial + " hgrad");
                }
            }
            checked++;
        }
        assertTrue(checked >= TRIALS / 2, "too many kinks: " + checked);
    }

    /** Box inputs (relu): the exact coefficients at random points of the box are inside. */
    @Test
    void reluBoxSeriesContainTheExactValuesAtPointsOfTheBox() {
        Random rnd = new Random(77);
        int checked = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Problem pr = problem("relu", 1 + rnd.nextInt(3), 1 + rnd.nextInt(4), Risk.Reduction.MEAN, rnd);
            int order = rnd.nextInt(4);
            double[][] a = path(pr, order, rnd);
            int p = pr.parameterCount();
            double[][] lo = new double[order + 1][p];
            double[][] hi = new double[order + 1][p];
            for (int j = 0; j <= order; j++) {
                for (int i = 0; i < p; i++) {
                    lo[j][i] = a[j][i] - 1.0 / 64;
                    hi[j][i] = a[j][i] + 1.0 / 64;
                }
            }
            ShallowSeries k = ShallowSeries.forProblem(pr, trial % 2 == 1 ? Integer.MAX_VALUE : 0);
            ShallowSeries.Result hs;
            double[][][] g;
            try {
                hs = k.hessian(lo, hi, order);
                g = k.gradient(lo, hi, order);
            } catch (Dual.KinkException e) {
                continue;
            }
            for (int sample = 0; sample < 4; sample++) {
                double[][] pt = new double[order + 1][p];
                for (int j = 0; j <= order; j++) {
                    for (int i = 0; i < p; i++) {
                        pt[j][i] = sample == 0 ? lo[j][i] : sample == 1 ? hi[j][i]
                                : lo[j][i] + Math.round(rnd.nextDouble() * 32) / 1024.0;
                    }
                }
                Taylor<Exact>[] ex = LossGradient.evaluate(pr, Taylor.field(Exact.FIELD, order),
                        series(Exact.FIELD, pt, order)).gradient();
                Taylor<Exact>[][] hx = Hessian.full(pr, Taylor.field(Exact.FIELD, order),
                        series(Exact.FIELD, pt, order)).hessian();
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j <= order; j++) {
                        assertInside(g[0][j][i], g[1][j][i], ex[i].coefficient(j), "box grad");
                        assertInside(hs.gLo()[j][i], hs.gHi()[j][i], ex[i].coefficient(j), "box hgrad");
                        for (int l = 0; l < p; l++) {
                            assertInside(hs.hLo()[j][i][l], hs.hHi()[j][i][l], hx[i][l].coefficient(j), "box hess");
                        }
                    }
                }
            }
            checked++;
        }
        assertTrue(checked >= TRIALS / 3, "too many kinks: " + checked);
    }

    /** Tanh nets: 300-bit ball enclosures of the coefficients lie inside the kernel's. */
    @Test
    void tanhSeriesContainTheBallReference() {
        Random rnd = new Random(4242);
        Ball.Field bf = Ball.field(300);
        for (int trial = 0; trial < TRIALS; trial++) {
            Risk.Reduction red = trial % 2 == 0 ? Risk.Reduction.MEAN : Risk.Reduction.HALF_SUM;
            Problem pr = problem("tanh", 1 + rnd.nextInt(3), 1 + rnd.nextInt(6), red, rnd);
            int order = trial % 4 == 0 ? 16 : rnd.nextInt(6);
            double[][] a = path(pr, order, rnd);
            ShallowSeries k = ShallowSeries.forProblem(pr, trial % 3 == 1 ? Integer.MAX_VALUE : trial % 3 == 2 ? 2 : 0);
            double[][][] g = k.gradient(a, a, order);
            Taylor<Ball>[] ref = LossGradient.evaluate(pr, Taylor.field(bf, order), series(bf, a, order)).gradient();
            int p = pr.parameterCount();
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= order; j++) {
                    assertInside(g[0][j][i], g[1][j][i], ref[i].coefficient(j), "trial " + trial + " grad " + i + "," + j);
                }
            }
            int ho = Math.min(order, 4);
            ShallowSeries.Result hs = k.hessian(a, a, ho);
            Taylor<Ball>[][] hx = Hessian.full(pr, Taylor.field(bf, ho), series(bf, a, ho)).hessian();
            for (int i = 0; i < p; i++) {
                for (int l = 0; l < p; l++) {
                    for (int j = 0; j <= ho; j++) {
                        assertInside(hs.hLo()[j][i][l], hs.hHi()[j][i][l], hx[i][l].coefficient(j),
                                "trial " + trial + " hess " + i + "," + l + "," + j);
                    }
                }
            }
        }
    }

    /**
     * Against the generic {@code Interval} passes on box inputs (the shape of the integrator's
     * remainder and tube passes): both enclose the same coefficients, so they intersect, and the
     * kernel is not looser than the generic path by more than 2x (+ 1e-14 relative: it rounds by one-ulp steps).
     */
    @Test
    void tanhBoxSeriesAgreeWithTheGenericIntervalPasses() {
        Random rnd = new Random(99);
        for (int trial = 0; trial < TRIALS; trial++) {
            Problem pr = problem("tanh", 1 + rnd.nextInt(4), 1 + rnd.nextInt(16), Risk.Reduction.MEAN, rnd);
            int order = trial % 2 == 0 ? 16 : 4;
            double[][] a = path(pr, order, rnd);
            Interval[][] b = ValidatedFlow.shiftedCoefficients(a, Interval.of(0, 0.125));
            int p = pr.parameterCount();
            double[][] lo = new double[order + 1][p];
            double[][] hi = new double[order + 1][p];
            Taylor.Field<Interval> tf = Taylor.field(Interval.FIELD, order);
            Taylor<Interval>[] x = tf.newArray(p);
            for (int i = 0; i < p; i++) {
                Interval[] co = new Interval[order + 1];
                for (int j = 0; j <= order; j++) {
                    co[j] = b[j][i];
                    lo[j][i] = b[j][i].lo();
                    hi[j][i] = b[j][i].hi();
                }
                x[i] = tf.of(co);
            }
            ShallowSeries k = ShallowSeries.forProblem(pr);
            double[][][] g = k.gradient(lo, hi, order);
            Taylor<Interval>[] gen = LossGradient.evaluate(pr, tf, x).gradient();
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= order; j++) {
                    Interval gi = gen[i].coefficient(j);
                    Interval ki = Interval.of(g[0][j][i], g[1][j][i]);
                    assertTrue(!gi.intersect(ki).isEmpty(), "disjoint: " + gi + " " + ki);
                    assertTrue(ki.width() <= 2 * gi.width() + 1e-14 * (1 + gi.mag()),
                            "trial " + trial + " coefficient " + j + " of " + i + ": kernel " + ki + " vs generic " + gi);
                }
            }
            if (order == 4) {
                ShallowSeries.Result hs = k.hessian(lo, hi, order);
                Taylor<Interval>[][] hg = Hessian.full(pr, tf, x).hessian();
                for (int i = 0; i < p; i++) {
                    for (int l = 0; l < p; l++) {
                        for (int j = 0; j <= order; j++) {
                            Interval gi = hg[i][l].coefficient(j);
                            Interval ki = Interval.of(hs.hLo()[j][i][l], hs.hHi()[j][i][l]);
                            assertTrue(!gi.intersect(ki).isEmpty(), "disjoint: " + gi + " " + ki);
                            assertTrue(ki.width() <= 2 * gi.width() + 1e-14 * (1 + gi.mag()),
                                    "trial " + trial + " hess " + j + " (" + i + "," + l + "): kernel " + ki
                                            + " vs generic " + gi);
                        }
                    }
                }
            }
        }
    }

    /**
     * The branch-free roundings: exactAddUp/exactMulUp equal the tightest directed rounding of
     * {@link org.flowcert.arith.Rounding} (itself tested against BigDecimal) wherever the latter's
     * exactness conditions hold (products ≥ 2^-968), and bound the exact result from above
     * everywhere (checked exactly with BigDecimal, also for tiny, huge and overflowing operands);
     * up/dn step strictly outward.
     */
    @Test
    void branchFreeRoundingsAreDirectedRoundings() {
        Random rnd = new Random(5);
        int n = Math.max(20_000, Integer.getInteger("flowcert.props", 100_000));
        for (int it = 0; it < n; it++) {
            double a = randomDouble(rnd);
            double b = randomDouble(rnd);
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                continue;
            }
            double s = ShallowSeries.exactAddUp(a, b);
            if (Double.isFinite(s)) {
                assertTrue(new java.math.BigDecimal(s).compareTo(new java.math.BigDecimal(a).add(new java.math.BigDecimal(b))) >= 0,
                        a + " + " + b + " -> " + s);
                assertTrue(s == org.flowcert.arith.Rounding.addUp(a, b), a + " + " + b);
            }
            double p = ShallowSeries.exactMulUp(a, b);
            if (Double.isFinite(p)) {
                assertTrue(new java.math.BigDecimal(p).compareTo(new java.math.BigDecimal(a).multiply(new java.math.BigDecimal(b))) >= 0,
                        a + " * " + b + " -> " + p);
                if (Math.abs(a * b) >= 0x1p-968) {
                    assertTrue(p == org.flowcert.arith.Rounding.mulUp(a, b), a + " * " + b);
                }
            }
            if (a != Double.MAX_VALUE && a != -Double.MAX_VALUE) {
                assertTrue(ShallowSeries.up(a) > a && ShallowSeries.dn(a) < a, "steps at " + a);
            }
        }
        assertTrue(ShallowSeries.up(0.0) == Double.MIN_VALUE && ShallowSeries.up(-0.0) == Double.MIN_VALUE);
        assertTrue(ShallowSeries.up(Double.NEGATIVE_INFINITY) == -Double.MAX_VALUE);
        assertTrue(Double.isNaN(ShallowSeries.up(Double.POSITIVE_INFINITY)));
    }

    private static double randomDouble(Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0:
                return rnd.nextGaussian();
            case 1:
                return rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(2100) - 1075);
            case 2:
                return (rnd.nextBoolean() ? 1 : -1) * Double.MIN_VALUE * rnd.nextInt(1000);
            case 3:
                return Math.round(rnd.nextGaussian() * 64) / 16.0;
            default:
                return (rnd.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * rnd.nextDouble();
        }
    }

    /**
     * The whole integrator with and without the kernel on random small 1-H-1 tanh and relu problems: both
     * boxes at the end enclose θ(T), so they intersect, each contains the other's midpoint (they
     * share the predictor), and the widths agree within 2x.
     */
    @Test
    void integratorWithAndWithoutTheKernelAgree() {
        Random rnd = new Random(31);
        for (int trial = 0; trial < 5; trial++) {
            Problem pr = problem(trial < 3 ? "tanh" : "relu", 1 + rnd.nextInt(3), 2 + rnd.nextInt(6),
                    Risk.Reduction.MEAN, rnd);
            double tEnd = 2;
            ValidatedFlow.Options o = ValidatedFlow.Options.defaults();
            ValidatedFlow.Result fast = ValidatedFlow.integrate(pr, tEnd, o, new ValidatedFlow.Listener() { }, true);
            ValidatedFlow.Result slow = ValidatedFlow.integrate(pr, tEnd, o, new ValidatedFlow.Listener() { }, false);
            if (trial >= 3 && !(fast.complete() && slow.complete())) {
                // relu: a kink reached stops both paths (the same analyticity test, each its own enclosures)
                assertTrue(!fast.complete() && !slow.complete(), fast.stopReason() + " / " + slow.stopReason());
                assertTrue(fast.stopReason().contains("kink") && slow.stopReason().contains("kink"));
                assertTrue(Math.abs(fast.reached() - slow.reached()) < 0.1 * tEnd, fast.reached() + " vs " + slow.reached());
                continue;
            }
            assertTrue(fast.complete() && slow.complete(), fast.stopReason() + " / " + slow.stopReason());
            Interval[] bf = fast.at(tEnd).orElseThrow().box();
            Interval[] bs = slow.at(tEnd).orElseThrow().box();
            for (int i = 0; i < bf.length; i++) {
                assertTrue(bf[i].contains(bs[i].mid()) && bs[i].contains(bf[i].mid()),
                        "trial " + trial + " component " + i + ": " + bf[i] + " vs " + bs[i]);
                assertTrue(bf[i].width() <= 2 * bs[i].width() && bs[i].width() <= 2 * bf[i].width(),
                        "trial " + trial + " component " + i + ": " + bf[i] + " vs " + bs[i]);
            }
        }
    }
}
