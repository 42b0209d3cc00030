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
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ProofContext;
import org.junit.jupiter.api.Test;

/**
 * Rule {@code critical-profiled} (proofs-notes/critical-profiled.md) on the tanh 1-1-1 problem of
 * examples/krawczyk-tanh-minimum.json, whose box holds a local minimum θ* with L(θ*) = 0.0140286... (the
 * certified critical point of that example; independently, numpy gives L(1.4024, 0.3067, 0.8555, −0.1392) =
 * 0.0140286368, and the certificate krawczyk-tanh-minimum.cert encloses θ* in a box of width 10⁻⁶ around it).
 * A bound below L(θ*) is certified (the loss leaves must close the boxes around θ*); a bound above is refused; a
 * tampered tree is rejected by the checker.
 */
class ProfiledCoverTest {
    private static final Path PROBLEM = Path.of("examples", "krawczyk-tanh-minimum.json");
    private static final String BOX = "[[\"1.401\",\"1.404\"],[\"0.305\",\"0.308\"],[\"0.854\",\"0.857\"],"
            + "[\"-0.141\",\"-0.138\"]]";

    private static BigFraction[][] box() {
        String[][] s = {{"1401/1000", "1404/1000"}, {"305/1000", "308/1000"}, {"854/1000", "857/1000"},
            {"-141/1000", "-138/1000"}};
        BigFraction[][] b = new BigFraction[4][2];
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 2; j++) {
                String[] pq = s[k][j].split("/");
                b[k][j] = BigFraction.of(Integer.parseInt(pq[0]), Integer.parseInt(pq[1]));
            }
        }
        return b;
    }

    /** The certificate of "critical-values-above c on the box" with the profiled cover, or null when not proved. */
    static String certify(Path problem, String claimsBox, BigFraction[][] box, BigFraction c, long budget)
            throws Exception {
        ProofContext ctx = new ProofContext(ProblemReader.read(problem), new Steps());
        ProfiledCoverProver.Result r = ProfiledCoverProver.prove(ctx, box, c, budget);
        if (!r.proved()) {
            assertThat(ctx.steps().lines()).isEmpty();
            return null;
        }
        ObjectNode s = ctx.steps().step("claim", r.step());
        s.put("claim", 0);
        ctx.steps().add(s);
        String claims = "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"" + Steps.num(c)
                + "\",\"region\":" + claimsBox + "}]}";
        return CertificateText.assemble("test", Files.readString(problem), claims, ctx.steps().lines());
    }

    @Test
    void aBoundBelowTheMinimumIsCertifiedAndTheTreeCannotBeAltered() throws Exception {
        BigFraction c = BigFraction.of(139, 10_000);
        String cert = certify(PROBLEM, BOX, box(), c, 5_000);
        assertThat(cert).isNotNull();
        assertThat(check(cert)).isEqualTo(0);
        String tree = cert.substring(cert.indexOf("\"tree\":\"") + 8);
        tree = tree.substring(0, tree.indexOf('"'));
        assertThat(tree).contains("r"); // boxes around the minimum are closed by the loss bound
        // truncated, every leaf claimed by another test, the bound raised, the box widened: all rejected
        assertThat(check(replaceIn(cert, "critical-profiled", tree + "\"", tree.substring(0, tree.length() - 1)
                + "\""))).isEqualTo(1);
        for (char[] swap : new char[][] {{'r', 'g'}, {'r', 'a'}, {'r', 'k'}}) {
            assertThat(check(replaceIn(cert, "critical-profiled", "\"tree\":\"" + tree, "\"tree\":\""
                    + tree.replace(swap[0], swap[1])))).isEqualTo(1);
        }
        assertThat(check(replaceIn(cert, "critical-profiled", "\"bound\":\"139/10000\"", "\"bound\":\"141/10000\"")))
                .isEqualTo(1);
        assertThat(check(replaceIn(cert, "critical-profiled", "[\"1401/1000\",\"351/250\"]",
                "[\"1\",\"351/250\"]"))).isEqualTo(1);
    }

    @Test
    void aBoundAboveTheMinimumIsRefused() throws Exception {
        // L(θ*) = 0.0140286...: the box holds a critical point with L below 141/10000
        assertThat(certify(PROBLEM, BOX, box(), BigFraction.of(141, 10_000), 300)).isNull();
    }

    /**
     * The checked-in zigzag certificate (proofs-notes/critical-profiled.md §6: tanh 1-2-1, inf L = 1/10 not
     * attained, K = θ(100) ± 1/32): valid, and its leaves-box claim cites the critical-profiled fact through
     * lasalle; a truncated tree, the root claimed as one leaf, every k leaf claimed as g, a widened box (in the
     * step, or in the claim only) and a claimed bound above the step's are rejected.
     */
    @Test
    void zigzagCertificateIsValidAndCannotBeAltered() throws Exception {
        String good = Files.readString(Path.of("certificates", "smooth-zigzag-tanh-h2.cert"));
        assertThat(check(good)).isEqualTo(0);
        assertThat(good).contains("\"rule\":\"lasalle\"");
        String tree = good.substring(good.indexOf("\"tree\":\"") + 8);
        tree = tree.substring(0, tree.indexOf('"'));
        assertThat(tree).contains("k");
        assertThat(check(replaceIn(good, "critical-profiled", tree + "\"", tree.substring(0, tree.length() - 1)
                + "\""))).isEqualTo(1);
        assertThat(check(replaceIn(good, "critical-profiled", "\"tree\":\"" + tree + "\"", "\"tree\":\"k\"")))
                .isEqualTo(1);
        assertThat(check(replaceIn(good, "critical-profiled", "\"tree\":\"" + tree, "\"tree\":\""
                + tree.replace('k', 'g')))).isEqualTo(1);
        // K = θ ± 1/32: θ₁ = 7/2, so the step's first side is [111/32, 113/32]; widened to [3, 4]
        assertThat(check(replaceIn(good, "critical-profiled", "[\"111/32\",\"113/32\"]", "[\"3\",\"4\"]")))
                .isEqualTo(1);
        assertThat(check(withClaims(good, "[\"111/32\", \"113/32\"]", "[\"3\", \"113/32\"]"))).isEqualTo(1);
        assertThat(check(withClaims(good, "\"critical-values-above\", \"value\": \"1/5\"",
                "\"critical-values-above\", \"value\": \"1/4\""))).isEqualTo(1);
    }

    /** The certificate with every occurrence of {@code from} in its claims section replaced, hashes recomputed. */
    private static String withClaims(String cert, String from, String to) {
        String[] sec = CertificateText.split(cert);
        assertThat(sec[1]).contains(from);
        return CertificateText.assemble(sec[3], sec[0], sec[1].replace(from, to),
                java.util.Arrays.asList(sec[2].split("\n")));
    }
}
