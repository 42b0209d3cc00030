package org.flowcert.prove;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Interval;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;

/** The provers' own evaluation (prover side only) against src/test/resources/cases/EXPECTED.md. */
class EnclosuresTest {
    private static Problem example(String name) {
        return ProblemReader.read(Path.of("examples", name));
    }

    @Test
    void exactLossAndGradientOfC1() {
        Problem c1 = example("c1-relu-square.json");
        assertThat(Enclosures.lossForStep(c1, 0)).containsExactly(BigFraction.of(7, 960), BigFraction.of(7, 960));
        assertThat(Enclosures.exactGradient(c1)).containsExactly(BigFraction.of(-1, 24), BigFraction.of(-1, 16),
                BigFraction.of(-1, 12), BigFraction.of(-1, 12), BigFraction.of(-1, 12), BigFraction.of(-1, 48),
                BigFraction.of(-1, 6));
    }

    @Test
    void residualJacobianOfC6GivesTheKernelOfExpected() {
        // EXPECTED.md (c6): K_0 = J Jᵀ = [[4, 4], [4, 12]]; residuals r = (N(-1) - 1, N(1) - 61/20) = (0, -1/20)
        Problem c6 = example("c6-leaky-linear-convergence.json");
        List<Dual<Interval>> r = Enclosures.residualJacobian(c6, Enclosures.theta(c6));
        double[][] k = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int p = 0; p < 4; p++) {
                    k[i][j] += r.get(i).tangent(p).approx() * r.get(j).tangent(p).approx();
                }
            }
        }
        assertThat(k[0]).containsExactly(4, 4);
        assertThat(k[1]).containsExactly(4, 12);
        assertThat(r.get(1).value().contains(-0.05)).isTrue();
        // on the ball of radius 1/5 no pre-activation changes sign: the Hessians exist and are bounded
        Interval[] box = Enclosures.theta(c6);
        for (int p = 0; p < 4; p++) {
            box[p] = box[p].add(Interval.of(-0.2, 0.2));
        }
        Interval[][][] h = Enclosures.residualHessians(c6, box);
        // r_1 = c + v σ(w + b) - 61/20: ∂²r/∂v∂w = σ'(w + b) = 1 on the ball, ∂²r/∂w² = 0
        assertThat(h[1][2][0].contains(1.0) && h[1][2][0].width() == 0).isTrue();
        assertThat(h[1][0][0].contains(0.0) && h[1][0][0].width() == 0).isTrue();
    }

    @Test
    void tanhLossForAStepEnclosesTheValueWithMargin() {
        Problem w1 = example("w1-tanh-h4.json");
        BigFraction[] l64 = Enclosures.lossForStep(w1, 64);
        BigFraction[] l128 = Enclosures.lossForStep(w1, 128);
        // the tighter enclosure lies inside the looser one, and the 64-bit margin is about 2^-48
        assertThat(l128[0].subtract(l64[0]).signum()).isPositive();
        assertThat(l64[1].subtract(l128[1]).signum()).isPositive();
        BigFraction w = l64[1].subtract(l64[0]);
        assertThat(w.doubleValue()).isBetween(0x1p-49, 0x1p-44);
        // W1 reference (../peers/RESULTS.md, examples/w1-tanh-h4.claims.json): L = 0.81538309294211785...
        assertThat(l128[0].doubleValue()).isCloseTo(0.8153830929421178, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void outwardRoundingBracketsTheValue() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            BigFraction q = BigFraction.of(rnd.nextLong(), 1 + (rnd.nextLong() >>> 2)).multiply(rnd.nextInt(1000) - 500);
            int bits = 8 + rnd.nextInt(80);
            BigFraction lo = Enclosures.round(q, bits, false);
            BigFraction hi = Enclosures.round(q, bits, true);
            assertThat(Numbers.compare(lo, q)).as("%s down to %d bits", q, bits).isLessThanOrEqualTo(0);
            assertThat(Numbers.compare(q, hi)).as("%s up to %d bits", q, bits).isLessThanOrEqualTo(0);
            assertThat(lo.getDenominator().bitCount() == 1 || lo.equals(q)).isTrue();
            if (q.signum() != 0) {
                assertThat(hi.subtract(lo).divide(q).abs().doubleValue()).isLessThan(Math.scalb(4.0, -bits));
            }
        }
    }
}
