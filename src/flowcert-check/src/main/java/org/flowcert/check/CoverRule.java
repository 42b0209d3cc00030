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
        CoverTree.replay(st, tree, box, bits, (leaf, cell) -> holds(st, c, bits, leaf, cell));
        return new Fact.CriticalAbove(c, new Fact.Box(box));
    }

    /** Leaf {@code g}: a gradient component excludes 0 on the cell; leaf {@code l}: L ≥ c on it. */
    private static boolean holds(Step st, BigFraction c, int bits, char ch, RationalInterval[] b) throws Invalid {
        Jet<RationalInterval> j = st.net().loss(b, 1);
        if (ch == 'g' && Arrays.stream(j.g()).anyMatch(g -> g.lo().signum() > 0 || g.hi().signum() < 0)
                || ch == 'l' && j.v().lo().subtract(c).signum() >= 0) {
            return true;
        }
        if (ch == 'l' && !st.net().act.kinked()) {
            // mean value form: L(θ) ∈ L(m) + Σ ∇L(B)_k (θ_k − m_k) on the convex box B
            RationalInterval[] m = Arrays.stream(b).map(bk -> RationalInterval.of(bk.mid(),
                    bits)).toArray(RationalInterval[]::new);
            RationalInterval s = IntStream.range(0, b.length).mapToObj(k -> j.g()[k].mul(b[k].sub(m[k])))
                    .reduce(st.net().loss(m, 0).v(), RationalInterval::add);
            return s.lo().subtract(c).signum() >= 0;
        }
        return false;
    }
}
