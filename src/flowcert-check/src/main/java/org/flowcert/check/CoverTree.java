package org.flowcert.check;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The bisection tree of rules {@code critical-cover} and {@code critical-profiled}, replayed without search. Tokens
 * in prefix order: {@code sK} halves coordinate K of the cell (lower half first, the halves rounded outward to the
 * step's bits); any other letter is a leaf, which the rule's test must accept on its cell. The leaves' cells
 * therefore cover the whole box.
 */
final class CoverTree {
    /** A rule's leaf test: whether leaf {@code leaf} holds on {@code cell}. */
    interface LeafTest {
        boolean holds(char leaf, RationalInterval[] cell) throws Invalid;
    }

    private CoverTree() {
    }

    /** Replays {@code tree} over {@code box}: invalid unless it is one whole tree and every leaf holds. */
    static void replay(Step st, String tree, RationalInterval[] box, int bits, LeafTest test) throws Invalid {
        int[] pos = {0};
        walk(st, test, tree, pos, box, bits, 0);
        st.when(pos[0] != tree.length(), "text after the end of the cover tree");
    }

    private static void walk(Step st, LeafTest test, String t, int[] pos, RationalInterval[] b, int bits,
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
            walk(st, test, t, pos, lo, bits, depth + 1);
            walk(st, test, t, pos, hi, bits, depth + 1);
            return;
        }
        if (!test.holds(ch, b)) {
            throw new Invalid("step " + st.id() + ": leaf " + Arrays.toString(b) + " (" + ch + ") does not hold");
        }
    }
}
