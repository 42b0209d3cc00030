package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.Invalid;
import org.flowcert.check.Jet;
import org.flowcert.check.Net;
import org.flowcert.check.RI;
import org.flowcert.io.Numbers;
import org.flowcert.prove.ProofContext;

/**
 * Branch and bound for "every critical point in the box has L ≥ c" on smooth networks, recorded
 * as a {@code critical-cover} step: a bisection tree whose leaves hold by an interval gradient
 * component excluding 0 ({@code g}) or a loss lower bound ≥ c ({@code l}, natural or mean-value
 * form). It evaluates with the checker's own rational-interval evaluation ({@link Net}, as
 * {@link ProofContext} allows), so every leaf it accepts the checker accepts: the replay costs
 * as much as the search minus the failed boxes (proofs-notes/rules/critical-cover.md).
 */
public final class CoverBranchAndBound {
    /** Precision hint of the recorded step (significant bits of the rational intervals). */
    public static final int BITS = 64;
    /** Leaves allowed before giving up (system property flowcert.cover.budget). */
    static final long BUDGET = Long.getLong("flowcert.cover.budget", 200_000L);

    public record Result(boolean proved, String reason, long step, long leaves, int depth) {
    }

    private CoverBranchAndBound() {
    }

    static BigFraction[][] box(JsonNode region) {
        BigFraction[][] b = new BigFraction[region.size()][];
        for (int k = 0; k < b.length; k++) {
            b[k] = new BigFraction[] {Numbers.parse(region.get(k).get(0).asText()),
                Numbers.parse(region.get(k).get(1).asText())};
        }
        return b;
    }

    /** Searches the tree; appends the step and returns its id when proved. */
    public static Result prove(ProofContext ctx, BigFraction[][] bounds, BigFraction c) {
        return prove(ctx, bounds, c, BUDGET);
    }

    /** As above with an explicit leaf budget. */
    public static Result prove(ProofContext ctx, BigFraction[][] bounds, BigFraction c, long budget) {
        Net net = ctx.net();
        if (!net.smoothActivation()) {
            return new Result(false, "box branch and bound for relu-type activations is not in the checker yet", -1, 0, 0);
        }
        RI[] box = new RI[bounds.length];
        for (int k = 0; k < box.length; k++) {
            box[k] = RI.of(bounds[k][0], bounds[k][1], BITS);
        }
        Search s = new Search(net, c, budget);
        try {
            if (!s.walk(box, 0)) {
                return new Result(false, s.reason, -1, s.leaves, s.maxDepth);
            }
        } catch (Invalid e) {
            return new Result(false, e.getMessage(), -1, s.leaves, s.maxDepth);
        }
        ObjectNode st = ctx.steps().step("critical-cover");
        st.put("bits", BITS);
        st.put("bound", Steps.num(c));
        Steps.putBox(st, "box", box);
        st.put("tree", s.tree.toString());
        return new Result(true, null, ctx.steps().add(st), s.leaves, s.maxDepth);
    }

    private static final class Search {
        final Net net;
        final BigFraction c;
        final StringBuilder tree = new StringBuilder();
        long leaves;
        int maxDepth;
        String reason;
        long lastReport = System.nanoTime();

        final long budget;

        Search(Net net, BigFraction c, long budget) {
            this.net = net;
            this.c = c;
            this.budget = budget;
        }

        boolean walk(RI[] b, int depth) throws Invalid {
            maxDepth = Math.max(maxDepth, depth);
            Jet<RI> j = net.loss(b, 1);
            RI[] g = j.gradient();
            for (RI gk : g) {
                if (gk.lo().signum() > 0 || gk.hi().signum() < 0) {
                    return leaf('g');
                }
            }
            if (j.value().lo().subtract(c).signum() >= 0 || meanValueLower(b, g).subtract(c).signum() >= 0) {
                return leaf('l');
            }
            RI[] mid = mid(b);
            if (net.loss(mid, 0).value().hi().subtract(c).signum() < 0 && allContainZero(net.loss(mid, 1).gradient())
                    && depth > 60) {
                reason = "false or unresolved: a box around " + java.util.Arrays.toString(mid) + " has L < " + c
                        + " and a gradient enclosure containing 0";
                return false;
            }
            if (leaves >= budget || depth > 120) {
                reason = "not proved within the budget of " + budget + " leaves (depth " + depth + ", box "
                        + java.util.Arrays.toString(b) + ")";
                return false;
            }
            // halve the coordinate along which the loss varies most over the box
            int best = 0;
            BigFraction bestScore = BigFraction.of(-1);
            for (int k = 0; k < b.length; k++) {
                BigFraction score = g[k].mag().multiply(b[k].hi().subtract(b[k].lo())).add(b[k].hi().subtract(b[k].lo()));
                if (score.subtract(bestScore).signum() > 0) {
                    best = k;
                    bestScore = score;
                }
            }
            tree.append('s').append(best);
            BigFraction m = b[best].mid();
            RI[] lo = b.clone();
            RI[] hi = b.clone();
            lo[best] = RI.of(b[best].lo(), m, BITS);
            hi[best] = RI.of(m, b[best].hi(), BITS);
            return walk(lo, depth + 1) && walk(hi, depth + 1);
        }

        private boolean leaf(char rule) {
            tree.append(rule);
            leaves++;
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.println("critical-cover: " + leaves + " leaves, depth up to " + maxDepth);
            }
            return true;
        }

        private BigFraction meanValueLower(RI[] b, RI[] g) throws Invalid {
            RI[] m = mid(b);
            RI s = net.loss(m, 0).value();
            for (int k = 0; k < b.length; k++) {
                s = s.add(g[k].mul(b[k].sub(m[k])));
            }
            return s.lo();
        }

        private static RI[] mid(RI[] b) {
            RI[] m = new RI[b.length];
            for (int k = 0; k < b.length; k++) {
                m[k] = RI.of(b[k].mid(), BITS);
            }
            return m;
        }

        private static boolean allContainZero(RI[] g) {
            for (RI gk : g) {
                if (gk.lo().signum() > 0 || gk.hi().signum() < 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
