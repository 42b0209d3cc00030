package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;

class ReluIntegralModelTest {

    static Problem jump() {
        return ProblemReader.read(Path.of("examples", "relu-jump-h2.json"));
    }

    static BigFraction[] thetaK(long k) {
        return new BigFraction[] {BigFraction.of(k), BigFraction.of(k), BigFraction.of(1 - k, 2),
            BigFraction.of(-(1 + k), 2), BigFraction.ONE, BigFraction.of(-1), BigFraction.ZERO};
    }

    @Test
    void rampHasLossOneOverTwelveK() {
        // N = relu(kx + (1−k)/2) − relu(kx − (1+k)/2) ramps from 0 at x = 1/2 − 1/(2k) to 1 at
        // 1/2 + 1/(2k): the error is two triangles of squared height, ∫ = 2 · (1/(2k))/3 = 1/(3k)·... computed:
        // on [1/2 − 1/(2k), 1/2]: (k(x − a))², integral = k²·(1/(2k))³/3 = 1/(24k); same on the right half
        ReluIntegralModel m = ReluIntegralModel.of(jump());
        for (long k = 1; k <= 7; k++) {
            assertThat(m.exactLossAndGradient(thetaK(k))[0]).isEqualTo(BigFraction.of(1, 12 * k));
        }
        // the example's θ is θ_4 rescaled (w, b, v) → (w/2, b/2, 2v): the same function, L = 1/48
        assertThat(m.exactLossAndGradient(jump().theta())[0]).isEqualTo(BigFraction.of(1, 48));
    }

    @Test
    void rampGradientMatchesTheDerivativeInK() {
        // d/dk L(θ_k) = −1/(12k²) = ∇L(θ_k) · dθ_k/dk with dθ_k/dk = (1, 1, −1/2, −1/2, 0, 0, 0)
        ReluIntegralModel m = ReluIntegralModel.of(jump());
        for (long k = 2; k <= 5; k++) {
            BigFraction[] lg = m.exactLossAndGradient(thetaK(k));
            BigFraction d = lg[1].add(lg[2]).subtract(lg[3].add(lg[4]).divide(2));
            assertThat(d).isEqualTo(BigFraction.of(-1, 12 * k * k));
        }
    }

    @Test
    void boxEnclosuresContainExactValuesAtInnerPoints() {
        ReluIntegralModel m = ReluIntegralModel.of(jump());
        Random rnd = new Random(7);
        int n = Math.max(200, Integer.getInteger("flowcert.props", 100000) / 200);
        for (int t = 0; t < n; t++) {
            double[] lo = new double[7];
            double[] hi = new double[7];
            double[] pt = new double[7];
            double size = rnd.nextInt(3) == 0 ? 0 : Math.pow(2, -rnd.nextInt(8));
            for (int i = 0; i < 7; i++) {
                lo[i] = Math.scalb((double) (rnd.nextInt(64) - 32), -4);
                hi[i] = lo[i] + size;
                pt[i] = lo[i] + size * rnd.nextInt(5) / 4.0;
            }
            ReluIntegralModel.Enclosure e = m.evaluate(lo, hi, 1 + rnd.nextInt(4));
            BigFraction[] th = new BigFraction[7];
            for (int i = 0; i < 7; i++) {
                th[i] = Numbers.ofDouble(pt[i]);
            }
            BigFraction[] ex = m.exactLossAndGradient(th);
            assertThat(contains(e.loss(), ex[0])).as("loss at %s", (Object) th).isTrue();
            for (int i = 0; i < 7; i++) {
                assertThat(contains(e.grad()[i], ex[1 + i])).as("grad %d", i).isTrue();
            }
        }
    }

    @Test
    void deadNetworkIsCriticalWithLossOneQuarter() {
        // independent of the code: N ≡ 1/2 misses f by 1/2 everywhere, L = 1/4; w = b = 0 units
        // have relu'(0) = 0 and ∫(N − f) = 0, so G = 0
        ReluIntegralModel m = ReluIntegralModel.of(jump());
        BigFraction[] th = new BigFraction[7];
        java.util.Arrays.fill(th, BigFraction.ZERO);
        th[6] = BigFraction.of(1, 2);
        BigFraction[] lg = m.exactLossAndGradient(th);
        assertThat(lg[0]).isEqualTo(BigFraction.of(1, 4));
        for (int i = 1; i < 8; i++) {
            assertThat(lg[i]).isEqualTo(BigFraction.ZERO);
        }
    }

    static boolean contains(DI d, BigFraction x) {
        return Numbers.compare(Numbers.ofDouble(d.lo), x) <= 0 && Numbers.compare(x, Numbers.ofDouble(d.hi)) <= 0;
    }

    @Test
    void smallBranchAndBoundProvesAModestBoundOnASmallBox() {
        ReluIntegralModel m = ReluIntegralModel.of(jump());
        double[] lo = {-0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5};
        double[] hi = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        ReluBranchAndBound.Result r = ReluBranchAndBound.run(m, lo, hi, 0.01,
                new ReluBranchAndBound.Options(2, 2_000_000, 120, 4, 0, false));
        assertThat(r.proved()).isTrue();
        // and a bound above the dead-network value 1/4 must fail: N ≡ 1/2 (c = 1/2, v = 0) is a
        // critical point in the box with L = 1/4
        ReluBranchAndBound.Result bad = ReluBranchAndBound.run(m, lo, hi, 0.26,
                new ReluBranchAndBound.Options(2, 20_000, 60, 4, 0, false));
        assertThat(bad.proved()).isFalse();
    }
}
