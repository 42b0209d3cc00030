package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowcert.prove.critical.CriticalCertificateTest.check;
import static org.flowcert.prove.critical.CriticalCertificateTest.replaceIn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.Enclosures;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Test;

/**
 * Rule critical-relu-cells (proofs-notes/critical-relu-reduction.md) on the jump target
 * f = 1{x > 1/2} on [0, 1]. One unit (1-1-1): by hand, the unit relu(x − 1/4) with the
 * least-squares (c, v) — Gram [[1, 9/32], [9/32, 9/64]], right side (1/2, 1/4) — gives c = 0,
 * v = 16/9 and L = 1/2 − (1/4)(16/9) = 1/18, a critical point (its exact gradient is 0), so 1/20
 * is certifiable on [−2, 2]^4 and 1/17 is not. Two units (1-2-1, issue 8 instance 2): the
 * checked-in certificate certificates/relu-jump-h2-k2.cert (re-checked by
 * CertificatesTest) is tampered with here; numerically the smallest critical value is 0.0450658
 * (0.04506579420 at kinks 0.3734617 / 0.6265383, opposite orientations), so bounds 1/22 and 0.045066 are false.
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

    private static BigFraction[][] box(int n, int r) {
        BigFraction[][] b = new BigFraction[n][];
        for (int i = 0; i < n; i++) {
            b[i] = new BigFraction[] {BigFraction.of(-r), BigFraction.of(r)};
        }
        return b;
    }

    @Test
    void theOneUnitPointIsCriticalWithLossOneEighteenth() {
        Problem p = ProblemReader.parse(ONE_UNIT, "p");
        BigFraction[] l = Enclosures.lossForStep(p, 0);
        assertThat(l[0]).isEqualTo(BigFraction.of(1, 18));
        assertThat(l[1]).isEqualTo(BigFraction.of(1, 18));
        for (BigFraction g : Enclosures.exactGradient(p)) {
            assertThat(g.signum()).isZero();
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
        // the one-unit tree collapsed to a single leaf (each kind), a leaf letter changed, a tree dropped
        String tree1 = good.substring(good.indexOf("\"trees\":[\"") + 10);
        tree1 = tree1.substring(tree1.indexOf("\",\"") + 3, tree1.indexOf("\"]"));
        assertThat(tree1).startsWith("s0");
        for (String leaf : new String[] {"t", "d", "j", "D"}) {
            assertThat(check(replaceIn(good, "critical-relu-cells", "\"" + tree1 + "\"", "\"" + leaf + "\""))).isEqualTo(1);
        }
        assertThat(check(replaceIn(good, "critical-relu-cells", "\"" + tree1 + "\"", "\"" + tree1.replace('d', 't') + "\"")))
                .isEqualTo(1);
        assertThat(check(replaceIn(good, "critical-relu-cells", ",\"" + tree1 + "\"", ""))).isEqualTo(1);
    }

    @Test
    void aBoundAboveTheCriticalValueIsNotCertified() {
        ProofContext ctx = new ProofContext(ProblemReader.parse(ONE_UNIT, "p"), new Steps());
        ReluCellProver.Result r = ReluCellProver.prove(ctx, box(4, 2), BigFraction.of(1, 17), 2_000);
        assertThat(r.proved()).isFalse();
        assertThat(r.reason()).contains("open cell");
        assertThat(ctx.steps().lines()).isEmpty();
        // and 1/18 − 1/1000 is
        assertThat(ReluCellProver.prove(ctx, box(4, 2), BigFraction.of(1, 18).subtract(BigFraction.of(1, 1000)), 20_000).proved())
                .isTrue();
    }

    @Test
    void twoUnitsAboveTheSmallestCriticalValueAreNotCertified() throws Exception {
        Problem p = ProblemReader.parse(Files.readString(Path.of("examples", "relu-jump-h2.json")), "p");
        ProofContext ctx = new ProofContext(p, new Steps());
        ReluCellProver.Result r = ReluCellProver.prove(ctx, box(7, 2), BigFraction.of(23, 500), 20_000);
        assertThat(r.proved()).isFalse();
        assertThat(ctx.steps().lines()).isEmpty();
    }

    @Test
    void theTwoUnitCertificateCannotBeAltered() throws Exception {
        String good = Files.readString(Path.of("certificates", "relu-jump-h2-k2.cert"));
        String trees = good.substring(good.indexOf("\"trees\":[\"") + 10);
        trees = trees.substring(0, trees.indexOf("\"]"));
        String tree3 = trees.substring(trees.lastIndexOf("\",\"") + 3);
        // a false bound (above 0.0450658), the first j leaf replaced by t, a subtree collapsed to a leaf
        String bound = good.substring(good.indexOf("\"bound\":\"")).split(",")[0];
        assertThat(check(replaceIn(good, "critical-relu-cells", bound, "\"bound\":\"1/22\""))).isEqualTo(1);
        // just above the critical value 0.04506579420 (kinks 0.3734617 / 0.6265383: an independent
        // high-precision least-squares computation, benchmarks/critical.md): the leaves near it fail
        assertThat(check(replaceIn(good, "critical-relu-cells", bound, "\"bound\":\"22533/500000\""))).isEqualTo(1);
        int j = tree3.indexOf('j');
        assertThat(j).isPositive();
        String swapped = tree3.substring(0, j) + "t" + tree3.substring(j + 1);
        assertThat(check(replaceIn(good, "critical-relu-cells", tree3, swapped))).isEqualTo(1);
        int end = subtreeEnd(tree3, 2); // the lower half τ_0 ∈ [0, 4] (it holds the ramp region) collapsed to one leaf
        assertThat(end).isGreaterThan(3);
        assertThat(check(replaceIn(good, "critical-relu-cells", tree3, "s0" + "t" + tree3.substring(end)))).isEqualTo(1);
        // and the upper half dropped (a truncated tree)
        assertThat(check(replaceIn(good, "critical-relu-cells", tree3, tree3.substring(0, end)))).isEqualTo(1);
    }

    /** The end of the subtree of a prefix-order tree that starts at {@code p} (sD: two subtrees follow; else a leaf). */
    private static int subtreeEnd(String t, int p) {
        return t.charAt(p) == 's' ? subtreeEnd(t, subtreeEnd(t, p + 2)) : p + 1;
    }

    @Test
    void leavesBoxIsRefusedWhenAUnitCanReachTheNonSmoothSet() throws Exception {
        String problem = Files.readString(Path.of("examples", "relu-jump-h2-k2.json")).replace("\"1\",\n  \"-1\",\n  \"0\"",
                "\"3\",\n  \"-3\",\n  \"0\"");
        assertThat(problem).contains("\"3\"");
        String claims = "{\"claims\":[{\"type\":\"leaves-box\",\"box\":[[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],"
                + "[\"-3\",\"3\"],[\"-3\",\"3\"],[\"-2\",\"2\"]]}]}";
        Certifier.Result r = certify(problem, claims);
        assertThat(r.allProved()).isFalse();
        assertThat(r.lines().toString()).contains("v^2 - w^2 - b^2");
    }
}
