package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowcert.prove.critical.CriticalCertificateTest.check;
import static org.flowcert.prove.critical.CriticalCertificateTest.replaceIn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.cert.Steps;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Test;

/**
 * Leaf {@code p} of rule {@code critical-profiled} (proofs-notes/critical-profiled.md §4c: a Taylor form of the
 * profiled loss in the inner parameters alone, closing the column over U for every output layer). On the zigzag
 * tanh 1-2-1 box with the inner parameters at θ ± 1/32 and the output layer at θ ± 1/4 the search with p alone is
 * accepted, and the root claimed as one p leaf, the p leaves claimed as t, a changed direction and a widened box are
 * rejected; on the tanh 1-1-1 box holding a local minimum a bound above it is refused.
 */
class ProfiledLossTest {
    private static final Path ZIGZAG = Path.of("examples", "smooth-zigzag-tanh-h2.json");

    private static BigFraction q(long p, long r) {
        return BigFraction.of(p, r);
    }

    @Test
    void aBoundAboveTheMinimumIsRefusedWithLeafP() throws Exception {
        ProfiledTaylorTest.refusedAboveTheMinimum(ProfiledCoverProver.LEAVES_P, 60);
    }

    @Test
    void columnLeavesAreReplayedAndCannotBeAltered() throws Exception {
        Problem p = ProblemReader.read(ZIGZAG);
        BigFraction[][] box = new BigFraction[p.theta().length][];
        for (int k = 0; k < box.length; k++) {
            BigFraction h = k < 4 ? q(1, 32) : q(1, 4);
            box[k] = new BigFraction[] {p.theta()[k].subtract(h), p.theta()[k].add(h)};
        }
        assertThat(ProfiledCoverProver.outputHalfWidth(box, p)).isEqualTo(q(1, 4));
        assertThat(ProfiledCoverProver.innerHalfWidth(box, p)).isEqualTo(q(1, 32));
        BigFraction[] dir = ProfiledDirection.choose(p, box);
        BigFraction c = q(1, 5);
        ProofContext ctx = new ProofContext(p, new Steps());
        ProfiledCoverProver.Result r = ProfiledCoverProver.prove(ctx, box, c, 200, dir,
                ProfiledCoverProver.LEAVES_P);
        assertThat(r.proved()).as(r.reason()).isTrue();
        assertThat(r.kinds()).contains("p=").doesNotContain("t=");
        ObjectNode s = ctx.steps().step("claim", r.step());
        s.put("claim", 0);
        ctx.steps().add(s);
        String cert = CertificateText.assemble("test", Files.readString(ZIGZAG), ProfiledDirectionTest.claims(box, c),
                ctx.steps().lines());
        assertThat(check(cert)).isEqualTo(0);
        String step = ProfiledDirectionTest.profiledStep(cert);
        String tree = ProfiledDirectionTest.treeOf(step);
        // only inner coordinates (0..3) are split
        assertThat(tree.replaceAll("s[0-3]", "")).matches("p+");
        assertThat(tree).contains("s");
        // the root claimed as one p leaf, and every p leaf claimed as t: rejected
        assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree + "\"", "\"tree\":\"p\"")))
                .isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree, "\"tree\":\""
                + tree.replace('p', 't')))).isEqualTo(1);
        // the direction perturbed (entries rotated by one; zero; dropped): the p leaves fail
        ProfiledDirectionTest.perturbedDirectionsRejected(cert, step, dir);
        // the step's box widened in w₂ (θ₂ = 81/64: [79/64, 83/64] to [1, 3/2]): rejected
        assertThat(check(replaceIn(cert, "critical-profiled", "[\"79/64\",\"83/64\"]", "[\"1\",\"3/2\"]")))
                .isEqualTo(1);
    }
}
