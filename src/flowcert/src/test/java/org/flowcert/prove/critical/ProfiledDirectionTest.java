package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowcert.prove.critical.CriticalCertificateTest.check;
import static org.flowcert.prove.critical.CriticalCertificateTest.replaceIn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.cert.Steps;
import org.flowcert.check.Checker;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Test;

/**
 * Leaf {@code d} of rule {@code critical-profiled} (proofs-notes/critical-profiled.md §4a) on the zigzag tanh
 * 1-2-1 box θ(100) ± 1/32 of examples/smooth-zigzag-tanh-h2.json, where no critical point lies (numerically:
 * benchmarks/critical-smooth.md, Levenberg–Marquardt from 60 starts finds none; the profiled loss has gradient
 * ≥ 0.01 there). The search with a direction records it in the step; the checker accepts the tree, and rejects
 * it when the direction is changed (the d leaves no longer hold), dropped (then d is not a leaf letter), zero, of
 * the wrong length. The negated direction is accepted: the leaf only needs 0 ∉ t, and t changes sign with d (the
 * lemma holds for any direction). (A raised bound stays VALID on this tree: it has no loss leaves, so it shows that
 * the box holds no critical point at all.)
 */
class ProfiledDirectionTest {
    private static final Path PROBLEM = Path.of("examples", "smooth-zigzag-tanh-h2.json");

    private static BigFraction[][] box(Problem p, BigFraction h) {
        BigFraction[][] b = new BigFraction[p.theta().length][];
        for (int k = 0; k < b.length; k++) {
            b[k] = new BigFraction[] {p.theta()[k].subtract(h), p.theta()[k].add(h)};
        }
        return b;
    }

    private static String certify(BigFraction[][] box, BigFraction c, BigFraction[] dir) throws Exception {
        ProofContext ctx = new ProofContext(ProblemReader.read(PROBLEM), new Steps());
        ProfiledCoverProver.Result r = ProfiledCoverProver.prove(ctx, box, c, 3_000, dir);
        assertThat(r.proved()).as(r.reason()).isTrue();
        ObjectNode s = ctx.steps().step("claim", r.step());
        s.put("claim", 0);
        ctx.steps().add(s);
        return CertificateText.assemble("test", Files.readString(PROBLEM), claims(box, c), ctx.steps().lines());
    }

    /** A claims file with the one claim `critical-values-above c` on the box. */
    static String claims(BigFraction[][] box, BigFraction c) {
        StringBuilder region = new StringBuilder("[");
        for (BigFraction[] iv : box) {
            region.append(region.length() > 1 ? "," : "").append("[\"").append(Steps.num(iv[0])).append("\",\"")
                    .append(Steps.num(iv[1])).append("\"]");
        }
        return "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"" + Steps.num(c)
                + "\",\"region\":" + region + "]}]}";
    }

    @Test
    void directionalLeavesAreReplayedAndTheDirectionCannotBeAltered() throws Exception {
        Problem p = ProblemReader.read(PROBLEM);
        BigFraction[][] box = box(p, BigFraction.of(1, 32));
        BigFraction[] dir = ProfiledDirection.choose(p, box);
        assertThat(dir).hasSize(4);
        BigFraction c = BigFraction.of(1, 5);
        String cert = certify(box, c, dir);
        assertThat(check(cert)).isEqualTo(0);
        String step = profiledStep(cert);
        String tree = treeOf(step);
        assertThat(tree).contains("d");
        String d = step.substring(step.indexOf("\"direction\":"), step.indexOf("\"tree\""));
        // negated: still valid (t changes sign); rotated (entries shifted by one), zero, short or dropped: rejected
        String negated = "\"direction\":[" + String.join(",", Arrays.stream(dir)
                .map(q -> "\"" + Steps.num(q.negate()) + "\"").toList()) + "],";
        assertThat(check(replaceIn(cert, "critical-profiled", d, negated))).isEqualTo(0);
        String rotated = "\"direction\":[" + String.join(",", Arrays.stream(dir)
                .map(q -> "\"" + Steps.num(q) + "\"").toList().subList(1, 4)) + ",\"" + Steps.num(dir[0]) + "\"],";
        assertThat(check(replaceIn(cert, "critical-profiled", d, rotated))).isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", d, "\"direction\":[\"0\",\"0\",\"0\",\"0\"],")))
                .isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", d, "\"direction\":[\"1\",\"0\",\"0\"],")))
                .isEqualTo(1);
        String dropped = replaceIn(cert, "critical-profiled", d, "");
        assertThat(Checker.check(dropped.getBytes(java.nio.charset.StandardCharsets.UTF_8)).exitCode()).isEqualTo(1);
        // every d leaf claimed as k, and the root claimed as one d leaf: rejected
        assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree, "\"tree\":\""
                + tree.replace('d', 'k')))).isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree + "\"", "\"tree\":\"d\"")))
                .isEqualTo(1);
        // the step's box widened in u: rejected
        String lo = "[\"" + Steps.num(box[0][0]) + "\",\"" + Steps.num(box[0][1]) + "\"]";
        assertThat(check(replaceIn(cert, "critical-profiled", lo, "[\"3\",\"4\"]"))).isEqualTo(1);
    }

    /** The certificate's critical-profiled step (its JSON line). */
    static String profiledStep(String cert) {
        return Arrays.stream(CertificateText.split(cert)[2].split("\n"))
                .filter(l -> l.contains("critical-profiled")).findFirst().orElseThrow();
    }

    /**
     * The step's direction (four inner parameters) rotated by one entry, zeroed and dropped: each copy of the
     * certificate is rejected (also the t and p tests).
     */
    static void perturbedDirectionsRejected(String cert, String step, BigFraction[] dir) {
        String d = step.substring(step.indexOf("\"direction\":"), step.indexOf("\"tree\""));
        String rotated = "\"direction\":[" + String.join(",", Arrays.stream(dir)
                .map(x -> "\"" + Steps.num(x) + "\"").toList().subList(1, 4)) + ",\"" + Steps.num(dir[0]) + "\"],";
        assertThat(check(replaceIn(cert, "critical-profiled", d, rotated))).as("rotated").isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", d, "\"direction\":[\"0\",\"0\",\"0\",\"0\"],")))
                .as("zero").isEqualTo(1);
        // without a direction d, t and p are no leaf letters
        assertThat(check(replaceIn(cert, "critical-profiled", d, ""))).as("dropped").isEqualTo(1);
    }

    /** The value of the step's "tree" field. */
    static String treeOf(String step) {
        String tree = step.substring(step.indexOf("\"tree\":\"") + 8);
        return tree.substring(0, tree.indexOf('"'));
    }
}
