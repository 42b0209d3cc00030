package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.junit.jupiter.api.Test;

/**
 * Rule critical-relu-kinks (proofs-notes/critical-relu-kinks.md): its pieces against values derived by hand or by
 * an independent double-precision least-squares fit, the checked-in certificates against tampering, and the prover
 * against a false bound.
 */
class ReluKinkRuleTest {
    private static final BigFraction HALF = BigFraction.of(1, 2);

    /** The jump target 1{x > k} on [0, 1]. */
    private static ReluKinkLeaves jump(BigFraction k, BigFraction c) {
        List<BigFraction[]> from = List.of(new BigFraction[] {BigFraction.ZERO, k}, new BigFraction[] {k,
            BigFraction.ONE});
        List<BigFraction[]> poly = List.of(new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE});
        return new ReluKinkLeaves(from, poly, c);
    }

    @Test
    void bernsteinCoefficientsHand() {
        // (y − 1/2)² = 1/4 − y + y² on [0, 1]: Bernstein coefficients 1/4, 1/4 − 1/2 = −1/4, 1/4 − 1 + 1 = 1/4
        KinkPoly y = KinkPoly.var(1);
        KinkPoly p = y.sub(KinkPoly.constant(HALF)).pow(2);
        assertThat(p.minBernstein(1)).isEqualTo(BigFraction.of(-1, 4));
        // on [0, 1/4] it is (1/4)(u − 2)²/4 with y = u/4: coefficients 1/4, 1/4 − 1/8 = 1/8, 1/4 − 1/4 + 1/16 = 1/16
        KinkPoly q = p.toUnitBox(new BigFraction[] {BigFraction.ZERO}, new BigFraction[] {BigFraction.of(1, 4)});
        assertThat(q.minBernstein(1)).isEqualTo(BigFraction.of(1, 16));
        // two variables: y1·y2 − 1/8 on [0, 1]²: coefficients −1/8 at three corners' neighbours, 7/8 at (1, 1)
        KinkPoly r = KinkPoly.var(1).mul(KinkPoly.var(2)).sub(KinkPoly.constant(BigFraction.of(1, 8)));
        assertThat(r.minBernstein(2)).isEqualTo(BigFraction.of(-1, 8));
        assertThat(r.toUnitBox(new BigFraction[] {HALF, HALF}, new BigFraction[] {BigFraction.ONE, BigFraction.ONE})
                .minBernstein(2)).isEqualTo(BigFraction.of(1, 8));
    }

    @Test
    void residualOfTheJumpHand() {
        // affine fit of 1{x > 1/2} on [0, 1]: ∫f² = 1/2, F0 = 1/2, G1 = ∫_{1/2}^1 (x − 1/2) = 1/8: 1/2 − 1/4 − 12/64 = 1/16
        ReluKinkLeaves l = jump(HALF, BigFraction.ZERO);
        assertThat(l.residual(BigFraction.ZERO, BigFraction.ONE)).isEqualTo(BigFraction.of(1, 16));
        // on [1/2, 1] f is constant: 0
        assertThat(l.residual(HALF, BigFraction.ONE)).isEqualTo(BigFraction.ZERO);
    }

    @Test
    void profileMatchesAnIndependentLeastSquaresFit() {
        // dist²(f, span{1, e1, e2}) by the midpoint rule on 60,000 cells (1/3 is a cell boundary) and 3×3 normal equations in double
        Random rnd = new Random(5);
        BigFraction k = BigFraction.of(1, 3);
        ReluKinkLeaves l = jump(k, BigFraction.ZERO);
        for (int t = 0; t < 40; t++) {
            int kase = t % 4;
            double p0 = 0.05 + 0.9 * rnd.nextDouble();
            double p1 = 0.05 + 0.9 * rnd.nextDouble();
            if (kase >= 2 && p0 > p1) {
                double s = p0;
                p0 = p1;
                p1 = s;
            }
            double q0 = p0;
            double q1 = p1;
            DoubleUnaryOperator[] e = switch (kase) {
                case 0 -> new DoubleUnaryOperator[] {x -> 1, x -> Math.max(x - q0, 0), x -> x};
                case 1 -> new DoubleUnaryOperator[] {x -> 1, x -> Math.max(x - q0, 0), x -> Math.max(q1 - x, 0)};
                case 2 -> new DoubleUnaryOperator[] {x -> 1, x -> Math.max(x - q0, 0), x -> Math.max(x - q1, 0)};
                default -> new DoubleUnaryOperator[] {x -> 1, x -> Math.max(q0 - x, 0), x -> Math.max(q1 - x, 0)};
            };
            double numeric = leastSquares(e, x -> x > 1.0 / 3 ? 1 : 0);
            BigFraction[] at = kase == 0 ? new BigFraction[] {BigFraction.from(p0)} : new BigFraction[] {
                BigFraction.from(p0), BigFraction.from(p1)};
            assertThat(l.profileAt(kase, at).doubleValue()).as("case " + kase + " at " + p0 + ", " + p1)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(5e-7));
        }
    }

    private static double leastSquares(DoubleUnaryOperator[] e, DoubleUnaryOperator f) {
        int n = 60_000;
        double[][] m = new double[3][3];
        double[] u = new double[3];
        double ff = 0;
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) / n;
            double fx = f.applyAsDouble(x);
            ff += fx * fx / n;
            for (int a = 0; a < 3; a++) {
                u[a] += e[a].applyAsDouble(x) * fx / n;
                for (int b = 0; b < 3; b++) {
                    m[a][b] += e[a].applyAsDouble(x) * e[b].applyAsDouble(x) / n;
                }
            }
        }
        double[] y = solve3(m, u);
        return ff - (u[0] * y[0] + u[1] * y[1] + u[2] * y[2]);
    }

    private static double[] solve3(double[][] m, double[] u) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2]
                * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[] y = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] a = new double[3][];
            for (int r = 0; r < 3; r++) {
                a[r] = m[r].clone();
                a[r][c] = u[r];
            }
            y[c] = (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2]
                    * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])) / det;
        }
        return y;
    }

    @Test
    void knownCriticalValuesOfTheJumpAtOneHalf() {
        ReluKinkLeaves l = jump(HALF, BigFraction.ZERO);
        // one kink at 1/4 and an affine unit: 1/18 (critical-relu-reduction.md's numbers; 35 runs of
        // benchmarks/relu-kinks/critical_search.py found L = 0.055555555556)
        assertThat(l.profileAt(0, new BigFraction[] {BigFraction.of(1, 4)})).isEqualTo(BigFraction.of(1, 18));
        // the opposite-orientation critical point at kinks 0.3734617067 / 0.6265382933: 0.04506579420 (mpmath)
        BigFraction r = l.profileAt(1, new BigFraction[] {BigFraction.from(0.3734617067),
            BigFraction.from(0.6265382933)});
        assertThat(r.doubleValue()).isCloseTo(0.04506579420, org.assertj.core.data.Offset.offset(1e-10));
    }

    @Test
    void theJLeafSeesTheJumpOfTheRamp() {
        // same orientation, kinks straddling 1/2 (§4: e1 = 1/2 − t, e2 = 1/6 − t²/2 never both 0): the corner cell
        // [1/2 − 1/64, 1/2] × [1/2, 1/2 + 1/64] closes with enough t-ranges; one t-range [0, 1] does not
        ReluKinkLeaves l = jump(HALF, BigFraction.ZERO);
        BigFraction[] lo = {BigFraction.of(31, 64), HALF};
        BigFraction[] hi = {HALF, BigFraction.of(33, 64)};
        assertThat(l.holds(2, 'j', 1, lo, hi)).isFalse();
        assertThat(l.holds(2, 'j', 64, lo, hi)).isTrue();
        // the same cell has L → 0 along the ramp: neither w nor q closes it
        ReluKinkLeaves c = jump(HALF, BigFraction.of(1, 100));
        assertThat(c.holds(2, 'w', 0, lo, hi)).isFalse();
        assertThat(c.holds(2, 'q', 0, lo, hi)).isFalse();
        // x only below the diagonal
        assertThat(l.holds(2, 'x', 0, new BigFraction[] {HALF, BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE,
            HALF})).isTrue();
        assertThat(l.holds(2, 'x', 0, lo, hi)).isFalse();
        assertThat(l.holds(1, 'x', 0, new BigFraction[] {HALF, BigFraction.ZERO}, new BigFraction[] {BigFraction.ONE,
            HALF})).isFalse();
    }

    /** The four sections of a checked-in certificate (also used by ReluKink3RuleTest). */
    static String[] sections(String cert) throws Exception {
        return CertificateText.split(Files.readString(Path.of("certificates", cert)));
    }

    private static Checker.Result check(String[] sec, String claims, List<String> steps) {
        return Checker.check(CertificateText.assemble(sec[3], sec[0], claims, steps).getBytes(StandardCharsets.UTF_8));
    }

    /** The cell [mid − e, mid + e] of the kink space, as {lo, hi} (also the three- and four-unit tests). */
    static BigFraction[][] cellAround(BigFraction[] mid, BigFraction e) {
        BigFraction[] lo = new BigFraction[mid.length];
        BigFraction[] hi = new BigFraction[mid.length];
        for (int i = 0; i < mid.length; i++) {
            lo[i] = mid[i].subtract(e);
            hi[i] = mid[i].add(e);
        }
        return new BigFraction[][] {lo, hi};
    }

    /** The prover on an example problem and a claims text (also the three-unit tests' refusals). */
    static Certifier.Result certify(Path problem, String claims) throws Exception {
        Problem p = ProblemReader.read(problem);
        return Certifier.certify(p, Files.readString(problem), claims, ClaimsFile.parse(claims, "claims",
                p.parameterCount()), "0.1.0");
    }

    /** The steps with {@code from} replaced by {@code to} in the critical-relu-kinks step (also ReluKink3RuleTest). */
    static List<String> steps(String[] sec, String from, String to) {
        List<String> out = new ArrayList<>();
        for (String l : sec[2].split("\n")) {
            out.add(l.contains("critical-relu-kinks") ? l.replace(from, to) : l);
        }
        return out;
    }

    @Test
    void aHairAboveTheSmallestCriticalValueIsRejected() throws Exception {
        // jump at 1/2: smallest critical value 0.04506579420; the certificate proves 450657/10000000
        String[] sec = sections("relu-global-jump-h2.cert");
        assertThat(check(sec, sec[1], Arrays.asList(sec[2].split("\n"))).exitCode()).isZero();
        String hair = "45066/1000000";
        Checker.Result both = check(sec, sec[1].replace("450657/10000000", hair),
                steps(sec, "\"bound\":\"450657/10000000\"", "\"bound\":\"" + hair + "\""));
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", both.lines())).contains("INVALID").contains("leaf q");
        Checker.Result claimOnly = check(sec, sec[1].replace("450657/10000000", hair), Arrays.asList(sec[2].split(
                "\n")));
        assertThat(claimOnly.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", claimOnly.lines())).contains("critical values are only shown >=");
    }

    @Test
    void tamperedTreesAreRejected() throws Exception {
        String[] sec = sections("relu-global-jump-h2.cert");
        String line = Arrays.stream(sec[2].split("\n")).filter(l -> l.contains("critical-relu-kinks")).findFirst()
                .orElseThrow();
        String plusMinus = line.replaceAll(".*\"\\+-\":\"([^\"]*)\".*", "$1");
        String plusPlus = line.replaceAll(".*\"\\+\\+\":\"([^\"]*)\".*", "$1");
        assertThat(plusPlus).contains("j");
        String[][] tampers = {
            {"\"+-\":\"" + plusMinus + "\"", "\"+-\":\"w\""}, // one leaf for the whole case
            {"\"+-\":\"" + plusMinus + "\"", "\"+-\":\"" + plusMinus.substring(0, plusMinus.length() - 1) + "\""},
            {"\"+-\":\"" + plusMinus + "\"", "\"+-\":\"" + plusMinus + "w\""}, // text after the tree
            {"\"++\":\"" + plusPlus + "\"", "\"++\":\"" + plusPlus.replace("j1", "w").replace("j64", "w") + "\""},
            {"\"++\":\"" + plusPlus + "\"", "\"++\":\"" + plusPlus.replaceFirst("x", "q") + "\""},
            {"\"A\":", "\"B\":"}, // a case missing
            {"\"++\":\"" + plusPlus + "\"", "\"++\":\"s9" + plusPlus + plusPlus + "\""}, // no dimension 9
        };
        for (String[] t : tampers) {
            assertThat(line).contains(t[0]);
            Checker.Result r = check(sec, sec[1], steps(sec, t[0], t[1]));
            assertThat(r.exitCode()).as(t[1]).isEqualTo(1);
        }
    }

    @Test
    void leakyReluAHairAboveIsRejectedAndOtherNetsAreRefused() throws Exception {
        // leaky relu 1/10: the prover refuses 0.04725 (the profile is ~0.0472413 near kinks 0.367 / 0.633); with
        // that bound the checked-in trees fail
        String[] sec = sections("relu-global-leaky-jump-h2.cert");
        assertThat(check(sec, sec[1], Arrays.asList(sec[2].split("\n"))).exitCode()).isZero();
        Checker.Result r = check(sec, sec[1].replace("59/1250", "4725/100000"), steps(sec, "\"bound\":\"59/1250\"",
                "\"bound\":\"4725/100000\""));
        assertThat(r.exitCode()).isEqualTo(1);
        // the same trees for other activations: relu (different profile), slope 1 (linear), tanh: never VALID
        for (String act : List.of("relu", "leaky_relu:1", "leaky_relu:-1/2", "tanh")) {
            String problem = sec[0].replace("\"leaky_relu:1/10\"", "\"" + act + "\"");
            assertThat(problem).isNotEqualTo(sec[0]);
            Checker.Result o = Checker.check(CertificateText.assemble(sec[3], problem, sec[1], Arrays.asList(
                    sec[2].split("\n"))).getBytes(StandardCharsets.UTF_8));
            assertThat(o.exitCode()).as(act).isEqualTo(1);
            if (!act.equals("relu")) {
                assertThat(String.join("\n", o.lines())).as(act)
                        .contains("needs a 1-2-1, 1-3-1 or 1-4-1 relu or leaky relu");
            }
        }
    }

    @Test
    void targetEditsThatFalsifyTheClaimAreRejected() throws Exception {
        // jump at 1/2 with the first piece raised from 0 to 1: f ≡ 1 is fitted exactly by a constant net (dead
        // units), so 0 is a critical value: the critical-relu-kinks step itself fails. Lowered to −1
        // (f = 1{x > 1/2} − 1{x < 1/2}: critical values 4 times the jump's) the loss step fails. Both INVALID.
        String[] sec = sections("relu-global-jump-h2.cert");
        String first = "\"poly\":\\s*\\[\\s*\"0\"\\s*\\]";
        for (String to : List.of("1", "-1")) {
            String problem = sec[0].replaceFirst(first, "\"poly\": [\"" + to + "\"]");
            assertThat(problem).isNotEqualTo(sec[0]);
            Checker.Result r = Checker.check(CertificateText.assemble(sec[3], problem, sec[1], Arrays.asList(
                    sec[2].split("\n"))).getBytes(StandardCharsets.UTF_8));
            assertThat(r.exitCode()).as(to).isEqualTo(1);
            if (to.equals("1")) {
                assertThat(String.join("\n", r.lines())).contains("leaf");
            }
        }
    }

    @Test
    void theProverRefusesAFalseBound() throws Exception {
        Path problem = Path.of("examples", "relu-global-jump-h2.json");
        String claims = "{ \"claims\": [ {\"type\": \"critical-values-above\", \"value\": \"45066/1000000\", "
                + "\"region\": \"everywhere\"} ] }";
        Certifier.Result r = certify(problem, claims);
        assertThat(r.allProved()).isFalse();
        assertThat(String.join("\n", r.lines())).contains("NOT PROVED").contains("below the bound")
                .contains("case +-");
    }
}
