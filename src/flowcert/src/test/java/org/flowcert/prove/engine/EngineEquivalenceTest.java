package org.flowcert.prove.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;
import org.junit.jupiter.api.Test;

/**
 * The engines write the same certificate: the relu cell search (critical-relu-cells) and a toy search whose tree
 * is derived here by hand, on the fork/join engine with 1 and 2 threads and on the round engine with 1–4 threads,
 * tiny tasks (many rounds) and every cell, task and result sent through Java serialization as to a cluster.
 */
class EngineEquivalenceTest {
    /** One relu unit on the jump target: the bound 1/20 on [−2, 2]^4 holds (ReluCellTest derives L = 1/18). */
    static final String ONE_UNIT = "{\"network\":{\"widths\":[1,1,1],\"activation\":\"relu\"},"
            + "\"theta\":[\"1\",\"-1/4\",\"16/9\",\"0\"],\"risk\":{\"type\":\"integral\",\"domain\":[\"0\",\"1\"],"
            + "\"target\":[{\"from\":\"0\",\"to\":\"1/2\",\"poly\":[\"0\"]},{\"from\":\"1/2\",\"to\":\"1\",\"poly\":[\"1\"]}]}}";
    static final String BOX4 = "[[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"],[\"-2\",\"2\"]]";

    static Certifier.Result certify(String problem, String claims, Engine engine) {
        return certify(problem, claims, engine, null);
    }

    static Certifier.Result certify(String problem, String claims, Engine engine, PrintStream progress) {
        Problem p = ProblemReader.parse(problem, "problem");
        return Certifier.certify(p, problem, claims, ClaimsFile.parse(claims, "claims", p.parameterCount()), "0.1.0",
                ProofSettings.defaults().withEngine(engine).withProgress(progress), s -> { });
    }

    private static List<Engine> engines() {
        return List.of(new ForkJoinEngine(1), new ForkJoinEngine(2),
                new RoundEngine(new LocalMapper(1, true)), new RoundEngine(new LocalMapper(2, true), 5),
                new RoundEngine(new LocalMapper(4, false), 1), new RoundEngine(new LocalMapper(3, true), 37));
    }

    @Test
    void theOneUnitCertificateIsTheSameOnEveryEngine() {
        String claims = "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"1/20\",\"region\":" + BOX4 + "}]}";
        String reference = null;
        for (Engine e : engines()) {
            Certifier.Result r = certify(ONE_UNIT, claims, e);
            assertThat(r.allProved()).as(e.describe() + ": " + r.lines()).isTrue();
            if (reference == null) {
                reference = r.certificate();
                assertThat(reference).contains("critical-relu-cells");
            }
            assertThat(r.certificate()).as(e.describe()).isEqualTo(reference);
        }
    }

    @Test
    void theTwoUnitCertificateIsTheSameOnEveryEngine() throws Exception {
        String problem = Files.readString(Path.of("examples", "relu-jump-h2.json"));
        String claims = Files.readString(Path.of("examples", "relu-jump-h2.claims.json"));
        String reference = null;
        for (Engine e : List.of(new ForkJoinEngine(2), new RoundEngine(new LocalMapper(2, true), 50))) {
            Certifier.Result r = certify(problem, claims, e);
            assertThat(r.allProved()).as(e.describe() + ": " + r.lines()).isTrue();
            reference = reference == null ? r.certificate() : reference;
            assertThat(r.certificate()).as(e.describe()).isEqualTo(reference);
        }
    }

    @Test
    void theSmoothCoverIsTheCheckedInCertificateOnTheRoundEngine() throws Exception {
        // critical-cover (CoverBranchAndBound): its search ships the problem as text (ProblemText) and its boxes as
        // binary64 ends; serialized here as to a cluster
        String problem = Files.readString(Path.of("examples", "sad-tanh-h1.json"));
        String claims = Files.readString(Path.of("examples", "sad-tanh-h1.claims.json"));
        Certifier.Result r = certify(problem, claims, new RoundEngine(new LocalMapper(2, true), 20));
        assertThat(r.allProved()).as(r.lines().toString()).isTrue();
        assertThat(r.certificate()).isEqualTo(Files.readString(Path.of("certificates", "sad-tanh-h1.cert")));
    }

    @Test
    void aFalseBoundIsNotProvedOnAnyEngine() {
        // 1/17 is above the critical value 1/18 (ReluCellTest): some cell can never close
        String claims = "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"1/17\",\"region\":" + BOX4 + "}]}";
        for (Engine e : engines()) {
            Problem p = ProblemReader.parse(ONE_UNIT, "problem");
            Certifier.Result r = Certifier.certify(p, ONE_UNIT, claims, ClaimsFile.parse(claims, "claims", 4), "0.1.0",
                    ProofSettings.defaults().withBudget(300).withEngine(e), s -> { });
            assertThat(r.allProved()).as(e.describe()).isFalse();
            assertThat(r.lines().toString()).as(e.describe()).contains("open cell").contains("(tree ");
        }
    }

    /**
     * A toy search on dyadic intervals [k/2^d, (k+1)/2^d] of [0, 1] (cell {k, d}): a leaf "a" left of 1/3, "b" right
     * of it; a cell containing 1/3 splits in two ("s") until depth {@code limit}, where it is the leaf "c" (or, with
     * {@code fail}, the search fails).
     */
    record Toy(int limit, boolean fail) implements CellSearch<long[]> {
        @Override
        public Step<long[]> expand(long[] cell, int depth, long leaves) {
            long k = cell[0];
            long n = 1L << cell[1];
            if (3 * (k + 1) <= n) {
                return Step.leaf("a");
            }
            if (3 * k >= n) {
                return Step.leaf("b");
            }
            if (depth >= limit) {
                return fail ? Step.fail("depth " + depth) : Step.leaf("c");
            }
            return Step.split("s", new long[] {2 * k, cell[1] + 1}, new long[] {2 * k + 1, cell[1] + 1});
        }
    }

    @Test
    void aToySearchGivesTheTreeDerivedByHand() {
        // 1/3 lies in [0,1/2], [1/4,1/2], [1/4,3/8], [5/16,3/8]: at depth 3 the cell [1/4,3/8] splits into "a"
        // ([1/4,5/16]) and "c" (the depth-4 cell holding 1/3): "sac"; above it [1/4,1/2] = "s" + "sac" + "b",
        // [0,1/2] = "s" + "a" + "ssacb", [0,1] = "s" + "sassacb" + "b"; the second root [1/2,1] is "b"
        for (Engine e : engines()) {
            SearchResult r = e.search(new Toy(4, false), List.of(new long[] {0, 0}, new long[] {1, 1}), "toy", null);
            assertThat(r.trees()).as(e.describe()).containsExactly("ssassacbb", "b");
            assertThat(r.leaves()).isEqualTo(6);
            assertThat(r.maxDepth()).isEqualTo(4);
            assertThat(r.leafKinds()).containsEntry("a", 2L).containsEntry("b", 3L).containsEntry("c", 1L);
        }
        for (Engine e : engines()) {
            SearchResult r = e.search(new Toy(5, true), List.of(new long[] {1, 1}, new long[] {0, 0}), "toy", null);
            assertThat(r.proved()).as(e.describe()).isFalse();
            assertThat(r.reason()).isEqualTo("depth 5");
            assertThat(r.failedRoot()).isEqualTo(1);
        }
    }

    @Test
    void roundsReportProgressAndFigures() {
        RoundEngine e = new RoundEngine(new LocalMapper(2, false), 3);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String claims = "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"1/20\",\"region\":" + BOX4 + "}]}";
        Problem p = ProblemReader.parse(ONE_UNIT, "problem");
        Certifier.Result r = certify(ONE_UNIT, claims, e, new PrintStream(b, true, StandardCharsets.UTF_8));
        assertThat(r.allProved()).isTrue();
        List<RoundEngine.Round> rounds = e.rounds();
        assertThat(rounds).isNotEmpty();
        assertThat(rounds.get(rounds.size() - 1).open()).isZero();
        long leaves = rounds.stream().mapToLong(RoundEngine.Round::leaves).sum();
        String out = b.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("critical-relu-cells [rounds on 2 threads] round 1: 2 cells in 2 tasks")
                .contains("(" + leaves + " in all), 0 cells open");
        assertThat(p.parameterCount()).isEqualTo(4);
    }
}
