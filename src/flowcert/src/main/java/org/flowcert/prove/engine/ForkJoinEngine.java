package org.flowcert.prove.engine;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process engine (the default): each root's tree is searched depth first on a fork/join pool of
 * {@code threads} workers, the children of cells above depth {@value #FORK_DEPTH} as parallel tasks. A subtree's
 * text depends on its cell only, so the trees are the same for any number of threads. A failure anywhere stops the
 * other tasks early; the first failure's reason is reported.
 *
 * @param threads worker threads, at least 1
 */
public record ForkJoinEngine(int threads) implements Engine {
    /** Cells above this depth have their children searched as parallel tasks. */
    static final int FORK_DEPTH = 10;
    private static final long REPORT_NANOS = 10_000_000_000L;

    /** Checks that there is at least one thread. */
    public ForkJoinEngine {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    @Override
    public String describe() {
        return "in-process (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public <C extends Serializable> SearchResult search(CellSearch<C> search, List<C> roots, String name,
            PrintStream progress) {
        Run<C> run = new Run<>(search, name, progress);
        List<String> trees = new ArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            for (int r = 0; r < roots.size(); r++) {
                String t = pool.invoke(new Node<>(run, roots.get(r), 0));
                if (t == null) {
                    return new SearchResult(null, run.reason, r, run.leaves.get(), run.maxDepth.get(), run.kinds());
                }
                trees.add(t);
                if (progress != null && roots.size() > 1) {
                    progress.printf("%s: tree %d done, %d leaves so far, %s%n", name, r, run.leaves.get(), run.kinds());
                }
            }
        } finally {
            pool.shutdown();
        }
        return new SearchResult(List.copyOf(trees), null, -1, run.leaves.get(), run.maxDepth.get(), run.kinds());
    }

    /** The state shared by the tasks of one search. */
    private static final class Run<C extends Serializable> {
        final CellSearch<C> search;
        final String name;
        final PrintStream progress;
        final AtomicLong leaves = new AtomicLong();
        final AtomicInteger maxDepth = new AtomicInteger();
        final ConcurrentHashMap<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        volatile String reason;
        volatile long lastReport = System.nanoTime();

        Run(CellSearch<C> search, String name, PrintStream progress) {
            this.search = search;
            this.name = name;
            this.progress = progress;
        }

        synchronized void fail(String why) {
            if (reason == null) {
                reason = why;
            }
        }

        Map<String, Long> kinds() {
            Map<String, Long> m = new TreeMap<>();
            kinds.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }

        String leaf(String text) {
            long n = leaves.incrementAndGet();
            kinds.computeIfAbsent(text, x -> new AtomicLong()).incrementAndGet();
            if (progress != null && System.nanoTime() - lastReport > REPORT_NANOS) {
                lastReport = System.nanoTime();
                progress.printf("%s: %d leaves, depth up to %d, %s%n", name, n, maxDepth.get(), kinds());
            }
            return text;
        }
    }

    /** One cell: its subtree in prefix order, or null when it could not be closed. */
    private static final class Node<C extends Serializable> extends RecursiveTask<String> {
        private static final long serialVersionUID = 1L;
        private final transient Run<C> run;
        private final transient C cell;
        private final int depth;

        Node(Run<C> run, C cell, int depth) {
            this.run = run;
            this.cell = cell;
            this.depth = depth;
        }

        @Override
        protected String compute() {
            if (run.reason != null) {
                return null;
            }
            run.maxDepth.accumulateAndGet(depth, Math::max);
            Step<C> step = run.search.expand(cell, depth, run.leaves.get());
            if (step.isLeaf()) {
                return run.leaf(step.text());
            }
            if (step.isFailure()) {
                run.fail(step.failure());
                return null;
            }
            List<C> cs = step.children();
            StringBuilder out = new StringBuilder(step.text());
            if (depth < FORK_DEPTH) {
                List<Node<C>> forked = new ArrayList<>();
                for (int i = 1; i < cs.size(); i++) {
                    Node<C> n = new Node<>(run, cs.get(i), depth + 1);
                    n.fork();
                    forked.add(n);
                }
                String first = new Node<>(run, cs.get(0), depth + 1).compute();
                boolean ok = first != null;
                out.append(ok ? first : "");
                for (int i = forked.size() - 1; i >= 0; i--) {
                    forked.get(i).join(); // joined in reverse fork order (work stealing's cheapest order)
                }
                for (Node<C> n : forked) {
                    String t = n.getRawResult();
                    ok &= t != null;
                    out.append(ok ? t : "");
                }
                return ok ? out.toString() : null;
            }
            for (C c : cs) {
                String t = new Node<>(run, c, depth + 1).compute();
                if (t == null) {
                    return null;
                }
                out.append(t);
            }
            return out.toString();
        }
    }
}
