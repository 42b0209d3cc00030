package org.flowcert.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel runs without {@code --add-modules jdk.incubator.vector} (plain {@code java -jar}):
 * the vector class is never loaded and the scalar engine is used. Checked in fresh JVMs, since
 * the test JVM itself has the module.
 */
class VectorFallbackTest {

    private static String[] probe(String... jvmOptions) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx256m");
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EngineProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return new String[] {out, err};
    }

    @Test
    void withoutTheModuleTheScalarEngineRuns() throws Exception {
        String[] r = probe();
        String[] f = r[0].split(" ");
        assertThat(f[0]).isEqualTo("false");
        assertThat(f[1]).isEqualTo("SCALAR");
        // W2's initial loss (numpy 3.1112635700336506, RESULTS.md)
        assertThat(Math.abs(Double.parseDouble(f[2]) - 3.1112635700336506)).isLessThan(1e-13);
        assertThat(r[1]).doesNotContain("incubator");
    }

    @Test
    void withTheModuleTheVectorEngineRunsUnlessSwitchedOff() throws Exception {
        String[] on = probe("--add-modules", "jdk.incubator.vector")[0].split(" ");
        assertThat(on[1]).isEqualTo(on[0].equals("true") ? "VECTOR" : "SCALAR");
        assertThat(on[0]).isEqualTo(String.valueOf(MlpKernel.vectorAvailable()));
        String[] off = probe("--add-modules", "jdk.incubator.vector", "-Dflowcert.vector=false")[0].split(" ");
        assertThat(off[0]).isEqualTo("false");
        assertThat(off[1]).isEqualTo("SCALAR");
        // both engines give W2's loss to within a few units of the last place
        assertThat(Math.abs(Double.parseDouble(on[2]) - Double.parseDouble(off[2]))).isLessThan(1e-14);
        assertThat(Math.abs(Double.parseDouble(on[3]) - Double.parseDouble(off[3])))
                .isLessThan(1e-12 * Math.abs(Double.parseDouble(off[3])));
    }
}
