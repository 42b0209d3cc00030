package org.flowcert.prove.critical;

import static org.flowcert.io.Numbers.max;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.ReluCellLeaves;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.flowcert.prove.ProofContext;
import org.flowcert.prove.engine.CellSearch;
import org.flowcert.prove.engine.SearchResult;
import org.flowcert.prove.engine.Step;

/**
 * Proves "every critical point in the box K has L ≥ c" for a 1-H-1 relu net (H ≤ 2) with an
 * integral risk (proofs-notes/critical-relu-reduction.md): one bisection tree over the units'
 * perimeter positions τ ∈ [0, 8]^S per set S of units, each leaf closed by the exact centre tests
 * t, d, j (the checker's own tests, check.ReluCellLeaves, so the checker accepts every leaf recorded).
 * Recorded as a {@code critical-relu-cells} step. The search runs on the context's engine (prove.engine: in-process
 * fork/join by default, or Spark); a subtree's text depends on its cell only, so the step is the same on every
 * engine.
 */
public final class ReluCellProver {
    private static final int MAX_DEPTH = 40;
    /** The leaf tests tried, in order. */
    static final String LEAVES = "tdjD";
    private static final BigFraction ZERO = BigFraction.ZERO;

    /** Outcome; {@code step} is the recorded step's id when proved. */
    public record Result(boolean proved, String reason, long step, long leaves, int depth) {
    }

    private ReluCellProver() {
    }

    /** Whether the rule applies: a 1-H-1 relu net (H ≤ 2) with an integral risk. */
    public static boolean applies(Problem p) {
        int[] w = p.network().widths();
        return w.length == 3 && w[0] == 1 && w[2] == 1 && w[1] <= 2 && p.network().activation() instanceof Activation.Relu
                && p.risk() instanceof Risk.Integral;
    }

    /** Searches the 2^H trees within {@code budget} leaves (on the context's engine); appends the step when proved. */
    public static Result prove(ProofContext ctx, BigFraction[][] box, BigFraction c, long budget) {
        int h = ctx.problem().network().widths()[1];
        List<Cell> roots = new ArrayList<>();
        for (int mask = 0; mask < 1 << h; mask++) {
            BigFraction[] vs = new BigFraction[Integer.bitCount(mask)];
            for (int i = 0, j = 0; i < vs.length; i++, j++) {
                j += (mask >> j & 1) == 0 ? 1 : 0;
                vs[i] = mag(box[2 * h + j]).multiply(max(mag(box[j]), mag(box[h + j])));
            }
            BigFraction[] lo = new BigFraction[vs.length];
            BigFraction[] hi = new BigFraction[vs.length];
            Arrays.fill(lo, ZERO);
            Arrays.fill(hi, BigFraction.of(8));
            roots.add(new Cell(vs, lo, hi));
        }
        Search search = new Search((Risk.Integral) ctx.problem().risk(), c, budget);
        SearchResult r = ctx.settings().searchEngine().search(search, roots, "critical-relu-cells", ctx.settings().progress());
        if (!r.proved()) {
            return new Result(false, r.reason() + " (tree " + r.failedRoot() + ")", -1, r.leaves(), r.maxDepth());
        }
        ObjectNode st = ctx.steps().step("critical-relu-cells");
        st.put("bits", 0);
        st.put("bound", Steps.num(c));
        ArrayNode bx = st.putArray("box");
        for (BigFraction[] iv : box) {
            bx.addArray().add(Steps.num(iv[0])).add(Steps.num(iv[1]));
        }
        ArrayNode ts = st.putArray("trees");
        r.trees().forEach(ts::add);
        return new Result(true, null, ctx.steps().add(st), r.leaves(), r.maxDepth());
    }

    private static BigFraction mag(BigFraction[] iv) {
        return max(iv[0].abs(), iv[1].abs());
    }

    /**
     * One cell of a tree: the magnitudes v of the units in its set S and the box lo..hi of their perimeter
     * positions τ (immutable: the arrays are never written after construction).
     */
    record Cell(BigFraction[] vs, BigFraction[] lo, BigFraction[] hi) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The search (serializable, for a distributed engine): a cell closes by the checker's leaf tests
     * ({@value #LEAVES}), else it halves its widest dimension (the first on ties), recorded as {@code s<d>}; it
     * fails at depth {@value #MAX_DEPTH} or when the leaf budget is spent.
     */
    static final class Search implements CellSearch<Cell> {
        private static final long serialVersionUID = 1L;
        private final List<BigFraction[]> from = new ArrayList<>();
        private final List<BigFraction[]> poly = new ArrayList<>();
        private final BigFraction c;
        private final long budget;
        private transient volatile ReluCellLeaves tests;

        Search(Risk.Integral r, BigFraction c, long budget) {
            for (Risk.Piece p : r.target()) {
                from.add(new BigFraction[] {p.from(), p.to()});
                poly.add(p.poly());
            }
            this.c = c;
            this.budget = budget;
        }

        /** The checker's leaf tests (one copy: check.ReluCellLeaves), built once per JVM that runs this search. */
        private ReluCellLeaves tests() {
            ReluCellLeaves t = tests;
            if (t == null) {
                synchronized (this) {
                    t = tests;
                    if (t == null) {
                        t = new ReluCellLeaves(from, poly, c);
                        tests = t;
                    }
                }
            }
            return t;
        }

        @Override
        public Step<Cell> expand(Cell cell, int depth, long leaves) {
            BigFraction[] lo = cell.lo();
            BigFraction[] hi = cell.hi();
            String leaf = tests().close(LEAVES, lo, hi, cell.vs());
            if (leaf != null) {
                return Step.leaf(leaf);
            }
            if (depth >= MAX_DEPTH || leaves >= budget) {
                return Step.fail("not proved within the budget (" + leaves + " leaves, depth " + depth + "): open cell "
                        + Arrays.toString(lo) + " .. " + Arrays.toString(hi) + " (the bound "
                        + Numbers.format(c) + " may be above a critical value)");
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
            return Step.split("s" + d, new Cell(cell.vs(), lo, h1), new Cell(cell.vs(), l2, hi));
        }
    }
}
