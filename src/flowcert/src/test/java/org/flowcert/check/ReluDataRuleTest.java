package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Test;

/**
 * Rule critical-relu-data (proofs-notes/critical-relu-data.md). Small instances whose critical values
 * are derived by hand in the comments (all families listed), and hand-edited certificates with the
 * hashes recomputed, which the checker must reject.
 */
class ReluDataRuleTest {
    private static BigFraction[] q(long... v) {
        return Arrays.stream(v).mapToObj(BigFraction::of).toArray(BigFraction[]::new);
    }


    @Test
    void aBumpOnThreePointsHand() {
        // x = 0, 1, 2, y = 0, 1, 0, mean, H = 1. Families: {} and {all}: constant 1/3, L = 2/9;
        // {x > 0}: S = R^3, N = y needs l(1) = 1, l(0) = 2 with l = -x + 2: inadmissible (kink cannot lie in [0, 1));
        // {x < 2}: N = y needs l = x on {0, 1} and l(2) = 2 > 0: inadmissible; {x > 1} and {x < 1}: S = span{1, 1_pt},
        // N = (1/2, 1/2, 0) or (0, 1/2, 1/2), L = (1/4 + 1/4)/3 = 1/6, admissible (one free coefficient).
        ReluDataPatterns p = new ReluDataPatterns(q(0, 1, 2), q(0, 1, 0), BigFraction.of(1, 3), 1, BigFraction.ZERO);
        assertThat(p.firstRealisableBelow(BigFraction.of(1, 6))).isNull();
        assertThat(p.firstRealisableBelow(BigFraction.of(1, 6).add(BigFraction.of(1, 1_000_000_000)))).contains("1 / 6");
        // H = 2: N = y = relu(x) - 2 relu(x - 1), both kinks on data points ({x > 0}, {x > 1}; 5 generators of rank 3)
        ReluDataPatterns p2 = new ReluDataPatterns(q(0, 1, 2), q(0, 1, 0), BigFraction.of(1, 3), 2, BigFraction.ZERO);
        assertThat(p2.firstRealisableBelow(BigFraction.of(1, 1_000_000_000))).contains("0 < ");
    }

    @Test
    void tiedInputsHand() {
        // x = 0, 0, 1, y = 0, 1, 1, mean, H = 1: {} gives 2/9; {all}, {x > 0}, {x < 1} all give the fit
        // (1/2, 1/2, 1), L = (1/4 + 1/4)/3 = 1/6 (every family is admissible); the tie forbids L = 0.
        ReluDataPatterns p = new ReluDataPatterns(q(0, 0, 1), q(0, 1, 1), BigFraction.of(1, 3), 1, BigFraction.ZERO);
        assertThat(p.firstRealisableBelow(BigFraction.of(1, 6))).isNull();
        assertThat(p.firstRealisableBelow(BigFraction.of(1, 6).add(BigFraction.of(1, 1_000_000_000)))).isNotNull();
    }

    @Test
    void anExactFitWithAKinkOnADataPointHand() {
        // x = 0, 1, 2, y = 0, 0, 1 = relu(x - 1): the kink sits on x = 1, the active set is {x > 1}: critical value 0
        ReluDataPatterns p = new ReluDataPatterns(q(0, 1, 2), q(0, 0, 1), BigFraction.of(1, 2), 1, BigFraction.ZERO);
        assertThat(p.firstRealisableBelow(BigFraction.of(1, 1_000_000_000))).contains("{x > 1}");
    }

    @Test
    void fourierMotzkinWithStrictInequalities() {
        // u > 0 and -u >= 0: infeasible; u >= 0 and -u >= 0: feasible (u = 0); u - 1 > 0 and 2 - u > 0: feasible
        assertThat(ReluDataPatterns.feasible(List.of(q(1, 0), q(-1, 0)), List.of(true, false), 1)).isFalse();
        assertThat(ReluDataPatterns.feasible(List.of(q(1, 0), q(-1, 0)), List.of(false, false), 1)).isTrue();
        assertThat(ReluDataPatterns.feasible(List.of(q(1, -1), q(-1, 2)), List.of(true, true), 1)).isTrue();
        assertThat(ReluDataPatterns.feasible(List.of(q(1, -2), q(-1, 2)), List.of(true, false), 1)).isFalse();
    }

    /** The certificate with its claim value and (when {@code bound}) its step bound replaced, hashes recomputed. */
    private static String edited(String cert, String value, boolean bound) throws Exception {
        String[] sec = CertificateText.split(Files.readString(Path.of("certificates", cert)));
        String claims = sec[1].replaceFirst("\"value\": \"[^\"]*\"", "\"value\": \"" + value + "\"");
        List<String> steps = new ArrayList<>();
        for (String l : sec[2].split("\n")) {
            steps.add(bound ? l.replaceFirst("\"bound\":\"[^\"]*\"", "\"bound\":\"" + value + "\"") : l);
        }
        return CertificateText.assemble(sec[3], sec[0], claims, steps);
    }

    @Test
    void aHairAboveTheSmallestCriticalValueIsRejected() throws Exception {
        // a8-h2: the smallest critical value is 139/52000 (numerical search: 0.0026730769230769...)
        String hair = "139000000001/52000000000000";
        Checker.Result r = Checker.check(edited("relu-data-a8-h2.cert", hair, true).getBytes(StandardCharsets.UTF_8));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", r.lines())).contains("INVALID").contains("is realisable with critical value 139 / 52000");
        Checker.Result claimOnly = Checker.check(edited("relu-data-a8-h2.cert", hair, false).getBytes(StandardCharsets.UTF_8));
        assertThat(claimOnly.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", claimOnly.lines())).contains("INVALID");
        // the exactly fitted data: 0 is a critical value (inf L attained), so any positive bound is false
        Checker.Result fit = Checker.check(edited("relu-data-fit12-h2.cert", "1/1000000000", true).getBytes(StandardCharsets.UTF_8));
        assertThat(fit.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", fit.lines())).contains("critical value 0 <");
        // and the untouched certificate is valid
        assertThat(Checker.check(Files.readAllBytes(Path.of("certificates", "relu-data-a8-h2.cert"))).exitCode()).isZero();
    }

    @Test
    void dataEditsThatFalsifyTheClaimAreRejected() throws Exception {
        // data edits whose effect is derived by hand (hashes recomputed). Every y set to 0: N = 0 fits exactly,
        // so 0 is a critical value (all units dead, c = 0) and the bound 139/52000 is false
        String[] sec = CertificateText.split(Files.readString(Path.of("certificates", "relu-data-a8-h2.cert")));
        String zeros = sec[0].replaceAll("(\"y\": \\[)[^\\]]*\\]", "$1" + "\"0\", ".repeat(7) + "\"0\"]");
        assertThat(zeros).isNotEqualTo(sec[0]);
        Checker.Result r = Checker.check(CertificateText.assemble(sec[3], zeros, sec[1], Arrays.asList(sec[2].split("\n")))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", r.lines())).contains("critical value 0 <");
        // y = x on all 8 points: N = x (one unit active on every point) fits exactly: critical value 0
        String linear = sec[0].replaceAll("(\"y\": \\[)[^\\]]*\\]",
                "$1\"-3/2\", \"-1\", \"-1/5\", \"0\", \"3/5\", \"11/10\", \"6/5\", \"7/5\"]");
        assertThat(linear).isNotEqualTo(sec[0]);
        Checker.Result r2 = Checker.check(CertificateText.assemble(sec[3], linear, sec[1], Arrays.asList(sec[2].split("\n")))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r2.exitCode()).isEqualTo(1);
    }

    @Test
    void leakyReluOnABumpHand() {
        // x = 0, 1, 2, y = 0, 1, 0, mean, H = 1, slope 1/2 (note §8). Families {}, {all}, {none}: the span of 1 and x,
        // linear fit = 1/3, L = 2/9. Each proper set spans R^3 with gamma = (1/2)1_A and psi = x/2 + (x/2)1_A, so N = y:
        // {x > 0}: (alpha, beta) = (-1, 3), l(0) = 3 > 0 on the outside; {x > 1}: (2, -8), l = -6, -4 at 1, 2: the
        // unit would be active everywhere; {x < 1}: (-2, -4); {x < 2}: (1, 2): all inadmissible. Smallest: 2/9.
        ReluDataPatterns p = new ReluDataPatterns(q(0, 1, 2), q(0, 1, 0), BigFraction.of(1, 3), 1, BigFraction.of(1, 2));
        assertThat(p.firstRealisableBelow(BigFraction.of(2, 9))).isNull();
        assertThat(p.firstRealisableBelow(BigFraction.of(2, 9).add(BigFraction.of(1, 1_000_000_000)))).contains("2 / 9");
    }
}
