package org.flowcert.prove.engine;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A search in rounds over a frontier of open cells (the shape a cluster needs): the driver holds the frontier; each
 * round it cuts the frontier into tasks, a {@link Mapper} runs them (threads, or Spark executors), and each task
 * searches its cells depth first until every cell closed or a per-cell node budget ran out, returning each cell's
 * subtree as a template: its prefix-order text with a {@link Step#HOLE} where a subtree is still open, and the open
 * cells in that order. The open cells are the next frontier. At the end the driver fills the holes recursively;
 * since a subtree's text depends on its cell only, the trees equal those of {@link ForkJoinEngine} byte for byte,
 * whatever the mapper, the number of slots or the way the frontier was cut.
 *
 * <p>While the frontier is smaller than {@value #CELLS_PER_SLOT} cells per slot, a round splits every cell to a
 * fixed depth instead (breadth first), so that the slots have work from the first rounds on. Each round prints one
 * progress line (cells, tasks, leaves, open cells, an estimate of the leaves left) and keeps its figures
 * ({@link #rounds()}) for the cluster estimate of benchmarks/spark.md.
 */
public final class RoundEngine implements Engine {
    /** Tasks per slot in a round (several, so that a slow task's slot is not the round's only busy one). */
    static final int TASKS_PER_SLOT = 4;
    /** The frontier size per slot below which a round grows it breadth first. */
    static final int CELLS_PER_SLOT = 16;
    /** Default cell expansions per task and round. */
    public static final long DEFAULT_TASK_NODES = 1_000;

    private final Mapper mapper;
    private final long taskNodes;
    private final List<Round> rounds = new ArrayList<>();

    /**
     * One round's figures.
     *
     * @param cells     cells in the frontier at the start of the round
     * @param tasks     tasks the frontier was cut into
     * @param nodes     cells expanded in the round
     * @param leaves    leaves closed in the round
     * @param open      open cells after the round
     * @param wallNanos the round's wall time on the driver (tasks and scheduling)
     * @param taskNanos each task's own wall time, in task order
     * @param taskCpuNanos each task's CPU time (its thread's; the wall time where the JVM does not measure it)
     */
    public record Round(int cells, int tasks, long nodes, long leaves, int open, long wallNanos, long[] taskNanos,
            long[] taskCpuNanos) {
    }

    /**
     * An engine on {@code mapper} with {@code taskNodes} cell expansions per task and round.
     *
     * @param mapper    runs the tasks
     * @param taskNodes cell expansions a task may make per round, at least 1
     */
    public RoundEngine(Mapper mapper, long taskNodes) {
        if (taskNodes < 1) {
            throw new IllegalArgumentException("taskNodes must be at least 1, not " + taskNodes);
        }
        this.mapper = mapper;
        this.taskNodes = taskNodes;
    }

    /** An engine on {@code mapper} with the default task size. */
    public RoundEngine(Mapper mapper) {
        this(mapper, DEFAULT_TASK_NODES);
    }

    @Override
    public String describe() {
        return mapper.describe();
    }

    /** The rounds of the last search (a copy). */
    public synchronized List<Round> rounds() {
        return List.copyOf(rounds);
    }

    /** An open cell: the root it belongs to, its id in the driver's table, the cell and its depth. */
    record Open<C>(int root, long id, C cell, int depth) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * One task: cells to search in order within a node budget shared by the task (the cells it does not reach
     * stay open), or (breadth first) each down to a relative depth.
     */
    record Task<C>(List<Open<C>> cells, long nodes, int relativeDepth, long leavesBefore)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a task found: per input cell its template and how many open cells it left (the open cells of all its
     * cells, in order, in {@code open}); a failure stops the task.
     */
    record TaskResult<C>(List<String> templates, int[] openCounts, long[] cellLeaves, List<Open<C>> open, long nodes,
            long leaves,
            int maxDepth, Map<String, Long> kinds, String failure, int failedRoot, long nanos, long cpuNanos)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A filled-in part of a tree: its text with holes and the ids of the cells that fill them, in order. */
    private record Template(String text, long[] children) {
    }

    @Override
    public <C extends Serializable> SearchResult search(CellSearch<C> search, List<C> roots, String name,
            PrintStream progress) {
        synchronized (this) {
            rounds.clear();
        }
        Map<Long, Template> table = new HashMap<>();
        List<Open<C>> frontier = new ArrayList<>();
        for (int r = 0; r < roots.size(); r++) {
            frontier.add(new Open<>(r, r, roots.get(r), 0));
        }
        long nextId = roots.size();
        long leaves = 0;
        int maxDepth = 0;
        Map<String, Long> kinds = new TreeMap<>();
        // leaves of the frontier cells that closed within one task, per depth: the remaining-work estimate
        Map<Integer, long[]> closedByDepth = new HashMap<>();
        int slots = Math.max(1, mapper.slots());
        int round = 0;
        while (!frontier.isEmpty()) {
            round++;
            long t0 = System.nanoTime();
            int f = frontier.size();
            int taskCount = Math.min(f, slots * TASKS_PER_SLOT);
            int relativeDepth = Integer.MAX_VALUE;
            long budget = taskNodes;
            if (f < slots * CELLS_PER_SLOT) {
                relativeDepth = Math.max(1, 64 - Long.numberOfLeadingZeros((slots * CELLS_PER_SLOT - 1) / f));
                budget = Long.MAX_VALUE;
            }
            List<Task<C>> tasks = new ArrayList<>();
            for (int k = 0; k < taskCount; k++) {
                tasks.add(new Task<>(List.copyOf(frontier.subList(f * k / taskCount, f * (k + 1) / taskCount)),
                        budget, relativeDepth, leaves));
            }
            SerializableFunction<Task<C>, TaskResult<C>> work = t -> work(search, t);
            List<TaskResult<C>> results = mapper.map(tasks, work);
            List<Open<C>> next = new ArrayList<>();
            long roundNodes = 0;
            long roundLeaves = 0;
            long[] nanos = new long[results.size()];
            long[] cpu = new long[results.size()];
            for (int k = 0; k < results.size(); k++) {
                TaskResult<C> res = results.get(k);
                nanos[k] = res.nanos();
                cpu[k] = res.cpuNanos();
                roundNodes += res.nodes();
                roundLeaves += res.leaves();
                maxDepth = Math.max(maxDepth, res.maxDepth());
                res.kinds().forEach((key, v) -> kinds.merge(key, v, Long::sum));
                if (res.failure() != null) {
                    leaves += roundLeaves;
                    record(new Round(f, taskCount, roundNodes, roundLeaves, next.size(), System.nanoTime() - t0, nanos,
                            cpu));
                    return new SearchResult(null, res.failure(), res.failedRoot(), leaves, maxDepth, kinds);
                }
                List<Open<C>> in = tasks.get(k).cells();
                int o = 0;
                for (int c = 0; c < in.size(); c++) {
                    Open<C> cell = in.get(c);
                    long[] ids = new long[res.openCounts()[c]];
                    for (int i = 0; i < ids.length; i++, o++) {
                        Open<C> x = res.open().get(o);
                        ids[i] = nextId++;
                        next.add(new Open<>(x.root(), ids[i], x.cell(), x.depth()));
                    }
                    table.put(cell.id(), new Template(res.templates().get(c), ids));
                    if (ids.length == 0) {
                        long[] acc = closedByDepth.computeIfAbsent(cell.depth(), d -> new long[2]);
                        acc[0] += res.cellLeaves()[c];
                        acc[1]++;
                    }
                }
            }
            leaves += roundLeaves;
            frontier = next;
            long wall = System.nanoTime() - t0;
            record(new Round(f, taskCount, roundNodes, roundLeaves, next.size(), wall, nanos, cpu));
            if (progress != null) {
                long left = estimate(next, closedByDepth);
                double perLeaf = roundLeaves > 0 ? wall * 1e-9 / roundLeaves : 0;
                progress.printf(Locale.ROOT, "%s [%s] round %d: %d cells in %d tasks, %d leaves closed (%d in all), "
                        + "%d cells open, about %s leaves left (~%.0f s)%n", name, mapper.describe(), round, f,
                        taskCount, roundLeaves, leaves, next.size(), left < 0 ? "?" : Long.toString(left),
                        left < 0 ? 0.0 : left * perLeaf);
            }
        }
        List<String> trees = new ArrayList<>();
        for (int r = 0; r < roots.size(); r++) {
            StringBuilder out = new StringBuilder();
            fill(table, r, out);
            trees.add(out.toString());
        }
        return new SearchResult(List.copyOf(trees), null, -1, leaves, maxDepth, kinds);
    }

    private synchronized void record(Round r) {
        rounds.add(r);
    }

    /**
     * Leaves left: each open cell counted as the mean leaves of the frontier cells of its depth that closed within a
     * task (the nearest depth seen when none of its own); -1 when nothing closed yet.
     */
    private static long estimate(List<? extends Open<?>> open, Map<Integer, long[]> closedByDepth) {
        if (open.isEmpty()) {
            return 0;
        }
        if (closedByDepth.isEmpty()) {
            return -1;
        }
        double sum = 0;
        for (Open<?> o : open) {
            long[] acc = null;
            for (int d = 0; acc == null && d < 256; d++) {
                acc = closedByDepth.get(o.depth() + d);
                if (acc == null) {
                    acc = closedByDepth.get(o.depth() - d);
                }
            }
            sum += acc == null ? 1 : (double) acc[0] / acc[1];
        }
        return Math.round(sum);
    }

    /** Writes cell {@code id}'s subtree: its template with each hole replaced by its child's subtree. */
    private static void fill(Map<Long, Template> table, long id, StringBuilder out) {
        Template t = table.get(id);
        int child = 0;
        for (int i = 0; i < t.text().length(); i++) {
            char ch = t.text().charAt(i);
            if (ch == Step.HOLE) {
                fill(table, t.children()[child++], out);
            } else {
                out.append(ch);
            }
        }
        if (child != t.children().length) {
            throw new IllegalStateException("template of cell " + id + " has " + child + " holes for "
                    + t.children().length + " open cells");
        }
    }

    /** One task, on a worker: its cells searched depth first, in order, within the task's budget. */
    static <C extends Serializable> TaskResult<C> work(CellSearch<C> search, Task<C> task) {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        Walk<C> w = new Walk<>(search, task);
        w.budget = task.nodes();
        List<String> templates = new ArrayList<>();
        int[] counts = new int[task.cells().size()];
        long[] cellLeaves = new long[counts.length];
        for (int c = 0; c < counts.length && w.failure == null; c++) {
            Open<C> cell = task.cells().get(c);
            int before = w.open.size();
            long leavesBefore = w.leaves;
            StringBuilder out = new StringBuilder();
            w.walk(cell.root(), cell.cell(), cell.depth(), cell.depth(), out);
            templates.add(out.toString());
            counts[c] = w.open.size() - before;
            cellLeaves[c] = w.leaves - leavesBefore;
        }
        return new TaskResult<>(templates, counts, cellLeaves, w.open, w.nodes, w.leaves, w.maxDepth, w.kinds,
                w.failure,
                w.failedRoot, System.nanoTime() - t0, c0 < 0 ? System.nanoTime() - t0 : cpuNanos() - c0);
    }

    /** This thread's CPU time, or -1 where the JVM does not measure it. */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() && b.isThreadCpuTimeEnabled() ? b.getCurrentThreadCpuTime() : -1;
    }

    /** The depth-first search of one task. */
    private static final class Walk<C extends Serializable> {
        final CellSearch<C> search;
        final Task<C> task;
        final List<Open<C>> open = new ArrayList<>();
        final Map<String, Long> kinds = new TreeMap<>();
        long budget;
        long nodes;
        long leaves;
        int maxDepth;
        String failure;
        int failedRoot = -1;

        Walk(CellSearch<C> search, Task<C> task) {
            this.search = search;
            this.task = task;
        }

        void walk(int root, C cell, int depth, int start, StringBuilder out) {
            if (failure != null) {
                return;
            }
            if (budget <= 0 || depth - start >= task.relativeDepth()) {
                out.append(Step.HOLE);
                open.add(new Open<>(root, -1, cell, depth));
                return;
            }
            budget--;
            nodes++;
            maxDepth = Math.max(maxDepth, depth);
            Step<C> step = search.expand(cell, depth, task.leavesBefore() + leaves);
            if (step.isLeaf()) {
                leaves++;
                kinds.merge(step.text(), 1L, Long::sum);
                out.append(step.text());
                return;
            }
            if (step.isFailure()) {
                failure = step.failure();
                failedRoot = root;
                return;
            }
            out.append(step.text());
            for (C child : step.children()) {
                walk(root, child, depth + 1, start, out);
            }
        }
    }
}
