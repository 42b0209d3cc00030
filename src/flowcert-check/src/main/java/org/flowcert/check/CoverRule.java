package org.flowcert.check;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-cover}: every critical point in the box has L ≥ bound, replayed from a
 * recorded bisection tree without search (proofs-notes/rules/critical-cover.md). Tree tokens in
 * prefix order: {@code sK} halves coordinate K (lower half first), {@code g} a leaf where some
 * gradient component excludes 0, {@code l} a leaf where L ≥ bound (natural or mean-value form).
 */
final class CoverRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        int bits = st.bits();
        BigFraction c = st.number("bound");
        RationalInterval[] box = st.box("box", bits);
        String tree = st.tree(st.json().path("tree").asText());
        int[] pos = {0};
        walk(st, tree, pos, box, c, bits, 0);
        st.when(pos[0] != tree.length(), "text after the end of the cover tree");
        return new Fact.CriticalAbove(c, new Fact.Box(box));
    }

    private static void walk(Step st, String t, int[] pos, RationalInterval[] b, BigFraction c, int bits,
            int depth) throws Invalid {
        st.depth(depth);
        st.when(pos[0] >= t.length(), "the cover tree is truncated");
        char ch = t.charAt(pos[0]++);
        if (ch == 's') {
            int k = 0;
            int start = pos[0];
            while (pos[0] < t.length() && pos[0] - start < 6 && Character.isDigit(t.charAt(pos[0]))) {
                k = 10 * k + t.charAt(pos[0]++) - '0';
            }
            st.when(start == pos[0] || k >= b.length, "bad split at tree position " + start);
            BigFraction m = b[k].mid();
            RationalInterval[] lo = b.clone();
            RationalInterval[] hi = b.clone();
            lo[k] = RationalInterval.of(b[k].lo(), m, bits);
            hi[k] = RationalInterval.of(m, b[k].hi(), bits);
            walk(st, t, pos, lo, c, bits, depth + 1);
            walk(st, t, pos, hi, c, bits, depth + 1);
            return;
        }
        Jet<RationalInterval> j = st.net().loss(b, 1);
        if (ch == 'g' && Arrays.stream(j.g()).anyMatch(g -> g.lo().signum() > 0 || g.hi().signum() < 0)
                || ch == 'l' && j.v().lo().subtract(c).signum() >= 0) {
            return;
        }
        if (ch == 'l' && !st.net().act.kinked()) {
            // mean value form: L(θ) ∈ L(m) + Σ ∇L(B)_k (θ_k − m_k) on the convex box B
            RationalInterval[] m = Arrays.stream(b).map(bk -> RationalInterval.of(bk.mid(),
                    bits)).toArray(RationalInterval[]::new);
            RationalInterval s = IntStream.range(0, b.length).mapToObj(k -> j.g()[k].mul(b[k].sub(m[k])))
                    .reduce(st.net().loss(m, 0).v(), RationalInterval::add);
            if (s.lo().subtract(c).signum() >= 0) {
                return;
            }
        }
        throw new Invalid("step " + st.id() + ": leaf " + Arrays.toString(b) + " (" + ch + ") does not hold");
    }
}
