package org.flowcert.spark;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;
import org.flowcert.prove.engine.CellSearch;
import org.flowcert.prove.engine.Engine;
import org.flowcert.prove.engine.ForkJoinEngine;
import org.flowcert.prove.engine.LocalMapper;
import org.flowcert.prove.engine.Mapper;
import org.flowcert.prove.engine.RoundEngine;
import org.flowcert.prove.engine.SearchResult;
import org.flowcert.prove.engine.SerializableFunction;

/**
 * The measurements of benchmarks/spark.md: {@code SparkBench PROBLEM CLAIMS REPS}. Each repetition runs, in this
 * order, the in-process engine with 2 threads, Spark local[2], Spark local[1] and a simulated 64-core cluster, and
 * prints one line per run: the search's wall time (the branch and bound only), the whole certify (with the
 * re-check of the certificate) and, for Spark, the context's start-up; every run's certificate must equal the first.
 *
 * <p>The cluster estimate: the round engine is run with a mapper that says it has 64 slots (so the frontier is cut
 * as for 64 executors) but runs the tasks here on 2 threads, taking each task's CPU time (robust to the load of
 * other processes); each round's time on 64 executors is then the makespan of its tasks in order on 64 executors
 * (greedy: each task to the executor that frees first; at least the longest task, at least the sum over 64), plus
 * the per-round overhead measured on Spark local[2] (its search wall time minus the wall makespans of its own
 * rounds' tasks on 2 slots, per round: scheduling, serialization, collection).
 */
public final class SparkBench {
    private SparkBench() {
    }

    /** The process's CPU time so far (all threads: the search's workers, Spark's, the JIT's and the GC's). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Times the searches an engine runs (their wall and process CPU time, summed). */
    private static final class Timed implements Engine {
        final Engine inner;
        long nanos;
        long cpu;

        Timed(Engine inner) {
            this.inner = inner;
        }

        @Override
        public <C extends Serializable> SearchResult search(CellSearch<C> s, List<C> roots, String name,
                PrintStream progress) {
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            try {
                return inner.search(s, roots, name, null);
            } finally {
                nanos += System.nanoTime() - t0;
                cpu += processCpuNanos() - c0;
            }
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }

    /** Runs tasks on {@code threads} threads but tells the engine it has {@code slots} slots. */
    private record Pretend(int slots, LocalMapper local) implements Mapper {
        @Override
        public <T extends Serializable, R extends Serializable> List<R> map(List<T> items,
                SerializableFunction<T, R> f) {
            return local.map(items, f);
        }

        @Override
        public String describe() {
            return "simulated " + slots + " slots";
        }
    }

    /** The makespan of tasks taken in order by {@code slots} executors (each to the one that frees first). */
    static long makespan(long[] tasks, int slots) {
        long[] free = new long[slots];
        for (long t : tasks) {
            int k = 0;
            for (int i = 1; i < slots; i++) {
                k = free[i] < free[k] ? i : k;
            }
            free[k] += t;
        }
        return Arrays.stream(free).max().orElse(0);
    }

    /** The makespans of the rounds' tasks (their CPU times, or with {@code wall} their wall times) on {@code slots}
     * executors, summed. */
    private static long makespans(List<RoundEngine.Round> rounds, int slots, boolean wall) {
        long s = 0;
        for (RoundEngine.Round r : rounds) {
            s += makespan(wall ? r.taskNanos() : r.taskCpuNanos(), slots);
        }
        return s;
    }

    /** The tasks' CPU times, summed. */
    private static long work(List<RoundEngine.Round> rounds) {
        long s = 0;
        for (RoundEngine.Round r : rounds) {
            s += Arrays.stream(r.taskCpuNanos()).sum();
        }
        return s;
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        String problem = Files.readString(Path.of(args[0]));
        String claims = Files.readString(Path.of(args[1]));
        int reps = Integer.parseInt(args[2]);
        Problem p = ProblemReader.parse(problem, args[0]);
        var list = ClaimsFile.parse(claims, args[1], p.parameterCount());
        String reference = null;
        double overheadPerRound = 0;
        for (int rep = 1; rep <= reps; rep++) {
            for (String mode : List.of("in-process[2]", "local[2]", "local[1]", "simulated[64]")) {
                long t0 = System.nanoTime();
                Mapper m = null;
                Engine e;
                if (mode.startsWith("in-process")) {
                    e = new ForkJoinEngine(2);
                } else if (mode.startsWith("local")) {
                    m = new SparkMapper(mode);
                    e = new RoundEngine(m);
                } else {
                    m = new Pretend(64, new LocalMapper(2, false));
                    e = new RoundEngine(m);
                }
                long startup = System.nanoTime() - t0;
                int slots = m == null ? 2 : m.slots();
                Timed timed = new Timed(e);
                long t1 = System.nanoTime();
                Certifier.Result r = Certifier.certify(p, problem, claims, list, "0.1.0",
                        ProofSettings.defaults().withEngine(timed), s -> { });
                long certify = System.nanoTime() - t1;
                if (m != null) {
                    m.close();
                }
                if (!r.allProved()) {
                    throw new IllegalStateException(mode + ": not proved: " + r.lines());
                }
                reference = reference == null ? r.certificate() : reference;
                if (!reference.equals(r.certificate())) {
                    throw new IllegalStateException(mode + ": a different certificate");
                }
                StringBuilder extra = new StringBuilder();
                if (e instanceof RoundEngine re) {
                    List<RoundEngine.Round> rounds = re.rounds();
                    long tasks = rounds.stream().mapToLong(RoundEngine.Round::tasks).sum();
                    extra.append(String.format(Locale.ROOT, " rounds=%d tasks=%d task_cpu_s=%.2f", rounds.size(), tasks,
                            work(rounds) * 1e-9));
                    if (mode.equals("local[2]")) {
                        // the round overhead in one clock: the search's wall time minus its rounds' wall makespans
                        overheadPerRound = (timed.nanos - makespans(rounds, 2, true)) * 1e-9 / rounds.size();
                        extra.append(String.format(Locale.ROOT, " wall_makespan2_s=%.2f overhead_per_round_s=%.3f",
                                makespans(rounds, 2, true) * 1e-9, overheadPerRound));
                    }
                    if (!mode.startsWith("simulated")) {
                        extra.append(String.format(Locale.ROOT, " cpu_makespan%d_s=%.2f", slots,
                                makespans(rounds, slots, false) * 1e-9));
                    } else {
                        double est = makespans(rounds, 64, false) * 1e-9 + rounds.size() * overheadPerRound;
                        long longest = rounds.stream().flatMapToLong(x -> Arrays.stream(x.taskCpuNanos())).max()
                                .orElse(0);
                        extra.append(String.format(Locale.ROOT, " makespan64_s=%.2f work_over_64_s=%.2f "
                                + "longest_task_s=%.3f estimate64_s=%.2f", makespans(rounds, 64, false) * 1e-9,
                                work(rounds) * 1e-9 / 64, longest * 1e-9, est));
                    }
                }
                System.out.printf(Locale.ROOT, "rep=%d mode=%s startup_s=%.2f search_s=%.2f search_cpu_s=%.2f "
                        + "certify_s=%.2f%s%n", rep, mode, startup * 1e-9, timed.nanos * 1e-9, timed.cpu * 1e-9,
                        certify * 1e-9, extra);
                System.out.flush();
            }
        }
    }
}
