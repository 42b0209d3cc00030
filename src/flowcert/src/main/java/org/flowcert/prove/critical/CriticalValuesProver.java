package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.io.Numbers;
import org.flowcert.prove.Outcome;
import org.flowcert.prove.ProofContext;
import org.flowcert.prove.Prover;

/**
 * Proves {@code critical-values-above c}: {@code everywhere} by the exact profile algebra of
 * {@link ProfiledCriticalValueProver} (recorded as a {@code critical-profile} step), or on a
 * box by {@link CoverBranchAndBound} (recorded as a {@code critical-cover} step) or, when that fails on a data
 * risk of a smooth net, {@link ProfiledCoverProver} ({@code critical-profiled}).
 */
public final class CriticalValuesProver implements Prover {
    /** Leaves the plain cover may use before a data risk of a smooth net goes to the profiled cover. */
    private static final long PLAIN_FIRST = 2_000;

    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        BigFraction c = Numbers.parse(claim.get("value").asText());
        JsonNode region = claim.get("region");
        long id;
        long earlier = region.isTextual() ? -1 : ReluKinkProver.earlierStep(ctx, c); // everywhere covers every box
        if (earlier >= 0) {
            id = earlier;
        } else if (ReluKinkProver.applies(ctx.problem()) && (region.isTextual()
                || !ReluCellProver.applies(ctx.problem()))) { // relu boxes keep critical-relu-cells (lasalle-relu)
            ReluKinkProver.Result r = ReluKinkProver.prove(ctx, c, region.isTextual() ? null
                    : CoverBranchAndBound.box(region), ctx.settings().reluCellBudget());
            if (!r.proved()) {
                return Outcome.notProved(r.reason());
            }
            id = r.step();
        } else if (region.isTextual() && ReluDataCriticalProver.applies(ctx.problem())) {
            ReluDataCriticalProver.Result r = ReluDataCriticalProver.prove(ctx, c);
            if (!r.proved()) {
                return Outcome.notProved(r.reason());
            }
            id = r.step();
        } else if (region.isTextual()) {
            ProfiledCriticalValueProver.Result r = ProfiledCriticalValueProver.prove(ctx.problem(), c);
            if (!r.proved()) {
                return Outcome.notProved(r.reason());
            }
            id = recordProfile(ctx, r);
        } else if (ReluCellProver.applies(ctx.problem())) {
            ReluCellProver.Result r = ReluCellProver.prove(ctx, CoverBranchAndBound.box(region), c,
                    ctx.settings().reluCellBudget());
            if (!r.proved()) {
                return Outcome.notProved(r.reason());
            }
            id = r.step();
        } else if (!org.flowcert.prove.Enclosures.smooth(ctx.problem())) {
            // a relu-type net that none of the relu rules above takes: say which nets they take
            return Outcome.notProved("no rule covers the critical values of this " + java.util.Arrays.toString(
                    ctx.problem().network().widths()) + " " + ctx.problem().network().activation().spec()
                    + " net on a box: for relu-type nets flowcert has critical-relu-kinks (1-2-1, 1-3-1 or 1-4-1"
                    + " relu or leaky relu; integral risk), critical-relu-cells (1-H-1 relu, H <= 2; integral risk) and"
                    + " critical-relu-data (1-H-1 relu or leaky relu on data; region everywhere only)");
        } else {
            // the plain cover first (small boxes, e.g. sad-tanh-h1), then the output layer profiled out
            boolean profiled = ProfiledCoverProver.applies(ctx.problem());
            CoverBranchAndBound.Result r = CoverBranchAndBound.prove(ctx, CoverBranchAndBound.box(region), c,
                    profiled ? Math.min(PLAIN_FIRST, ctx.settings().coverBudget()) : ctx.settings().coverBudget());
            if (r.proved()) {
                id = r.step();
            } else if (profiled) {
                ProfiledCoverProver.Result q = ProfiledCoverProver.prove(ctx, CoverBranchAndBound.box(region), c);
                if (!q.proved()) {
                    return Outcome.notProved(q.reason() + "; the plain cover: " + r.reason());
                }
                id = q.step();
            } else {
                return Outcome.notProved(r.reason());
            }
        }
        ObjectNode s = ctx.steps().step("claim", id);
        s.put("claim", index);
        ctx.steps().add(s);
        return Outcome.proved("every critical value " + (region.isTextual() ? "" : "in the box ") + "is >= "
                + Numbers.format(c));
    }

    /** Appends the critical-profile step of a proved result and returns its id. */
    static long recordProfile(ProofContext ctx, ProfiledCriticalValueProver.Result r) {
        ObjectNode s = ctx.steps().step("critical-profile");
        s.put("bound", Steps.num(r.value()));
        put(s.putArray("num"), r.profile().rawNumerator());
        put(s.putArray("den"), r.profile().rawDenominator());
        ArrayNode roots = s.putArray("roots");
        for (ProfiledCriticalValueProver.RootCase rc : r.roots()) {
            roots.addArray().add(Steps.num(rc.interval().lo())).add(Steps.num(rc.interval().hi()));
        }
        return ctx.steps().add(s);
    }

    private static void put(ArrayNode a, RationalPolynomial p) {
        for (BigFraction q : p.coefficients()) {
            a.add(Steps.num(q));
        }
    }
}
