package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.Invalid;
import org.flowcert.check.Net;
import org.flowcert.check.RI;
import org.flowcert.check.ReluCellRule;
import org.flowcert.io.Numbers;
import org.flowcert.prove.ProofContext;

/**
 * Proves "every critical point in the box K has L ≥ c" for a 1-H-1 relu net with an integral risk
 * by the unit normalisation and profiling of proofs-notes/critical-relu-reduction.md: one
 * bisection tree over the units' perimeter positions τ ∈ [0, 8]^S per set S of non-degenerate
 * units, each leaf closed by a rule of {@link ReluCellRule} (the checker's own leaf test, so every
 * leaf it records the checker accepts). Recorded as a {@code critical-relu-cells} step.
 */
public final class ReluCellProver {
    /** Precision of the rational intervals (significant bits). */
    public static final int BITS = 64;
    /** Leaves allowed before giving up (system property flowcert.relucells.budget). */
    static final long BUDGET = Long.getLong("flowcert.relucells.budget", 400_000L);
    /** Worker threads (system property flowcert.threads, default 2). */
    static final int THREADS = Integer.getInteger("flowcert.threads", 2);
    private static final int MAX_DEPTH = 60;
    private static final int DEBUG_DEPTH = Integer.getInteger("flowcert.relucells.debug", -1);

    /** Outcome; {@code step} is the recorded step's id when proved. */
    public record Result(boolean proved, String reason, long step, long leaves, int depth) {
    }

    private ReluCellProver() {
    }

    /** Whether the rule applies to the net (1-H-1 relu, H ≤ 4, integral risk). */
    public static boolean applies(Net net) {
        try {
            ReluCellRule.close(net, BITS, BigFraction.ZERO, zeroBox(net), 0, new RI[0], List.of());
            return true;
        } catch (Invalid e) {
            return false;
        }
    }

    private static RI[] zeroBox(Net net) {
        RI[] k = new RI[net.parameterCount()];
        java.util.Arrays.fill(k, RI.of(BigFraction.ZERO, 0));
        return k;
    }

    /** Searches the trees and appends the step when proved. */
    public static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c, long budget) {
        Net net = ctx.net();
        RI[] k = new RI[box.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = RI.of(box[i][0], box[i][1], 0);
        }
        int h = (net.parameterCount() - 1) / 3;
        Search s = new Search(net, c, k, budget);
        List<String> trees = new ArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, THREADS));
        try {
            for (int mask = 0; mask < 1 << h; mask++) {
                RI[] cell = new RI[Integer.bitCount(mask)];
                java.util.Arrays.fill(cell, RI.of(BigFraction.ZERO, BigFraction.of(8), BITS));
                s.covered.reset();
                String t = pool.invoke(new Node(s, mask, cell, 0));
                if (t == null) {
                    return new Result(false, s.reason, -1, s.leaves.get(), s.maxDepth);
                }
                trees.add(t);
            }
        } finally {
            pool.shutdown();
        }
        ObjectNode st = ctx.steps().step("critical-relu-cells");
        st.put("bits", BITS);
        st.put("bound", Steps.num(c));
        ArrayNode b = st.putArray("box");
        for (BigFraction[] iv : box) {
            b.addArray().add(Steps.num(iv[0])).add(Steps.num(iv[1]));
        }
        ArrayNode ts = st.putArray("trees");
        trees.forEach(ts::add);
        return new Result(true, null, ctx.steps().add(st), s.leaves.get(), s.maxDepth);
    }

    /** The leaf rules tried, cheapest and most common first: every option of rule r for m units. */
    static List<String> leaves(int m) {
        List<String> out = new ArrayList<>(List.of("o", "c", "r" + "k".repeat(m), "v", "g"));
        if (m == 2) {
            out.addAll(List.of("rkd", "V", "G"));
        }
        List<String> opts = new ArrayList<>(List.of(""));
        for (int i = 0; i < m; i++) {
            List<String> next = new ArrayList<>();
            for (String o : opts) {
                for (char ch : "kxz".toCharArray()) {
                    next.add(o + ch);
                }
            }
            opts = next;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    char[] o = "k".repeat(m).toCharArray();
                    o[i] = (char) ('0' + j);
                    out.add("r" + new String(o));
                }
            }
        }
        for (String o : opts) {
            if (!o.equals("k".repeat(m))) {
                out.add("r" + o);
            }
        }
        return out;
    }

    private static final class Search {
        final Net net;
        final BigFraction c;
        final RI[] k;
        final long budget;
        final AtomicLong leaves = new AtomicLong();
        final java.util.concurrent.atomic.DoubleAdder covered = new java.util.concurrent.atomic.DoubleAdder();
        volatile int maxDepth;
        volatile String reason = "not proved";
        volatile boolean stop;
        volatile long lastReport = System.nanoTime();

        Search(Net net, BigFraction c, RI[] k, long budget) {
            this.net = net;
            this.c = c;
            this.k = k;
            this.budget = budget;
        }
    }

    /** One cell: returns its subtree in prefix order, or null when it could not be closed. */
    private static final class Node extends RecursiveTask<String> {
        private static final long serialVersionUID = 1L;
        final transient Search s;
        final int mask;
        final transient RI[] cell;
        final int depth;

        Node(Search s, int mask, RI[] cell, int depth) {
            this.s = s;
            this.mask = mask;
            this.cell = cell;
            this.depth = depth;
        }

        @Override
        protected String compute() {
            if (s.stop) {
                return null;
            }
            s.maxDepth = Math.max(s.maxDepth, depth);
            String leaf;
            try {
                leaf = ReluCellRule.close(s.net, BITS, s.c, s.k, mask, cell, leaves(cell.length));
            } catch (Invalid e) {
                s.reason = e.getMessage();
                s.stop = true;
                return null;
            }
            if (leaf != null) {
                long n = s.leaves.incrementAndGet();
                double area = 1;
                for (RI t : cell) {
                    area *= t.hi().subtract(t.lo()).doubleValue() / 8; // progress only (not part of any proof)
                }
                s.covered.add(area);
                if (System.nanoTime() - s.lastReport > 10_000_000_000L) {
                    s.lastReport = System.nanoTime();
                    System.err.printf("critical-relu-cells: %d leaves, depth up to %d, tree %d, %.2f%% of it covered%n", n,
                            s.maxDepth, mask, 100 * s.covered.sum());
                }
                return leaf;
            }
            if (depth >= MAX_DEPTH || s.leaves.get() >= s.budget) {
                s.reason = "not proved within the budget (" + s.leaves.get() + " leaves, depth " + depth + "): open cell "
                        + java.util.Arrays.toString(cell) + " of tree " + mask + " (the bound " + Numbers.format(s.c)
                        + " may be above a critical value)";
                s.stop = true;
                return null;
            }
            if (depth == DEBUG_DEPTH) {
                System.err.println("deep cell " + mask + " " + java.util.Arrays.toString(cell));
            }
            int d = 0;
            for (int i = 1; i < cell.length; i++) {
                if (cell[i].hi().subtract(cell[i].lo()).subtract(cell[d].hi().subtract(cell[d].lo())).signum() > 0) {
                    d = i;
                }
            }
            if (cell.length == 2) {
                // two units: (σ, η) with τ_1 = σ + η; near the diagonal (η near 0 or 8) the conditioning depends on
                // the width in η relative to η, so cells there are thin in η
                boolean near = cell[1].hi().subtract(BigFraction.ONE).signum() <= 0 || cell[1].lo().subtract(BigFraction.of(7)).signum() >= 0;
                BigFraction ws = cell[0].hi().subtract(cell[0].lo());
                BigFraction we = cell[1].hi().subtract(cell[1].lo()).multiply(near ? 2 : 1);
                d = we.subtract(ws).signum() >= 0 ? 1 : 0;
            }
            RI[] lo = cell.clone();
            RI[] hi = cell.clone();
            lo[d] = RI.of(cell[d].lo(), cell[d].mid(), BITS);
            hi[d] = RI.of(cell[d].mid(), cell[d].hi(), BITS);
            Node a = new Node(s, mask, lo, depth + 1);
            Node b = new Node(s, mask, hi, depth + 1);
            String ra;
            String rb;
            if (depth < 12) {
                b.fork();
                ra = a.compute();
                rb = b.join();
            } else {
                ra = a.compute();
                rb = ra == null ? null : b.compute();
            }
            return ra == null || rb == null ? null : "s" + d + ra + rb;
        }
    }
}
