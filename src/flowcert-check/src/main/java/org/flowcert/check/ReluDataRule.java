package org.flowcert.check;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-relu-data}: every critical value of a 1-H-1 relu net with a 1-D data risk is ≥ bound,
 * everywhere, by an exact enumeration of activation patterns that the rule redoes itself (no hints):
 * proofs-notes/rules/critical-relu-data.md, proofs-notes/critical-relu-data.md. Exact rationals only.
 */
final class ReluDataRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        Net n = st.net();
        Invalid.when(n.widths.length != 3 || n.widths[0] != 1 || n.widths[2] != 1 || !n.act.kinked() || !n.isData(),
                "critical-relu-data needs a 1-H-1 relu or leaky relu network with a data risk");
        BigFraction c = st.number("bound");
        BigFraction[] x = Arrays.stream(n.xs).map(v -> v[0]).toArray(BigFraction[]::new);
        BigFraction[] y = Arrays.stream(n.ys).map(v -> v[0]).toArray(BigFraction[]::new);
        long families = ReluDataPatterns.count(x, n.widths[1], n.act.slope); // before any Gram matrix is built
        st.when(families > ReluDataPatterns.MAX_PATTERNS,
                families + " activation patterns exceed the checker's limit of " + ReluDataPatterns.MAX_PATTERNS);
        ReluDataPatterns p = new ReluDataPatterns(x, y, n.weight, n.widths[1], n.act.slope);
        String bad = p.firstRealisableBelow(c);
        st.when(bad != null, bad);
        return new Fact.CriticalAbove(c, new Fact.Everywhere());
    }
}
