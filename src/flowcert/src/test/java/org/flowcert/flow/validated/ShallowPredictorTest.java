package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

/**
 * The one-sweep predictor for 1-H-1 data risks must compute what the generic predictor computes
 * (k passes of reverse-mode AD over {@code Taylor<DoubleNum>}, an independent code path through
 * {@code eval.Backprop} and the generic series rules), up to rounding.
 */
class ShallowPredictorTest {

    private static Problem problem(String act, int hidden, int samples, Risk.Reduction red, Random rnd) {
        int p = 3 * hidden + 1;
        BigFraction[] theta = new BigFraction[p];
        for (int i = 0; i < p; i++) {
            theta[i] = Numbers.ofDouble(rnd.nextGaussian() * 0.8);
        }
        BigFraction[][] x = new BigFraction[samples][1];
        BigFraction[][] y = new BigFraction[samples][1];
        for (int s = 0; s < samples; s++) {
            x[s][0] = Numbers.ofDouble(rnd.nextDouble() * 2 - 1);
            y[s][0] = Numbers.ofDouble(rnd.nextGaussian());
        }
        return new Problem("test", new Network(new int[] {1, hidden, 1}, Activation.parse(act, "test", "a")), theta,
                new Risk.Data(x, y, red));
    }

    @Test
    void matchesTheGenericPredictorOnRandomTanhAndReluNets() {
        Random rnd = new Random(20261122);
        int k = 16;
        for (int trial = 0; trial < 24; trial++) {
            String act = trial % 3 == 2 ? "relu" : "tanh";
            Risk.Reduction red = trial % 2 == 0 ? Risk.Reduction.MEAN : Risk.Reduction.HALF_SUM;
            Problem pr = problem(act, 1 + rnd.nextInt(5), 1 + rnd.nextInt(12), red, rnd);
            ShallowPredictor sp = ShallowPredictor.forProblem(pr);
            assertNotNull(sp);
            double[] c = pr.thetaDoubles();
            double[][] fast = sp.coefficients(c, k);
            double[][] slow = ValidatedFlow.genericPredictor(pr, c, k);
            for (int j = 0; j <= k; j++) {
                double scale = 0;
                for (double v : slow[j]) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < c.length; i++) {
                    double d = Math.abs(fast[j][i] - slow[j][i]);
                    // rounding differences only: relative to the order's largest coefficient
                    assertTrue(d <= 1e-11 * scale + 1e-300, act + " trial " + trial + " a[" + j + "][" + i + "] = "
                            + fast[j][i] + " vs generic " + slow[j][i]);
                }
            }
        }
    }

    @Test
    void firstCoefficientIsMinusTheGradientOnW3Shape() {
        // a_1 = −∇L(c); ∇L from the generic double evaluation of eval.LossGradient
        Problem pr = problem("tanh", 4, 64, Risk.Reduction.MEAN, new Random(7));
        double[] c = pr.thetaDoubles();
        double[][] a = ShallowPredictor.forProblem(pr).coefficients(c, 3);
        org.flowcert.arith.DoubleNum[] th = new org.flowcert.arith.DoubleNum[c.length];
        for (int i = 0; i < c.length; i++) {
            th[i] = org.flowcert.arith.DoubleNum.of(c[i]);
        }
        var g = org.flowcert.eval.LossGradient.evaluate(pr, org.flowcert.arith.DoubleNum.FIELD, th).gradient();
        for (int i = 0; i < c.length; i++) {
            double want = -g[i].value();
            assertTrue(Math.abs(a[1][i] - want) <= 1e-13 * (1 + Math.abs(want)), i + ": " + a[1][i] + " vs " + want);
        }
    }

    @Test
    void otherShapesFallBackToTheGenericPath() {
        Random rnd = new Random(1);
        assertNull(ShallowPredictor.forProblem(problem("logistic", 2, 3, Risk.Reduction.MEAN, rnd)));
        Problem deep = new Problem("t", new Network(new int[] {1, 2, 2, 1}, Activation.parse("tanh", "t", "a")),
                new BigFraction[13], new Risk.Data(new BigFraction[][] {{BigFraction.ONE}},
                        new BigFraction[][] {{BigFraction.ONE}}, Risk.Reduction.MEAN));
        assertNull(ShallowPredictor.forProblem(deep));
    }
}
