package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The leaves of rule critical-relu-kinks for four leaky relu units (slope 1/10; proofs-notes/critical-relu-kinks.md
 * §13) and leaf z with leaky units (§13.4). The critical points used here come from the independent profile search
 * of benchmarks/critical.md (benchmarks/relu-kinks/profile_search.py jump12 4 20000 13 0.1, each rebuilt as a full θ
 * with |∇L| below 1e-14), not from this code: no leaf that reads criticality (j, z) may close a cell around them, leaf
 * q must fail there for a bound above their value and hold below it, and leaf B must fail above it where the point
 * lies in the box. The checked-in certificates (certificates/relu-global-leaky-h4-small.cert in the default run,
 * relu-blowup-leaky-h4.cert under -Plong) are valid and tampered copies are rejected.
 */
class ReluKinkLeaky4Test {
    private static final int CASE_X = ReluKinkLeaves.CASES.size();
    private static final int X3 = CASE_X + ReluKinkLeaves.CASES3.size();
    private static final int PPMM = X3 + 3; // "++--"
    private static final BigFraction ALPHA = q(1, 10);

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    /** Leaky relu alpha, jump 1{x > 1/2} on [0, 1], bound c, coefficient bound amp (null: everywhere), zKinks. */
    private static ReluKinkLeaves jump(BigFraction alpha, BigFraction c, BigFraction amp, int zKinks) {
        return new ReluKinkLeaves(List.of(new BigFraction[] {q(0, 1), q(1, 2)}, new BigFraction[] {q(1, 2), q(1, 1)}),
                List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)}), c, alpha, amp, zKinks);
    }

    /** The cell [m − e, m + e] around p, each coordinate rounded to 10 decimals. */
    private static BigFraction[][] around(double[] p, BigFraction e) {
        BigFraction[] mid = new BigFraction[p.length];
        for (int i = 0; i < p.length; i++) {
            mid[i] = q(Math.round(p[i] * 1e10), 10_000_000_000L);
        }
        return ReluKinkRuleTest.cellAround(mid, e);
    }

    private static BigFraction near(double v, double shift) {
        return q(Math.round((v + shift) * 1e9), 1_000_000_000L);
    }

    @Test
    void noCriticalityLeafClosesACellAroundTheNumericalCriticalPoints() {
        // ++--: + kinks (units 0, 1), − kinks (units 2, 3), each orientation in increasing order. The smallest value
        // 0.016557487178 (output coefficients |a_j| <= 7.74, inside [−3, 3]^13 where |a_j| <= 9) and its mirror
        // x -> 1 − x (ψ_+(p)(1 − x) = ψ_−(1 − p)(x), f(1 − x) = 1 − f(x)); the next two, 0.021860800233 and
        // 0.022355043897 (the latter needs |a_j| = 10.6: outside the box)
        Object[][] points = {
            {new double[] {0.1460756893, 0.4524866401, 0.2992811647, 0.5656634403}, 0.016557487178, true},
            {new double[] {0.4343365597, 0.7007188353, 0.5475133599, 0.8539243107}, 0.016557487178, true},
            {new double[] {0.2111047049, 0.5674868128, 0.4325131872, 0.7888952951}, 0.021860800233, true},
            {new double[] {0.5609342798, 0.9424798422, 0.4072175206, 0.7517070610}, 0.022355043897, false},
        };
        for (Object[] pt : points) {
            double v = (Double) pt[1];
            ReluKinkLeaves below = jump(ALPHA, near(v, -2e-6), null, 4);
            ReluKinkLeaves above = jump(ALPHA, near(v, 2e-6), null, 4);
            for (long w : new long[] {1_000, 1_000_000}) {
                BigFraction[][] cell = around((double[]) pt[0], q(1, w));
                for (int n : new int[] {1, 64}) {
                    assertThat(below.holds(PPMM, 'j', n, cell[0], cell[1])).as("j%d at %s ± 1/%d", n, v, w).isFalse();
                    assertThat(below.holds(PPMM, 'z', n, cell[0], cell[1])).as("z%d at %s ± 1/%d", n, v, w).isFalse();
                }
            }
            BigFraction[][] cell = around((double[]) pt[0], q(1, 1_000_000));
            assertThat(below.holds(PPMM, 'q', 0, cell[0], cell[1])).as("q below %s", v).isTrue();
            assertThat(above.holds(PPMM, 'q', 0, cell[0], cell[1])).as("q above %s", v).isFalse();
            if ((Boolean) pt[2]) { // in the box [−3, 3]^13: leaves B and C with A = 9 must fail above the value
                ReluKinkLeaves boxed = jump(ALPHA, near(v, 2e-6), q(9, 1), 4);
                assertThat(boxed.holds(PPMM, 'B', 0, cell[0], cell[1])).as("B above %s", v).isFalse();
                assertThat(boxed.holds(PPMM, 'C', 0, cell[0], cell[1])).as("C above %s", v).isFalse();
            }
        }
    }

    @Test
    void leafZWithLeakyUnitsKeepsTheThreeUnitCriticalPoints() {
        // leaky 1-3-1 (ReluKinkLeaky3Test): 0.027023785224 (+-- and its mirror ++-) and 0.038776193575 (+--), from the
        // profile search, not this code: z (three kinks of a 1-3-1 or 1-4-1 leaky net) closes no cell around them
        int ppM = CASE_X + 2;
        int pMM = CASE_X + 3;
        Object[][] points = {
            {pMM, new double[] {0.5711751559, 0.3873556259, 0.7906955329}},
            {ppM, new double[] {0.2093044671, 0.6126443741, 0.4288248441}},
            {pMM, new double[] {0.3975549370, 0.0920985623, 0.6240692069}},
        };
        for (int units : new int[] {3, 4}) {
            ReluKinkLeaves l = jump(ALPHA, q(1, 100), null, units);
            for (Object[] pt : points) {
                for (long w : new long[] {100, 1_000, 1_000_000}) {
                    BigFraction[][] cell = around((double[]) pt[1], q(1, w));
                    for (int n : new int[] {1, 8, 64}) {
                        assertThat(l.holds((Integer) pt[0], 'z', n, cell[0], cell[1])).as("z%d, H = %d, ± 1/%d", n,
                                units, w).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void leafZClosesTheLeakyQuadruplePointAndStaysInItsTrees() {
        // all four kinks within 1/4096 left of the jump: intervals I_0..I_3 lie in the zero piece (D_0 = D_1 = D_2 =
        // 0 exactly), λ'_0 = 1 or −α is never 0 (c_0 ≠ 0 since ℓ_0 is long), so κ = 0; then D_3 = (1 − t)(1 − 3t)
        // with t = (1/2 − q_3)/(1 − q_3) <= 1/2048 cannot vanish (critical-relu-triple.md §2, note §13.4)
        BigFraction h = q(1, 4096);
        BigFraction[] lo = new BigFraction[4];
        BigFraction[] hi = new BigFraction[4];
        for (int i = 0; i < 4; i++) {
            lo[i] = q(1, 2).subtract(h);
            hi[i] = q(1, 2);
        }
        ReluKinkLeaves leaky = jump(ALPHA, q(1, 100), null, 4);
        for (int kase = X3 + 1; kase <= X3 + 5; kase++) {
            assertThat(leaky.holds(kase, 'x', 0, lo, hi) || leaky.holds(kase, 'z', 64, lo, hi))
                    .as("case %s", ReluKinkLeaves.caseName(kase)).isTrue();
            // q cannot (the profile tends to 0 where kinks approximate the step), nor B without a box
            assertThat(leaky.holds(kase, 'q', 0, lo, hi)).isFalse();
            assertThat(leaky.holds(kase, 'B', 0, lo, hi)).isFalse();
        }
        // refused: a net without z (zKinks 0), case x3, the two-kink trees, a slope outside [0, 1), a polynomial piece
        int ppPm = X3 + 2; // "+++-"
        assertThat(leaky.holds(ppPm, 'z', 64, lo, hi)).isTrue();
        assertThat(jump(ALPHA, q(1, 100), null, 0).holds(ppPm, 'z', 64, lo, hi)).isFalse();
        BigFraction[] lo3 = {lo[0], lo[1], lo[2]};
        BigFraction[] hi3 = {hi[0], hi[1], hi[2]};
        assertThat(leaky.holds(X3, 'z', 64, lo3, hi3)).isFalse();
        assertThat(leaky.holds(2, 'z', 64, new BigFraction[] {lo[0], lo[1]}, new BigFraction[] {hi[0], hi[1]}))
                .isFalse();
        assertThat(ReluKinkTriple.excludes(ReluKinkTriple.signsOf("+++-"), ONE, List.of(new BigFraction[] {q(0, 1),
            q(1, 2)}, new BigFraction[] {q(1, 2), q(1, 1)}), List.of(new BigFraction[] {q(0, 1)},
                new BigFraction[] {q(1, 1)}), lo, hi, 64)).isFalse();
        ReluKinkLeaves affine = new ReluKinkLeaves(List.of(new BigFraction[] {q(0, 1), q(1, 2)},
                new BigFraction[] {q(1, 2), q(1, 1)}), List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1),
                    q(1, 1000)}), q(1, 100), ALPHA, null, 4);
        assertThat(affine.holds(ppPm, 'z', 64, lo, hi)).isFalse();
    }

    private static final BigFraction ONE = BigFraction.ONE;

    @Test
    void leakyLeafBAndCWithFourKinksFailOnARampCounterexample() {
        // all four kinks within 1/4096 of the jump, |a_j| <= 9: the net is within O(1/4096) of span{1, x,
        // relu(x − 1/2)} (ψ_s(1/2) lies in it), at distance 1/4 from f: C holds at c = 1/100
        BigFraction h = q(1, 4096);
        BigFraction[] lo = new BigFraction[4];
        BigFraction[] hi = new BigFraction[4];
        for (int i = 0; i < 4; i++) {
            lo[i] = q(1, 2).subtract(h);
            hi[i] = q(1, 2).add(h);
        }
        int ppPm = X3 + 2;
        assertThat(jump(ALPHA, q(1, 100), q(9, 1), 4).holds(ppPm, 'C', 0, lo, hi)).isTrue();
        // soundness: with |a| <= 4096, a (ψ_+(p) − ψ_+(p + 1/(a (1 − 1/10)))) is a constant plus the ramp from 0 to
        // 1 over 1/3686.4 < 2h inside the cell (the other two units with a = 0); its loss (ramp width)/12 ~ 2.3e-5
        // is below c, so neither B nor C may hold
        assertThat(jump(ALPHA, q(1, 100), q(4096, 1), 4).holds(ppPm, 'B', 0, lo, hi)).isFalse();
        assertThat(jump(ALPHA, q(1, 100), q(4096, 1), 4).holds(ppPm, 'C', 0, lo, hi)).isFalse();
    }

    private static Checker.Result check(String problem, String claims, String[] sec, List<String> steps) {
        return Checker.check(CertificateText.assemble(sec[3], problem, claims, steps).getBytes(
                StandardCharsets.UTF_8));
    }

    @Test
    void theSmallBoxCertificateIsValidAndTamperingIsRejected() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-global-leaky-h4-small.cert");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        assertThat(sec[0]).contains("leaky_relu:1/10");
        assertThat(check(sec[0], sec[1], sec, all).exitCode()).isZero();
        String line = all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow();
        String ppPm = ReluKink4BoxTest.tree(line, "+++-");
        assertThat(ppPm).contains("C");
        // a raised bound (claim and step)
        Checker.Result raised = check(sec[0], sec[1].replace("1/100", "1/50"), sec,
                ReluKinkRuleTest.steps(sec, "\"bound\":\"1/100\"", "\"bound\":\"1/50\""));
        assertThat(raised.exitCode()).isEqualTo(1);
        // a widened box (A = 1 instead of 1/4): leaf B or C fails somewhere
        Checker.Result wide = check(sec[0], sec[1].replace("\"-1/2\"", "\"-1\"").replace("\"1/2\"", "\"1\""), sec,
                ReluKinkRuleTest.steps(sec, "[\"-1/2\",\"1/2\"]", "[\"-1\",\"1\"]"));
        assertThat(wide.exitCode()).isEqualTo(1);
        // tampered trees: a C leaf read as w, a cut tree, a misnamed tree
        String[][] tampers = {
            {"\"+++-\":\"" + ppPm + "\"", "\"+++-\":\"" + ppPm.replaceFirst("C", "w") + "\""},
            {"\"+++-\":\"" + ppPm + "\"", "\"+++-\":\"" + ppPm.substring(0, ppPm.length() - 1) + "\""},
            {"\"----\":", "\"-+--\":"},
        };
        for (String[] t : tampers) {
            assertThat(line).contains(t[0]);
            assertThat(check(sec[0], sec[1], sec, ReluKinkRuleTest.steps(sec, t[0], t[1])).exitCode()).as(t[1])
                    .isEqualTo(1);
        }
    }

    @Test
    @Tag("long") // each check walks the trees up to the tampered one (tens of seconds)
    void theBoxCertificateOfTheIssueIsValidAndTamperedCopiesAreRejected() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-blowup-leaky-h4.cert");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        assertThat(sec[1]).contains("33/2000").contains("\"-3\"").contains("leaves-box");
        assertThat(check(sec[0], sec[1], sec, all).exitCode()).isZero();
        String line = all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow();
        String ppmm = ReluKink4BoxTest.tree(line, "++--");
        String ppPm = ReluKink4BoxTest.tree(line, "+++-");
        assertThat(ppmm).contains("z").contains("q");
        assertThat(ppPm).contains("z");
        String[][] tampers = {
            // a hair above the smallest critical value 0.016557487178 (claims and step)
            {"\"bound\":\"33/2000\"", "\"bound\":\"1656/100000\""},
            // the first z leaf of ++-- read as q, every z leaf of +++- as j1
            {"\"++--\":\"" + ppmm + "\"", "\"++--\":\"" + ppmm.replaceFirst("z[0-9]+", "q") + "\""},
            {"\"+++-\":\"" + ppPm + "\"", "\"+++-\":\"" + ppPm.replaceAll("z[0-9]+", "j1") + "\""},
        };
        for (String[] t : tampers) {
            assertThat(line).contains(t[0]);
            String claims = t[0].contains("bound") ? sec[1].replace("33/2000", "1656/100000") : sec[1];
            Checker.Result r = check(sec[0], claims, sec, ReluKinkRuleTest.steps(sec, t[0], t[1]));
            assertThat(r.exitCode()).as(t[1].substring(0, Math.min(60, t[1].length()))).isEqualTo(1);
        }
    }
}
