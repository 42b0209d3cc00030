package org.flowcert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Exact;
import org.flowcert.arith.Interval;
import org.flowcert.bench.W1Inputs;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Interval mode: contains the exact values, the 256-bit references, and the kernel agrees with the generic path. */
class IntervalEvalTest {

    static boolean contains(Interval i, BigFraction q) {
        return Numbers.compare(i.lower(), q) <= 0 && Numbers.compare(q, i.upper()) <= 0;
    }

    static void assertContains(Interval i, BigFraction q, String what) {
        assertThat(contains(i, q)).as("%s: %s must contain %s", what, i, q.doubleValue()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"c1-relu-square.json", "c2-relu-dead-neurons.json", "c2-relu-global-minimum.json",
        "c3-cubic-divergence.json", "c3-cubic-critical-point.json", "c6-leaky-linear-convergence.json"})
    void expectedCasesAreContained(String file) {
        Problem p = ExpectedCasesTest.read(file);
        LossGradient.Result<Exact> e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta()));
        LossGradient.Result<Interval> r = LossGradient.evaluate(p, Interval.FIELD,
                LossGradient.of(Interval.FIELD, p.theta()));
        assertContains(r.loss(), e.loss().value(), file);
        assertThat(r.loss().width()).isLessThan(1e-12);
        for (int k = 0; k < e.gradient().length; k++) {
            assertContains(r.gradient()[k], e.gradient()[k].value(), file + " grad " + k);
        }
    }

    @Test
    void randomPiecewisePolynomialProblemsAreContained() {
        Random r = new Random(9);
        for (int trial = 0; trial < 60; trial++) {
            String act = RandomProblems.PIECEWISE[trial % RandomProblems.PIECEWISE.length];
            Problem p = trial % 2 == 0 ? RandomProblems.data(r, act)
                    : RandomProblems.integral(r, act, act.startsWith("poly") && trial % 3 == 0);
            LossGradient.Result<Exact> e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta()));
            LossGradient.Result<Interval> i = LossGradient.evaluate(p, Interval.FIELD,
                    LossGradient.of(Interval.FIELD, p.theta()));
            assertContains(i.loss(), e.loss().value(), act);
            for (int k = 0; k < e.gradient().length; k++) {
                assertContains(i.gradient()[k], e.gradient()[k].value(), act + " grad " + k);
            }
        }
    }

    @Test
    void boxesOfIntegralRisksContainEveryPointsValue() {
        // relu integral risks on boxes: kinks are intervals, so the subdivided method runs
        Random r = new Random(21);
        BigFraction rad = BigFraction.of(1, 1000);
        for (int trial = 0; trial < 12; trial++) {
            Problem p = RandomProblems.integral(r, trial % 2 == 0 ? "relu" : "leaky_relu:1/10", false);
            BigFraction[] c = p.theta();
            Interval[] box = new Interval[c.length];
            for (int k = 0; k < c.length; k++) {
                box[k] = Interval.from(c[k].subtract(rad), c[k].add(rad));
            }
            LossGradient.Result<Interval> b = LossGradient.evaluate(p, Interval.FIELD, box);
            BoxForm.Evaluation bf = BoxForm.evaluate(p, box);
            assertThat(b.loss().width()).isLessThan(0.5);
            for (int s = 0; s < 6; s++) {
                BigFraction[] t = new BigFraction[c.length];
                for (int k = 0; k < c.length; k++) {
                    int m = s == 0 ? -1000 : s == 1 ? 1000 : r.nextInt(2001) - 1000;
                    t[k] = c[k].add(rad.multiply(BigFraction.of(m, 1000)));
                }
                LossGradient.Result<Exact> e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, t));
                assertContains(b.loss(), e.loss().value(), "box loss");
                assertContains(bf.result().loss(), e.loss().value(), "centred box loss");
                for (int k = 0; k < c.length; k++) {
                    assertContains(b.gradient()[k], e.gradient()[k].value(), "box grad " + k);
                }
            }
        }
    }

    /** {@code i} contains the 25-significant-digit decimal {@code ref} widened by one unit of its last digit (it is rounded to that digit). */
    static void assertReferenceInside(Interval i, String ref, String what) {
        BigFraction q = Numbers.parse(ref);
        if (q.signum() == 0) {
            assertContains(i, q, what);
            return;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(ref);
        java.math.BigDecimal ulp = java.math.BigDecimal.ONE.scaleByPowerOfTen(-d.scale());
        assertContains(i, Numbers.parse(d.subtract(ulp).toPlainString()), what);
        assertContains(i, Numbers.parse(d.add(ulp).toPlainString()), what);
    }

    /** The 256-bit reference losses of ../shared/peers/RESULTS.md (W1 table "reference L"). */
    @ParameterizedTest
    @CsvSource({
        "tanh,4,0.8153830929421178246538852,-0.0554686690430758785154131,-1.741503567459870581695958",
        "tanh,16,0.1603675191103921671712942,-0.0128178284816052426240389,0.5665528285965948001471319",
        "tanh,64,4.411957564129299296558088,-0.3915428109649430007465818,-4.143721821739050193552868",
        "relu,4,0.7721730766771813407219604,0.0,-1.681199066812382010609613",
        "relu,16,0.1151972809254465081636577,0.03091066579929747069055096,-0.2356778697981035128708275",
        "relu,64,1.691779848141462396013973,0.0,-2.560986175275580012830273"})
    void kernelAndGenericPathContainTheReferenceAndAgree(String act, int h, String reference, String gradFirst,
            String gradLast) {
        // the reference has 25 digits: widen it by 1e-24 to an interval of rationals
        BigFraction ref = Numbers.parse(reference);
        BigFraction eps = BigFraction.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(24));
        Problem p = W1Inputs.problem(act, h);
        Interval[] th = LossGradient.of(Interval.FIELD, p.theta());
        LossGradient.Result<Interval> generic = LossGradient.evaluate(p, Interval.FIELD, th);
        LossGradient.Result<Interval> kernel = BoxForm.naive(p, th);
        for (LossGradient.Result<Interval> r : java.util.List.of(generic, kernel)) {
            assertContains(r.loss(), ref.subtract(eps), act + h);
            assertContains(r.loss(), ref.add(eps), act + h);
            // grad_first/grad_last of RESULTS.md's raw JSON (25 digits): ∂L/∂w_1 and ∂L/∂c
            assertReferenceInside(r.gradient()[0], gradFirst, act + h + " grad_first");
            assertReferenceInside(r.gradient()[th.length - 1], gradLast, act + h + " grad_last");
        }
        assertThat(kernel.loss().width()).isLessThanOrEqualTo(generic.loss().width());
        for (int k = 0; k < th.length; k++) {
            assertThat(kernel.gradient()[k].intersect(generic.gradient()[k]).isEmpty()).isFalse();
            assertThat(kernel.gradient()[k].width()).isLessThan(1e-12);
        }
        if (act.equals("relu")) {
            // relu: the exact rational gradient is inside both
            LossGradient.Result<Exact> e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta()));
            assertContains(kernel.loss(), e.loss().value(), "kernel");
            for (int k = 0; k < th.length; k++) {
                assertContains(kernel.gradient()[k], e.gradient()[k].value(), "kernel grad " + k);
                assertContains(generic.gradient()[k], e.gradient()[k].value(), "generic grad " + k);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"relu,4", "relu,16", "tanh,4", "tanh,16"})
    void kernelBoxesContainPointsOfTheBox(String act, int h) {
        Problem p = W1Inputs.problem(act, h);
        double[] t = W1Inputs.theta(3 * h + 1);
        Interval[] box = new Interval[t.length];
        for (int k = 0; k < t.length; k++) {
            box[k] = Interval.of(t[k] - 1e-6, t[k] + 1e-6);
        }
        BoxForm.Evaluation bf = BoxForm.evaluate(p, box);
        LossGradient.Result<Interval> generic = LossGradient.evaluate(p, Interval.FIELD, box);
        assertThat(bf.result().loss().width()).isLessThanOrEqualTo(generic.loss().width());
        Random r = new Random(h);
        for (int s = 0; s < 5; s++) {
            Interval[] pt = new Interval[t.length];
            for (int k = 0; k < t.length; k++) {
                pt[k] = Interval.of(box[k].lo() + r.nextDouble() * (box[k].hi() - box[k].lo()));
                pt[k] = Interval.of(Math.max(box[k].lo(), Math.min(box[k].hi(), pt[k].lo())));
            }
            LossGradient.Result<Interval> q = LossGradient.evaluate(p, Interval.FIELD, pt);
            assertThat(bf.result().loss().contains(q.loss())).isTrue();
            for (int k = 0; k < t.length; k++) {
                assertThat(bf.result().gradient()[k].contains(q.gradient()[k])).isTrue();
            }
        }
    }
}
