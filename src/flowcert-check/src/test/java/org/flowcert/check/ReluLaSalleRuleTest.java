package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Rules {@code lasalle-relu} and {@code lasalle} with stub facts (the rules that will produce
 * critical-above facts for H ≥ 3, for leaky relu and everywhere are built by other helpers): what
 * the rule checks itself — the net, the risk, κ_j = v_j² − w_j² − b_j² < 0 at θ, L(θ) < c, θ ∈ K —
 * and what the claim step then concludes (proofs-notes/critical-divergence.md, rules/lasalle-relu.md).
 *
 * <p>Problem R3: ReLU 1-3-1, f = 1{x > 1/2} on [0, 1], θ = (w; b; v; c) = (2, 2, −1; −1/2, −3/2, 1/2;
 * 1, −1, 1/4; 0). By hand: N = (1/2 − x)/4 on [0, 1/4], (7/4)x − 3/8 on [1/4, 1/2], 2x − 1/2 on
 * [1/2, 3/4], 1 on [3/4, 1], so L = 7/3072 + 73/3072 + 64/3072 + 0 = 3/64; κ = (−13/4, −21/4, −19/16).
 */
class ReluLaSalleRuleTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JUMP = "\"risk\": {\"type\": \"integral\", \"domain\": [\"0\", \"1\"], \"target\": ["
            + "{\"from\": \"0\", \"to\": \"1/2\", \"poly\": [\"0\"]}, {\"from\": \"1/2\", \"to\": \"1\", \"poly\": [\"1\"]}]}";
    private static final String[] R3 = {"2", "2", "-1", "-1/2", "-3/2", "1/2", "1", "-1", "1/4", "0"};
    private static final BigFraction L3 = BigFraction.of(3, 64);

    private static Net net(String widths, String act, String[] theta, String risk) throws Malformed {
        return Net.parse("{\"network\": {\"widths\": " + widths + ", \"activation\": \"" + act + "\"}, \"theta\": ["
                + String.join(", ", Arrays.stream(theta).map(t -> "\"" + t + "\"").toList()) + "], " + risk + "}");
    }

    private static Fact.CriticalAbove everywhere(String c) {
        return new Fact.CriticalAbove(frac(c), new Fact.Everywhere());
    }

    /** The box θ ± h. */
    private static RationalInterval[] around(String[] theta, BigFraction h) {
        return Arrays.stream(theta).map(t -> RationalInterval.of(frac(t).subtract(h), frac(t).add(h), 0))
                .toArray(RationalInterval[]::new);
    }

    private static Fact lasalle(Rule rule, Net n, Fact crit, BigFraction loss) throws Invalid {
        JsonNode json = MAPPER.createObjectNode().put("id", 3).put("rule", "lasalle-relu");
        Fact l = new Fact.Loss(RationalInterval.of(loss, loss, 0));
        return rule.apply(new Step(3, json, List.of(crit, l), n, MAPPER.createArrayNode()));
    }

    private static BigFraction frac(String s) {
        String[] p = s.split("/");
        return p.length == 1 ? BigFraction.of(Long.parseLong(p[0]))
                : BigFraction.of(Long.parseLong(p[0]), Long.parseLong(p[1]));
    }

    @Test
    void reluH3DivergesFromAnEverywhereFactAndLeavesABoxFromABoxFact() throws Exception {
        Net n = net("[1, 3, 1]", "relu", R3, JUMP);
        Fact f = lasalle(new ReluLaSalleRule(), n, everywhere("1/16"), L3);
        assertThat(((Fact.Leaves) f).region()).isInstanceOf(Fact.Everywhere.class);
        RationalInterval[] k = around(R3, BigFraction.of(1, 64));
        Fact g = lasalle(new ReluLaSalleRule(), n, new Fact.CriticalAbove(BigFraction.of(1, 16), new Fact.Box(k)), L3);
        assertThat(((Fact.Box) ((Fact.Leaves) g).region()).box()).isEqualTo(k);
    }

    @Test
    void leakyReluAndFourUnitsAreAccepted() throws Exception {
        // leaky relu slope 1/10, H = 2: κ = 1 − 4 − 1/4 < 0 and 1 − 4 − 9/4 < 0 (the bound is a stub; L is not used)
        Net leaky = net("[1, 2, 1]", "leaky_relu:1/10", new String[] {"2", "2", "-1/2", "-3/2", "1", "-1", "0"}, JUMP);
        assertThat(lasalle(new ReluLaSalleRule(), leaky, everywhere("1/10"), BigFraction.of(1, 20)))
                .isInstanceOf(Fact.Leaves.class);
        Net h4 = net("[1, 4, 1]", "relu", new String[] {"2", "-2", "3", "2", "0", "1", "-1", "-1", "1", "1", "1", "1", "0"},
                JUMP);
        assertThat(lasalle(new ReluLaSalleRule(), h4, everywhere("1/10"), BigFraction.of(1, 20)))
                .isInstanceOf(Fact.Leaves.class);
    }

    @Test
    void aLossNotBelowTheBoundIsRefused() throws Exception {
        Net n = net("[1, 3, 1]", "relu", R3, JUMP);
        assertThatThrownBy(() -> lasalle(new ReluLaSalleRule(), n, everywhere("3/64"), L3))
                .isInstanceOf(Invalid.class).hasMessageContaining("not known to lie below 3/64");
    }

    @Test
    void aUnitWithNonNegativeKappaIsRefused() throws Exception {
        // unit 2: (w, b, v) = (3/5, 4/5, 1) has κ = 1 − 9/25 − 16/25 = 0 exactly; then v = 2: κ = 3 > 0
        for (String v : List.of("1", "2")) {
            String[] t = R3.clone();
            t[2] = "3/5";
            t[5] = "4/5";
            t[8] = v;
            Net n = net("[1, 3, 1]", "relu", t, JUMP);
            assertThatThrownBy(() -> lasalle(new ReluLaSalleRule(), n, everywhere("1"), BigFraction.of(1, 2)))
                    .isInstanceOf(Invalid.class).hasMessageContaining("unit 2 has v^2 - w^2 - b^2 >= 0");
        }
    }

    @Test
    void dataRisksDeepNetsSmoothNetsAndPointsOutsideTheBoxAreRefused() throws Exception {
        String data = "\"risk\": {\"type\": \"data\", \"x\": [\"0\", \"1\", \"2\"], \"y\": [\"0\", \"1\", \"0\"]}";
        Net d = net("[1, 3, 1]", "relu", R3, data);
        assertThatThrownBy(() -> lasalle(new ReluLaSalleRule(), d, everywhere("1"), BigFraction.of(1, 100)))
                .isInstanceOf(Invalid.class).hasMessageContaining("does not cover data risks");
        Net deep = net("[1, 1, 1, 1]", "relu", new String[] {"2", "0", "1", "0", "1", "0"}, JUMP);
        assertThatThrownBy(() -> lasalle(new ReluLaSalleRule(), deep, everywhere("1"), BigFraction.of(1, 100)))
                .isInstanceOf(Invalid.class).hasMessageContaining("1-H-1 relu or leaky relu");
        Net tanh = net("[1, 3, 1]", "tanh", R3, JUMP);
        assertThatThrownBy(() -> lasalle(new ReluLaSalleRule(), tanh, everywhere("1"), BigFraction.of(1, 100)))
                .isInstanceOf(Invalid.class).hasMessageContaining("1-H-1 relu or leaky relu");
        Net n = net("[1, 3, 1]", "relu", R3, JUMP);
        assertThatThrownBy(() -> lasalle(new LaSalleRule(), n, everywhere("1"), L3))
                .isInstanceOf(Invalid.class).hasMessageContaining("smooth activation");
        // K = θ + [1/64, 1/32]^P does not contain θ
        RationalInterval[] k = Arrays.stream(around(R3, BigFraction.of(1, 128)))
                .map(i -> RationalInterval.of(i.hi(), i.hi().add(BigFraction.of(1, 64)), 0))
                .toArray(RationalInterval[]::new);
        assertThatThrownBy(() -> lasalle(new ReluLaSalleRule(), n, new Fact.CriticalAbove(BigFraction.ONE,
                new Fact.Box(k)), L3)).isInstanceOf(Invalid.class);
    }

    @Test
    void divergesNeedsAnEverywhereFactAndLeavesBoxABoxInsideK() throws Exception {
        Net n = net("[1, 3, 1]", "relu", R3, JUMP);
        RationalInterval[] k = around(R3, BigFraction.of(1, 64));
        Fact boxed = lasalle(new ReluLaSalleRule(), n, new Fact.CriticalAbove(BigFraction.of(1, 16), new Fact.Box(k)),
                L3);
        JsonNode diverges = MAPPER.readTree("[{\"type\": \"diverges\"}]");
        assertThatThrownBy(() -> claim(n, diverges, boxed)).isInstanceOf(Invalid.class)
                .hasMessageContaining("holds on a box only");
        StringBuilder big = new StringBuilder("[{\"type\": \"leaves-box\", \"box\": [");
        StringBuilder small = new StringBuilder("[{\"type\": \"leaves-box\", \"box\": [");
        for (int i = 0; i < R3.length; i++) {
            String sep = i == 0 ? "" : ", ";
            big.append(sep).append("[\"-3\", \"3\"]");
            small.append(sep).append("[\"").append(R3[i]).append("\", \"").append(R3[i]).append("\"]");
        }
        JsonNode outside = MAPPER.readTree(big + "]}]");
        assertThatThrownBy(() -> claim(n, outside, boxed)).isInstanceOf(Invalid.class);
        assertThat(claim(n, MAPPER.readTree(small + "]}]"), boxed)).isInstanceOf(Fact.Claim.class);
        // from an everywhere fact: diverges and any box
        Fact global = lasalle(new ReluLaSalleRule(), n, everywhere("1/16"), L3);
        assertThat(claim(n, diverges, global)).isInstanceOf(Fact.Claim.class);
        assertThat(claim(n, outside, global)).isInstanceOf(Fact.Claim.class);
    }

    private static Fact claim(Net n, JsonNode claims, Fact cited) throws Invalid {
        JsonNode json = MAPPER.createObjectNode().put("id", 4).put("rule", "claim").put("claim", 0);
        return new ClaimStep().apply(new Step(4, json, List.of(cited), n, claims));
    }
}
