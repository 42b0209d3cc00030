package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowcert.prove.critical.CriticalCertificateTest.check;
import static org.flowcert.prove.critical.CriticalCertificateTest.replaceIn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.Jet;
import org.flowcert.check.Net;
import org.flowcert.check.RI;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Test;

/**
 * Rule critical-relu-cells (proofs-notes/critical-relu-reduction.md) on the jump target
 * f = 1{x > 1/2} on [0, 1]. One unit (1-1-1): by hand, the unit relu(x − 1/4) with the
 * least-squares (c, v) — Gram [[1, 9/32], [9/32, 9/64]], right side (1/2, 1/4) — gives c = 0,
 * v = 16/9 and L = 1/2 − (1/4)(16/9) = 1/18, a critical point (the exact gradient is 0 below), so
 * 1/20 is certifiable on [−2, 2]^4 and 1/17 is not (two units: benchmarks/critical.md, not finished).
 */
class ReluCellTest {
    private static final String ONE_UNIT = "{\"network\":{\"widths\":[1,1,1],\"activation\":\"relu\"},"
            + "\"theta\":[\"1\",\"-1/4\",\"16/9\",\"0\"],\"risk\":{\"type\":\"integral\",\"domain\":[\"0\",\"1\"],"
            + "\"target\":[{\"from\":\"0\",\"to\":\"1/2\",\"poly\":[\"0\"]},{\"from\":\"1/2\",\"to\":\"1\",\"poly\":[\"1\"]}]}}";
    private static final String BOX4 = "[[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"]]";

    private static Certifier.Result certify(String problem, String claims) {
        Problem p = ProblemReader.parse(problem, "problem");
        return Certifier.certify(p, problem, claims, ClaimsFile.parse(claims, "claims", p.parameterCount()), "0.1.0");
    }

    @Test
    void theOneUnitPointIsCriticalWithLossOneEighteenth() throws Exception {
        Net net = Net.parse(ONE_UNIT);
        Jet<RI> j = net.loss(net.thetaPoint(0), 1);
        assertThat(j.value().lo()).isEqualTo(BigFraction.of(1, 18));
        assertThat(j.value().isPoint()).isTrue();
        for (RI g : j.gradient()) {
            assertThat(g.isPoint()).isTrue();
            assertThat(g.lo().signum()).isZero();
        }
    }

    @Test
    void oneUnitBoundIsCertifiedCheckedAndCannotBeAltered() {
        String claims = "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"1/20\",\"region\":" + BOX4 + "}]}";
        Certifier.Result r = certify(ONE_UNIT, claims);
        assertThat(r.allProved()).as(r.lines().toString()).isTrue();
        String good = r.certificate();
        assertThat(check(good)).isZero();
        // a bound above the critical value 1/18
        assertThat(check(replaceIn(good, "critical-relu-cells", "\"bound\":\"1/20\"", "\"bound\":\"1/17\""))).isEqualTo(1);
        // the one-unit tree collapsed to a single leaf, and a tree dropped
        String tree1 = good.substring(good.indexOf("\"trees\":[\"") + 10);
        tree1 = tree1.substring(tree1.indexOf("\",\"") + 3, tree1.indexOf("\"]"));
        assertThat(tree1).startsWith("s0");
        assertThat(check(replaceIn(good, "critical-relu-cells", "\"" + tree1 + "\"", "\"rk\""))).isEqualTo(1);
        assertThat(check(replaceIn(good, "critical-relu-cells", ",\"" + tree1 + "\"", ""))).isEqualTo(1);
    }

    @Test
    void aBoundAboveTheCriticalValueIsNotCertified() throws Exception {
        ProofContext ctx = new ProofContext(ProblemReader.parse(ONE_UNIT, "p"), Net.parse(ONE_UNIT), new Steps());
        BigFraction two = BigFraction.of(2);
        BigFraction[][] box = {{two.negate(), two}, {two.negate(), two}, {two.negate(), two}, {two.negate(), two}};
        ReluCellProver.Result r = ReluCellProver.prove(ctx, box, BigFraction.of(1, 17), 400);
        assertThat(r.proved()).isFalse();
        assertThat(r.reason()).contains("open cell");
        assertThat(ctx.steps().lines()).isEmpty();
        // and 1/18 − 1/1000 is
        assertThat(ReluCellProver.prove(ctx, box, BigFraction.of(1, 18).subtract(BigFraction.of(1, 1000)), 20_000).proved()).isTrue();
    }

    @Test
    void leavesBoxIsRefusedWhenAUnitCanReachTheNonSmoothSet() throws Exception {
        String problem = Files.readString(Path.of("examples", "relu-jump-h2.json")).replace("\"2\",\n  \"-2\",\n  \"0\"", "\"3\",\n  \"-3\",\n  \"0\"");
        assertThat(problem).contains("\"3\"");
        String claims = "{\"claims\":[{\"type\":\"leaves-box\",\"box\":[[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],"
                + "[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-3\",\"3\"]]}]}";
        Certifier.Result r = certify(problem, claims);
        assertThat(r.allProved()).isFalse();
        assertThat(r.lines().toString()).contains("v^2 - w^2 - b^2");
    }
}
