package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.flowcert.prove.Enclosures;
import org.flowcert.prove.Outcome;
import org.flowcert.prove.ProofContext;
import org.flowcert.prove.Prover;

/**
 * Proves {@code diverges} and {@code leaves-box} by the rule {@code lasalle} (smooth activations) or
 * {@code lasalle-relu} (1-H-1 relu / leaky relu, integral risk, any H; κ_j < 0 for every unit)
 * (proofs-notes/critical-divergence.md): it cites a critical-above step already in the
 * certificate (from an earlier {@code critical-values-above} claim, everywhere for diverges, on
 * a box containing the claim's box, or everywhere, for leaves-box) whose bound exceeds L(θ), or for
 * a smooth diverges builds one itself from the exact profile, and an enclosure of L(θ).
 */
public final class LaSalleProver implements Prover {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        boolean everywhere = claim.get("type").asText().equals("diverges");
        boolean relu = !Enclosures.smooth(ctx.problem());
        if (relu) {
            String why = reluRefusal(ctx.problem());
            if (why != null) {
                return Outcome.notProved(why);
            }
        }
        // L(θ) on the prover side, wide enough to hold the checker's own enclosure at these bits
        int bits = Enclosures.rational(ctx.problem()) ? 0 : 64;
        BigFraction[] loss = Enclosures.lossForStep(ctx.problem(), bits);
        long crit = -1;
        BigFraction bound = null;
        try {
            List<String> lines = ctx.steps().lines();
            for (String l : lines) {
                JsonNode st = MAPPER.readTree(l);
                String rule = st.get("rule").asText();
                // every critical-above rule records its bound c as "bound"
                BigFraction c = rule.startsWith("critical-") && st.has("bound") ? Numbers.parse(st.get("bound").asText())
                        : null;
                if (c == null || c.subtract(loss[1]).signum() <= 0) {
                    continue;
                }
                // a critical-* step without a box is an everywhere fact (critical-profile, and for relu integral
                // risks the global rule); one with a box counts for leaves-box when its box contains the claim's
                boolean global = !st.has("box");
                if (everywhere ? global : global || contains(st.get("box"), claim.get("box"))
                        && holds(st.get("box"), ctx.problem().theta())) {
                    crit = st.get("id").asLong();
                    bound = c;
                    break;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (crit < 0 && everywhere && !relu) {
            // no earlier claim gives a bound: aim halfway between L(θ) and the smallest critical value
            BigFraction m = ProfiledCriticalValueProver.smallestCriticalValueEstimate(ctx.problem());
            if (m != null && m.subtract(loss[1]).signum() > 0) {
                ProfiledCriticalValueProver.Result r = ProfiledCriticalValueProver.prove(ctx.problem(),
                        m.add(loss[1]).divide(2));
                if (r.proved()) {
                    crit = CriticalValuesProver.recordProfile(ctx, r);
                    bound = r.value();
                }
            }
        }
        if (crit < 0) {
            return Outcome.notProved("no critical-values-above " + (everywhere ? "everywhere" : "on a box containing this box")
                    + " with a value above L(theta) = " + loss[1] + " (list such a claim before this one)"
                    + (relu && everywhere ? "; for relu-type nets the everywhere bound is not searched here" : ""));
        }
        ObjectNode ls = ctx.steps().step("loss");
        ls.put("bits", bits);
        Steps.putInterval(ls, "value", loss[0], loss[1]);
        long lossId = ctx.steps().add(ls);
        long las = ctx.steps().add(ctx.steps().step(relu ? "lasalle-relu" : "lasalle", crit, lossId));
        ObjectNode s = ctx.steps().step("claim", las);
        s.put("claim", index);
        ctx.steps().add(s);
        return Outcome.proved("L(theta) < " + Numbers.format(bound) + " <= every critical value"
                + (everywhere ? ": the flow cannot stay bounded" : " in the box: the flow leaves it"));
    }

    /**
     * Why rule lasalle-relu cannot apply to this relu-type problem, or null: it needs a 1-H-1 relu or leaky relu net
     * with an integral risk and κ_j = v_j² − w_j² − b_j² < 0 for every unit (proofs-notes/critical-divergence.md).
     */
    static String reluRefusal(Problem p) {
        int[] w = p.network().widths();
        if (w.length != 3 || w[0] != 1 || w[2] != 1) {
            return "relu-type activations: diverges and leaves-box need a 1-H-1 relu or leaky relu net "
                    + "(rule lasalle-relu)";
        }
        if (!(p.risk() instanceof Risk.Integral)) {
            return "relu-type activations with a data risk: not supported. Where a kink meets a data point the "
                    + "gradient is discontinuous and the flow can stop at a point that is not critical in the "
                    + "contract's sense, which a critical-relu-data bound does not cover "
                    + "(proofs-notes/critical-divergence.md, section D)";
        }
        BigFraction[] t = p.theta();
        int h = w[1];
        for (int j = 0; j < h; j++) {
            BigFraction v = t[2 * h + j];
            if (v.multiply(v).subtract(t[j].multiply(t[j])).subtract(t[h + j].multiply(t[h + j])).signum() >= 0) {
                return "unit " + j + " has v^2 - w^2 - b^2 >= 0: the flow may reach the non-smooth set w = b = 0, "
                        + "where the LaSalle argument (proofs-notes/critical-divergence.md) does not apply";
            }
        }
        return null;
    }

    /** Whether θ lies in the step's box (the checker's θ ∈ K condition). */
    private static boolean holds(JsonNode box, BigFraction[] theta) {
        if (box.size() != theta.length) {
            return false;
        }
        for (int k = 0; k < theta.length; k++) {
            if (Numbers.parse(box.get(k).get(0).asText()).subtract(theta[k]).signum() > 0
                    || theta[k].subtract(Numbers.parse(box.get(k).get(1).asText())).signum() > 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode outer, JsonNode inner) {
        if (outer == null || inner == null || outer.size() != inner.size()) {
            return false;
        }
        for (int k = 0; k < outer.size(); k++) {
            if (Numbers.parse(outer.get(k).get(0).asText()).subtract(Numbers.parse(inner.get(k).get(0).asText())).signum() > 0
                    || Numbers.parse(inner.get(k).get(1).asText()).subtract(Numbers.parse(outer.get(k).get(1).asText())).signum() > 0) {
                return false;
            }
        }
        return true;
    }
}
