package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.arith.Interval;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.prove.Enclosures;
import org.flowcert.prove.ProofContext;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Branch and bound for "every critical point in the box has L ≥ c" on smooth networks, recorded
 * as a {@code critical-cover} step: a bisection tree whose leaves hold by an interval gradient
 * component excluding 0 ({@code g}) or a loss lower bound ≥ c ({@code l}, natural or mean-value
 * form). It evaluates on the prover side (binary64 intervals through {@code eval.LossGradient}),
 * never with the checker's code; the checker replays the tree with its own rational intervals
 * of {@value #BITS} bits, and {@code certify} re-checks the certificate before writing it, so a
 * leaf the checker's evaluation cannot close makes the claim NOT PROVED, never a bad
 * certificate (proofs-notes/rules/critical-cover.md). Splits are at exact midpoints of dyadic
 * ends, the same boxes the checker rebuilds. The two halves of a box near the root are searched
 * in parallel (fork/join, {@link org.flowcert.prove.ProofSettings#threads()} workers); a subtree's text depends
 * on its box only,
 * so the recorded tree is the same for any number of threads.
 */
public final class CoverBranchAndBound {
    /** Precision hint of the recorded step (significant bits of the rational intervals). */
    public static final int BITS = 64;
    /** Boxes at depth below this are split into parallel tasks. */
    private static final int FORK_DEPTH = 10;

    public record Result(boolean proved, String reason, long step, long leaves, int depth) {
    }

    private CoverBranchAndBound() {
    }

    static BigFraction[][] box(JsonNode region) {
        BigFraction[][] b = new BigFraction[region.size()][];
        for (int k = 0; k < b.length; k++) {
            b[k] = new BigFraction[] {Numbers.parse(region.get(k).get(0).asText()),
                Numbers.parse(region.get(k).get(1).asText())};
        }
        return b;
    }

    /** Searches the tree within the context's cover budget; appends the step and returns its id when proved. */
    public static Result prove(ProofContext ctx, BigFraction[][] bounds, BigFraction c) {
        return prove(ctx, bounds, c, ctx.settings().coverBudget());
    }

    /** As above with an explicit leaf budget. */
    public static Result prove(ProofContext ctx, BigFraction[][] bounds, BigFraction c, long budget) {
        Problem p = ctx.problem();
        if (!Enclosures.smooth(p)) {
            return new Result(false, "box branch and bound for relu-type activations is not in the checker yet", -1, 0, 0);
        }
        Interval[] box = new Interval[bounds.length];
        for (int k = 0; k < box.length; k++) {
            // the cover splits binary64 boxes at exact midpoints: a rational end is rounded outward to a dyadic
            // grid 2^-40 of the side's width, so the cover proves the claim on a box containing the user's (the
            // checker checks that the claim's exact box lies inside the cover's)
            box[k] = outward(bounds[k][0], bounds[k][1]);
            if (!Double.isFinite(box[k].lo()) || !Double.isFinite(box[k].hi())) {
                return new Result(false, "box end " + Numbers.format(bounds[k][0]) + " or " + Numbers.format(bounds[k][1])
                        + " is beyond the binary64 range", -1, 0, 0);
            }
        }
        Search s = new Search(p, c, budget);
        ForkJoinPool pool = new ForkJoinPool(ctx.settings().threads());
        String tree;
        try {
            tree = pool.invoke(new Node(s, box, 0));
        } catch (ArithmeticException e) {
            return new Result(false, e.getMessage(), -1, s.leaves.get(), s.maxDepth.get());
        } finally {
            pool.shutdown();
        }
        if (tree == null) {
            return new Result(false, s.reason, -1, s.leaves.get(), s.maxDepth.get());
        }
        ObjectNode st = ctx.steps().step("critical-cover");
        st.put("bits", BITS);
        st.put("bound", Steps.num(c));
        Steps.putBox(st, "box", box);
        st.put("tree", tree);
        return new Result(true, null, ctx.steps().add(st), s.leaves.get(), s.maxDepth.get());
    }

    /** [lo, hi] itself when both ends are binary64, else rounded outward to multiples of 2^-40 of its width. */
    static Interval outward(BigFraction lo, BigFraction hi) {
        Interval exact = Interval.from(lo, hi);
        if ((exact.lower().equals(lo) && exact.upper().equals(hi)) || lo.equals(hi)) {
            return exact;
        }
        double w = hi.subtract(lo).doubleValue();
        if (!(w > 0) || Double.isInfinite(w)) {
            return exact;
        }
        int e = Math.max(-1074, Math.getExponent(w) - 40);
        BigFraction grid = e >= 0 ? BigFraction.of(java.math.BigInteger.TWO.pow(e))
                : BigFraction.of(java.math.BigInteger.ONE, java.math.BigInteger.TWO.pow(-e));
        BigFraction l = grid.multiply(floor(lo.divide(grid)));
        BigFraction h = grid.multiply(floor(hi.divide(grid).negate()).negate());
        return Interval.from(l, h);
    }

    private static java.math.BigInteger floor(BigFraction q) {
        java.math.BigInteger[] qr = q.getNumerator().divideAndRemainder(q.getDenominator());
        boolean negative = q.getNumerator().signum() * q.getDenominator().signum() < 0;
        return negative && qr[1].signum() != 0 ? qr[0].subtract(java.math.BigInteger.ONE) : qr[0];
    }

    /** The subtree of one box: its text in prefix order, or null when it cannot be closed. */
    private static final class Node extends RecursiveTask<String> {
        private final Search s;
        private final Interval[] b;
        private final int depth;

        Node(Search s, Interval[] b, int depth) {
            this.s = s;
            this.b = b;
            this.depth = depth;
        }

        @Override
        protected String compute() {
            return s.walk(b, depth);
        }
    }

    private static final class Search {
        final Problem p;
        final Interval c;
        final AtomicLong leaves = new AtomicLong();
        final AtomicInteger maxDepth = new AtomicInteger();
        /** The first failure's reason (a failed subtree stops the others early). */
        volatile String reason;
        volatile long lastReport = System.nanoTime();

        final long budget;

        Search(Problem p, BigFraction c, long budget) {
            this.p = p;
            this.c = Interval.from(c);
            this.budget = budget;
        }

        /** The subtree's text, or null (then {@link #reason} says why). */
        String walk(Interval[] b, int depth) {
            if (reason != null) {
                return null;
            }
            maxDepth.accumulateAndGet(depth, Math::max);
            LossGradient.Result<Interval> j = LossGradient.evaluate(p, Interval.FIELD, b);
            Interval[] g = j.gradient();
            for (Interval gk : g) {
                if (gk.lo() > 0 || gk.hi() < 0) {
                    return leaf("g");
                }
            }
            if (j.loss().lo() >= c.hi() || meanValueLower(b, g) >= c.hi()) {
                return leaf("l");
            }
            Interval[] mid = mid(b);
            if (depth > 60) {
                LossGradient.Result<Interval> jm = LossGradient.evaluate(p, Interval.FIELD, mid);
                if (jm.loss().hi() < c.lo() && allContainZero(jm.gradient())) {
                    fail("false or unresolved: a box around " + java.util.Arrays.toString(mid) + " has L < " + c
                            + " and a gradient enclosure containing 0");
                    return null;
                }
            }
            if (leaves.get() >= budget || depth > 120) {
                fail("not proved within the budget of " + budget + " leaves (depth " + depth + "): open box "
                        + java.util.Arrays.toString(b));
                return null;
            }
            // halve the coordinate along which the loss varies most over the box
            int best = 0;
            double bestScore = -1;
            for (int k = 0; k < b.length; k++) {
                double w = b[k].hi() - b[k].lo();
                double score = g[k].mag() * w + w;
                if (score > bestScore) {
                    best = k;
                    bestScore = score;
                }
            }
            double m = mid[best].lo();
            if (!(m > b[best].lo() && m < b[best].hi())
                    || !Interval.of(m).lower().equals(b[best].lower().add(b[best].upper()).divide(2))) {
                fail("box too thin to split exactly in binary64: " + b[best]);
                return null;
            }
            Interval[] lo = b.clone();
            Interval[] hi = b.clone();
            lo[best] = Interval.of(b[best].lo(), m);
            hi[best] = Interval.of(m, b[best].hi());
            String left;
            String right;
            if (depth < FORK_DEPTH) {
                Node h = new Node(this, hi, depth + 1);
                h.fork();
                left = walk(lo, depth + 1);
                right = h.join();
            } else {
                left = walk(lo, depth + 1);
                right = left == null ? null : walk(hi, depth + 1);
            }
            return left == null || right == null ? null : "s" + best + left + right;
        }

        private synchronized void fail(String why) {
            if (reason == null) {
                reason = why;
            }
        }

        private String leaf(String rule) {
            long n = leaves.incrementAndGet();
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.println("critical-cover: " + n + " leaves, depth up to " + maxDepth.get());
            }
            return rule;
        }

        /** Mean-value form L(θ) ∈ L(m) + Σ ∇L(B)_k (θ_k − m_k): its lower end. */
        private double meanValueLower(Interval[] b, Interval[] g) {
            Interval[] m = mid(b);
            Interval s = LossGradient.evaluate(p, Interval.FIELD, m).loss();
            for (int k = 0; k < b.length; k++) {
                s = s.add(g[k].multiply(b[k].subtract(m[k])));
            }
            return s.lo();
        }

        private static Interval[] mid(Interval[] b) {
            Interval[] m = new Interval[b.length];
            for (int k = 0; k < b.length; k++) {
                m[k] = Interval.of(b[k].lo() + (b[k].hi() - b[k].lo()) / 2);
            }
            return m;
        }

        private static boolean allContainZero(Interval[] g) {
            for (Interval gk : g) {
                if (gk.lo() > 0 || gk.hi() < 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
