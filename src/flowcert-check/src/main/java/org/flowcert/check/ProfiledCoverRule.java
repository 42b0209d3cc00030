package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-profiled}: every critical point in the box has L ≥ bound, for a data risk of a smooth
 * network, replayed from a recorded bisection tree without search (proofs-notes/rules/critical-profiled.md). Tree
 * tokens in prefix order: {@code sK} halves coordinate K (lower half first); leaves {@code a}, {@code r},
 * {@code g}, {@code k} are the tests of {@link ProfiledCoverLeaves} (output layer profiled out), and {@code d} (a
 * fixed direction's component of ∇L excludes 0), {@code t} (its second-order Taylor form excludes 0) and {@code p}
 * (the profiled loss's Taylor form in the inner parameters excludes a critical point on the whole column,
 * {@link ProfiledLossLeaf}) when the step states a {@code direction} over the inner parameters.
 */
final class ProfiledCoverRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        int bits = st.bits();
        st.when(bits == 0, "bits: expected a positive precision");
        BigFraction c = st.number("bound");
        RationalInterval[] box = st.box("box", bits);
        String tree = st.tree(st.json().path("tree").asText());
        BigFraction[] dir = st.json().has("direction") ? st.numbers("direction") : null;
        ProfiledCoverLeaves tests;
        try {
            tests = new ProfiledCoverLeaves(st.net(), c, bits, dir);
        } catch (Invalid e) {
            throw new Invalid("step " + st.id() + ": " + e.getMessage());
        }
        CoverTree.replay(st, tree, box, bits, tests::holds);
        return new Fact.CriticalAbove(c, new Fact.Box(box));
    }
}
