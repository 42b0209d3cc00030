package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowcert.prove.critical.CriticalCertificateTest.check;
import static org.flowcert.prove.critical.CriticalCertificateTest.replaceIn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SAD-type tanh instance (proofs-notes/critical-sad.md): the checked-in certificate is
 * valid, its cover tree cannot be tampered with, and a box holding a critical point of loss
 * 2/9 (θ = (0, 0, 0, 2/3): constant fit 2/3 of the data (1, 0, 1), residuals (1/3, −2/3, 1/3)
 * with mean 0, so every gradient component is 0 since w = v = b = 0) is never certified at 1/4.
 */
class SadCertificateTest {
    private static final Path CERT = Path.of("certificates", "sad-tanh-h1.cert");

    @Test
    void checkedInCertificateIsValidAndItsTreeCannotBeAltered() throws Exception {
        String good = Files.readString(CERT);
        assertThat(check(good)).isEqualTo(0);
        // the tree truncated by its last leaf,
        // the box widened (the tree then covers a different box, whose leaves fail)
        String tree = good.substring(good.indexOf("\"tree\":\"") + 8);
        tree = tree.substring(0, tree.indexOf('"'));
        assertThat(check(replaceIn(good, "critical-cover", tree + "\"", tree.substring(0, tree.length() - 1) + "\"")))
                .isEqualTo(1);
        // every leaf claimed by the loss rule instead (θ0's leaf has L < 1/5); the bound itself is
        // vacuous here: every leaf excludes a zero gradient, the box holds no critical point at all
        assertThat(check(replaceIn(good, "critical-cover", tree, tree.replace('g', 'l')))).isEqualTo(1);
        assertThat(check(replaceIn(good, "critical-cover", "[\"3/2\",\"5/2\"]", "[\"-5/2\",\"5/2\"]"))).isEqualTo(1);
    }

    @Test
    void aBoxAroundACriticalPointBelowTheBoundIsNotCertified() throws Exception {
        Path p = Path.of("examples", "sad-tanh-h1.json");
        ProofContext ctx = new ProofContext(ProblemReader.read(p), new Steps());
        BigFraction e = BigFraction.of(1, 8);
        BigFraction[][] box = {{e.negate(), e}, {e.negate(), e}, {e.negate(), e}, {BigFraction.of(5, 8), BigFraction.of(3, 4)}};
        CoverBranchAndBound.Result r = CoverBranchAndBound.prove(ctx, box, BigFraction.of(1, 4), 300);
        assertThat(r.proved()).isFalse();
        assertThat(ctx.steps().lines()).isEmpty();
    }

    /** The larger box of benchmarks/critical.md (about 7,000 leaves: minutes). */
    @Tag("long")
    @Test
    void largerBox() throws Exception {
        Path p = Path.of("examples", "sad-tanh-h1.json");
        ProofContext ctx = new ProofContext(ProblemReader.read(p), new Steps());
        BigFraction[][] box = {{BigFraction.ONE, BigFraction.of(3)}, {BigFraction.of(-2), BigFraction.ZERO},
            {BigFraction.ZERO, BigFraction.ONE}, {BigFraction.ZERO, BigFraction.ONE}};
        CoverBranchAndBound.Result r = CoverBranchAndBound.prove(ctx, box, BigFraction.of(1, 5));
        System.out.println("sad larger box: proved=" + r.proved() + " leaves=" + r.leaves() + " depth=" + r.depth());
        assertThat(r.proved()).isTrue();
    }
}
