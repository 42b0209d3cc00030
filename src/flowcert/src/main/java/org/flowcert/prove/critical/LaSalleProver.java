package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.io.Numbers;
import org.flowcert.prove.Enclosures;
import org.flowcert.prove.Outcome;
import org.flowcert.prove.ProofContext;
import org.flowcert.prove.Prover;

/**
 * Proves {@code diverges} and {@code leaves-box} by the rule {@code lasalle}
 * (proofs-notes/critical-divergence.md): it cites a critical-above step already in the
 * certificate (from an earlier {@code critical-values-above} claim, everywhere for diverges, on
 * a box containing the claim's box for leaves-box) whose bound exceeds L(θ), or for diverges
 * builds one itself from the exact profile, and an enclosure of L(θ).
 */
public final class LaSalleProver implements Prover {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        boolean everywhere = claim.get("type").asText().equals("diverges");
        boolean relu = !Enclosures.smooth(ctx.problem());
        if (relu && (everywhere || !ReluCellProver.applies(ctx.problem()))) {
            return Outcome.notProved("relu-type activations: only leaves-box for a 1-H-1 relu net (H <= 2) with an integral risk "
                    + "(rule lasalle-relu); diverges is not supported");
        }
        if (relu) {
            BigFraction[] t = ctx.problem().theta();
            int h = (t.length - 1) / 3;
            for (int j = 0; j < h; j++) {
                BigFraction w = t[j];
                BigFraction b = t[h + j];
                BigFraction v = t[2 * h + j];
                if (v.multiply(v).subtract(w.multiply(w)).subtract(b.multiply(b)).signum() >= 0) {
                    return Outcome.notProved("unit " + j + " has v^2 - w^2 - b^2 >= 0: the flow may reach the non-smooth set "
                            + "w = b = 0, where the a.e.-gradient LaSalle argument (proofs-notes/critical-divergence.md) does not apply");
                }
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
                BigFraction c = rule.startsWith("critical-") ? Numbers.parse(st.get("bound").asText()) : null;
                if (c == null || c.subtract(loss[1]).signum() <= 0) {
                    continue;
                }
                if ((!relu && rule.equals("critical-profile")) || (!everywhere && contains(st.get("box"), claim.get("box")))) {
                    crit = st.get("id").asLong();
                    bound = c;
                    break;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (crit < 0 && everywhere) {
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
                    + " with a value above L(theta) = " + loss[1] + " (list such a claim before this one)");
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
