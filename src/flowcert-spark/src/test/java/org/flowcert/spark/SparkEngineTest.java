package org.flowcert.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;
import org.flowcert.prove.engine.CellSearch;
import org.flowcert.prove.engine.Engine;
import org.flowcert.prove.engine.ForkJoinEngine;
import org.flowcert.prove.engine.RoundEngine;
import org.flowcert.prove.engine.SearchResult;
import org.flowcert.prove.engine.Step;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Spark engine writes the in-process engine's certificate byte for byte, on local[1], local[2] and local[4],
 * and after Spark re-executed failed tasks (local[2,3]: up to 3 attempts per task; the first attempt of one task
 * per round throws). The relu cell search (critical-relu-cells) on the two-unit jump target with the box
 * [−1/2, 1/2]^7 (examples/relu-jump-h2*.json) in the default run; the checked-in
 * certificates/relu-jump-h2-k2.cert (52,229 leaves) under -Plong.
 */
class SparkEngineTest {
    private static Certifier.Result certify(String problem, String claims, Engine engine) {
        Problem p = ProblemReader.parse(problem, "problem");
        return Certifier.certify(p, problem, claims, ClaimsFile.parse(claims, "claims", p.parameterCount()), "0.1.0",
                ProofSettings.defaults().withEngine(engine), s -> { });
    }

    private static String example(String name) throws Exception {
        return Files.readString(Path.of("examples", name));
    }

    /** A mistyped --master is the user's mistake (exit 2 with the URL forms), found before a Spark context starts. */
    @Test
    void aMalformedMasterIsAUserError() {
        for (String bad : new String[] {"bogus://x", "local[two]", "local[2", "", "spark:/host"}) {
            assertThatThrownBy(() -> new SparkMapper(bad)).isInstanceOf(UserError.class)
                    .hasMessageContaining("--master").hasMessageContaining("local[N]");
        }
    }

    @Test
    void sparkWritesTheInProcessCertificateOnOneTwoAndFourCores() throws Exception {
        String problem = example("relu-jump-h2.json");
        String claims = example("relu-jump-h2.claims.json");
        Certifier.Result reference = certify(problem, claims, new ForkJoinEngine(2));
        assertThat(reference.allProved()).as(reference.lines().toString()).isTrue();
        for (String master : List.of("local[1]", "local[2]", "local[4]")) {
            try (SparkMapper m = new SparkMapper(master)) {
                assertThat(m.slots()).isEqualTo(Integer.parseInt(master.substring(6, 7)));
                RoundEngine e = new RoundEngine(m, 40); // small tasks: several rounds even on this instance
                Certifier.Result r = certify(problem, claims, e);
                assertThat(r.allProved()).as(master + ": " + r.lines()).isTrue();
                assertThat(r.certificate()).as(master).isEqualTo(reference.certificate());
                assertThat(e.rounds().size()).as(master).isGreaterThan(1);
            }
        }
    }

    /** Failures thrown by {@link FailingOnce} (executors run in this JVM with a local master). */
    static final AtomicInteger THROWN = new AtomicInteger();

    /** The search, except that the first attempt of each round's second task throws. */
    record FailingOnce<C extends Serializable>(CellSearch<C> inner) implements CellSearch<C> {
        @Override
        public Step<C> expand(C cell, int depth, long leaves) {
            TaskContext tc = TaskContext.get();
            if (tc != null && tc.partitionId() == 1 && tc.attemptNumber() == 0) {
                THROWN.incrementAndGet();
                throw new IllegalStateException("injected failure (stage " + tc.stageId() + ", task 1, attempt 0)");
            }
            return inner.expand(cell, depth, leaves);
        }
    }

    @Test
    void aTaskThatFailsIsReExecutedAndTheCertificateIsUnchanged() throws Exception {
        String problem = example("relu-jump-h2.json");
        String claims = example("relu-jump-h2.claims.json");
        Certifier.Result reference = certify(problem, claims, new ForkJoinEngine(2));
        THROWN.set(0);
        try (SparkMapper m = new SparkMapper("local[2,3]")) {
            RoundEngine rounds = new RoundEngine(m, 40);
            Engine failing = new Engine() {
                @Override
                public <C extends Serializable> SearchResult search(CellSearch<C> s, List<C> roots, String name,
                        java.io.PrintStream progress) {
                    return rounds.search(new FailingOnce<>(s), roots, name, progress);
                }

                @Override
                public String describe() {
                    return "failing " + rounds.describe();
                }
            };
            Certifier.Result r = certify(problem, claims, failing);
            assertThat(r.allProved()).as(r.lines().toString()).isTrue();
            assertThat(r.certificate()).isEqualTo(reference.certificate());
            assertThat(THROWN.get()).as("injected failures").isGreaterThanOrEqualTo(rounds.rounds().size() - 1)
                    .isPositive();
        }
    }

    @Test
    void withoutRetriesTheFailureEndsTheSearch() {
        // local[2]: one attempt per task (no retry), so the injected failure is fatal (Spark's exception, no certificate)
        try (SparkMapper m = new SparkMapper("local[2]")) {
            RoundEngine rounds = new RoundEngine(m, 1);
            THROWN.set(0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> rounds.search(new FailingOnce<>(new Halves()),
                    List.of(0L, 1L, 2L, 3L), "toy", null)).hasMessageContaining("injected failure");
        }
    }

    /** A toy search: cell n closes at once ("x"). */
    record Halves() implements CellSearch<Long> {
        @Override
        public Step<Long> expand(Long cell, int depth, long leaves) {
            return Step.leaf("x");
        }
    }

    @Test
    void certifyBatchOnSparkWritesTheInProcessCertificatesAndSummary(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = org.flowcert.cli.Main.commandLine();
        cl.setOut(new java.io.PrintWriter(out));
        assertThat(cl.execute("certify-batch", "examples/batch-jobs.jsonl", "--out", local.toString())).isZero();
        assertThat(cl.execute("certify-batch", "examples/batch-jobs.jsonl", "--out", spark.toString(), "--engine",
                "spark", "--master", "local[2]")).as(out.toString()).isZero();
        List<String> names = List.of("c1-relu-square", "c3-cubic-divergence", "relu-jump-h2", "relu-data-a8-h2",
                "job-5");
        for (String n : names) {
            assertThat(Files.readString(spark.resolve(n + ".cert"))).as(n)
                    .isEqualTo(Files.readString(local.resolve(n + ".cert")));
        }
        String summary = Files.readString(spark.resolve("summary.json"));
        assertThat(summary).contains("\"engine\" : \"spark local[2]\"").contains("\"proved\" : 5");
        assertThat(Files.readAllLines(spark.resolve("summary.csv"))).hasSize(6);
    }

    @Test
    @Tag("long")
    void theReluJumpCertificateOnSparkIsTheCheckedInOne() throws Exception {
        String problem = example("relu-jump-h2-k2.json");
        String claims = example("relu-jump-h2-k2.claims.json");
        String expected = Files.readString(Path.of("certificates", "relu-jump-h2-k2.cert"));
        for (String master : List.of("local[1]", "local[2]", "local[4]")) {
            try (SparkMapper m = new SparkMapper(master)) {
                Certifier.Result r = certify(problem, claims, new RoundEngine(m));
                assertThat(r.allProved()).as(master + ": " + r.lines()).isTrue();
                assertThat(r.certificate()).as(master).isEqualTo(expected);
            }
        }
    }
}
