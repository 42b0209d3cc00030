package org.flowcert.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.bench.W2Bench;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

class MlpKernelTest {
    static final String[] ACTIVATIONS = {"relu", "leaky_relu:1/100", "tanh", "logistic", "softplus", "gelu",
        "poly:0,1/2,0,1/4"};

    /** A random problem with dyadic data (exact in binary64) and θ. */
    static Problem randomProblem(int[] widths, String act, int n, Risk.Reduction red, long seed) {
        Random rnd = new Random(seed);
        Network net = new Network(widths, Activation.parse(act, "test", "activation"));
        BigFraction[] theta = new BigFraction[net.parameterCount()];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = BigFraction.of(rnd.nextInt(2049) - 1024, 1024);
        }
        BigFraction[][] x = new BigFraction[n][widths[0]];
        BigFraction[][] y = new BigFraction[n][widths[widths.length - 1]];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < x[i].length; d++) {
                x[i][d] = BigFraction.of(rnd.nextInt(257) - 128, 64);
            }
            for (int d = 0; d < y[i].length; d++) {
                y[i][d] = BigFraction.of(rnd.nextInt(257) - 128, 128);
            }
        }
        return new Problem(null, net, theta, new Risk.Data(x, y, red));
    }

    /**
     * Straightforward per-sample backpropagation with the generic activations over DoubleNum,
     * sums in index order, no FMA: an independent reference for the batched kernel.
     * Also returns in {@code abs} the same sums over absolute values (for the error bound).
     */
    static double reference(Problem pr, double[] theta, double[] grad, double[] abs) {
        Network net = pr.network();
        int[] w = net.widths();
        int layers = net.layers();
        Risk.Data d = (Risk.Data) pr.risk();
        double weight = d.weight().doubleValue();
        Activation act = net.activation();
        Arrays.fill(grad, 0);
        Arrays.fill(abs, 0);
        double loss = 0;
        for (int s = 0; s < d.size(); s++) {
            double[][] a = new double[layers + 1][];
            double[][] da = new double[layers + 1][];
            double[][] deriv = new double[layers + 1][];
            a[0] = Arrays.stream(d.x()[s]).mapToDouble(BigFraction::doubleValue).toArray();
            da[0] = Arrays.stream(a[0]).map(Math::abs).toArray();
            for (int l = 0; l < layers; l++) {
                int in = w[l];
                int out = w[l + 1];
                a[l + 1] = new double[out];
                da[l + 1] = new double[out];
                deriv[l + 1] = new double[out];
                for (int o = 0; o < out; o++) {
                    double z = theta[net.biasOffset(l) + o];
                    double za = Math.abs(z);
                    for (int i = 0; i < in; i++) {
                        z += theta[net.weightOffset(l) + o * in + i] * a[l][i];
                        za += Math.abs(theta[net.weightOffset(l) + o * in + i]) * da[l][i];
                    }
                    if (l + 1 < layers) {
                        a[l + 1][o] = act.value(DoubleNum.of(z)).value();
                        deriv[l + 1][o] = act.derivative(DoubleNum.of(z)).value();
                        da[l + 1][o] = Math.abs(a[l + 1][o]) + za; // crude magnitude bound
                    } else {
                        a[l + 1][o] = z;
                        da[l + 1][o] = za;
                    }
                }
            }
            double[] delta = new double[w[layers]];
            double[] deltaAbs = new double[w[layers]];
            double[] ys = Arrays.stream(d.y()[s]).mapToDouble(BigFraction::doubleValue).toArray();
            for (int o = 0; o < delta.length; o++) {
                double r = a[layers][o] - ys[o];
                loss += r * r;
                delta[o] = 2 * weight * r;
                deltaAbs[o] = 2 * weight * (da[layers][o] + Math.abs(ys[o]));
            }
            for (int l = layers - 1; l >= 0; l--) {
                int in = w[l];
                int out = w[l + 1];
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        grad[net.weightOffset(l) + o * in + i] += delta[o] * a[l][i];
                        abs[net.weightOffset(l) + o * in + i] += deltaAbs[o] * da[l][i];
                    }
                    grad[net.biasOffset(l) + o] += delta[o];
                    abs[net.biasOffset(l) + o] += deltaAbs[o];
                }
                if (l > 0) {
                    double[] prev = new double[in];
                    double[] prevAbs = new double[in];
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            prev[i] += delta[o] * theta[net.weightOffset(l) + o * in + i];
                            prevAbs[i] += deltaAbs[o] * Math.abs(theta[net.weightOffset(l) + o * in + i]);
                        }
                        prev[i] *= deriv[l][i];
                        prevAbs[i] *= Math.max(1, Math.abs(deriv[l][i]));
                    }
                    delta = prev;
                    deltaAbs = prevAbs;
                }
            }
        }
        return weight * loss;
    }

    private static final double EPS = Math.ulp(1.0);

    /** The engines this JVM can run (VECTOR needs --add-modules jdk.incubator.vector, as Maven's surefire has). */
    static MlpKernel.Engine[] engines() {
        return MlpKernel.vectorAvailable() ? MlpKernel.Engine.values() : new MlpKernel.Engine[] {MlpKernel.Engine.SCALAR};
    }

    @Test
    void theVectorEngineIsExercisedUnderMaven() {
        // surefire passes --add-modules jdk.incubator.vector (pom.xml), so these tests run both
        // engines wherever the CPU has 256-bit vectors
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(MlpKernel.vectorAvailable()).isEqualTo(VectorShard.usable());
    }

    @Test
    void batchedKernelAgreesWithPerSampleBackpropOnEveryActivation() {
        int[][] shapes = {{1, 3, 1}, {2, 5, 4, 3}, {3, 7, 2}, {1, 4, 4, 4, 1}};
        long seed = 1;
        for (String act : ACTIVATIONS) {
            for (int[] shape : shapes) {
                for (Risk.Reduction red : Risk.Reduction.values()) {
                    // n = 150 > 2 blocks per shard is not needed; 150 covers a partial block and 2 shards
                    Problem pr = randomProblem(shape, act, 150, red, seed++);
                    double[] th = pr.thetaDoubles();
                    double[] gRef = new double[th.length];
                    double[] abs = new double[th.length];
                    double lRef = reference(pr, th, gRef, abs);
                    for (int threads = 1; threads <= 2; threads++) {
                      for (MlpKernel.Engine engine : engines()) {
                        try (MlpKernel k = MlpKernel.withReferenceActivations(pr, threads, engine)) {
                            double[] g = new double[th.length];
                            double l = k.lossAndGradient(th, g);
                            // different summation order (blocks, shards, FMA): |difference| is at most
                            // a few units of n·u times the sum of absolute terms (Higham, Thm 3.1 / 4.4)
                            assertThat(Math.abs(l - lRef)).as(act + " loss").isLessThanOrEqualTo(1e-13 * (lRef + 1));
                            assertThat(k.loss(th)).isEqualTo(l);
                            for (int j = 0; j < th.length; j++) {
                                double bound = 4 * 150 * EPS * abs[j] + Double.MIN_NORMAL;
                                assertThat(Math.abs(g[j] - gRef[j]))
                                        .as(engine + " " + act + " " + Arrays.toString(shape) + " g" + j)
                                        .isLessThanOrEqualTo(bound);
                            }
                        }
                      }
                    }
                }
            }
        }
    }

    @Test
    void fastActivationsStayWithinAFewUlpsOfTheReferencePath() {
        for (String act : ACTIVATIONS) {
            Problem pr = randomProblem(new int[] {2, 6, 1}, act, 40, Risk.Reduction.MEAN, 77);
            double[] th = pr.thetaDoubles();
            double[] g1 = new double[th.length];
            double[] g2 = new double[th.length];
            double[] abs = new double[th.length];
            reference(pr, th, g2, abs);
            for (MlpKernel.Engine engine : engines()) {
                try (MlpKernel k = MlpKernel.of(pr, 1, engine)) {
                    k.lossAndGradient(th, g1);
                }
                for (int j = 0; j < th.length; j++) {
                    // activations within 10 ulps (FastActivations, VectorShard.tanh) plus the summation-order bound
                    assertThat(Math.abs(g1[j] - g2[j])).as(engine + " " + act + " g" + j)
                            .isLessThanOrEqualTo(1e-13 * abs[j] + 1e-300);
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        // 1333 samples: shards of 667 and 666, so the vector engine has full and partial blocks
        Problem pr = randomProblem(new int[] {3, 16, 16, 2}, "tanh", 1333, Risk.Reduction.HALF_SUM, 5);
        double[] th = pr.thetaDoubles();
        for (MlpKernel.Engine engine : engines()) {
            double[] g1 = new double[th.length];
            double[] g2 = new double[th.length];
            double l1;
            double l2;
            try (MlpKernel k1 = MlpKernel.of(pr, 1, engine); MlpKernel k2 = MlpKernel.of(pr, 2, engine)) {
                assertThat(k2.threads()).isEqualTo(2);
                l1 = k1.lossAndGradient(th, g1);
                l2 = k2.lossAndGradient(th, g2);
                // repeated calls reuse the work arrays: same bits again
                double[] g3 = new double[th.length];
                assertThat(k1.lossAndGradient(th, g3)).isEqualTo(l1);
                assertThat(g3).isEqualTo(g1);
            }
            assertThat(l2).as(engine.toString()).isEqualTo(l1);
            assertThat(g2).as(engine.toString()).isEqualTo(g1);
        }
    }

    @Test
    void bothEnginesMatchPerSampleBackpropOnW2() {
        // the benchmark network at its start point: 1024 samples in 2 shards of 2 blocks (vector) or 8 (scalar)
        Network net = new Network(W2Bench.WIDTHS, new Activation.Tanh());
        double[][] x = W2Bench.inputs(W2Bench.N);
        double[][] y = W2Bench.outputs(x);
        BigFraction[][] bx = new BigFraction[x.length][];
        BigFraction[][] by = new BigFraction[x.length][];
        for (int i = 0; i < x.length; i++) {
            bx[i] = Arrays.stream(x[i]).mapToObj(Numbers::ofDouble).toArray(BigFraction[]::new);
            by[i] = Arrays.stream(y[i]).mapToObj(Numbers::ofDouble).toArray(BigFraction[]::new);
        }
        double[] th = W2Bench.theta(net.parameterCount());
        BigFraction[] bth = Arrays.stream(th).mapToObj(Numbers::ofDouble).toArray(BigFraction[]::new);
        Problem pr = new Problem(null, net, bth, new Risk.Data(bx, by, Risk.Reduction.MEAN));
        double[] gRef = new double[th.length];
        double[] abs = new double[th.length];
        double lRef = reference(pr, th, gRef, abs);
        for (MlpKernel.Engine engine : engines()) {
            double[] g = new double[th.length];
            double l;
            try (MlpKernel k = MlpKernel.of(net, x, y, 1.0 / W2Bench.N, 1, engine)) {
                assertThat(k.engine()).isEqualTo(engine);
                l = k.lossAndGradient(th, g);
            }
            assertThat(Math.abs(l - lRef)).as(engine + " loss").isLessThanOrEqualTo(1e-13 * lRef);
            for (int j = 0; j < th.length; j++) {
                // summation order (n = 1024 terms) plus tanh within a few ulps (both relative to the abs sums)
                assertThat(Math.abs(g[j] - gRef[j])).as(engine + " g" + j)
                        .isLessThanOrEqualTo(4 * 1024 * EPS * abs[j] + 1e-13 * abs[j]);
            }
        }
    }

    @Test
    void theDefaultEngineIsVectorOnlyForBigEnoughProblems() {
        Network small = new Network(new int[] {1, 4, 1}, new Activation.Tanh());
        assertThat(MlpKernel.defaultEngine(small, 64)).isEqualTo(MlpKernel.Engine.SCALAR);
        Network w2 = new Network(W2Bench.WIDTHS, new Activation.Tanh());
        assertThat(MlpKernel.defaultEngine(w2, 1024)).isEqualTo(MlpKernel.Engine.best());
    }

    @Test
    void agreesWithTheGenericDoublePathWhenItIsAvailable() {
        for (String act : ACTIVATIONS) {
            Problem pr = randomProblem(new int[] {2, 4, 3, 1}, act, 20, Risk.Reduction.MEAN, 99);
            double[] th = pr.thetaDoubles();
            DoubleNum[] t = Arrays.stream(th).mapToObj(DoubleNum::of).toArray(DoubleNum[]::new);
            LossGradient.Result<DoubleNum> r;
            try {
                r = LossGradient.evaluate(pr, DoubleNum.FIELD, t);
            } catch (UnsupportedOperationException e) {
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "eval.LossGradient not landed yet");
                return;
            }
            double[] gRef = new double[th.length];
            double[] abs = new double[th.length];
            reference(pr, th, gRef, abs);
            try (MlpKernel k = MlpKernel.withReferenceActivations(pr, 1)) {
                double[] g = new double[th.length];
                double l = k.lossAndGradient(th, g);
                assertThat(Math.abs(l - r.loss().value())).isLessThanOrEqualTo(1e-13 * (l + 1));
                for (int j = 0; j < th.length; j++) {
                    assertThat(Math.abs(g[j] - r.gradient()[j].value())).as(act + " g" + j)
                            .isLessThanOrEqualTo(4 * 20 * EPS * abs[j] + Double.MIN_NORMAL);
                }
            }
        }
    }

    @Test
    void w2InputsMatchTheSharedCaseBitForBit() {
        Path file = org.flowcert.TestData.caseFile("w2-mlp-8-64-64-1.json");
        Problem pr = ProblemReader.read(file);
        double[] theta = W2Bench.theta(4801);
        BigFraction[] expect = pr.theta();
        for (int k = 0; k < theta.length; k++) {
            assertThat(Numbers.ofDouble(theta[k])).as("theta_" + k).isEqualTo(expect[k]);
        }
        double[][] x = W2Bench.inputs(W2Bench.N);
        double[][] y = W2Bench.outputs(x);
        Risk.Data d = (Risk.Data) pr.risk();
        assertThat(d.size()).isEqualTo(1024);
        for (int i = 0; i < 1024; i++) {
            for (int j = 0; j < 8; j++) {
                assertThat(Numbers.ofDouble(x[i][j])).isEqualTo(d.x()[i][j]);
            }
            assertThat(Numbers.ofDouble(y[i][0])).isEqualTo(d.y()[i][0]);
        }
        // WORKLOADS.md reference values
        assertThat(x[0][0]).isEqualTo(-0.1715728752538097);
        assertThat(y[0][0]).isEqualTo(0.17941843209572517);
        assertThat(y[1023][0]).isEqualTo(0.3467971861529327);
        assertThat(d.weight()).isEqualTo(BigFraction.of(1, 1024));
    }

    @Test
    void w2InitialLossMatchesNumpy() {
        try (MlpKernel k = W2Bench.kernel(1)) {
            double l = k.loss(W2Bench.theta(4801));
            // numpy and PyTorch: 3.1112635700336506 (RESULTS.md); a different summation order moves the last bits
            assertThat(Math.abs(l - 3.1112635700336506) / 3.1112635700336506).isLessThan(1e-14);
        }
    }
}
