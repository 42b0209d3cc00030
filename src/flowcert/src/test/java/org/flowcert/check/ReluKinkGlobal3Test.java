package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.prove.Certifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Leaf z of rule critical-relu-kinks (proofs-notes/critical-relu-triple.md) hooked into the three-kink trees of 1-3-1
 * relu nets: the everywhere blow-up certificate for the jump at 1/2 (bound 263/10000, below the smallest critical
 * value 0.026310465948 found by the independent profile search of benchmarks/relu-kinks/) is valid, and the leaf's
 * guards hold: not around the real critical point, not for a slope outside [0, 1), not in the trees of two units,
 * not for a target with a non-constant piece; tampered certificates are rejected.
 */
class ReluKinkGlobal3Test {
    private static final int CASE_X = ReluKinkLeaves.CASES.size();
    private static final int PP_M = CASE_X + 2; // "++-"
    private static final int P_MM = CASE_X + 3; // "+--"

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    private static final List<BigFraction[]> HALF = List.of(new BigFraction[] {q(0, 1), q(1, 2)},
            new BigFraction[] {q(1, 2), q(1, 1)});
    private static final List<BigFraction[]> STEP = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)});

    /** The jump 1{x > 1/2} on [0, 1], slope alpha, bound c, no box, leaf z allowed or not (three units or not). */
    private static ReluKinkLeaves jump(BigFraction alpha, boolean three, List<BigFraction[]> poly) {
        return new ReluKinkLeaves(HALF, poly, q(263, 10_000), alpha, null, three);
    }

    /** A triple-point cell: every kink range [1/2 − 1/512, 1/2] (note §0, family T). */
    private static BigFraction[][] triple() {
        BigFraction[] lo = {q(255, 512), q(255, 512), q(255, 512)};
        BigFraction[] hi = {q(1, 2), q(1, 2), q(1, 2)};
        return new BigFraction[][] {lo, hi};
    }

    @Test
    void leafZClosesTheTriplePointOnlyForThreeReluUnitsAndAConstantTarget() {
        BigFraction[][] c = triple();
        ReluKinkLeaves relu3 = jump(BigFraction.ZERO, true, STEP);
        // the cell holds no critical point (note §2, by hand): z closes it, with 1 or 64 t-ranges
        assertThat(relu3.holds(PP_M, 'z', 64, c[0], c[1])).isTrue();
        assertThat(relu3.holds(P_MM, 'z', 64, c[0], c[1])).isTrue();
        // everything else that could close it without a box fails there (the reason leaf z exists)
        for (char l : "qwxB".toCharArray()) {
            assertThat(relu3.holds(PP_M, l, 0, c[0], c[1])).as("leaf %s", l).isFalse();
        }
        // the number of t-ranges is bounded
        assertThat(relu3.holds(PP_M, 'z', 0, c[0], c[1])).isFalse();
        assertThat(relu3.holds(PP_M, 'z', ReluKinkTriple.MAX_PARTS + 1, c[0], c[1])).isFalse();
        // leaky relu (slope 1/10, critical-relu-kinks.md §13.4): the relations with λ'; the kinks lie left of the jump,
        // so D_0 = D_1 = 0 exactly, c_0 = λ'_0/ℓ_0² + λ'_1/ℓ_1² ≠ 0 (λ'_0 ∈ {1, −α}, ℓ_0 long) forces κ = 0, and then
        // D_2 = (1 − t)(1 − 3t) with t <= 1/256 cannot vanish: closed too. A slope outside [0, 1): refused
        assertThat(jump(q(1, 10), true, STEP).holds(PP_M, 'z', 64, c[0], c[1])).isTrue();
        assertThat(jump(q(1, 10), true, STEP).holds(P_MM, 'z', 64, c[0], c[1])).isTrue();
        assertThat(jump(BigFraction.ONE, true, STEP).holds(PP_M, 'z', 64, c[0], c[1])).isFalse();
        // leaves built without z (zKinks 0: what the rule passes for a 1-2-1 net) refuse it; for a 1-4-1 net the rule
        // allows z in the three-kink trees too (critical-relu-kinks.md §12, ReluKink4ZTest)
        assertThat(jump(BigFraction.ZERO, false, STEP).holds(PP_M, 'z', 64, c[0], c[1])).isFalse();
        // the trees of two kinks (++, --, +-) and case x never take it
        BigFraction[] lo2 = {c[0][0], c[0][1]};
        BigFraction[] hi2 = {c[1][0], c[1][1]};
        for (int kase = 1; kase <= CASE_X; kase++) {
            assertThat(relu3.holds(kase, 'z', 64, lo2, hi2)).as("case %s", ReluKinkLeaves.caseName(kase)).isFalse();
        }
        // a target with a polynomial piece (1 + x/1000 on [1/2, 1]): the leaf is written for constant pieces only
        List<BigFraction[]> affine = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1), q(1, 1000)});
        assertThat(jump(BigFraction.ZERO, true, affine).holds(PP_M, 'z', 64, c[0], c[1])).isFalse();
    }

    @Test
    void leafZNeverClosesTheCellAroundTheRealCriticalPoint() {
        // the smallest critical value 0.026310465948 at + kinks 0.215184, 0.611087 and − kink 0.430368 (profile
        // search, benchmarks/relu-kinks/): a cell around it holds a critical point, whatever the bound
        BigFraction[] mid = {q(215_184, 1_000_000), q(611_087, 1_000_000), q(430_368, 1_000_000)};
        ReluKinkLeaves l = new ReluKinkLeaves(HALF, STEP, q(2632, 100_000), BigFraction.ZERO, null, true);
        for (BigFraction e : new BigFraction[] {q(1, 1_000), q(1, 100_000), q(1, 1_000_000)}) {
            BigFraction[][] cell = ReluKinkRuleTest.cellAround(mid, e);
            BigFraction[] lo = cell[0];
            BigFraction[] hi = cell[1];
            for (int n : new int[] {1, 8, 64, 512}) {
                assertThat(l.holds(PP_M, 'z', n, lo, hi)).as("half-width %s, %d t-ranges", e, n).isFalse();
            }
        }
        // its mirror in +-- (x -> 1 - x, f -> 1 - f; relu(q - x) is a - unit): kinks 1 - 0.611087 and 1 - 0.215184
        // (−), 1 − 0.430368 (+)
        BigFraction[] mir = {q(569_632, 1_000_000), q(388_913, 1_000_000), q(784_816, 1_000_000)};
        BigFraction e = q(1, 100_000);
        BigFraction[][] cell = ReluKinkRuleTest.cellAround(mir, e);
        BigFraction[] lo = cell[0];
        BigFraction[] hi = cell[1];
        assertThat(l.holds(P_MM, 'z', 64, lo, hi)).isFalse();
    }

    private static Checker.Result check(String[] sec, String problem, String claims, List<String> steps) {
        return Checker.check(CertificateText.assemble(sec[3], problem, claims, steps).getBytes(
                StandardCharsets.UTF_8));
    }

    private static String text(Checker.Result r) {
        return String.join("\n", r.lines());
    }

    @Test
    void theEverywhereCertificateIsValidAndTamperingIsRejected() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-blowup-h3-global.cert");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        Checker.Result ok = check(sec, sec[0], sec[1], all);
        assertThat(ok.exitCode()).isZero();
        assertThat(text(ok)).contains("VALID claim 1").contains("VALID claim 2 (diverges)");
        assertThat(sec[2]).contains("\"rule\":\"lasalle-relu\"");
        assertThat(sec[1]).contains("\"everywhere\"").contains("263/10000").contains("diverges");
        String line = all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow();
        assertThat(line).doesNotContain("\"box\"").doesNotContain("B").contains("z");
        // a raised bound (claims and step), a hair above the smallest critical value 0.026310465948
        Checker.Result raised = check(sec, sec[0], sec[1].replace("263/10000", "2632/100000"),
                ReluKinkRuleTest.steps(sec, "\"bound\":\"263/10000\"", "\"bound\":\"2632/100000\""));
        assertThat(raised.exitCode()).isEqualTo(1);
        assertThat(text(raised)).contains("INVALID");
        // the claim alone raised
        Checker.Result claimOnly = check(sec, sec[0], sec[1].replace("263/10000", "264/10000"), all);
        assertThat(claimOnly.exitCode()).isEqualTo(1);
        assertThat(text(claimOnly)).contains("critical values are only shown >=");
        // tampered trees: the first z leaf of ++- replaced by q, every z leaf of +-- by j1, a tree cut short
        String pp = line.replaceAll(".*\"\\+\\+-\":\"([^\"]*)\".*", "$1");
        String pm = line.replaceAll(".*\"\\+--\":\"([^\"]*)\".*", "$1");
        assertThat(pp).contains("z");
        assertThat(pm).contains("z");
        String[][] tampers = {
            {"\"++-\":\"" + pp + "\"", "\"++-\":\"" + pp.replaceFirst("z[0-9]+", "q") + "\""},
            {"\"+--\":\"" + pm + "\"", "\"+--\":\"" + pm.replaceAll("z[0-9]+", "j1") + "\""},
            {"\"++-\":\"" + pp + "\"", "\"++-\":\"" + pp.substring(0, pp.length() - 1) + "\""},
            {"\"++-\":\"" + pp + "\"", "\"++-\":\"z64\""},
        };
        for (String[] t : tampers) {
            assertThat(line).contains(t[0]);
            Checker.Result r = check(sec, sec[0], sec[1], ReluKinkRuleTest.steps(sec, t[0], t[1]));
            assertThat(r.exitCode()).as(t[1]).isEqualTo(1);
            assertThat(text(r)).contains("INVALID");
        }
    }

    @Test
    void aZLeafInTheTreesOfTwoUnitsIsRejected() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-global-jump-h2.cert");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        assertThat(check(sec, sec[0], sec[1], all).exitCode()).isZero();
        String line = all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow();
        String pp = line.replaceAll(".*\"\\+\\+\":\"([^\"]*)\".*", "$1");
        String tree = "\"++\":\"" + pp + "\"";
        assertThat(line).contains(tree);
        Checker.Result r = check(sec, sec[0], sec[1], ReluKinkRuleTest.steps(sec, tree, "\"++\":\"z64\""));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(text(r)).contains("leaf z64");
    }

    /** 0.02632 > 0.026310465948: refused everywhere, at the real critical point (about a minute under load). */
    @Test
    @Tag("long")
    void theProverRefusesAHairAboveTheSmallestCriticalValueEverywhere() throws Exception {
        Path problem = Path.of("examples", "relu-global-jump-h3.json");
        String claims = "{ \"claims\": [ {\"type\": \"critical-values-above\", \"value\": \"2632/100000\", "
                + "\"region\": \"everywhere\"} ] }";
        Certifier.Result r = ReluKinkRuleTest.certify(problem, claims);
        assertThat(r.allProved()).isFalse();
        assertThat(String.join("\n", r.lines())).contains("NOT PROVED").contains("below the bound");
    }
}
