package org.flowcert.check;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-profiled}: every critical point in the box has L ≥ bound, for a data risk of a smooth
 * network, replayed from a recorded bisection tree without search (proofs-notes/rules/critical-profiled.md). Tree
 * tokens in prefix order: {@code sK} halves coordinate K (lower half first); leaves {@code a}, {@code r},
 * {@code g}, {@code k} are the tests of {@link ProfiledCoverLeaves} (output layer profiled out).
 */
final class ProfiledCoverRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        int bits = st.bits();
        st.when(bits == 0, "bits: expected a positive precision");
        BigFraction c = st.number("bound");
        RationalInterval[] box = st.box("box", bits);
        String tree = st.tree(st.json().path("tree").asText());
        ProfiledCoverLeaves tests = new ProfiledCoverLeaves(st.net(), c, bits);
        int[] pos = {0};
        walk(st, tests, tree, pos, box, bits, 0);
        st.when(pos[0] != tree.length(), "text after the end of the cover tree");
        return new Fact.CriticalAbove(c, new Fact.Box(box));
    }

    private static void walk(Step st, ProfiledCoverLeaves tests, String t, int[] pos, RationalInterval[] b, int bits,
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
            walk(st, tests, t, pos, lo, bits, depth + 1);
            walk(st, tests, t, pos, hi, bits, depth + 1);
            return;
        }
        if (!tests.holds(ch, b)) {
            throw new Invalid("step " + st.id() + ": leaf " + Arrays.toString(b) + " (" + ch + ") does not hold");
        }
    }
}
