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
import java.io.Serializable;
import java.util.List;
import org.flowcert.prove.engine.CellSearch;
import org.flowcert.prove.engine.SearchResult;
import org.flowcert.prove.engine.Step;

/**
 * Branch and bound for "every critical point in the box has L ≥ c" on smooth networks, recorded
 * as a {@code critical-cover} step: a bisection tree whose leaves hold by an interval gradient
 * component excluding 0 ({@code g}) or a loss lower bound ≥ c ({@code l}, natural or mean-value
 * form). It evaluates on the prover side (binary64 intervals through {@code eval.LossGradient}),
 * never with the checker's code; the checker replays the tree with its own rational intervals
 * of {@value #BITS} bits, and {@code certify} re-checks the certificate before writing it, so a
 * leaf the checker's evaluation cannot close makes the claim NOT PROVED, never a bad
 * certificate (proofs-notes/rules/critical-cover.md). Splits are at exact midpoints of dyadic
 * ends, the same boxes the checker rebuilds. The search runs on the context's engine (prove.engine: in-process
 * fork/join with {@link org.flowcert.prove.ProofSettings#threads()} workers by default, or Spark); a subtree's
 * text depends on its box only, so the recorded tree is the same for any engine and number of threads.
 */
public final class CoverBranchAndBound {
    /** Precision hint of the recorded step (significant bits of the rational intervals). */
    public static final int BITS = 64;

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
            return new Result(false, "the box cover takes smooth activations only, not " + p.network().activation()
                    .spec(), -1, 0, 0);
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
        double[] lo = new double[box.length];
        double[] hi = new double[box.length];
        for (int k = 0; k < box.length; k++) {
            lo[k] = box[k].lo();
            hi[k] = box[k].hi();
        }
        SearchResult r = ctx.settings().searchEngine().search(new Search(p, c, budget), List.of(new Cell(lo, hi)),
                "critical-cover", ctx.settings().progress());
        if (!r.proved()) {
            return new Result(false, r.reason(), -1, r.leaves(), r.maxDepth());
        }
        String tree = r.trees().get(0);
        ObjectNode st = ctx.steps().step("critical-cover");
        st.put("bits", BITS);
        st.put("bound", Steps.num(c));
        Steps.putBox(st, "box", box);
        st.put("tree", tree);
        return new Result(true, null, ctx.steps().add(st), r.leaves(), r.maxDepth());
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

    /** A box, by the binary64 ends of its sides (immutable: the arrays are never written after construction). */
    record Cell(double[] lo, double[] hi) implements Serializable {
        private static final long serialVersionUID = 1L;

        Interval[] box() {
            Interval[] b = new Interval[lo.length];
            for (int k = 0; k < b.length; k++) {
                b[k] = Interval.of(lo[k], hi[k]);
            }
            return b;
        }
    }

    /**
     * The search (serializable, for a distributed engine: the problem travels as problem-file text, see
     * {@link ProblemText}). A box closes by a gradient component excluding 0 ({@code g}) or a loss lower bound
     * at least c ({@code l}); else it is halved along the coordinate where the loss varies most ({@code s<k>}); it
     * fails past depth 60 when a box around its midpoint shows L below c with a gradient enclosure containing 0,
     * past depth 120 or the leaf budget, or when a side is too thin to halve exactly in binary64.
     */
    static final class Search implements CellSearch<Cell> {
        private static final long serialVersionUID = 1L;
        private final String problemText;
        private final String source;
        private final BigFraction bound;
        private final long budget;
        private transient volatile Problem problem;
        private transient volatile Interval c;

        Search(Problem p, BigFraction c, long budget) {
            this.problemText = ProblemText.write(p);
            this.source = p.source();
            this.bound = c;
            this.budget = budget;
            this.problem = p;
            this.c = Interval.from(c);
        }

        private Problem problem() {
            Problem p = problem;
            if (p == null) {
                p = ProblemText.read(problemText, source);
                problem = p;
            }
            return p;
        }

        private Interval c() {
            Interval x = c;
            if (x == null) {
                x = Interval.from(bound);
                c = x;
            }
            return x;
        }

        @Override
        public Step<Cell> expand(Cell cell, int depth, long leaves) {
            try {
                return walk(cell, depth, leaves);
            } catch (ArithmeticException e) {
                return Step.fail(e.getMessage());
            }
        }

        private Step<Cell> walk(Cell cell, int depth, long leaves) {
            Problem p = problem();
            Interval c = c();
            Interval[] b = cell.box();
            LossGradient.Result<Interval> j = LossGradient.evaluate(p, Interval.FIELD, b);
            Interval[] g = j.gradient();
            for (Interval gk : g) {
                if (gk.lo() > 0 || gk.hi() < 0) {
                    return Step.leaf("g");
                }
            }
            if (j.loss().lo() >= c.hi() || meanValueLower(p, b, g) >= c.hi()) {
                return Step.leaf("l");
            }
            Interval[] mid = mid(b);
            if (depth > 60) {
                LossGradient.Result<Interval> jm = LossGradient.evaluate(p, Interval.FIELD, mid);
                if (jm.loss().hi() < c.lo() && allContainZero(jm.gradient())) {
                    return Step.fail("false or unresolved: a box around " + java.util.Arrays.toString(mid) + " has L < "
                            + c + " and a gradient enclosure containing 0");
                }
            }
            if (leaves >= budget || depth > 120) {
                return Step.fail("not proved within the budget of " + budget + " leaves (depth " + depth
                        + "): open box " + java.util.Arrays.toString(b));
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
                return Step.fail("box too thin to split exactly in binary64: " + b[best]);
            }
            double[] h1 = cell.hi().clone();
            h1[best] = m;
            double[] l2 = cell.lo().clone();
            l2[best] = m;
            return Step.split("s" + best, new Cell(cell.lo(), h1), new Cell(l2, cell.hi()));
        }

        /** Mean-value form L(θ) ∈ L(m) + Σ ∇L(B)_k (θ_k − m_k): its lower end. */
        private static double meanValueLower(Problem p, Interval[] b, Interval[] g) {
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
