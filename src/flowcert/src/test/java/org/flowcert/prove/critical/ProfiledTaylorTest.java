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
import org.flowcert.check.ProfiledCoverLeaves;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Test;

/**
 * Leaf {@code t} of rule {@code critical-profiled} (proofs-notes/critical-profiled.md §4b: the second-order Taylor
 * form of ⟨z, ∇L⟩ with the third-derivative remainder). On the tanh 1-1-1 box of examples/krawczyk-tanh-minimum.json,
 * which holds a local minimum θ* (ProfiledCoverTest), no direction makes a t leaf hold, and a bound above L(θ*) is
 * refused by the search with t. On the zigzag tanh 1-2-1 box θ(100) ± 1/32 (no critical point, numerically), the
 * search with t is accepted; a t leaf claimed on the whole box, the t leaves claimed as d, a changed direction and a
 * widened box are rejected.
 */
class ProfiledTaylorTest {
    private static final Path MINIMUM = Path.of("examples", "krawczyk-tanh-minimum.json");
    private static final Path ZIGZAG = Path.of("examples", "smooth-zigzag-tanh-h2.json");

    private static BigFraction q(long p, long r) {
        return BigFraction.of(p, r);
    }

    @Test
    void noTaylorLeafHoldsOnACellHoldingACriticalPoint() throws Exception {
        // the box of ProfiledCoverTest: θ* = (1.4024, 0.3067, 0.8555, −0.1392) inside, L(θ*) = 0.0140286...
        BigFraction[] lo = {q(1401, 1000), q(305, 1000), q(854, 1000), q(-141, 1000)};
        BigFraction[] hi = {q(1404, 1000), q(308, 1000), q(857, 1000), q(-138, 1000)};
        // and a cell 10⁻⁴ wide around θ* itself
        BigFraction[] lo2 = {q(14023, 10000), q(3066, 10000), q(8554, 10000), q(-1393, 10000)};
        BigFraction[] hi2 = {q(14025, 10000), q(3068, 10000), q(8556, 10000), q(-1391, 10000)};
        String json = Files.readString(MINIMUM);
        for (long[] d : new long[][] {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {3, -7}}) {
            ProfiledCoverLeaves tests = ProfiledCoverLeaves.of(json, q(1, 100), 64,
                    new BigFraction[] {q(d[0], 1), q(d[1], 1)});
            assertThat(tests.test("t", lo, hi).leaf()).as(Arrays.toString(d)).isNull();
            assertThat(tests.test("t", lo2, hi2).leaf()).as(Arrays.toString(d)).isNull();
        }
    }

    @Test
    void aBoundAboveTheMinimumIsRefusedWithLeafT() throws Exception {
        refusedAboveTheMinimum(ProfiledCoverProver.LEAVES_T, 300);
    }

    /**
     * The box around the tanh 1-1-1 minimum of examples/krawczyk-tanh-minimum.json (L* = 0.0140286, a real critical
     * point) with the bound 0.0141 above it: the search with {@code leaves} fails and records nothing (also the p
     * test).
     */
    static void refusedAboveTheMinimum(String leaves, int budget) throws Exception {
        ProofContext ctx = new ProofContext(ProblemReader.read(MINIMUM), new Steps());
        BigFraction[][] box = {{q(1401, 1000), q(1404, 1000)}, {q(305, 1000), q(308, 1000)},
            {q(854, 1000), q(857, 1000)}, {q(-141, 1000), q(-138, 1000)}};
        ProfiledCoverProver.Result r = ProfiledCoverProver.prove(ctx, box, q(141, 10_000), budget,
                new BigFraction[] {BigFraction.ONE, BigFraction.ZERO}, leaves);
        assertThat(r.proved()).isFalse();
        assertThat(ctx.steps().lines()).isEmpty();
    }

    @Test
    void taylorLeavesAreReplayedAndCannotBeAltered() throws Exception {
        Problem p = ProblemReader.read(ZIGZAG);
        BigFraction h = q(1, 32);
        BigFraction[][] box = new BigFraction[p.theta().length][];
        for (int k = 0; k < box.length; k++) {
            box[k] = new BigFraction[] {p.theta()[k].subtract(h), p.theta()[k].add(h)};
        }
        BigFraction[] dir = ProfiledDirection.choose(p, box);
        BigFraction c = q(1, 5);
        ProofContext ctx = new ProofContext(p, new Steps());
        ProfiledCoverProver.Result r = ProfiledCoverProver.prove(ctx, box, c, 3_000, dir,
                ProfiledCoverProver.LEAVES_T);
        assertThat(r.proved()).as(r.reason()).isTrue();
        assertThat(r.kinds()).contains("t=");
        ObjectNode s = ctx.steps().step("claim", r.step());
        s.put("claim", 0);
        ctx.steps().add(s);
        String cert = CertificateText.assemble("test", Files.readString(ZIGZAG), ProfiledDirectionTest.claims(box, c),
                ctx.steps().lines());
        assertThat(check(cert)).isEqualTo(0);
        String step = ProfiledDirectionTest.profiledStep(cert);
        String tree = ProfiledDirectionTest.treeOf(step);
        assertThat(tree).contains("t");
        // the root claimed as one t leaf, and every t leaf claimed as d: rejected
        assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree + "\"", "\"tree\":\"t\"")))
                .isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree, "\"tree\":\""
                + tree.replace('t', 'd')))).isEqualTo(1);
        // the direction perturbed (entries rotated by one; zero; dropped): the t leaves fail
        ProfiledDirectionTest.perturbedDirectionsRejected(cert, step, dir);
        // the step's box widened in w₁ (θ₁ = 7/2: [111/32, 113/32] to [3, 4]): rejected
        assertThat(check(replaceIn(cert, "critical-profiled", "[\"111/32\",\"113/32\"]", "[\"3\",\"4\"]")))
                .isEqualTo(1);
    }
}
