package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.prove.Certifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rule critical-relu-kinks with three leaky relu units (proofs-notes/critical-relu-kinks.md §10). The critical points
 * used here come from the independent profile search of benchmarks/critical.md (benchmarks/relu-kinks/
 * profile_search.py with slope 0.1, rebuilt as full θ with |∇L| below 1e-14 by critical_search.py), not from this
 * code: leaf j3 must never exclude a cell around them (a wrong slope space λ' would), leaf q must fail there for a
 * bound above their value, and the checked-in certificate must be rejected when tampered with.
 */
class ReluKinkLeaky3Test {
    private static final int CASE_X = ReluKinkLeaves.CASES.size();
    private static final int PP_M = CASE_X + 2; // "++-"
    private static final int P_MM = CASE_X + 3; // "+--"

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    /** Leaky relu 1/10, jump 1{x > 1/2} on [0, 1], bound c, coefficient bound amp (null: everywhere). */
    private static ReluKinkLeaves jump(BigFraction c, BigFraction amp) {
        return new ReluKinkLeaves(List.of(new BigFraction[] {q(0, 1), q(1, 2)}, new BigFraction[] {q(1, 2), q(1, 1)}),
                List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)}), c, q(1, 10), amp);
    }

    private static BigFraction[][] around(double[] p, BigFraction e) {
        BigFraction[] mid = new BigFraction[p.length];
        for (int i = 0; i < p.length; i++) {
            mid[i] = q(Math.round(p[i] * 1e10), 10_000_000_000L);
        }
        return ReluKinkRuleTest.cellAround(mid, e);
    }

    @Test
    void leafJ3KeepsTheNumericalCriticalPointsAndQSeparatesTheirValue() {
        // smallest critical value 0.027023785224: + kink 0.5711751559, - kinks 0.3873556259, 0.7906955329 (+--), and
        // its mirror x -> 1 - x (++-: + 0.2093044671, 0.6126443741; - 0.4288248441); the next, 0.038776193575
        // (+--: + 0.3975549370, - 0.0920985623, 0.6240692069)
        Object[][] points = {
            {P_MM, new double[] {0.5711751559, 0.3873556259, 0.7906955329}, 0.027023785224},
            {PP_M, new double[] {0.2093044671, 0.6126443741, 0.4288248441}, 0.027023785224},
            {P_MM, new double[] {0.3975549370, 0.0920985623, 0.6240692069}, 0.038776193575},
        };
        BigFraction e = q(1, 1_000_000);
        for (Object[] pt : points) {
            int kase = (Integer) pt[0];
            BigFraction[][] cell = around((double[]) pt[1], e);
            double value = (Double) pt[2];
            ReluKinkLeaves below = jump(q(Math.round((value - 1e-6) * 1e9), 1_000_000_000L), null);
            ReluKinkLeaves above = jump(q(Math.round((value + 1e-6) * 1e9), 1_000_000_000L), null);
            for (int n : new int[] {1, 64}) {
                assertThat(below.holds(kase, 'j', n, cell[0], cell[1])).as("j%d at %s", n, pt[2]).isFalse();
            }
            assertThat(below.holds(kase, 'q', 0, cell[0], cell[1])).as("q below %s", pt[2]).isTrue();
            assertThat(above.holds(kase, 'q', 0, cell[0], cell[1])).as("q above %s", pt[2]).isFalse();
            assertThat(above.holds(kase, 'B', 0, cell[0], cell[1])).isFalse(); // no box
            // the critical point's output weights are at most ~4.9 in absolute value: with A = 25 it is in the box
            assertThat(jump(above.bound(), q(25, 1)).holds(kase, 'B', 0, cell[0], cell[1])).isFalse();
        }
    }

    @Test
    void leafBUsesTheLeakyBasisAndItsRemainder() {
        BigFraction h = q(1, 4096);
        BigFraction[] lo = {q(1, 2).subtract(h), q(1, 2).subtract(h), q(1, 2).subtract(h)};
        BigFraction[] hi = {q(1, 2).add(h), q(1, 2).add(h), q(1, 2).add(h)};
        BigFraction c = q(27, 1000);
        // all three kinks within 1/4096 of the jump with |v_j w_j| <= 9: the net is nearly in span{1, x,
        // relu(x - 1/2)} (psi_s(p) lies in it at p = 1/2), at distance 1/4 = sqrt(1/16) from f, far above sqrt(c)
        assertThat(jump(c, q(9, 1)).holds(PP_M, 'B', 0, lo, hi)).isTrue();
        // soundness: with |a| <= 4096, a (psi_+(p) - psi_+(p + 1/(a (1 - 1/10)))) is a constant plus the ramp from 0
        // to 1 over 1/3686.4 < 2h, placed inside the cell; its loss (ramp width)/12 ~ 2.3e-5 < c: B must fail
        assertThat(jump(c, q(4096, 1)).holds(PP_M, 'B', 0, lo, hi)).isFalse();
        assertThat(jump(c, null).holds(PP_M, 'B', 0, lo, hi)).isFalse();
    }

    private static Checker.Result check(String problem, String claims, String[] sec, List<String> steps) {
        return Checker.check(CertificateText.assemble(sec[3], problem, claims, steps).getBytes(
                StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultRunCertificateIsValidAndTamperingIsRejected() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-global-leaky-jump-h3.cert");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        assertThat(sec[0]).contains("leaky_relu:1/10");
        assertThat(check(sec[0], sec[1], sec, all).exitCode()).isZero();
        String line = all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow();
        assertThat(line).contains("\"box\"").contains("B");
        // a raised bound (claim and step), a hair above the smallest critical value 0.027023785224
        Checker.Result raised = check(sec[0], sec[1].replace("1/40", "2703/100000"), sec,
                ReluKinkRuleTest.steps(sec, "\"bound\":\"1/40\"", "\"bound\":\"2703/100000\""));
        assertThat(raised.exitCode()).isEqualTo(1);
        // the same trees read as relu (other profile, other slope space): not valid
        Checker.Result relu = check(sec[0].replace("\"leaky_relu:1/10\"", "\"relu\""), sec[1], sec, all);
        assertThat(relu.exitCode()).isEqualTo(1);
        // a widened box (A = 9 instead of 4): leaf B fails somewhere
        Checker.Result wide = check(sec[0], sec[1].replace("\"-2\"", "\"-3\"").replace("\"2\"", "\"3\""), sec,
                ReluKinkRuleTest.steps(sec, "[\"-2\",\"2\"]", "[\"-3\",\"3\"]"));
        assertThat(wide.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", wide.lines())).contains("leaf B");
        // the step without its box, claimed everywhere: leaf B is refused
        String noBox = line.replaceAll(",?\"box\":\\[(\\[[^\\]]*\\],?)*\\]", "");
        assertThat(noBox).doesNotContain("\"box\"");
        List<String> noBoxSteps = new ArrayList<>();
        for (String l : all) {
            noBoxSteps.add(l.equals(line) ? noBox : l);
        }
        String everywhere = sec[1].replaceFirst("(?s)\"region\": *\\[\\s*\\[.*?\\]\\s*\\]",
                "\"region\": \"everywhere\"");
        assertThat(everywhere).contains("\"everywhere\"");
        Checker.Result global = check(sec[0], everywhere, sec, noBoxSteps);
        assertThat(global.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", global.lines())).contains("leaf B");
        // tampered trees
        String tree = line.replaceAll(".*\"\\+--\":\"([^\"]*)\".*", "$1");
        assertThat(tree).contains("B").contains("j");
        String[][] tampers = {
            {"\"+--\":\"" + tree + "\"", "\"+--\":\"" + tree.replaceFirst("B", "w") + "\""},
            {"\"+--\":\"" + tree + "\"", "\"+--\":\"" + tree.replaceFirst("j\\d+", "q") + "\""},
            {"\"+--\":\"" + tree + "\"", "\"+--\":\"" + tree.substring(0, tree.length() - 1) + "\""},
            {"\"---\":", "\"-+-\":"},
        };
        for (String[] t : tampers) {
            assertThat(line).contains(t[0]);
            assertThat(check(sec[0], sec[1], sec, ReluKinkRuleTest.steps(sec, t[0], t[1])).exitCode()).as(t[1])
                    .isEqualTo(1);
        }
    }

    @Test
    @Tag("long") // CertificatesTest checks this certificate in every run; here only its claim is asserted too
    void theLongCertificateCoversTheBoxOfTheIssue() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-blowup-leaky-h3.cert");
        assertThat(sec[1]).contains("27/1000").contains("\"-3\"").doesNotContain("\"-2\"").contains("leaves-box");
        assertThat(check(sec[0], sec[1], sec, Arrays.asList(sec[2].split("\n"))).exitCode()).isZero();
    }

    @Test
    @Tag("long") // about a minute of search before the cell that fails
    void theProverRefusesAHairAboveTheSmallestCriticalValue() throws Exception {
        // 0.02703 > 0.027023785224 (benchmarks/critical.md: profile search, independent of this code)
        Path problem = Path.of("examples", "relu-global-leaky-jump-h3.json");
        String box = String.join(", ", java.util.Collections.nCopies(10, "[\"-3\", \"3\"]"));
        String claims = "{ \"claims\": [ {\"type\": \"critical-values-above\", \"value\": \"2703/100000\", "
                + "\"region\": [" + box + "]} ] }";
        Certifier.Result r = ReluKinkRuleTest.certify(problem, claims);
        assertThat(r.allProved()).isFalse();
        assertThat(String.join("\n", r.lines())).contains("NOT PROVED").contains("below the bound");
    }
    @Test
    void theEverywhereCertificateIsValidAndAHairAboveIsRejected() throws Exception {
        // leaky 1-3-1 everywhere (note §13.4: leaf z with leaky units): 27/1000 below the smallest critical value
        // 0.027023785224 (benchmarks/critical.md, profile search; an independent review's own solver found the same)
        String[] sec = ReluKinkRuleTest.sections("relu-blowup-leaky-h3-global.cert");
        assertThat(sec[1]).contains("everywhere").contains("diverges");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        assertThat(all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow())
                .containsPattern("z(1|8|64)");
        assertThat(check(sec[0], sec[1], sec, all).exitCode()).isZero();
        // 0.0271 is above the smallest critical value: some leaf must fail (claim and step raised together)
        assertThat(check(sec[0], sec[1].replace("27/1000", "271/10000"), sec,
                ReluKinkRuleTest.steps(sec, "\"bound\":\"27/1000\"", "\"bound\":\"271/10000\"")).exitCode())
                .isEqualTo(1);
        // every z leaf read as a plain q leaf: q alone cannot close the cells where kinks meet the jump
        assertThat(check(sec[0], sec[1], sec, ReluKinkRuleTest.steps(sec, "z64", "q")).exitCode()).isEqualTo(1);
        // the not-tuned-on instance (slope 1/4, jump at 1/3) is valid too
        String[] other = ReluKinkRuleTest.sections("relu-global-leaky14-jump13-h3-everywhere.cert");
        assertThat(check(other[0], other[1], other, Arrays.asList(other[2].split("\n"))).exitCode()).isZero();
    }
}
