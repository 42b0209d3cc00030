package org.flowcert.prove.critical;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Branch and bound for {@code critical-values-above c} on a box, for the shallow relu
 * integral risk of {@link ReluIntegralModel} (proofs-notes/critical-relu-bnb.md).
 *
 * <p>A box is a leaf when (GRADIENT) some component of the interval gradient excludes 0, so
 * it holds no critical point; or (LOSS) the loss is ≥ c on the whole box, by the natural
 * enclosure or the mean-value form L(m) + Σ G_i(B)(B_i − m_i). Otherwise it is halved along
 * the coordinate with the largest |G_i|·width_i. Runs on a fork-join pool; stops splitting
 * when the budget (evaluations or seconds) runs out and reports the unresolved boxes.
 * Krawczyk leaves are not used: relu critical points come in scaling families
 * (w, b, v) → (sw, sb, v/s) and are never isolated.
 */
public final class ReluBranchAndBound {
    /** How a leaf was closed. */
    public enum Rule { GRADIENT, LOSS, LOSS_MEAN_VALUE }

    /** A closed leaf: the box, the rule and (for GRADIENT) the component that excludes 0. */
    public record Leaf(double[] lo, double[] hi, Rule rule, int component) {
    }

    public record Options(int threads, long maxEvaluations, double maxSeconds, int grid, int minDepthForLoss,
            boolean progress) {
        public static Options defaults() {
            return new Options(2, 20_000_000L, 600, 4, 0, true);
        }
    }

    public record Result(boolean proved, List<Leaf> leaves, List<double[][]> unresolved, long evaluations,
            double seconds, int maxDepth) {
        public long count(Rule r) {
            return leaves.stream().filter(l -> l.rule() == r).count();
        }
    }

    private ReluBranchAndBound() {
    }

    public static Result run(ReluIntegralModel model, double[] lo, double[] hi, double c, Options opt) {
        long t0 = System.nanoTime();
        List<Leaf> leaves = Collections.synchronizedList(new ArrayList<>());
        List<double[][]> open = Collections.synchronizedList(new ArrayList<>());
        AtomicLong evals = new AtomicLong();
        AtomicLong depthMax = new AtomicLong();
        long deadline = t0 + (long) (opt.maxSeconds() * 1e9);
        Thread progress = null;
        if (opt.progress()) {
            progress = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(5000);
                        System.err.printf("critical-values-above %.6g: %d boxes evaluated, %d leaves, %d unresolved, %.0f s%n",
                                c, evals.get(), leaves.size(), open.size(), (System.nanoTime() - t0) / 1e9);
                    }
                } catch (InterruptedException e) {
                    // finished
                }
            });
            progress.setDaemon(true);
            progress.start();
        }
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, opt.threads()));
        try {
            pool.invoke(new Task(model, lo.clone(), hi.clone(), c, opt, leaves, open, evals, depthMax, deadline, 0));
        } finally {
            pool.shutdown();
            if (progress != null) {
                progress.interrupt();
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result(open.isEmpty(), List.copyOf(leaves), List.copyOf(open), evals.get(), secs,
                (int) depthMax.get());
    }

    /** The verdict for one box: a leaf, or null with the split coordinate in {@code split[0]}. */
    static Leaf close(ReluIntegralModel model, double[] lo, double[] hi, double c, int grid, int[] split) {
        ReluIntegralModel.Enclosure e = model.evaluate(lo, hi, grid);
        int p = lo.length;
        for (int i = 0; i < p; i++) {
            if (!e.grad()[i].containsZero()) {
                return new Leaf(lo, hi, Rule.GRADIENT, i);
            }
        }
        if (e.loss().lo >= c) {
            return new Leaf(lo, hi, Rule.LOSS, -1);
        }
        double[] m = new double[p];
        for (int i = 0; i < p; i++) {
            m[i] = 0.5 * lo[i] + 0.5 * hi[i];
        }
        ReluIntegralModel.Enclosure em = model.evaluate(m, m, grid);
        DI mv = em.loss();
        for (int i = 0; i < p; i++) {
            mv = mv.add(e.grad()[i].mul(DI.of(Math.nextDown(lo[i] - m[i]), Math.nextUp(hi[i] - m[i]))));
        }
        if (mv.lo >= c) {
            return new Leaf(lo, hi, Rule.LOSS_MEAN_VALUE, -1);
        }
        double best = -1;
        int bi = 0;
        for (int i = 0; i < p; i++) {
            DI g = e.grad()[i];
            double w = hi[i] - lo[i];
            double s = w * (Math.max(Math.abs(g.lo), Math.abs(g.hi)) + 1e-9);
            if (s > best) {
                best = s;
                bi = i;
            }
        }
        split[0] = bi;
        return null;
    }

    private static final class Task extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        final ReluIntegralModel model;
        final double[] lo;
        final double[] hi;
        final double c;
        final Options opt;
        final List<Leaf> leaves;
        final List<double[][]> open;
        final AtomicLong evals;
        final AtomicLong depthMax;
        final long deadline;
        final int depth;

        Task(ReluIntegralModel model, double[] lo, double[] hi, double c, Options opt, List<Leaf> leaves,
                List<double[][]> open, AtomicLong evals, AtomicLong depthMax, long deadline, int depth) {
            this.model = model;
            this.lo = lo;
            this.hi = hi;
            this.c = c;
            this.opt = opt;
            this.leaves = leaves;
            this.open = open;
            this.evals = evals;
            this.depthMax = depthMax;
            this.deadline = deadline;
            this.depth = depth;
        }

        @Override
        protected void compute() {
            depthMax.accumulateAndGet(depth, Math::max);
            if (evals.incrementAndGet() > opt.maxEvaluations() || System.nanoTime() > deadline) {
                open.add(new double[][] {lo, hi});
                return;
            }
            int[] split = new int[1];
            Leaf leaf = close(model, lo, hi, c, opt.grid(), split);
            if (leaf != null) {
                leaves.add(leaf);
                return;
            }
            int i = split[0];
            double mid = 0.5 * lo[i] + 0.5 * hi[i];
            if (!(mid > lo[i] && mid < hi[i])) {
                open.add(new double[][] {lo, hi});
                return;
            }
            double[] hiL = hi.clone();
            hiL[i] = mid;
            double[] loR = lo.clone();
            loR[i] = mid;
            invokeAll(new Task(model, lo, hiL, c, opt, leaves, open, evals, depthMax, deadline, depth + 1),
                    new Task(model, loR, hi, c, opt, leaves, open, evals, depthMax, deadline, depth + 1));
        }
    }
}
