package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certify --budget/--threads}: the certificate does not depend on the threads; a spent budget refuses. */
class CertifyCommandTest {
    private static final String PROBLEM = "examples/sad-tanh-h1.json";
    private static final String CLAIMS = "examples/sad-tanh-h1.claims.json";

    @Test
    void theCoverIsTheSameOnOneAndTwoThreads(@TempDir Path dir) throws Exception {
        String checkedIn = Files.readString(Path.of("certificates/sad-tanh-h1.cert"));
        for (String n : new String[] {"1", "2"}) {
            Path out = dir.resolve("sad-" + n + ".cert");
            assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--threads", n).code()).isZero();
            assertThat(Files.readString(out)).as("threads " + n).isEqualTo(checkedIn);
        }
        assertThat(System.getProperty("flowcert.threads")).isNull();
    }

    @Test
    void aSpentBudgetIsNotProvedAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("sad.cert");
        // 10 leaves: since the profiled cover splits only the inner layers it closes this box within 100
        assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--budget", "10").code()).isEqualTo(1);
        assertThat(out).doesNotExist();
        assertThat(System.getProperty("flowcert.cover.budget")).isNull();
    }

    @Test
    void badValuesAreUsageErrors(@TempDir Path dir) {
        Path out = dir.resolve("sad.cert");
        assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--budget", "0").code()).isEqualTo(2);
        assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--threads", "0").code()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void checkLimitsReachTheReCheck(@TempDir Path dir) {
        Path out = dir.resolve("sad.cert");
        // a 1-bit cap on the checker's exact numbers: the re-check stops at the limit, so nothing is written
        CliRun.Outcome o = CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--check-limit", "size=1");
        assertThat(o.code()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("NOT PROVED").contains("LIMIT").contains("size");
        assertThat(out).doesNotExist();
        assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--check-limit", "seconds=0").code())
                .isEqualTo(2);
        assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--check-limit", "minutes=9").code())
                .isEqualTo(2);
        assertThat(out).doesNotExist();
        assertThat(CliRun.run("certify", PROBLEM, CLAIMS, "--out", out.toString(), "--check-limit", "seconds=3600")
                .code()).isZero();
        assertThat(out).exists();
    }
}
