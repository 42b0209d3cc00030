package org.flowcert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Interval;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smooth activations (tanh, logistic, softplus, gelu): interval and double agree on random
 * small networks (data and integral risks), and the backprop gradient matches independent
 * derivations (a hand-derived formula evaluated with java.lang.Math, and central differences).
 */
class SmoothActivationTest {

    /** |d − mid(i)| ≤ rad(i) + tol·(1 + |mid|): the double result is within tol of the enclosure. */
    static void assertNear(Interval i, double d, double tol, String what) {
        assertThat(i.isBounded()).as(what + " bounded: " + i).isTrue();
        double dist = Math.max(0, Math.max(i.lo() - d, d - i.hi()));
        assertThat(dist).as("%s: double %s vs enclosure %s", what, d, i).isLessThanOrEqualTo(
                tol * (1 + Math.abs(i.mid())));
    }

    @Test
    void intervalAndDoubleAgreeOnRandomSmoothProblems() {
        Random r = new Random(17);
        // smooth integral risks in interval mode are slow (subdivided Taylor cells): 8 of 32 trials
        for (int trial = 0; trial < 32; trial++) {
            // (trial + trial/4) mod 4: every activation gets data and integral trials
            String act = RandomProblems.SMOOTH[(trial + trial / 4) % RandomProblems.SMOOTH.length];
            boolean integral = trial % 4 == 3;
            Problem p = integral ? RandomProblems.integral(r, act, trial % 8 == 7) : RandomProblems.data(r, act);
            LossGradient.Result<Interval> iv = LossGradient.evaluate(p, Interval.FIELD,
                    LossGradient.of(Interval.FIELD, p.theta()));
            LossGradient.Result<DoubleNum> d = LossGradient.evaluate(p, DoubleNum.FIELD,
                    LossGradient.of(DoubleNum.FIELD, p.theta()));
            // data risks: the same formula rounded to nearest (a few ulps of the terms);
            // integral risks: the double path is Gauss–Legendre, converged to ~1e-12
            double tol = integral ? 1e-9 : 1e-12;
            String what = act + (integral ? " integral " : " data ") + trial;
            assertNear(iv.loss(), d.loss().value(), tol, what + " loss");
            if (!integral) {
                assertThat(iv.loss().width()).as(what + " width").isLessThan(1e-12 * (1 + Math.abs(iv.loss().mid())));
            }
            for (int k = 0; k < p.parameterCount(); k++) {
                assertNear(iv.gradient()[k], d.gradient()[k].value(), tol, what + " grad " + k);
            }
            if (integral) {
                continue;
            }
            // the path `flowcert eval` takes (naive ∩ centred form) agrees with the generic one
            LossGradient.Result<Interval> bf = BoxForm.evaluate(p, LossGradient.of(Interval.FIELD, p.theta())).result();
            assertThat(bf.loss().intersect(iv.loss()).isEmpty()).as(what).isFalse();
        }
    }

    static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * 1-1-1 network N = c + v σ(w x + b), mean data risk L = (1/n) Σ (N(x_i) − y_i)²; by hand:
     * ∂L/∂w = (2/n) Σ r_i v σ'(z_i) x_i, ∂L/∂b = (2/n) Σ r_i v σ'(z_i), ∂L/∂v = (2/n) Σ r_i σ(z_i),
     * ∂L/∂c = (2/n) Σ r_i, evaluated in double with java.lang.Math (not our bounds).
     */
    @ParameterizedTest
    @ValueSource(strings = {"tanh", "logistic", "softplus"})
    void oneOneOneGradientMatchesTheHandDerivedFormula(String act) {
        DoubleUnaryOperator s;
        DoubleUnaryOperator ds;
        switch (act) {
            case "tanh" -> {
                s = Math::tanh;
                ds = z -> 1 - Math.tanh(z) * Math.tanh(z);
            }
            case "logistic" -> {
                s = SmoothActivationTest::logistic;
                ds = z -> logistic(z) * (1 - logistic(z));
            }
            default -> {
                s = z -> Math.log1p(Math.exp(z));
                ds = SmoothActivationTest::logistic;
            }
        }
        Random r = new Random(act.hashCode());
        for (int trial = 0; trial < 20; trial++) {
            BigFraction[] th = {RandomProblems.small(r), RandomProblems.small(r), RandomProblems.small(r),
                RandomProblems.small(r)};
            int n = 1 + r.nextInt(5);
            BigFraction[][] x = new BigFraction[n][1];
            BigFraction[][] y = new BigFraction[n][1];
            for (int i = 0; i < n; i++) {
                x[i][0] = RandomProblems.small(r);
                y[i][0] = RandomProblems.small(r);
            }
            Problem p = new Problem("hand", new Network(new int[] {1, 1, 1}, Activation.parse(act, "t", "a")), th,
                    new Risk.Data(x, y, Risk.Reduction.MEAN));
            double w = th[0].doubleValue();
            double b = th[1].doubleValue();
            double v = th[2].doubleValue();
            double c = th[3].doubleValue();
            double loss = 0;
            double[] g = new double[4];
            for (int i = 0; i < n; i++) {
                double xi = x[i][0].doubleValue();
                double z = w * xi + b;
                double ri = c + v * s.applyAsDouble(z) - y[i][0].doubleValue();
                loss += ri * ri / n;
                g[0] += 2.0 / n * ri * v * ds.applyAsDouble(z) * xi;
                g[1] += 2.0 / n * ri * v * ds.applyAsDouble(z);
                g[2] += 2.0 / n * ri * s.applyAsDouble(z);
                g[3] += 2.0 / n * ri;
            }
            LossGradient.Result<Interval> iv = LossGradient.evaluate(p, Interval.FIELD,
                    LossGradient.of(Interval.FIELD, th));
            assertNear(iv.loss(), loss, 1e-13, act + " loss");
            for (int k = 0; k < 4; k++) {
                assertNear(iv.gradient()[k], g[k], 1e-13, act + " grad " + k);
                assertThat(iv.gradient()[k].width()).isLessThan(1e-13);
            }
        }
    }

    /**
     * Every smooth activation, deeper nets: each gradient entry against the Richardson-extrapolated
     * central quotient of the double loss, (4 D(h/2) − D(h))/3 with D(h) =
     * (L(θ + h e_k) − L(θ − h e_k))/(2h), error O(h⁴) ≈ 1e-12 plus the loss's error (rounding, or
     * the quadrature's ≈ 1e-12 for integral risks) over h ≈ 1e-9. Both the interval enclosure and
     * the double backprop gradient must be within 1e-7.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tanh", "logistic", "softplus", "gelu"})
    void gradientMatchesExtrapolatedCentralDifferences(String act) {
        Random r = new Random(act.hashCode() + 1);
        for (int trial = 0; trial < 3; trial++) {
            // data risks (random shapes, deep ones included) and one shallow integral risk
            Problem p = trial < 2 ? RandomProblems.data(r, act) : RandomProblems.integral(r, act, false);
            BigFraction[] th = p.theta();
            LossGradient.Result<Interval> iv = LossGradient.evaluate(p, Interval.FIELD,
                    LossGradient.of(Interval.FIELD, th));
            LossGradient.Result<DoubleNum> d = LossGradient.evaluate(p, DoubleNum.FIELD,
                    LossGradient.of(DoubleNum.FIELD, th));
            BigFraction h = BigFraction.of(1, 1 << 10);
            for (int k = 0; k < th.length; k++) {
                double d1 = quotient(p, th, k, h);
                double d2 = quotient(p, th, k, h.divide(2));
                double rich = (4 * d2 - d1) / 3;
                assertNear(iv.gradient()[k], rich, 1e-7, act + " " + trial + " grad " + k);
                assertThat(d.gradient()[k].value()).as(act + " " + trial + " double grad " + k)
                        .isCloseTo(rich, org.assertj.core.data.Offset.offset(1e-7 * (1 + Math.abs(rich))));
            }
        }
    }

    private static double quotient(Problem p, BigFraction[] th, int k, BigFraction h) {
        BigFraction[] plus = th.clone();
        BigFraction[] minus = th.clone();
        plus[k] = th[k].add(h);
        minus[k] = th[k].subtract(h);
        double lp = LossGradient.loss(p, DoubleNum.FIELD, LossGradient.of(DoubleNum.FIELD, plus)).value();
        double lm = LossGradient.loss(p, DoubleNum.FIELD, LossGradient.of(DoubleNum.FIELD, minus)).value();
        return (lp - lm) / (2 * h.doubleValue());
    }

    /**
     * ball:256 vs interval vs double (and exact where it applies) on random data problems of every
     * activation: the ball is tight (&lt; 2^-180 wide), meets the interval enclosure, contains the
     * exact value (piecewise-polynomial activations), and the double is within 1e-12.
     */
    @Test
    void ballAgreesWithIntervalExactAndDoubleOnEveryActivation() {
        Ball.Field bf = Ball.field(256);
        Random r = new Random(23);
        String[] acts = {"tanh", "logistic", "softplus", "gelu", "relu", "leaky_relu:1/10", "poly:0,0,0,1",
            "poly:1/2,-1,1/3"};
        for (int trial = 0; trial < 2 * acts.length; trial++) {
            String act = acts[trial % acts.length];
            Problem p = RandomProblems.data(r, act);
            LossGradient.Result<Ball> b = LossGradient.evaluate(p, bf, LossGradient.of(bf, p.theta()));
            LossGradient.Result<Interval> iv = LossGradient.evaluate(p, Interval.FIELD,
                    LossGradient.of(Interval.FIELD, p.theta()));
            LossGradient.Result<DoubleNum> d = LossGradient.evaluate(p, DoubleNum.FIELD,
                    LossGradient.of(DoubleNum.FIELD, p.theta()));
            LossGradient.Result<org.flowcert.arith.Exact> e = null;
            if (Activation.parse(act, "t", "a").isPiecewisePolynomial()) {
                e = LossGradient.evaluate(p, org.flowcert.arith.Exact.FIELD,
                        LossGradient.of(org.flowcert.arith.Exact.FIELD, p.theta()));
            }
            for (int k = -1; k < p.parameterCount(); k++) {
                Ball bk = k < 0 ? b.loss() : b.gradient()[k];
                Interval ik = k < 0 ? iv.loss() : iv.gradient()[k];
                double dk = k < 0 ? d.loss().value() : d.gradient()[k].value();
                String what = act + " " + trial + (k < 0 ? " loss" : " grad " + k);
                assertThat(bk.upper().subtract(bk.lower()).doubleValue()).as(what).isLessThan(0x1p-180);
                // both enclose the true value, so they meet
                assertThat(Numbers.compare(bk.lower(), Numbers.ofDouble(ik.hi())) <= 0
                        && Numbers.compare(Numbers.ofDouble(ik.lo()), bk.upper()) <= 0).as(what + " meets " + ik).isTrue();
                assertNear(ik, dk, 1e-12, what);
                assertThat(Math.abs(dk - bk.approx())).as(what).isLessThanOrEqualTo(1e-12 * (1 + Math.abs(dk)));
                if (e != null) {
                    BigFraction q = (k < 0 ? e.loss() : e.gradient()[k]).value();
                    assertThat(bk.contains(q)).as(what + " exact").isTrue();
                }
            }
        }
    }

    /** The W1 tanh net (H = 4): ball:256 agrees with the 25-digit 256-bit references of RESULTS.md. */
    @Test
    void ballMatchesTheW1TanhReferences() {
        Ball.Field bf = Ball.field(256);
        Problem p = org.flowcert.bench.W1Inputs.problem("tanh", 4);
        LossGradient.Result<Ball> b = LossGradient.evaluate(p, bf, LossGradient.of(bf, p.theta()));
        BigFraction tol = BigFraction.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(24));
        String[][] refs = {{"0.8153830929421178246538852", "-1"}, {"-0.0554686690430758785154131", "0"},
            {"-1.741503567459870581695958", "12"}};
        for (String[] ref : refs) {
            int k = Integer.parseInt(ref[1]);
            Ball v = k < 0 ? b.loss() : b.gradient()[k];
            BigFraction q = Numbers.parse(ref[0]);
            assertThat(Numbers.compare(v.lower(), q.add(tol)) <= 0 && Numbers.compare(q.subtract(tol), v.upper()) <= 0)
                    .as("%s vs %s", v, ref[0]).isTrue();
            assertThat(v.upper().subtract(v.lower()).doubleValue()).isLessThan(1e-60);
        }
    }
}
