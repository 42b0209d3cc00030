package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.ProfiledCoverLeaves;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.flowcert.prove.Enclosures;
import org.flowcert.prove.ProofContext;

/**
 * Branch and bound for "every critical point in the box K has L ≥ c" on a data risk of a smooth network with the
 * output layer profiled out (proofs-notes/critical-profiled.md), recorded as a {@code critical-profiled} step.
 * Each box is tested with the checker's own leaf tests ({@link ProfiledCoverLeaves}: one copy of the tests), so
 * every recorded leaf is one the checker accepts; a box no test closes is halved along the coordinate with the
 * largest score (its width in B' = U × A' times the residuals' sensitivity to it). Splits are at exact midpoints
 * of the claim's (dyadic or rational) ends, as the checker rebuilds them. The two halves of boxes near the root are
 * searched in parallel; a subtree's text depends on its box only, so the tree does not depend on the threads.
 */
public final class ProfiledCoverProver {
    /** Precision of the recorded step and of the tests. */
    public static final int BITS = 64;
    /** The leaf tests tried, in order. */
    static final String LEAVES = "argk";
    /** The leaf tests tried, in order, once a direction for leaf d is chosen (§4a of the note). */
    static final String LEAVES_D = "argdk";
    /**
     * Leaves the search without a direction may use before the prover chooses one and searches again with leaf d
     * (small boxes, such as the tanh 1-1-1 minimum of ProfiledCoverTest, keep their trees without a direction).
     */
    static final long WITHOUT_DIRECTION = 100;
    /** The leaf tests tried, in order, with the second-order Taylor leaf t (§4b of the note). */
    static final String LEAVES_T = "argdtk";
    /**
     * Leaves the search with leaf d but without leaf t may use before the prover searches again with leaf t (a t
     * test costs several d tests, so boxes that d closes quickly, such as the gelu ± 1/64 certificate, keep d trees).
     */
    static final long WITHOUT_TAYLOR = 100;
    /** The leaf test of the search that splits the inner parameters only (§4c of the note: leaf p). */
    static final String LEAVES_P = "p";
    private static final int MAX_DEPTH = 60;
    private static final int FORK_DEPTH = 8;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Outcome; {@code step} is the recorded step's id when proved; {@code kinds} counts the leaves by test. */
    public record Result(boolean proved, String reason, long step, long leaves, int depth, String kinds) {
    }

    private ProfiledCoverProver() {
    }

    /** Whether the rule applies: a smooth activation (not poly) and a data risk. */
    public static boolean applies(Problem p) {
        return Enclosures.smooth(p) && p.risk() instanceof Risk.Data
                && !(p.network().activation() instanceof org.flowcert.model.Activation.Poly);
    }

    /** The problem as the embedded JSON the checker reads (what the certificate's problem section says). */
    static String json(Problem p) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode net = root.putObject("network");
        ArrayNode w = net.putArray("widths");
        Arrays.stream(p.network().widths()).forEach(w::add);
        net.put("activation", p.network().activation().spec());
        ArrayNode th = root.putArray("theta");
        Arrays.stream(p.theta()).forEach(q -> th.add(Steps.num(q)));
        Risk.Data d = (Risk.Data) p.risk();
        ObjectNode risk = root.putObject("risk");
        risk.put("type", "data");
        ArrayNode xs = risk.putArray("x");
        ArrayNode ys = risk.putArray("y");
        for (int i = 0; i < d.size(); i++) {
            ArrayNode xi = xs.addArray();
            Arrays.stream(d.x()[i]).forEach(q -> xi.add(Steps.num(q)));
            ArrayNode yi = ys.addArray();
            Arrays.stream(d.y()[i]).forEach(q -> yi.add(Steps.num(q)));
        }
        risk.put("reduction", d.reduction().spelling());
        return root.toString();
    }

    /** Searches the tree within the context's cover budget; appends the step and returns its id when proved. */
    public static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c) {
        return prove(ctx, box, c, ctx.settings().coverBudget());
    }

    /** As above with an explicit leaf budget. */
    public static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c, long budget) {
        Result first = prove(ctx, box, c, Math.min(budget, WITHOUT_DIRECTION), null);
        if (first.proved() || budget <= WITHOUT_DIRECTION || first.leaves() == 0 && first.reason() != null
                && !first.reason().startsWith("not proved")) {
            return first;
        }
        BigFraction[] dir = ProfiledDirection.choose(ctx.problem(), box);
        if (dir == null) {
            return new Result(false, first.reason() + "; and the profiled loss is not monotone along any fixed"
                    + " direction at the sampled inner parameters (no leaf d)", -1, first.leaves(), first.depth(),
                    first.kinds());
        }
        if (outputHalfWidth(box, ctx.problem()).subtract(innerHalfWidth(box, ctx.problem())).signum() > 0) {
            // wider in the output layer than in the inner parameters (every box checked in before leaf p is a cube
            // θ ± h and keeps its search order): leaf p (§4c), which never splits the output layer, alone; a box
            // it does not close is not searched again with d and t (they split the wide output layer)
            return prove(ctx, box, c, budget, dir, LEAVES_P);
        }
        Result second = prove(ctx, box, c, Math.min(budget, WITHOUT_TAYLOR), dir, LEAVES_D);
        if (second.proved() || budget <= WITHOUT_TAYLOR) {
            return second;
        }
        return prove(ctx, box, c, budget, dir, LEAVES_T);
    }

    /** The largest half-width of the box's inner (non-output-layer) coordinates. */
    static BigFraction innerHalfWidth(BigFraction[][] box, Problem p) {
        return halfWidth(box, 0, box.length - outputCount(p));
    }

    /** The smallest half-width of the box's output-layer coordinates. */
    static BigFraction outputHalfWidth(BigFraction[][] box, Problem p) {
        BigFraction h = null;
        for (int k = box.length - outputCount(p); k < box.length; k++) {
            BigFraction r = box[k][1].subtract(box[k][0]).divide(2);
            h = h == null || r.subtract(h).signum() < 0 ? r : h;
        }
        return h;
    }

    private static int outputCount(Problem p) {
        int[] w = p.network().widths();
        return (w[w.length - 2] + 1) * w[w.length - 1];
    }

    private static BigFraction halfWidth(BigFraction[][] box, int from, int to) {
        BigFraction h = BigFraction.ZERO;
        for (int k = from; k < to; k++) {
            BigFraction r = box[k][1].subtract(box[k][0]).divide(2);
            h = r.subtract(h).signum() > 0 ? r : h;
        }
        return h;
    }

    /** One search, with leaf d along {@code dir} when it is not null. */
    static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c, long budget, BigFraction[] dir) {
        return prove(ctx, box, c, budget, dir, LEAVES_D);
    }

    /** One search with the leaf tests {@code letters} (d and t along {@code dir} when it is not null). */
    static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c, long budget, BigFraction[] dir,
            String letters) {
        ProfiledCoverLeaves tests;
        try {
            tests = ProfiledCoverLeaves.of(json(ctx.problem()), c, BITS, dir);
        } catch (IllegalArgumentException e) {
            return new Result(false, e.getMessage(), -1, 0, 0, "");
        }
        Search s = new Search(tests, dir == null ? LEAVES : letters, budget, ctx.settings().progress());
        BigFraction[] lo = new BigFraction[box.length];
        BigFraction[] hi = new BigFraction[box.length];
        for (int k = 0; k < box.length; k++) {
            lo[k] = box[k][0];
            hi[k] = box[k][1];
        }
        ForkJoinPool pool = new ForkJoinPool(ctx.settings().threads());
        String tree;
        try {
            tree = pool.invoke(new Node(s, lo, hi, 0));
        } finally {
            pool.shutdown();
        }
        if (tree == null) {
            return new Result(false, s.reason, -1, s.leaves.get(), s.maxDepth, s.kinds.toString());
        }
        ObjectNode st = ctx.steps().step("critical-profiled");
        st.put("bits", BITS);
        st.put("bound", Steps.num(c));
        ArrayNode bx = st.putArray("box");
        for (BigFraction[] iv : box) {
            bx.addArray().add(Steps.num(iv[0])).add(Steps.num(iv[1]));
        }
        if (dir != null) {
            ArrayNode dn = st.putArray("direction");
            Arrays.stream(dir).forEach(q -> dn.add(Steps.num(q)));
        }
        st.put("tree", tree);
        return new Result(true, null, ctx.steps().add(st), s.leaves.get(), s.maxDepth, s.kinds.toString());
    }

    private static final class Search {
        final ProfiledCoverLeaves tests;
        final String letters;
        final long budget;
        final AtomicLong leaves = new AtomicLong();
        /** Sum over closed leaves of 2^-depth: the fraction of the box's volume closed so far. */
        final java.util.concurrent.atomic.DoubleAdder closed = new java.util.concurrent.atomic.DoubleAdder();
        final ConcurrentHashMap<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        volatile int maxDepth;
        volatile String reason = "not proved";
        volatile boolean stop;
        volatile long lastReport = System.nanoTime();

        /** Where progress lines go (null: nowhere). */
        final java.io.PrintStream progress;

        Search(ProfiledCoverLeaves tests, String letters, long budget, java.io.PrintStream progress) {
            this.tests = tests;
            this.letters = letters;
            this.budget = budget;
            this.progress = progress;
        }

        synchronized void fail(String why) {
            if (!stop) {
                reason = why;
                stop = true;
            }
        }
    }

    /** One box: its subtree in prefix order, or null when it could not be closed. */
    private static final class Node extends RecursiveTask<String> {
        private static final long serialVersionUID = 1L;
        final transient Search s;
        final transient BigFraction[] lo;
        final transient BigFraction[] hi;
        final int depth;

        Node(Search s, BigFraction[] lo, BigFraction[] hi, int depth) {
            this.s = s;
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
            ProfiledCoverLeaves.Outcome o;
            try {
                o = s.tests.test(s.letters, lo, hi);
            } catch (IllegalArgumentException | ArithmeticException e) {
                s.fail("a box's tests failed: " + e.getMessage());
                return null;
            }
            if (o.leaf() != null) {
                long n = s.leaves.incrementAndGet();
                s.closed.add(Math.scalb(1.0, -depth));
                s.kinds.computeIfAbsent(o.leaf(), x -> new AtomicLong()).incrementAndGet();
                if (s.progress != null && System.nanoTime() - s.lastReport > 10_000_000_000L) {
                    s.lastReport = System.nanoTime();
                    s.progress.printf("critical-profiled: %d leaves, depth up to %d, %s, %.2f%% of the box closed%n", n,
                            s.maxDepth, s.kinds, 100 * s.closed.sum());
                }
                return o.leaf();
            }
            if (depth >= MAX_DEPTH || s.leaves.get() >= s.budget) {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < lo.length; k++) {
                    b.append(k == 0 ? "" : ", ").append('[').append(Numbers.format(lo[k])).append(", ")
                            .append(Numbers.format(hi[k])).append(']');
                }
                s.fail("not proved within the budget (" + s.leaves.get() + " leaves, depth " + depth + ", "
                        + String.format("%.2f", 100 * s.closed.sum()) + "% of the box's volume closed): open box "
                        + b + " (the bound " + Numbers.format(s.tests.bound()) + " may be above a critical value)");
                return null;
            }
            BigFraction[] score = o.score().length == lo.length ? o.score() : new BigFraction[lo.length];
            java.util.Arrays.setAll(score, k -> score[k] == null ? BigFraction.ZERO : score[k]);
            int d = 0;
            for (int k = 1; k < lo.length; k++) {
                if (score[k].subtract(score[d]).signum() > 0) {
                    d = k;
                }
            }
            if (score[d].signum() <= 0) { // no sensitivity known: the widest side
                for (int k = 1; k < lo.length; k++) {
                    if (hi[k].subtract(lo[k]).subtract(hi[d].subtract(lo[d])).signum() > 0) {
                        d = k;
                    }
                }
            }
            BigFraction mid = lo[d].add(hi[d]).divide(2);
            BigFraction[] h1 = hi.clone();
            h1[d] = mid;
            BigFraction[] l2 = lo.clone();
            l2[d] = mid;
            Node x = new Node(s, lo, h1, depth + 1);
            Node y = new Node(s, l2, hi, depth + 1);
            String rx;
            String ry;
            if (depth < FORK_DEPTH) {
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
