package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parallel replay (certificate-format.md section 7): every step cites only earlier steps, so the heavy parts of
 * a step's own conditions, pure functions of its fields and of what its cited steps state, are computed ahead on
 * a fixed pool while the checker thread replays the chain in order. The chain takes such a result only for
 * exactly the same inputs (an equal key) and computes it itself otherwise, and it runs a task no pool thread has
 * started yet: verdicts, reasons and their order are the sequential replay's, whatever the pool or its timing.
 * Pool threads run with the checker's fixed stack and under the check's limits and deadline ({@link Work}).
 */
final class Replay {
    /** A rule whose heavy, pure parts can be computed ahead of the chain. */
    interface Ahead {
        /**
         * Offers ({@link #offer}) what {@link Rule#apply} will ask {@link #reuse} for, with {@code own} citing
         * nothing and the cited steps' lines standing in for their facts (a wrong guess only costs time).
         */
        void ahead(Replay replay, Step own, List<JsonNode> citedLines) throws Invalid;
    }

    /** A computation that may find its step invalid. */
    @FunctionalInterface
    interface Computation<V> {
        V compute() throws Invalid;
    }

    private static final ThreadLocal<Replay> CURRENT = new ThreadLocal<>();
    private final ExecutorService pool;
    private final Map<Object, FutureTask<Object>> offered = new ConcurrentHashMap<>();

    /** A pool of {@code threads} threads with the checker's stack, working under the limits of {@code work}. */
    private Replay(int threads, Work work) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, () -> {
                Work.adopt(work);
                r.run();
            }, "flowcert-check-pool-" + n.incrementAndGet(), Checker.STACK);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts parallel replay for the check running on this thread: one pool thread per processor. */
    static void begin() {
        CURRENT.set(new Replay(Runtime.getRuntime().availableProcessors(), Work.get()));
    }

    /** Ends it: tasks not started are dropped. */
    static void end() {
        Replay r = CURRENT.get();
        CURRENT.remove();
        if (r != null) {
            Work.over();
            r.pool.shutdownNow();
        }
    }

    /** Offers every step's ahead work, in step order (the steps' ids and citations are only read here). */
    static void plan(List<JsonNode> steps, Net net, JsonNode claims) {
        Replay replay = CURRENT.get();
        if (replay == null) {
            return;
        }
        Map<Long, JsonNode> earlier = new HashMap<>();
        for (JsonNode s : steps) {
            long id = s.path("id").asLong(-1);
            if (Rules.ALL.get(s.path("rule").asText()) instanceof Ahead a) {
                List<JsonNode> cited = new ArrayList<>();
                s.path("from").forEach(c -> cited.add(earlier.get(c.asLong(-1))));
                try {
                    a.ahead(replay, new Step(id, s, List.of(), net, claims), cited);
                } catch (Invalid | RuntimeException e) { // the chain meets it again, in its place
                }
            }
            earlier.putIfAbsent(id, s);
        }
    }

    /** Computes {@code c} on the pool; {@link #reuse} with an equal key takes its result. */
    @SuppressWarnings("unchecked")
    <V> void offer(Object key, Computation<V> c) {
        FutureTask<Object> task = new FutureTask<>(() -> c.compute());
        if (offered.putIfAbsent(key, task) == null) {
            pool.execute(task);
        }
    }

    /** The value of {@code c}: computed ahead for an equal key, or now; its failure is thrown as c would. */
    @SuppressWarnings("unchecked")
    static <V> V reuse(Object key, Computation<V> c) throws Invalid {
        Replay replay = CURRENT.get();
        FutureTask<Object> task = replay == null ? null : replay.offered.remove(key);
        return task == null ? c.compute() : (V) outcome(task);
    }

    /**
     * The values of {@code tasks}, computed on the pool and on this thread, in order; the first failure in
     * that order is thrown (the one a sequential run meets first, when each task stops at its own first).
     */
    static <V> List<V> all(List<Computation<V>> tasks) throws Invalid {
        Replay replay = CURRENT.get();
        List<FutureTask<Object>> futures = new ArrayList<>();
        for (Computation<V> c : tasks) {
            FutureTask<Object> f = new FutureTask<>(() -> c.compute());
            futures.add(f);
            if (replay != null) {
                replay.pool.execute(f);
            }
        }
        List<V> out = new ArrayList<>();
        try {
            for (FutureTask<Object> f : futures) {
                @SuppressWarnings("unchecked")
                V v = (V) outcome(f);
                out.add(v);
            }
        } finally { // after a failure, the later tasks are not needed
            futures.forEach(f -> f.cancel(false));
        }
        return out;
    }

    /** Runs the task here unless it has started (then waits), and returns or throws what it did. */
    private static Object outcome(FutureTask<Object> task) throws Invalid {
        task.run(); // a no-op when a pool thread has started or finished it
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Invalid i) {
                throw i;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LimitExceeded("the check was interrupted");
        }
    }
}
