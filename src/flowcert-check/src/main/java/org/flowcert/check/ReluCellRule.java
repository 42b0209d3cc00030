package org.flowcert.check;

import static org.flowcert.check.RationalInterval.max;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-relu-cells}: every critical point in the box K of a 1-H-1 relu net (H ≤ 2)
 * with an integral risk has L ≥ bound (proofs-notes/rules/critical-relu-cells.md; § cite
 * proofs-notes/critical-relu-reduction.md). Units with (w, b) ≠ 0 are normalised to a point τ of
 * the perimeter of [−1, 1]² (period 8); tree S (a bit mask) covers [0, 8]^S. Every leaf test is
 * exact: evaluations at one reference point plus explicit remainders, or (j) interval arithmetic.
 */
final class ReluCellRule implements Rule {
    /** Subtrees from this depth on are walked as parallel tasks (at most 2^SPLIT of them per tree). */
    private static final int SPLIT = 8;

    @Override
    public Fact apply(Step st) throws Invalid {
        st.cites();
        Net n = st.net();
        int h = units(n);
        JsonNode trees = st.json().path("trees");
        st.when(!trees.isArray() || trees.size() != 1 << h, "expected one tree per set of units");
        RationalInterval[] k = st.box("box", 0);
        ReluCellLeaves r = new ReluCellLeaves(n.from, n.poly, st.number("bound"));
        for (int mask = 0; mask < trees.size(); mask++) {
            BigFraction[] vs = new BigFraction[Integer.bitCount(mask)];
            for (int i = 0, j = 0; i < vs.length; i++, j++) {
                j += (mask >> j & 1) == 0 ? 1 : 0; // §3: |normalised v_j| ≤ V_j = sup|v_j|·max(sup|w_j|, sup|b_j|)
                vs[i] = k[2 * h + j].mag().multiply(max(k[j].mag(), k[h + j].mag()));
            }
            String t = st.tree(trees.get(mask).asText());
            BigFraction[] lo = Collections.nCopies(vs.length, BigFraction.ZERO).toArray(BigFraction[]::new);
            BigFraction[] hi = Collections.nCopies(vs.length, BigFraction.of(8)).toArray(BigFraction[]::new);
            List<Integer> ends = new ArrayList<>();
            List<Replay.Computation<Integer>> subtrees = new ArrayList<>();
            int end = split(new Walk(r, st, t, vs), 0, lo, hi, 0, ends, subtrees);
            // the first failure in prefix order, as one walk of the whole tree would meet it
            List<Integer> walked = Replay.all(subtrees);
            for (int i = 0; i < walked.size(); i++) { // each walk ends where the split read on after its subtree
                st.when(!walked.get(i).equals(ends.get(i)), "tree " + mask + ": subtree " + i + " ends at position "
                        + walked.get(i) + ", not at " + ends.get(i));
            }
            st.when(end != t.length(), "text after the end of tree " + mask);
        }
        return new Fact.CriticalAbove(st.number("bound"), new Fact.Box(k));
    }

    /** What every walk of one tree shares: the leaf tests, the step, the tree's text and the bounds V_j. */
    private record Walk(ReluCellLeaves leaves, Step st, String t, BigFraction[] vs) {
    }

    /**
     * Parallel replay ({@link Replay}): the nodes at depth {@link #SPLIT} (and leaves above it) of the tree at
     * {@code pos} become tasks that walk their subtrees, in prefix order; {@code ends} gets the position after each
     * subtree as the split reads on from it. Returns the position after the tree, or −1 when its text ends inside it
     * (the last task then walks into that end and fails as one walk would).
     */
    private static int split(Walk w, int pos, BigFraction[] lo, BigFraction[] hi, int depth, List<Integer> ends,
            List<Replay.Computation<Integer>> tasks) {
        w.st().depth(depth); // the deadline, as the walk checks it
        String t = w.t();
        int d = pos + 1 < t.length() ? t.charAt(pos + 1) - '0' : -1;
        if (depth == Long.min(SPLIT, Work.limits().depth()) || pos >= t.length() || t.charAt(pos) != 's' || d < 0
                || d >= lo.length) {
            tasks.add(() -> {
                int[] at = {pos};
                walk(w.leaves(), w.st(), t, at, lo, hi, w.vs(), depth);
                return at[0];
            });
            ends.add(skip(t, pos, lo.length));
            return ends.get(ends.size() - 1);
        }
        BigFraction[] h1 = hi.clone();
        BigFraction[] l2 = lo.clone();
        h1[d] = lo[d].add(hi[d]).divide(2);
        l2[d] = h1[d];
        int middle = split(w, pos + 2, lo, h1, depth + 1, ends, tasks);
        return middle < 0 ? -1 : split(w, middle, l2, hi, depth + 1, ends, tasks);
    }

    /** The position after the subtree at {@code pos} as {@link #walk} reads it, or −1 when the text ends first. */
    private static int skip(String t, int pos, int dims) {
        for (int open = 1; open > 0; open--) { // nodes still to read: a split node adds its two halves
            if (pos >= t.length()) {
                return -1;
            }
            char ch = t.charAt(pos++);
            int d = pos < t.length() ? t.charAt(pos) - '0' : -1;
            if (ch == 's' && d >= 0 && d < dims) {
                pos++;
                open += 2;
            }
        }
        return pos;
    }

    /** Prefix order: {@code sD} halves dimension D (lower half first); a leaf is one letter t, d, D or j. */
    private static void walk(ReluCellLeaves leaves, Step st, String t, int[] pos, BigFraction[] lo, BigFraction[] hi,
            BigFraction[] vs, int depth) throws Invalid {
        long id = st.id();
        st.depth(depth);
        Invalid.when(pos[0] >= t.length(), "step " + id + ": a tree is truncated");
        char ch = t.charAt(pos[0]++);
        int d = pos[0] < t.length() ? t.charAt(pos[0]) - '0' : -1;
        if (ch == 's' && d >= 0 && d < lo.length) {
            pos[0]++;
            BigFraction[] h1 = hi.clone();
            BigFraction[] l2 = lo.clone();
            h1[d] = lo[d].add(hi[d]).divide(2);
            l2[d] = h1[d];
            walk(leaves, st, t, pos, lo, h1, vs, depth + 1);
            walk(leaves, st, t, pos, l2, hi, vs, depth + 1);
        } else if ("tdDj".indexOf(ch) < 0 || leaves.close("" + ch, lo, hi, vs) == null) {
            throw new Invalid("step " + id + ": leaf " + ch + " on " + Arrays.toString(lo) + " .. "
                    + Arrays.toString(hi) + " fails");
        }
    }

    /** H, for a 1-H-1 relu net (H ≤ 2) with an integral risk. */
    static int units(Net n) throws Invalid {
        Invalid.when(n.widths.length != 3 || n.widths[0] != 1 || n.widths[2] != 1 || n.widths[1] > 2
                || n.act.kind != Activation.Kind.RELU || n.isData(),
                "critical-relu-cells needs a 1-H-1 relu network (H <= 2) with an integral risk");
        return n.widths[1];
    }
}
