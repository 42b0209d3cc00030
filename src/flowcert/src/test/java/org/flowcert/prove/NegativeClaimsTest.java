package org.flowcert.prove;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowcert.check.Checker;
import org.flowcert.cli.Main;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** False claims are refused by certify (exit 1, nothing written) and false certificates by check. */
class NegativeClaimsTest {
    @TempDir
    Path tmp;

    private Certifier.Result certify(String problemFile, String claims) throws Exception {
        Path problem = Path.of("examples", problemFile);
        Problem p = ProblemReader.read(problem);
        return Certifier.certify(p, Files.readString(problem), claims, ClaimsFile.parse(claims, "claims", p.parameterCount()),
                "0.1.0");
    }

    @Test
    void falseLossBelowIsRefused() throws Exception {
        // L = 39/4375 > 1/200 (EXPECTED.md)
        Certifier.Result r = certify("c3-cubic-divergence.json", "{\"claims\":[{\"type\":\"loss-below\",\"value\":\"1/200\"}]}");
        assertThat(r.allProved()).isFalse();
        assertThat(r.lines().get(0)).startsWith("NOT PROVED").contains("false");
    }

    @Test
    void reluNetsNoRuleCoversSayWhichNetsTheRulesTake() throws Exception {
        // 1-4-1 relu on a data set, claim on a box: no critical-value rule (critical-relu-data is everywhere only);
        // the refusal names the net and the rules' scope
        for (String[] f : new String[][] {{"examples/relu-data-a8-h4.json", "[1, 4, 1] relu"}}) {
            Problem p = ProblemReader.read(Path.of(f[0]));
            String claims = Files.readString(Path.of("examples", "relu-global-jump-h4.claims.json"));
            Certifier.Result r = Certifier.certify(p, Files.readString(Path.of(f[0])), claims, ClaimsFile.parse(claims,
                    "claims", p.parameterCount()), "0.1.0");
            assertThat(r.allProved()).isFalse();
            assertThat(r.lines().get(1)).startsWith("NOT PROVED claim 1").contains(f[1])
                    .contains("critical-relu-kinks (1-2-1, 1-3-1 or 1-4-1 relu or leaky relu; integral risk)");
        }
    }

    @Test
    void nonCriticalPointIsRefused() throws Exception {
        // c1's gradient is (-1/24, ...) (EXPECTED.md)
        Certifier.Result r = certify("c1-relu-square.json", "{\"claims\":[{\"type\":\"critical-point\"}]}");
        assertThat(r.allProved()).isFalse();
        assertThat(r.lines().get(0)).contains("-1/24");
    }

    @Test
    void linearConvergenceWithoutAZeroLimitIsRefused() throws Exception {
        // two equal inputs with different targets: L >= 1/4 for every θ, so L does not tend to 0
        Path problem = tmp.resolve("p.json");
        Files.writeString(problem, "{\"network\":{\"widths\":[1,1,1],\"activation\":\"tanh\"},"
                + "\"theta\":[\"1\",\"0\",\"1\",\"0\"],\"risk\":{\"type\":\"data\",\"x\":[\"1\",\"1\"],"
                + "\"y\":[\"0\",\"1\"],\"reduction\":\"half-sum\"}}");
        Path claims = tmp.resolve("c.json");
        Files.writeString(claims, "{\"claims\":[{\"type\":\"linear-convergence\",\"rate\":\"1/10\"}]}");
        Path out = tmp.resolve("out.cert");
        assertThat(Main.run("certify", problem.toString(), claims.toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(out).doesNotExist();
        // and c6 at a rate above what the argument gives (4cμ ≤ 2λ_min(K0) ≈ 4.69)
        Certifier.Result r = certify("c6-leaky-linear-convergence.json",
                "{\"claims\":[{\"type\":\"linear-convergence\",\"rate\":\"5\"}]}");
        assertThat(r.allProved()).isFalse();
    }

    @Test
    void handMadeFalseCertificatesAreRejected() throws Exception {
        String problem = Files.readString(Path.of("examples/c1-relu-square.json"));
        String claims = "{\"claims\":[{\"type\":\"loss-below\",\"value\":\"1/200\"},{\"type\":\"critical-point\"}]}";
        String cert = CertificateText.assemble("0.1.0", problem, claims, java.util.List.of(
                "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":0,\"value\":[\"0\",\"1/300\"]}",
                "{\"id\":2,\"rule\":\"claim\",\"from\":[1],\"claim\":0}",
                "{\"id\":3,\"rule\":\"gradient\",\"from\":[],\"bits\":0,\"value\":[[\"0\",\"0\"],[\"0\",\"0\"],[\"0\",\"0\"],"
                        + "[\"0\",\"0\"],[\"0\",\"0\"],[\"0\",\"0\"],[\"0\",\"0\"]]}",
                "{\"id\":4,\"rule\":\"claim\",\"from\":[3],\"claim\":1}"));
        Checker.Result r = Checker.check(cert.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines()).hasSize(2).allMatch(l -> l.startsWith("INVALID"));
    }

    @Test
    void badClaimsFileIsAUserError() throws Exception {
        Path claims = tmp.resolve("c.json");
        Files.writeString(claims, "{\"claims\":[{\"type\":\"loss-below\"}]}");
        assertThat(Main.run("certify", "examples/c1-relu-square.json", claims.toString(), "--out",
                tmp.resolve("x.cert").toString())).isEqualTo(2);
    }
}
