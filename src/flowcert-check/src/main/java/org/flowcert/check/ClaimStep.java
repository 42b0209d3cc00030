package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code claim}: the one cited fact implies claim number {@code claim}, by the claim type's
 * condition in exact rationals (proofs-notes/rules/claim.md, table in certificate-format.md §3).
 */
final class ClaimStep implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        int i = st.index("claim", st.claims().size() - 1);
        st.when(st.cited().size() != 1, "a claim step cites exactly one step");
        conclude(st.claims().get(i), st.cited().get(0), st.net().parameterCount());
        return new Fact.Claim(i);
    }

    private static void conclude(JsonNode claim, Fact f, int p) throws Invalid {
        String type = claim.path("type").asText();
        switch (type) {
            case "loss-enclosure" -> {
                RationalInterval l = expect(f, "loss")[0];
                Invalid.when(number(claim, "lo").subtract(l.lo()).signum() > 0
                        || l.hi().subtract(number(claim, "hi")).signum() > 0,
                        "L(theta) is only known to lie in " + l + ", not inside [lo, hi]");
            }
            case "loss-below" -> {
                RationalInterval l = expect(f, "loss")[0];
                Invalid.when(l.hi().subtract(number(claim, "value")).signum() >= 0,
                        "L(theta) is only known to lie in " + l + ", not below the value");
            }
            case "critical-point" -> {
                if (claim.has("box")) {
                    // one zero in X, and it lies in K: with K ⊆ box ⊆ X exactly one in the box (rules/krawczyk.md)
                    RationalInterval[] box = Json.box(claim.get("box"), p, 0, "claim box");
                    RationalInterval.inside(expect(f, "critical"), box, "the Krawczyk box K");
                    RationalInterval.inside(box, ((Fact.Critical) f).x(), "the claim's box");
                    return;
                }
                Invalid.when(!Arrays.stream(expect(f, "gradient")).allMatch(g -> g.isPoint() && g.lo().signum() == 0),
                        "the gradient enclosure is not the point 0");
            }
            case "flow-enclosure" -> {
                RationalInterval[] x = expect(f, "flow");
                BigFraction time = ((Fact.Flow) f).time();
                Invalid.when(!time.equals(number(claim, "time")),
                        "the flow fact is at time " + time + ", not at the claimed time");
                RationalInterval.inside(x, Json.box(claim.get("box"), p, 0, "claim box"), "the flow enclosure");
            }
            case "leaves-ball" -> {
                // Σ_k (the least x² over X_k), exact (bits 0)
                BigFraction min = Arrays.stream(expect(f, "flow")).map(x -> x.withBits(0).sqr().lo())
                        .reduce(BigFraction.ZERO, BigFraction::add);
                BigFraction r = number(claim, "radius");
                BigFraction time = ((Fact.Flow) f).time();
                Invalid.when(time.subtract(number(claim, "by")).signum() > 0,
                        "the flow fact is at time " + time + ", after by");
                Invalid.when(r.signum() >= 0 && min.subtract(r.multiply(r)).signum() <= 0,
                        "the enclosure at time " + time + " reaches inside the ball of radius " + r);
            }
            case "linear-convergence" -> {
                BigFraction rate = expect(f, "rate")[0].lo();
                JsonNode limit = claim.get("limit");
                Invalid.when(limit != null && Json.number(limit, "claim field limit").signum() != 0,
                        "the ntk-ball rule proves convergence to 0 only");
                Invalid.when(number(claim, "rate").subtract(rate).signum() > 0,
                        "the proved rate is " + rate + ", below the claimed rate");
            }
            case "critical-values-above", "diverges", "leaves-box" -> {
                // from a critical-above fact (or a lasalle fact), about a box or everywhere
                RationalInterval[] v = expect(f, type.equals("critical-values-above") ? "critical-above" : "leaves");
                if (type.equals("critical-values-above")) {
                    BigFraction c = v[0].lo();
                    Invalid.when(number(claim, "value").subtract(c).signum() > 0, "critical values are only shown >= "
                            + c);
                }
                Fact.Region where = f instanceof Fact.CriticalAbove a ? a.region() : ((Fact.Leaves) f).region();
                JsonNode region = type.equals("leaves-box") ? claim.get("box") : claim.get("region");
                if (type.equals("diverges") || (region != null && region.asText().equals("everywhere"))) {
                    Invalid.when(!(where instanceof Fact.Everywhere),
                            "the cited fact holds on a box only, the claim is about all of R^P");
                } else {
                    RationalInterval[] box = Json.box(region, p, 0, "claim " + type);
                    if (where instanceof Fact.Box k) { // a fact about everywhere covers every box
                        RationalInterval.inside(box, k.box(), "the claim's box");
                    }
                }
            }
            default -> throw new Invalid("claim type \"" + type + "\" is not supported by this checker");
        }
    }

    /** The cited fact's values; it must be of the given kind. */
    private static RationalInterval[] expect(Fact fact, String kind) throws Invalid {
        Invalid.when(!fact.kind().equals(kind), "the cited step gives a " + fact.kind() + " fact, this claim needs "
                + kind);
        return fact.values();
    }

    private static BigFraction number(JsonNode claim, String name) throws Invalid {
        return Json.number(claim.get(name), "claim field " + name);
    }
}
