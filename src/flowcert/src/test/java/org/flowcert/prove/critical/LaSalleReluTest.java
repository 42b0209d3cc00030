package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.TestData;
import org.flowcert.arith.Exact;
import org.flowcert.cert.CertificateText;
import org.flowcert.check.Checker;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code diverges} / {@code leaves-box} for relu-type nets (proofs-notes/critical-divergence.md §R, §D):
 * data risks are refused, because a {@code critical-relu-data} bound does not cover the flow's Clarke-critical
 * rest points. The counterexample (§D, derived in exact rationals outside this code): b12 H = 2 at
 * θ̄ = (7481/6125, −2; 16099/12250, 0; 1/2, 16221/24500; −249/392), L(θ̄) = 36657/1225000 below the certified
 * bound 75643/840000, κ < 0, and 0 ∈ ∂_C L(θ̄) with weight λ = 6308/7933 on the data point x = 0 at unit 1's kink.
 */
class LaSalleReluTest {
    private static final BigFraction C = BigFraction.of(75643, 840000);

    private static Path sliding() {
        return TestData.resources("lasalle", "relu-data-b12-h2-sliding.json").resolve("relu-data-b12-h2-sliding.json");
    }

    private static Certifier.Result certify(Path problem, String claims) throws Exception {
        Problem p = ProblemReader.read(problem);
        return Certifier.certify(p, Files.readString(problem), claims, ClaimsFile.parse(claims, "claims",
                p.parameterCount()), "0.1.0");
    }

    private static Checker.Result check(String cert) {
        return Checker.check(cert.getBytes(StandardCharsets.UTF_8));
    }

    private static BigFraction f(long p, long q) {
        return BigFraction.of(p, q);
    }

    @Test
    void theSlidingPointIsClarkeCriticalBelowTheBoundButNotCritical() throws Exception {
        Problem p = ProblemReader.read(sliding());
        var e = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta()));
        assertThat(e.loss().value()).isEqualTo(f(36657, 1225000));
        assertThat(e.loss().value().compareTo(C)).isNegative();
        BigFraction[] t = p.theta();
        for (int j = 0; j < 2; j++) { // κ_j < 0: the conserved-quantity condition holds
            assertThat(t[4 + j].pow(2).subtract(t[j].pow(2)).subtract(t[2 + j].pow(2)).signum()).isNegative();
        }
        // the contract's gradient: zero but for b_1 (unit 1's kink sits on x = 0, counted inactive)
        for (int k = 0; k < 7; k++) {
            assertThat(e.gradient()[k].value()).as("dL/dθ[%d]", k)
                    .isEqualTo(k == 3 ? f(-25580517, 300125000) : BigFraction.ZERO);
        }
        // r(0) = N(0) − y(0) = c + v_0 relu(b_0) − (−7/50), by hand; counting x = 0 active with weight λ adds
        // λ v_1 r(0) to dL/db_1 (k = 1/2 for half-sum), which vanishes at λ = 6308/7933 in (0, 1)
        BigFraction r0 = t[6].add(t[4].multiply(t[2])).add(f(7, 50));
        assertThat(r0).isEqualTo(f(7933, 49000));
        BigFraction lambda = e.gradient()[3].value().divide(t[5].multiply(r0)).negate();
        assertThat(lambda).isEqualTo(f(6308, 7933));
    }

    /**
     * §C's identity behind every conserved quantity, on the gradient code (exact rationals, random θ with H = 3,
     * plus a kink exactly on a data point and a unit with w = b = 0): w_j G_{w_j} + b_j G_{b_j} = d·v_j G_{v_j}
     * for σ homogeneous of degree d (relu and leaky relu of any slope: d = 1, at the kink too since
     * z σ'(z) = σ(z) with the contract's σ'(0); 2z³: d = 3), for integral and data risks.
     */
    @Test
    void eulersIdentityHoldsExactlyForHomogeneousActivations() {
        java.util.Random rnd = new java.util.Random(17);
        String integral = "\"risk\": {\"type\": \"integral\", \"domain\": [\"-1\", \"1\"], \"target\": ["
                + "{\"from\": \"-1\", \"to\": \"1/3\", \"poly\": [\"1/2\", \"-1\"]}, "
                + "{\"from\": \"1/3\", \"to\": \"1\", \"poly\": [\"1\"]}]}";
        String data = "\"risk\": {\"type\": \"data\", \"x\": [\"-1\", \"0\", \"1/2\", \"1/2\", \"2\"], "
                + "\"y\": [\"1\", \"-1/3\", \"2\", \"0\", \"1/5\"], \"reduction\": \"mean\"}";
        int checked = 0;
        for (String act : List.of("relu", "leaky_relu:1/10", "leaky_relu:3", "poly:0,0,0,2")) {
            int d = act.startsWith("poly") ? 3 : 1;
            for (String risk : List.of(integral, data)) {
                for (int trial = 0; trial < 12; trial++) {
                    String[] t = new String[10];
                    for (int k = 0; k < t.length; k++) {
                        t[k] = (rnd.nextInt(9) - 4) + "/" + (1 + rnd.nextInt(4));
                    }
                    if (trial == 0) { // unit 0's kink on x = 1/2 (w = 2, b = −1); unit 1 degenerate (w = b = 0)
                        t[0] = "2";
                        t[3] = "-1";
                        t[1] = "0";
                        t[4] = "0";
                    }
                    String json = "{\"network\": {\"widths\": [1, 3, 1], \"activation\": \"" + act + "\"}, \"theta\": [\""
                            + String.join("\", \"", t) + "\"], " + risk + "}";
                    Problem p = ProblemReader.parse(json, "euler");
                    Exact[] g = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta())).gradient();
                    BigFraction[] th = p.theta();
                    for (int j = 0; j < 3; j++) {
                        BigFraction lhs = th[j].multiply(g[j].value()).add(th[3 + j].multiply(g[3 + j].value()));
                        BigFraction rhs = th[6 + j].multiply(g[6 + j].value()).multiply(d);
                        assertThat(lhs).as("%s %s θ = %s unit %d", act, risk.substring(10, 20), json, j).isEqualTo(rhs);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 2 * 12 * 3);
        // and it is not vacuous: σ(z) = z + z² is not homogeneous, the identity fails (data risk, θ above)
        Problem q = ProblemReader.parse("{\"network\": {\"widths\": [1, 1, 1], \"activation\": \"poly:0,1,1\"}, "
                + "\"theta\": [\"1\", \"1/2\", \"1\", \"0\"], " + data + "}", "not homogeneous");
        Exact[] g = LossGradient.evaluate(q, Exact.FIELD, LossGradient.of(Exact.FIELD, q.theta())).gradient();
        assertThat(g[0].value().add(g[1].value().multiply(BigFraction.of(1, 2)))).isNotEqualTo(g[2].value());
    }

    @Test
    void divergesOnADataRiskIsNotProvedAndAHandMadeCertificateIsRefused() throws Exception {
        String two = "{\"claims\":[{\"type\":\"loss-below\",\"value\":\"75643/840000\"},"
                + "{\"type\":\"critical-values-above\",\"value\":\"75643/840000\",\"region\":\"everywhere\"}";
        // the prover: both premises proved, diverges refused with the reason
        Certifier.Result r = certify(sliding(), two + ",{\"type\":\"diverges\"}]}");
        assertThat(r.lines().get(0)).startsWith("PROVED");
        assertThat(r.lines().get(1)).startsWith("PROVED");
        assertThat(r.lines().get(2)).startsWith("NOT PROVED").contains("data risk").contains("section D");
        assertThat(r.certificate()).isNull();
        for (Path problem : List.of(sliding(), Path.of("examples", "relu-data-b12-h2.json"))) {
            String good = certify(problem, two + "]}").certificate();
            assertThat(check(good).exitCode()).isEqualTo(0);
            for (String rule : List.of("lasalle-relu", "lasalle")) {
                Checker.Result c = check(withDiverges(good, rule));
                assertThat(c.exitCode()).as(rule).isEqualTo(1);
                assertThat(c.summary().claims().get(0).valid()).isTrue();
                assertThat(c.summary().claims().get(1).valid()).isTrue();
                assertThat(c.summary().claims().get(2).reason()).as(rule)
                        .contains(rule.equals("lasalle") ? "smooth activation" : "does not cover data risks");
            }
        }
    }

    /** The certificate with a diverges claim appended, concluded by {@code rule} from steps 3 (critical) and 1 (loss). */
    private static String withDiverges(String cert, String rule) {
        String[] sec = CertificateText.split(cert);
        List<String> steps = new ArrayList<>(Arrays.asList(sec[2].split("\n")));
        assertThat(steps.get(2)).contains("\"id\":3,\"rule\":\"critical-relu-data\"");
        assertThat(steps.get(0)).contains("\"id\":1,\"rule\":\"loss\"");
        steps.add("{\"id\":5,\"rule\":\"" + rule + "\",\"from\":[3,1]}");
        steps.add("{\"id\":6,\"rule\":\"claim\",\"from\":[5],\"claim\":2}");
        String claims = sec[1].substring(0, sec[1].lastIndexOf(']')) + ", {\"type\": \"diverges\"}]}";
        return CertificateText.assemble(sec[3], sec[0], claims, steps);
    }

    @Test
    void reluIntegralNetsBeyondTheRulesAreRefusedWithTheReason() throws Exception {
        // no critical-values-above claim before: nothing to cite (for relu the prover does not search one)
        Certifier.Result r = certify(Path.of("examples", "relu-jump-h2-k2.json"), "{\"claims\":[{\"type\":\"diverges\"}]}");
        assertThat(r.lines().get(0)).startsWith("NOT PROVED").contains("everywhere");
        // unit 0 rescaled by s = 3/2: (w, b, v) = (4/3, −1/3, 3/2), L unchanged, κ_0 = 9/4 − 16/9 − 1/9 = 13/36 > 0
        Path rescaled = Files.createTempFile("lasalle", ".json");
        try {
            Files.writeString(rescaled, Files.readString(Path.of("examples", "relu-jump-h2-k2.json"))
                    .replaceFirst("\"2\"", "\"4/3\"").replace("\"-1/2\"", "\"-1/3\"").replaceFirst("\"1\",", "\"3/2\","));
            Problem p = ProblemReader.read(rescaled);
            assertThat(p.theta()[0]).isEqualTo(f(4, 3));
            assertThat(p.theta()[2]).isEqualTo(f(-1, 3));
            assertThat(p.theta()[4]).isEqualTo(f(3, 2));
            Certifier.Result s = certify(rescaled, "{\"claims\":[{\"type\":\"leaves-box\",\"box\":"
                    + "[[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"]]}]}");
            assertThat(s.lines().get(0)).startsWith("NOT PROVED").contains("unit 0 has v^2 - w^2 - b^2 >= 0");
        } finally {
            Files.delete(rescaled);
        }
    }

    /**
     * The prover's side with stub critical steps (rule names of rules not yet in the checker): it cites a
     * critical-* step without a box for diverges, one whose box holds θ and the claim's box for leaves-box, and
     * records lasalle-relu [critical, loss]. Leaky relu H = 3, f = 1{x > 1/2} on [0, 1],
     * θ = (2, 2, −1; −1/2, −3/2, 1/2; 1, −1, 1/4; 0), κ = (−13/4, −21/4, −19/16).
     */
    @Test
    void theProverCitesEverywhereAndBoxStepsOfAnyCriticalRule() throws Exception {
        String theta = "[\"2\", \"2\", \"-1\", \"-1/2\", \"-3/2\", \"1/2\", \"1\", \"-1\", \"1/4\", \"0\"]";
        Problem p = ProblemReader.parse("{\"network\": {\"widths\": [1, 3, 1], \"activation\": \"leaky_relu:1/10\"}, "
                + "\"theta\": " + theta + ", \"risk\": {\"type\": \"integral\", \"domain\": [\"0\", \"1\"], "
                + "\"target\": [{\"from\": \"0\", \"to\": \"1/2\", \"poly\": [\"0\"]}, "
                + "{\"from\": \"1/2\", \"to\": \"1\", \"poly\": [\"1\"]}]}}", "leaky");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String box = "[" + String.join(", ", java.util.Collections.nCopies(10, "[\"-3\", \"3\"]")) + "]";
        String small = "[" + String.join(", ", java.util.Collections.nCopies(10, "[\"-1/4\", \"1/4\"]")) + "]";
        // diverges: the box step is not enough, the everywhere step is cited
        org.flowcert.cert.Steps steps = new org.flowcert.cert.Steps();
        org.flowcert.prove.ProofContext ctx = new org.flowcert.prove.ProofContext(p, steps);
        var cells = steps.step("critical-stub-cells");
        cells.put("bound", "1");
        cells.set("box", mapper.readTree(box));
        steps.add(cells);
        var claim = mapper.readTree("{\"type\": \"diverges\"}");
        assertThat(new LaSalleProver().prove(ctx, 0, claim).proved()).isFalse();
        steps.add(steps.step("critical-stub-global").put("bound", "1"));
        assertThat(new LaSalleProver().prove(ctx, 0, claim).proved()).isTrue();
        assertThat(steps.lines().get(3)).isEqualTo("{\"id\":4,\"rule\":\"lasalle-relu\",\"from\":[2,3]}");
        // leaves-box: a box step that does not hold θ is skipped; one that does is cited
        steps = new org.flowcert.cert.Steps();
        ctx = new org.flowcert.prove.ProofContext(p, steps);
        steps.add(steps.step("critical-stub-cells").put("bound", "1").set("box", mapper.readTree(small)));
        var leaves = mapper.readTree("{\"type\": \"leaves-box\", \"box\": " + small + "}");
        assertThat(new LaSalleProver().prove(ctx, 0, leaves).message()).contains("no critical-values-above");
        steps.add(steps.step("critical-stub-cells").put("bound", "1").set("box", mapper.readTree(box)));
        assertThat(new LaSalleProver().prove(ctx, 0, leaves).proved()).isTrue();
        assertThat(steps.lines().get(3)).isEqualTo("{\"id\":4,\"rule\":\"lasalle-relu\",\"from\":[2,3]}");
        // a bound not above L(θ) is not cited
        steps = new org.flowcert.cert.Steps();
        ctx = new org.flowcert.prove.ProofContext(p, steps);
        steps.add(steps.step("critical-stub-global").put("bound", "1/1000"));
        assertThat(new LaSalleProver().prove(ctx, 0, claim).proved()).isFalse();
    }

    /**
     * The checked-in relu-jump certificate (critical-relu-cells on [−2, 2]^7, ~10 s per check), tampered: θ's unit 0
     * rescaled so that κ_0 = 13/36 > 0 (L, and so the loss step, unchanged); a diverges claim citing the box fact.
     */
    @Test
    @Tag("long")
    void tamperedReluJumpCertificatesAreRejected() throws Exception {
        String good = Files.readString(Path.of("certificates", "relu-jump-h2-k2.cert"));
        String[] sec = CertificateText.split(good);
        List<String> steps = new ArrayList<>(Arrays.asList(sec[2].split("\n")));
        String problem = sec[0].replaceFirst("\"2\"", "\"4/3\"").replace("\"-1/2\"", "\"-1/3\"")
                .replaceFirst("\"1\",", "\"3/2\",");
        assertThat(problem).isNotEqualTo(sec[0]);
        Checker.Result k = check(CertificateText.assemble(sec[3], problem, sec[1], steps));
        assertThat(k.exitCode()).isEqualTo(1);
        assertThat(k.summary().claims().get(0).valid()).isTrue(); // L = 1/24 still
        assertThat(k.summary().claims().get(2).reason()).contains("unit 0 has v^2 - w^2 - b^2 >= 0");
        steps.add("{\"id\":8,\"rule\":\"claim\",\"from\":[6],\"claim\":3}");
        String claims = sec[1].substring(0, sec[1].lastIndexOf(']')) + ", {\"type\": \"diverges\"}]}";
        Checker.Result d = check(CertificateText.assemble(sec[3], sec[0], claims, steps));
        assertThat(d.exitCode()).isEqualTo(1);
        assertThat(d.summary().claims().get(2).valid()).isTrue();
        assertThat(d.summary().claims().get(3).reason()).contains("holds on a box only");
    }
}
