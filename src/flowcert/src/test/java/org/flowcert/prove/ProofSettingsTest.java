package org.flowcert.prove;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowcert.check.Checker;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;

/**
 * Settings travel with each proof, so proofs with different budgets and thread counts run at
 * once in one JVM, each with its own: on the SAD instance (examples/sad-tanh-h1.json, whose box
 * claim takes a cover tree of a few hundred leaves, certificates/sad-tanh-h1.cert), a budget of
 * 10 leaves leaves claim 1 NOT PROVED while the defaults, run at the same time, prove every claim,
 * and the certificate with 1 thread is byte for byte the one with 2.
 */
class ProofSettingsTest {
    private static final Path PROBLEM = Path.of("examples", "sad-tanh-h1.json");
    private static final Path CLAIMS = Path.of("examples", "sad-tanh-h1.claims.json");

    @Test
    void concurrentProofsEachUseTheirOwnSettings() throws Exception {
        String problemText = Files.readString(PROBLEM);
        String claimsText = Files.readString(CLAIMS);
        Problem p = ProblemReader.parse(problemText, PROBLEM.toString());
        JsonNode claims = ClaimsFile.parse(claimsText, CLAIMS.toString(), p.parameterCount());
        ProofSettings[] settings = {ProofSettings.defaults().withBudget(10), ProofSettings.defaults().withThreads(1),
            ProofSettings.defaults().withThreads(2)};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(settings.length);
        try {
            @SuppressWarnings("unchecked")
            Future<Certifier.Result>[] runs = new Future[settings.length];
            for (int i = 0; i < settings.length; i++) {
                ProofSettings s = settings[i];
                runs[i] = pool.submit(() -> {
                    start.await();
                    return Certifier.certify(p, problemText, claimsText, claims, "test", s, stage -> { });
                });
            }
            start.countDown();
            Certifier.Result tiny = runs[0].get();
            Certifier.Result one = runs[1].get();
            Certifier.Result two = runs[2].get();

            assertThat(tiny.allProved()).isFalse();
            assertThat(tiny.lines().get(0)).startsWith("PROVED claim 0");
            assertThat(tiny.lines().get(1)).startsWith("NOT PROVED claim 1").contains("budget of 10 leaves");

            assertThat(one.allProved()).isTrue();
            assertThat(two.allProved()).isTrue();
            assertThat(one.lines()).allMatch(l -> l.startsWith("PROVED"));
            assertThat(one.certificate()).isEqualTo(two.certificate());
            assertThat(Checker.check(one.certificate().getBytes(StandardCharsets.UTF_8)).exitCode()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theOldSystemPropertiesNoLongerChangeAProof() throws Exception {
        String problemText = Files.readString(PROBLEM);
        String claimsText = Files.readString(CLAIMS);
        Problem p = ProblemReader.parse(problemText, PROBLEM.toString());
        JsonNode claims = ClaimsFile.parse(claimsText, CLAIMS.toString(), p.parameterCount());
        System.setProperty("flowcert.cover.budget", "1");
        try {
            assertThat(Certifier.certify(p, problemText, claimsText, claims, "test").allProved()).isTrue();
        } finally {
            System.clearProperty("flowcert.cover.budget");
        }
    }

    @Test
    void defaultsAndBadValues() {
        ProofSettings d = ProofSettings.defaults();
        assertThat(d).isEqualTo(new ProofSettings(200_000, 400_000, 2));
        assertThat(d.withBudget(7)).isEqualTo(new ProofSettings(7, 7, 2));
        assertThat(new ProofContext(ProblemReader.read(PROBLEM), new org.flowcert.cert.Steps()).settings()).isEqualTo(d);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withThreads(0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withBudget(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressLinesOnlyOnATerminalUnlessAsked() {
        // the tests run without a terminal: the default settings print no progress (CONTRACT: progress only on a
        // terminal); certify --progress sets the stream explicitly
        org.junit.jupiter.api.Assumptions.assumeTrue(System.console() == null);
        assertThat(ProofSettings.defaults().progress()).isNull();
        assertThat(ProofSettings.defaults().withProgress(System.err).withBudget(5).withThreads(1).progress())
                .isSameAs(System.err);
    }
}
