package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/** Rule flow-taylor (proofs-notes/rules/flow-taylor.md): series arithmetic, a closed-form flow, tampered steps. */
class FlowTaylorTest {
    private static final int F = 80;

    private static BigFraction q(String s) {
        return Numbers.parse(s);
    }

    /** The series z0 + s (the solution of y' = 1 from z0), on a tape of order 10. */
    private static TaylorSeries shifted(BigFraction z0) {
        TaylorSeries z = TaylorSeries.start(new TaylorSeries.Tape(F, 10), RationalInterval.of(z0, F));
        z.follow(z.c(BigFraction.ONE.negate()));
        return z;
    }

    private static void assertNear(RationalInterval got, BigFraction want, String what) {
        assertThat(got.lo().subtract(want).abs().add(got.hi().subtract(want).abs()).doubleValue()).as(what).isLessThan(1e-18);
    }

    private static Activation act(String spec) throws Malformed {
        return Activation.parse(spec);
    }

    @Test
    void seriesOfTanhLogisticSoftplusAtZeroMatchTheirTaylorCoefficients() throws Exception {
        // tanh s = s − s³/3 + 2s⁵/15 − 17s⁷/315; logistic s = 1/2 + s/4 − s³/48 + s⁵/480;
        // softplus s = log 2 + s/2 + s²/8 − s⁴/192 + s⁶/2880 (the integral of the logistic series)
        String[][] want = {
            {"0", "1", "0", "-1/3", "0", "2/15", "0", "-17/315"},
            {"1/2", "1/4", "0", "-1/48", "0", "1/480", "0", "-17/80640"},
            {null, "1/2", "1/8", "0", "-1/192", "0", "1/2880", "0"}};
        String[] acts = {"tanh", "logistic", "softplus"};
        for (int a = 0; a < 3; a++) {
            TaylorSeries[] s = shifted(BigFraction.ZERO).act(act(acts[a]), 1);
            for (int j = 0; j < want[a].length; j++) {
                if (want[a][j] != null) {
                    assertNear(s[0].ri(j, F), q(want[a][j]), acts[a] + " coefficient " + j);
                }
                if (j + 1 < want[a].length && want[a][j + 1] != null) {
                    // σ' series: (j + 1)·σ_{j+1}
                    assertNear(s[1].ri(j, F), q(want[a][j + 1]).multiply(j + 1), acts[a] + "' coefficient " + j);
                }
            }
        }
        // log 2 = 0.693147180559945309417232121458...
        assertNear(shifted(BigFraction.ZERO).act(act("softplus"), 0)[0].ri(0, F), q("0.693147180559945309417232121458"), "log 2");
    }

    @Test
    void tanhSeriesAwayFromZeroMatchesTheDerivativesOfTanh() throws Exception {
        // d/dz tanh = 1 − t², d²/dz² = −2t(1 − t²), d³/dz³ = (1 − t²)(6t² − 2): coefficients over j!
        double t = Math.tanh(0.5);
        double[] want = {t, 1 - t * t, -t * (1 - t * t), (1 - t * t) * (6 * t * t - 2) / 6};
        TaylorSeries u = shifted(q("1/2")).act(act("tanh"), 0)[0];
        for (int j = 0; j < want.length; j++) {
            assertThat(u.ri(j, F).mid().doubleValue()).as("coefficient " + j).isCloseTo(want[j], org.assertj.core.data.Offset.offset(1e-15));
            assertThat(u.ri(j, F).rad().doubleValue()).isLessThan(1e-18);
        }
    }

    @Test
    void polynomialActivationSeriesIsExact() throws Exception {
        // σ(z) = z² + z³ on z = 1 + s: 2 + 5s + 4s² + s³, σ' = 2z + 3z² = 5 + 8s + 3s²
        TaylorSeries[] s = shifted(BigFraction.ONE).act(act("poly:0,0,1,1"), 1);
        String[] v = {"2", "5", "4", "1", "0"};
        String[] d = {"5", "8", "3", "0"};
        for (int j = 0; j < v.length; j++) {
            assertThat(s[0].ri(j, F)).isEqualTo(RationalInterval.of(q(v[j]), F));
        }
        for (int j = 0; j < d.length; j++) {
            assertThat(s[1].ri(j, F)).isEqualTo(RationalInterval.of(q(d[j]), F));
        }
        for (String refused : List.of("relu", "leaky_relu:1/10", "gelu")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> shifted(BigFraction.ONE).act(act(refused), 1))
                    .isInstanceOf(Invalid.class);
        }
    }

    private static final String SMALL = "{\"network\": {\"widths\": [1, 2, 1], \"activation\": \"tanh\"},"
            + " \"theta\": [\"1/2\", \"-3/4\", \"1/8\", \"-1/4\", \"1\", \"-1/2\", \"1/5\"],"
            + " \"risk\": {\"type\": \"data\", \"x\": [\"-1\", \"0\", \"1\"], \"y\": [\"1/2\", \"0\", \"1\"]}}";

    @Test
    void fixedPointJetsAgreeWithRationalJetsAndTheSeriesWithTheHessian() throws Exception {
        Net net = Net.parse(SMALL);
        RationalInterval[] box = Arrays.stream(net.theta).map(t -> RationalInterval.hull(t.subtract(q("1/64")), t.add(q("1/32")), 64)).toArray(RationalInterval[]::new);
        Jet<RationalInterval> exact = net.loss(box, 2);
        Jet<TaylorSeries> fixed = net.dataLoss(Arrays.stream(box).map(x -> TaylorSeries.of(x, 40)).toArray(TaylorSeries[]::new), 2);
        for (int i = 0; i < box.length; i++) {
            RationalInterval a = exact.g()[i];
            RationalInterval b = fixed.g()[i].ri(0, 64);
            assertThat(a.mid().subtract(b.mid()).abs().doubleValue()).as("gradient " + i).isLessThan(1e-9 + 0.01 * a.rad().doubleValue());
            for (int j = 0; j < box.length; j++) {
                RationalInterval c = exact.h()[i][j];
                RationalInterval d = fixed.h()[i][j].ri(0, 64);
                assertThat(c.mid().subtract(d.mid()).abs().doubleValue()).as("hessian " + i + "," + j).isLessThan(1e-9 + 0.01 * c.rad().doubleValue());
            }
        }
        // at θ: y_1 = −∇L, y_2 = −½∇²L·y_1 (differentiate y' = −∇L(y) once more), from the RationalInterval jets
        Jet<RationalInterval> at = net.loss(Net.point(net.theta, 96), 2);
        RationalInterval[][] y = FlowTaylorRule.series(net, Net.point(net.theta, 96), 3, 96);
        for (int i = 0; i < box.length; i++) {
            assertThat(y[1][i].mid().add(at.g()[i].mid()).abs().doubleValue()).isLessThan(1e-20);
            RationalInterval hy = RationalInterval.of(BigFraction.ZERO, 96);
            for (int j = 0; j < box.length; j++) {
                hy = hy.add(at.h()[i][j].mul(at.g()[j].neg()));
            }
            assertThat(y[2][i].mid().add(hy.mid().divide(2)).abs().doubleValue()).isLessThan(1e-20);
        }
    }

    // ---- a linear model with a closed-form flow: N(x) = w x + b, data (−1, −1), (1, 1), mean ----
    // L = ((w − b − 1)² + (w + b − 1)²)/2, ∇L = (2w − 2, 2b), ∇²L = 2I: w(t) = 1 − e^(−2t), b(t) = 0.

    private static final String LINEAR = "{\"network\": {\"widths\": [1, 1], \"activation\": \"tanh\"},"
            + " \"theta\": [\"0\", \"0\"], \"risk\": {\"type\": \"data\", \"x\": [\"-1\", \"1\"], \"y\": [\"-1\", \"1\"]}}";

    /** e^x for rational x by its Taylor series to 60 terms (|x| ≤ 1: error below 1/60!). */
    private static BigFraction exp(BigFraction x) {
        BigFraction s = BigFraction.ZERO;
        BigFraction t = BigFraction.ONE;
        for (int n = 1; n <= 60; n++) {
            s = s.add(t);
            t = t.multiply(x).divide(n);
        }
        return s;
    }

    private static String num(BigFraction v) {
        return Numbers.format(v);
    }

    /** w(t) = 1 − e^(−2t) rounded to 2^-70. */
    private static BigFraction w(BigFraction t) {
        BigFraction v = BigFraction.ONE.subtract(exp(t.multiply(-2)));
        BigInteger s = BigInteger.ONE.shiftLeft(70);
        return BigFraction.of(v.multiply(s).bigDecimalValue(0, java.math.RoundingMode.HALF_EVEN).toBigInteger(), s);
    }

    /**
     * Four steps of 1/8 to t = 1/2 (step 2 with length h2 and tube w-part e2w if given), centres w(t),
     * tubes w(t0) + [−1/4, 1/2] by [−1/4, 1/4] (wide enough for interval F, which does not cancel w).
     */
    private static List<String> linearSteps(String l, String e2w, String h2) {
        List<String> s = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            BigFraction c0 = w(BigFraction.of(n - 1, 8));
            String ew = n == 2 && e2w != null ? e2w : "[\"" + num(c0.subtract(q("1/4"))) + "\",\"" + num(c0.add(q("1/2"))) + "\"]";
            s.add("{\"id\":" + n + ",\"rule\":\"flow-taylor\",\"from\":[" + (n == 1 ? "" : n - 1) + "],\"bits\":80,\"h\":\""
                    + (n == 2 ? h2 : "1/8") + "\",\"order\":20,\"E\":[" + ew + ",[\"-1/4\",\"1/4\"]],\"c\":[\""
                    + num(w(BigFraction.of(n, 8))) + "\",\"0\"],\"l\":\"" + l + "\"}");
        }
        s.add("{\"id\":5,\"rule\":\"claim\",\"from\":[4],\"claim\":0}");
        return s;
    }

    private static Checker.Result check(List<String> steps, BigFraction lo, BigFraction hi) {
        String claims = "{\"claims\": [{\"type\": \"flow-enclosure\", \"time\": \"1/2\", \"box\": [[\"" + num(lo) + "\", \""
                + num(hi) + "\"], [\"-1/1000000000000\", \"1/1000000000000\"]]}]}";
        String cert = CertificateText.assemble("test", LINEAR, claims, steps);
        return Checker.check(cert.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTaylorStepCitingAFirstOrderStepStartsFromTheBallAroundItsBox() {
        // flow-step to 1/8 (X = [1/32, 13/32] × [−3/16, 3/16]), then flow-taylor from c0 = mid X = (7/32, 0),
        // r0 = √2·3/16 ≈ 0.265: the end ball keeps about e^(−3/16)·r0 ≈ 0.22 of it
        List<String> s = new ArrayList<>();
        s.add("{\"id\":1,\"rule\":\"flow-step\",\"from\":[],\"bits\":64,\"h\":\"1/8\","
                + "\"E\":[[\"-1/4\",\"1/2\"],[\"-1/4\",\"1/4\"]],\"X\":[[\"1/32\",\"13/32\"],[\"-3/16\",\"3/16\"]]}");
        s.add("{\"id\":2,\"rule\":\"flow-taylor\",\"from\":[1],\"bits\":80,\"h\":\"1/8\",\"order\":20,"
                + "\"E\":[[\"-1/2\",\"5/4\"],[\"-3/4\",\"3/4\"]],\"c\":[\"" + num(w(q("1/4"))) + "\",\"0\"],\"l\":\"-3/2\"}");
        s.add("{\"id\":3,\"rule\":\"claim\",\"from\":[2],\"claim\":0}");
        String wide = "{\"claims\": [{\"type\": \"flow-enclosure\", \"time\": \"1/4\", \"box\": [[\"-1/2\", \"1\"], [\"-1/2\", \"1/2\"]]}]}";
        String narrow = "{\"claims\": [{\"type\": \"flow-enclosure\", \"time\": \"1/4\", \"box\": [[\"1/4\", \"1/2\"], [\"-1/10\", \"1/10\"]]}]}";
        assertThat(Checker.check(CertificateText.assemble("test", LINEAR, wide, s).getBytes(StandardCharsets.UTF_8)).exitCode()).isZero();
        // with r0 = 0 the box would be ±1e-16 around w(1/4) ≈ 0.393 and fit: the ball from the box is used
        assertThat(Checker.check(CertificateText.assemble("test", LINEAR, narrow, s).getBytes(StandardCharsets.UTF_8)).exitCode()).isEqualTo(1);
    }

    /** ‖θ(t)‖ = w(t) = 1 − e^(−2t) grows from 0 to 0.6321 at t = 1/2 and stays below 1 − e^(−1) before. */
    @Test
    void leavesBallFollowsTheClosedFormFlow() {
        for (String[] c : new String[][] {{"63/100", "0"}, {"6321/10000", "0"}, {"6322/10000", "1"}, {"7/10", "1"}}) {
            String claims = "{\"claims\": [{\"type\": \"leaves-ball\", \"radius\": \"" + c[0] + "\", \"by\": \"1/2\"}]}";
            String cert = CertificateText.assemble("test", LINEAR, claims, linearSteps("-3/2", null, "1/8"));
            assertThat(Checker.check(cert.getBytes(StandardCharsets.UTF_8)).exitCode()).as("radius " + c[0]).isEqualTo(Integer.parseInt(c[1]));
        }
    }

    @Test
    void linearFlowIsEnclosedAroundItsClosedFormAndTamperedStepsAreInvalid() {
        BigFraction wt = BigFraction.ONE.subtract(exp(q("-1")));
        BigFraction eps = q("1/1000000000000000"); // the claim box: 2e-15 wide around w(1/2)
        String e2 = null;
        Checker.Result ok = check(linearSteps("-3/2", e2, "1/8"), wt.subtract(eps), wt.add(eps));
        assertThat(ok.lines()).containsExactly("VALID claim 0 (flow-enclosure)");
        assertThat(ok.exitCode()).isZero();
        // a claim box next to the true value, l below −λmin = −2, E too small for the sweep, a wrong step
        assertThat(check(linearSteps("-3/2", e2, "1/8"), wt.add(eps), wt.add(eps).add(eps)).exitCode()).isEqualTo(1);
        assertThat(check(linearSteps("-3/2", e2, "1/8"), wt.subtract(eps.multiply(3)), wt.subtract(eps)).exitCode()).isEqualTo(1);
        Checker.Result lowL = check(linearSteps("-5/2", e2, "1/8"), wt.subtract(eps), wt.add(eps));
        assertThat(lowL.exitCode()).isEqualTo(1);
        assertThat(lowL.lines().get(0)).contains("log norm");
        // a huge l would make e^(lh) a huge number: refused up front
        assertThat(check(linearSteps("1000", e2, "1/8"), wt.subtract(eps), wt.add(eps)).lines().get(0)).contains("|l h| <= 64");
        Checker.Result tube = check(linearSteps("-3/2", "[\"" + num(w(q("1/8"))) + "\",\"" + num(w(q("1/8")).add(q("1/16"))) + "\"]", "1/8"), wt.subtract(eps), wt.add(eps));
        assertThat(tube.exitCode()).isEqualTo(1);
        assertThat(tube.lines().get(0)).contains("leaves the tube");
        assertThat(check(linearSteps("-3/2", e2, "1/16"), wt.subtract(eps), wt.add(eps)).exitCode()).isEqualTo(1);
        assertThat(check(linearSteps("-3/2", e2, "0"), wt.subtract(eps), wt.add(eps)).exitCode()).isEqualTo(1);
        // a centre moved by 1e-12: the computed radius grows with it and the box no longer fits
        List<String> moved = linearSteps("-3/2", e2, "1/8");
        moved.set(3, moved.get(3).replace(num(w(q("1/2"))), num(w(q("1/2")).add(q("1/1000000000000")))));
        assertThat(check(moved, wt.subtract(eps), wt.add(eps)).exitCode()).isEqualTo(1);
    }
}
