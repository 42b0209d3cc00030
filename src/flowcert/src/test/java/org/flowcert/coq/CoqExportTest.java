package org.flowcert.coq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.flowcert.cli.CliRun;
import org.flowcert.io.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * flowcert coq: the exact certificates (relu and cubic nets, integral risks) export to Coq
 * files that coqc accepts, and a certificate whose loss value was moved past the true value
 * (hashes recomputed, so only Coq can notice) gives a file that coqc rejects.
 */
class CoqExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"c1-relu-square", "c2-relu-dead-neurons", "c2-relu-global-minimum",
        "c3-cubic-critical-point"})
    void exactCertificatesCompile(String cert) throws Exception {
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(CoqTestSupport.certificate(cert),
                cert.replace('-', '_'));
        assertThat(c.ok()).as(c.output()).isTrue();
    }

    /**
     * c1's loss is 7/960 (∫_0^1 (N − x²)² with N = −1/8 + x/2 on [0, 1/2], N = −5/8 + 3x/2 on
     * [1/2, 1]: 1/480 + 1/192 = 7/960, by hand). Moving the fact and the claim to [1/96, 1/96]
     * (past the true value) must not compile.
     */
    @Test
    void exactEndpointMovedPastTheTrueValueFailsInCoq() throws Exception {
        String t = CoqTestSupport.edit(CoqTestSupport.certificate("c1-relu-square"),
                cl -> cl.replace("\"lo\": \"7/960\", \"hi\": \"7/960\"", "\"lo\": \"1/96\", \"hi\": \"1/96\""),
                st -> st.replace("\"value\":[\"7/960\",\"7/960\"]", "\"value\":[\"1/96\",\"1/96\"]"));
        assertThat(t).contains("1/96");
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(t, "c1_tampered");
        assertThat(c.ok()).as(c.output()).isFalse();
        assertThat(c.output()).contains("Error");
    }

    /** A critical-point certificate at a non-critical θ (c1: ∇L ≠ 0) with a forged zero gradient. */
    @Test
    void forgedZeroGradientFailsInCoq() throws Exception {
        String t = CoqTestSupport.edit(CoqTestSupport.certificate("c2-relu-dead-neurons"),
                UnaryOperator.identity(), UnaryOperator.identity());
        // move c from 1/2 to 1/4: then ∂L/∂c = 2∫(c − x) = 2(1/4 − 1/2) = −1/2 ≠ 0
        String p = t.replace("  \"-7\",\n  \"1/2\"\n", "  \"-7\",\n  \"1/4\"\n");
        assertThat(p).isNotEqualTo(t);
        String[] s = org.flowcert.cert.CertificateText.split(p);
        String forged = org.flowcert.cert.CertificateText.assemble(s[3], s[0],
                s[1].replace("\"lo\": \"1/12\", \"hi\": \"1/12\"", "\"lo\": \"0\", \"hi\": \"1\""),
                java.util.List.of(s[2].replace("[\"1/12\",\"1/12\"]", "[\"0\",\"1\"]").split("\n")));
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(forged, "c2_forged");
        assertThat(c.ok()).as(c.output()).isFalse();
        assertThat(c.output()).contains("Error");
    }

    @Test
    void unsupportedClaimKindIsExitTwoNamingIt(@TempDir Path dir) {
        Path out = dir.resolve("blowup.v");
        CliRun.Outcome o = run("coq", "certificates/c3-cubic-blowup.cert", "--out", out.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("claim 1 (critical-values-above").contains("critical-profile")
                .contains("not supported by the Coq export");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void alteredCertificateIsRejected() throws Exception {
        String t = CoqTestSupport.certificate("c1-relu-square").replace("\"7/960\",\"7/960\"]}\n{\"id\":2",
                "\"1/96\",\"1/96\"]}\n{\"id\":2");
        assertThatThrownBy(() -> CoqExport.export(t.getBytes(), "x.cert")).isInstanceOf(UserError.class)
                .hasMessageContaining("altered");
        assertThatThrownBy(() -> CoqExport.export("hello\n".getBytes(), "x.cert")).isInstanceOf(UserError.class)
                .hasMessageContaining("flowcert-certificate 1");
    }

    @Test
    void badOutputNameAndMissingFileAreExitTwo(@TempDir Path dir) {
        assertThat(run("coq", "certificates/c1-relu-square.cert", "--out", dir.resolve("c1-x.v").toString()).code())
                .isEqualTo(2);
        assertThat(run("coq", "certificates/none.cert", "--out", dir.resolve("c1.v").toString()).code()).isEqualTo(2);
        CliRun.Outcome ok = run("coq", "certificates/c1-relu-square.cert", "--out", dir.resolve("c1.v").toString());
        assertThat(ok.code()).isZero();
        assertThat(dir.resolve("c1.v")).exists();
    }

    static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }
}
