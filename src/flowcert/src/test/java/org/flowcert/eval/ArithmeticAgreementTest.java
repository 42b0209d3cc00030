package org.flowcert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Exact;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

/** Exact and double agree on random piecewise-polynomial problems; the relu kink convention. */
class ArithmeticAgreementTest {

    static void assertClose(double got, BigFraction exact, String what) {
        double e = exact.doubleValue();
        assertThat(got).as(what).isCloseTo(e, org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(e))));
    }

    @Test
    void doubleIsCloseToExactOnRandomProblems() {
        Random r = new Random(5);
        for (int trial = 0; trial < 60; trial++) {
            String act = RandomProblems.PIECEWISE[trial % RandomProblems.PIECEWISE.length];
            Problem p = trial % 2 == 0 ? RandomProblems.data(r, act)
                    : RandomProblems.integral(r, act, act.startsWith("poly") && trial % 3 == 0);
            LossGradient.Result<Exact> e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta()));
            LossGradient.Result<DoubleNum> d = LossGradient.evaluate(p, DoubleNum.FIELD,
                    LossGradient.of(DoubleNum.FIELD, p.theta()));
            assertClose(d.loss().value(), e.loss().value(), act + " loss");
            for (int k = 0; k < e.gradient().length; k++) {
                assertClose(d.gradient()[k].value(), e.gradient()[k].value(), act + " grad " + k);
            }
        }
    }

    @Test
    void reluDerivativeIsZeroAtTheKink() {
        // N(x) = c + v relu(w x + b) with w = 1, b = 0, v = 1, c = 0; one point x = 0, y = 1:
        // z = 0 exactly, r = -1, L = r^2 = 1; dL/db = 2 r v relu'(0) = 0 by the contract (not -2)
        Network net = new Network(new int[] {1, 1, 1}, new Activation.Relu());
        BigFraction[] th = {BigFraction.ONE, BigFraction.ZERO, BigFraction.ONE, BigFraction.ZERO};
        Risk risk = new Risk.Data(new BigFraction[][] {{BigFraction.ZERO}}, new BigFraction[][] {{BigFraction.ONE}},
                Risk.Reduction.MEAN);
        Problem p = new Problem("kink", net, th, risk);
        LossGradient.Result<Exact> e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, th));
        assertThat(e.loss().value()).isEqualTo(BigFraction.ONE);
        assertThat(e.gradient()).extracting(Exact::value).containsExactly(BigFraction.ZERO, BigFraction.ZERO,
                BigFraction.ZERO, BigFraction.of(-2));
    }

    @Test
    void smoothIntegralInDoubleMatchesAClosedForm() {
        // N(x) = c + v tanh(w x + b) with w = 0: N = c + v tanh(b) constant; L = ∫_0^1 (N − x)^2 dx
        // = N^2 − N + 1/3 for N = 1/2 + tanh(1/2)·1 → a closed form to compare the quadrature with
        Network net = new Network(new int[] {1, 1, 1}, new Activation.Tanh());
        BigFraction half = BigFraction.of(1, 2);
        BigFraction[] th = {BigFraction.ZERO, half, BigFraction.ONE, half};
        Risk risk = new Risk.Integral(BigFraction.ZERO, BigFraction.ONE, java.util.List.of(new Risk.Piece(
                BigFraction.ZERO, BigFraction.ONE, new BigFraction[] {BigFraction.ZERO, BigFraction.ONE})));
        Problem p = new Problem("tanh", net, th, risk);
        double n = 0.5 + Math.tanh(0.5);
        LossGradient.Result<DoubleNum> d = LossGradient.evaluate(p, DoubleNum.FIELD, LossGradient.of(DoubleNum.FIELD, th));
        assertThat(d.loss().value()).isCloseTo(n * n - n + 1.0 / 3, org.assertj.core.data.Offset.offset(1e-14));
        // dL/dc = 2N − 1, dL/dw = ∫ 2(N − x) v tanh'(b) x dx = v (1 − tanh²(1/2)) (N − 2/3)
        assertThat(d.gradient()[3].value()).isCloseTo(2 * n - 1, org.assertj.core.data.Offset.offset(1e-14));
        double s = 1 - Math.tanh(0.5) * Math.tanh(0.5);
        assertThat(d.gradient()[0].value()).isCloseTo(s * (n - 2.0 / 3), org.assertj.core.data.Offset.offset(1e-14));
    }
}
