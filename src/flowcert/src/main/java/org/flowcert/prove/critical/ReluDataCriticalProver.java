package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.ReluDataPatterns;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.flowcert.prove.ProofContext;

/**
 * Proves "every critical value of L is ≥ c, everywhere" for a 1-H-1 relu or leaky relu net with a 1-D data risk
 * (proofs-notes/critical-relu-data.md): the exact smallest critical value is the minimum of
 * k·dist(y, S)² over the realisable activation patterns, so the claim holds exactly when c is at
 * most that minimum. Recorded as a {@code critical-relu-data} step, which the checker replays by
 * redoing the enumeration.
 */
public final class ReluDataCriticalProver {

    /** Outcome; {@code step} is the recorded step's id when proved, {@code smallest} the exact smallest critical value. */
    public record Result(boolean proved, String reason, long step, BigFraction smallest) {
    }

    private ReluDataCriticalProver() {
    }

    /** Whether the problem is a 1-H-1 relu or leaky relu network with a data risk. */
    public static boolean applies(Problem p) {
        int[] w = p.network().widths();
        Activation a = p.network().activation();
        return w.length == 3 && w[0] == 1 && w[2] == 1 && p.risk() instanceof Risk.Data
                && (a instanceof Activation.Relu || a instanceof Activation.LeakyRelu);
    }

    /** The enumeration for the problem's data and slope (0 for relu). */
    static ReluDataPatterns patterns(Problem p) {
        Risk.Data d = (Risk.Data) p.risk();
        BigFraction[] x = new BigFraction[d.size()];
        BigFraction[] y = new BigFraction[d.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.x()[i][0];
            y[i] = d.y()[i][0];
        }
        BigFraction slope = p.network().activation() instanceof Activation.LeakyRelu l ? l.slope() : BigFraction.ZERO;
        return new ReluDataPatterns(x, y, d.weight(), p.network().widths()[1], slope);
    }

    /** Computes the exact smallest critical value and, when c does not exceed it, appends the step. */
    /** The smallest value over realisable patterns (the exact smallest critical value, §4 Theorem) and its pattern. */
    record Smallest(BigFraction value, String pattern) {
    }

    /** The exact smallest critical value of L over R^P and a pattern attaining it, by the checker's enumeration. */
    static Smallest smallest(ReluDataPatterns patterns) {
        Smallest[] best = {null};
        patterns.visit((sets, value) -> {
            if ((best[0] == null || value.subtract(best[0].value()).signum() < 0)
                    && patterns.realisable(sets, patterns.solve(sets))) {
                best[0] = new Smallest(value, patterns.describe(sets));
            }
            return false;
        });
        return best[0];
    }

    /** As {@link #prove(ProofContext, BigFraction, long)} with the checker's own limit on pattern families. */
    public static Result prove(ProofContext ctx, BigFraction c) {
        return prove(ctx, c, ReluDataPatterns.MAX_PATTERNS);
    }

    /** Proves every critical value ≥ c, enumerating at most {@code limit} pattern families (else not proved). */
    public static Result prove(ProofContext ctx, BigFraction c, long limit) {
        Problem p = ctx.problem();
        ReluDataPatterns pat = patterns(p);
        if (pat.count() > limit) {
            return new Result(false, "at least " + pat.count() + " activation patterns (n = " + ((Risk.Data) p.risk()).size() + ", H = "
                    + p.network().widths()[1] + ") exceed the limit of " + limit
                    + " (the checker's limit on pattern families)", -1, null);
        }
        Smallest m = smallest(pat);
        if (c.subtract(m.value()).signum() > 0) {
            return new Result(false, "false: the smallest critical value is " + Numbers.format(m.value()) + " (~"
                    + m.value().doubleValue() + "), attained at a critical point with active sets " + m.pattern(), -1, m.value());
        }
        ObjectNode s = ctx.steps().step("critical-relu-data");
        s.put("bound", Steps.num(c));
        return new Result(true, null, ctx.steps().add(s), m.value());
    }
}
