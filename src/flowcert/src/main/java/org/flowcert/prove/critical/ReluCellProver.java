package org.flowcert.prove.critical;

import static org.flowcert.io.Numbers.max;
import static org.flowcert.io.Numbers.min;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.ReluCellLeaves;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.flowcert.prove.ProofContext;

/**
 * Proves "every critical point in the box K has L ≥ c" for a 1-H-1 relu net (H ≤ 2) with an
 * integral risk (proofs-notes/critical-relu-reduction.md): one bisection tree over the units'
 * perimeter positions τ ∈ [0, 8]^S per set S of units, each leaf closed by the exact centre tests
 * t, d, j (a prover-side copy of the checker's, so the checker accepts every leaf recorded).
 * Recorded as a {@code critical-relu-cells} step.
 */
public final class ReluCellProver {
    private static final int MAX_DEPTH = 40;
    /** Leaves at this depth or deeper are counted apart in the progress lines (a debugging aid). */
    private static final int DEEP = 99;
    /** The leaf tests tried, in order. */
    static final String LEAVES = "tdjD";
    private static final BigFraction ZERO = BigFraction.ZERO;

    /** Outcome; {@code step} is the recorded step's id when proved. */
    public record Result(boolean proved, String reason, long step, long leaves, int depth) {
    }

    private ReluCellProver() {
    }

    /** The checker's leaf tests for the problem's target pieces and the bound c (one copy: check.ReluCellLeaves). */
    private static ReluCellLeaves leaves(Risk.Integral r, BigFraction c) {
        List<BigFraction[]> from = new ArrayList<>();
        List<BigFraction[]> poly = new ArrayList<>();
        for (Risk.Piece p : r.target()) {
            from.add(new BigFraction[] {p.from(), p.to()});
            poly.add(p.poly());
        }
        return new ReluCellLeaves(from, poly, c);
    }

    /** Whether the rule applies: a 1-H-1 relu net (H ≤ 2) with an integral risk. */
    public static boolean applies(Problem p) {
        int[] w = p.network().widths();
        return w.length == 3 && w[0] == 1 && w[2] == 1 && w[1] <= 2 && p.network().activation() instanceof Activation.Relu
                && p.risk() instanceof Risk.Integral;
    }

    /** Searches the 2^H trees within {@code budget} leaves (threads: the context's); appends the step when proved. */
    public static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c, long budget) {
        int h = ctx.problem().network().widths()[1];
        Search s = new Search(leaves((Risk.Integral) ctx.problem().risk(), c), budget);
        List<String> trees = new ArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(ctx.settings().threads());
        try {
            for (int mask = 0; mask < 1 << h; mask++) {
                BigFraction[] vs = new BigFraction[Integer.bitCount(mask)];
                for (int i = 0, j = 0; i < vs.length; i++, j++) {
                    j += (mask >> j & 1) == 0 ? 1 : 0;
                    vs[i] = mag(box[2 * h + j]).multiply(max(mag(box[j]), mag(box[h + j])));
                }
                BigFraction[] lo = new BigFraction[vs.length];
                BigFraction[] hi = new BigFraction[vs.length];
                java.util.Arrays.fill(lo, ZERO);
                java.util.Arrays.fill(hi, BigFraction.of(8));
                String t = pool.invoke(new Node(s, vs, lo, hi, 0));
                if (t == null) {
                    return new Result(false, s.reason + " (tree " + mask + ")", -1, s.leaves.get(), s.maxDepth);
                }
                trees.add(t);
                System.err.printf("critical-relu-cells: tree %d done, %d leaves so far, %s%n", mask, s.leaves.get(), s.kinds);
            }
        } finally {
            pool.shutdown();
        }
        ObjectNode st = ctx.steps().step("critical-relu-cells");
        st.put("bits", 0);
        st.put("bound", Steps.num(c));
        ArrayNode bx = st.putArray("box");
        for (BigFraction[] iv : box) {
            bx.addArray().add(Steps.num(iv[0])).add(Steps.num(iv[1]));
        }
        ArrayNode ts = st.putArray("trees");
        trees.forEach(ts::add);
        return new Result(true, null, ctx.steps().add(st), s.leaves.get(), s.maxDepth);
    }

    private static BigFraction mag(BigFraction[] iv) {
        return max(iv[0].abs(), iv[1].abs());
    }

    private static final class Search {
        final ReluCellLeaves tests;
        final long budget;
        final AtomicLong leaves = new AtomicLong();
        final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> kinds = new java.util.concurrent.ConcurrentHashMap<>();
        volatile int maxDepth;
        volatile String reason = "not proved";
        volatile boolean stop;
        volatile long lastReport = System.nanoTime();

        Search(ReluCellLeaves tests, long budget) {
            this.tests = tests;
            this.budget = budget;
        }
    }

    /** One cell: its subtree in prefix order, or null when it could not be closed. */
    private static final class Node extends RecursiveTask<String> {
        private static final long serialVersionUID = 1L;
        final transient Search s;
        final transient BigFraction[] vs;
        final transient BigFraction[] lo;
        final transient BigFraction[] hi;
        final int depth;

        Node(Search s, BigFraction[] vs, BigFraction[] lo, BigFraction[] hi, int depth) {
            this.s = s;
            this.vs = vs;
            this.lo = lo;
            this.hi = hi;
            this.depth = depth;
        }

        @Override
        protected String compute() {
            if (s.stop) {
                return null;
            }
            s.maxDepth = Math.max(s.maxDepth, depth);
            String leaf = s.tests.close(LEAVES, lo, hi, vs);
            if (leaf != null) {
                long n = s.leaves.incrementAndGet();
                s.kinds.computeIfAbsent(leaf + (depth >= DEEP ? "(deep)" : ""), x -> new AtomicLong()).incrementAndGet();
                if (depth >= DEEP && n % 200 == 0) {
                    System.err.printf("deep leaf %s at depth %d: %.5f %s%n", leaf, depth, lo[0].doubleValue(),
                            lo.length > 1 ? String.format("%.5f", lo[1].doubleValue()) : ""); // progress only
                }
                if (System.nanoTime() - s.lastReport > 10_000_000_000L) {
                    s.lastReport = System.nanoTime();
                    System.err.printf("critical-relu-cells: %d leaves, depth up to %d, %s%n", n, s.maxDepth, s.kinds);
                }
                return leaf;
            }
            if (depth >= MAX_DEPTH || s.leaves.get() >= s.budget) {
                s.reason = "not proved within the budget (" + s.leaves.get() + " leaves, depth " + depth + "): open cell "
                        + java.util.Arrays.toString(lo) + " .. " + java.util.Arrays.toString(hi) + " (the bound "
                        + Numbers.format(s.tests.bound()) + " may be above a critical value)";
                s.stop = true;
                return null;
            }
            int d = 0; // halve the widest dimension (the first on ties)
            for (int i = 1; i < lo.length; i++) {
                if (hi[i].subtract(lo[i]).subtract(hi[d].subtract(lo[d])).signum() > 0) {
                    d = i;
                }
            }
            BigFraction mid = lo[d].add(hi[d]).divide(2);
            BigFraction[] h1 = hi.clone();
            h1[d] = mid;
            BigFraction[] l2 = lo.clone();
            l2[d] = mid;
            Node x = new Node(s, vs, lo, h1, depth + 1);
            Node y = new Node(s, vs, l2, hi, depth + 1);
            String rx;
            String ry;
            if (depth < 10) {
                y.fork();
                rx = x.compute();
                ry = y.join();
            } else {
                rx = x.compute();
                ry = rx == null ? null : y.compute();
            }
            return rx == null || ry == null ? null : "s" + d + rx + ry;
        }
    }
}
