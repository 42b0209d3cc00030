package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rule critical-relu-kinks on a whole 1-4-1 relu step (proofs-notes/critical-relu-kinks.md §11). A critical point of
 * four units reached by merging two of them ((R2)) has a coefficient up to 2B², so the rule checks the three-kink
 * trees of a 1-4-1 step with A = 2B², not B². The checked-in certificate (critical values ≥ 1/100 on [−1/2, 1/2]^13,
 * jump at 1/2) is VALID; the same claim proved by a prover whose three-kink trees used A = B² (built by an
 * independent reviewer with that one change to the rule and the prover, session 8) is INVALID at the first leaf that
 * needs the larger bound.
 */
class ReluKink4RuleTest {
    @Test
    void theFourUnitCertificateIsValid() throws IOException {
        Checker.Result r = Checker.check(Files.readAllBytes(Path.of("certificates", "relu-global-jump-h4-small.cert")));
        assertThat(r.exitCode()).as(String.join("\n", r.lines())).isZero();
        assertThat(r.lines()).allMatch(l -> l.startsWith("VALID"));
    }

    @Test
    void threeKinkTreesBuiltWithTheUnmergedBoundAreRejected() throws IOException {
        byte[] bytes;
        try (InputStream in = ReluKink4RuleTest.class.getResourceAsStream(
                "/relu-kinks/h4-three-kink-trees-at-b-squared.cert")) {
            bytes = in.readAllBytes();
        }
        Checker.Result r = Checker.check(bytes);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", r.lines())).startsWith("INVALID").contains("tree +++: leaf C");
    }
}
