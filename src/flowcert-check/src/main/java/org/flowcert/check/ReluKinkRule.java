package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-relu-kinks}: every critical value of a 1-2-1, 1-3-1 or 1-4-1 relu or leaky relu net (1-3-1
 * leaky: note §10; 1-4-1: note §11, leaky §13) with an integral risk is ≥ bound, everywhere, or in the step's box
 * when it has one (proofs-notes/rules/critical-relu-kinks.md; § cite proofs-notes/critical-relu-kinks.md). The kink
 * space of each case of §1 (A, +-, ++, --), for three units of §8 (x, +++, ++-, +--, ---) and for four units of §11
 * (also x3, ++++, +++-, ++--, +---, ----) is covered by a recorded bisection tree whose leaves the checker tests
 * exactly ({@link ReluKinkLeaves}); nothing is searched. Leaves B and C (§9.2, §11.4) need the box: their
 * coefficient bound B² (2B² in the three-kink trees of four units) is computed here from the step's box. Leaf z
 * (critical-relu-triple.md) needs no box.
 */
final class ReluKinkRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        st.cites();
        Net n = st.net();
        Invalid.when(n.widths.length != 3 || n.widths[0] != 1 || n.widths[2] != 1 || n.widths[1] < 2
                || n.widths[1] > 4 || !n.act.kinked() || !ReluKinkLeaves.slopeOk(n.act.slope) || n.isData(),
                "step " + st.id() + ": critical-relu-kinks needs a 1-2-1, 1-3-1 or 1-4-1 relu or leaky relu network"
                + " (slope in [0, 1)) with an integral risk");
        BigFraction c = st.number("bound");
        int h = n.widths[1];
        // a claim about a box (note §9.2): the coefficient bound A = B² comes from the step's box, never from a field
        RationalInterval[] box = st.json().has("box") ? st.box("box", 0) : null;
        BigFraction amp = null;
        if (box != null) {
            BigFraction big = BigFraction.ZERO;
            for (RationalInterval r : box) {
                big = RationalInterval.max(big, RationalInterval.max(r.lo().abs(), r.hi().abs()));
            }
            amp = big.multiply(big);
        }
        // leaf z: the three-kink trees of a 1-3-1 net, the three- and four-kink trees of a 1-4-1 net (§12, §13.4)
        ReluKinkLeaves leaves = new ReluKinkLeaves(n.from, n.poly, c, n.act.slope, amp, h == 3 ? 3 : h == 4 ? 4 : 0);
        // four units (note §11, leaky §13): a three-kink critical point reached by merging two units ((R2)) has a
        // coefficient up to 2B², so the three-kink trees of a 1-4-1 step use A = 2B² (the four-kink trees keep B²)
        ReluKinkLeaves merged = h == 4 && amp != null ? new ReluKinkLeaves(n.from, n.poly, c, n.act.slope,
                amp.multiply(2), 4) : leaves;
        st.when(!leaves.degreesOk(), "critical-relu-kinks needs target pieces of degree <= "
                + ReluKinkLeaves.MAX_TARGET_DEGREE);
        JsonNode trees = st.json().path("trees");
        int cases = ReluKinkLeaves.caseCount(h);
        st.when(!trees.isObject() || trees.size() != cases, "trees: expected an object with the trees "
                + ReluKinkLeaves.CASES + (h >= 3 ? " and " + ReluKinkLeaves.CASES3 : "")
                + (h >= 4 ? " and " + ReluKinkLeaves.CASES4 : ""));
        for (int kase = 0; kase < cases; kase++) {
            String name = ReluKinkLeaves.caseName(kase);
            JsonNode t = trees.get(name);
            st.when(t == null || !t.isTextual(), "trees: tree \"" + name + "\" is missing");
            String text = st.tree(t.asText());
            int k = ReluKinkLeaves.dims(kase);
            BigFraction[] lo = new BigFraction[k];
            BigFraction[] hi = new BigFraction[k];
            Arrays.fill(lo, leaves.lo());
            Arrays.fill(hi, leaves.hi());
            int[] pos = {0};
            walk(h == 4 && kase < ReluKinkLeaves.caseCount(3) ? merged : leaves, st, kase, text, pos, lo, hi, 0);
            st.when(pos[0] != text.length(), "text after the end of tree " + name);
        }
        return new Fact.CriticalAbove(c, box == null ? new Fact.Everywhere() : new Fact.Box(box));
    }

    /**
     * Prefix order: {@code sD} halves dimension D (lower half first), {@code bD} cuts dimension D at the first
     * target breakpoint strictly inside its range; a leaf is {@code q}, {@code w}, {@code x}, {@code B} or {@code C}
     * (three- and four-kink cases of a step with a box only; C: the exact box-constrained minimum, note §11.4) or
     * {@code j} followed by its number of t-ranges in decimal, or {@code z} followed by its number of t-ranges (the
     * three-kink trees of a 1-3-1 net, the three- and four-kink trees of a 1-4-1 net, relu or leaky relu, with or
     * without a box: critical-relu-triple.md, critical-relu-kinks.md §12, §13.4).
     */
    private static void walk(ReluKinkLeaves leaves, Step st, int kase, String t, int[] pos, BigFraction[] lo,
            BigFraction[] hi, int depth) throws Invalid {
        st.depth(depth);
        st.when(pos[0] >= t.length(), "a tree is truncated");
        char ch = t.charAt(pos[0]++);
        if (ch == 's' || ch == 'b') {
            int d = pos[0] < t.length() ? t.charAt(pos[0]++) - '0' : -1;
            st.when(d < 0 || d >= lo.length, "a split names no dimension of tree " + ReluKinkLeaves.caseName(kase));
            BigFraction cut = ch == 's' ? lo[d].add(hi[d]).divide(2) : leaves.breakIn(lo[d], hi[d]);
            st.when(cut == null, "no target breakpoint lies inside the range of a b split");
            BigFraction[] h1 = hi.clone();
            BigFraction[] l2 = lo.clone();
            h1[d] = cut;
            l2[d] = cut;
            walk(leaves, st, kase, t, pos, lo, h1, depth + 1);
            walk(leaves, st, kase, t, pos, l2, hi, depth + 1);
            return;
        }
        int n = 0;
        if (ch == 'j' || ch == 'z') {
            int start = pos[0];
            while (pos[0] < t.length() && pos[0] - start < 5 && Character.isDigit(t.charAt(pos[0]))) {
                n = 10 * n + t.charAt(pos[0]++) - '0';
            }
        }
        st.when("qwxjzBC".indexOf(ch) < 0 || !leaves.holds(kase, ch, n, lo, hi), "tree "
                + ReluKinkLeaves.caseName(kase) + ": leaf " + ch + (ch == 'j' || ch == 'z' ? n : "") + " on "
                + Arrays.toString(lo) + " .. " + Arrays.toString(hi) + " fails");
    }
}
