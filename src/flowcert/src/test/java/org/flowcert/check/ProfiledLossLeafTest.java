package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.TestData;
import org.junit.jupiter.api.Test;

/**
 * Leaf p of rule critical-profiled (proofs-notes/critical-profiled.md §4c): the profiled loss R(u) and its directional
 * derivative f(u) = ⟨d, ∇R(u)⟩ as the leaf computes them (determinant ratio, dual jets, with and without the
 * preconditioned feature basis) against mpmath's least-squares values (src/test/resources/smooth7); the centred-form
 * evaluation over a cell against point evaluations inside it; no p leaf where det G may vanish or on cells holding a
 * critical point.
 */
class ProfiledLossLeafTest {
    private static final int BITS = 64;
    private static final BigFraction SLACK = BigFraction.of(1, 1_000_000_000_000L);
    private static final Path MINIMUM = Path.of("examples", "krawczyk-tanh-minimum.json");

    private static BigFraction q(long p, long r) {
        return BigFraction.of(p, r);
    }

    private static BigFraction decimal(String s) {
        BigDecimal d = new BigDecimal(s);
        return d.scale() > 0 ? BigFraction.of(d.unscaledValue(), java.math.BigInteger.TEN.pow(d.scale()))
                : BigFraction.of(d.toBigIntegerExact());
    }

    private static BigFraction[] rationals(String csv) {
        return Arrays.stream(csv.split(",")).map(BigFraction::parse).toArray(BigFraction[]::new);
    }

    private static void assertEncloses(RationalInterval iv, BigFraction r, String what) {
        assertThat(iv.lo().subtract(SLACK).subtract(r).signum()).as(what + ": " + iv + " above " + r.doubleValue())
                .isLessThanOrEqualTo(0);
        assertThat(r.subtract(iv.hi().add(SLACK)).signum()).as(what + ": " + iv + " below " + r.doubleValue())
                .isLessThanOrEqualTo(0);
        assertThat(iv.hi().subtract(iv.lo()).subtract(SLACK).signum()).as(what + ": too wide " + iv)
                .isLessThanOrEqualTo(0);
    }

    private static Dual[] dualPoint(BigFraction[] u, BigFraction[] d) {
        Dual[] x = new Dual[u.length];
        for (int k = 0; k < u.length; k++) {
            x[k] = new Dual(RationalInterval.of(u[k], BITS), RationalInterval.of(d[k], BITS));
        }
        return x;
    }

    @Test
    void profiledLossAndItsDirectionalDerivativeMatchMpmath() throws Exception {
        Path file = TestData.resources("smooth7", "profiled-loss.tsv").resolve("profiled-loss.tsv");
        List<String[]> rows = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\t")).toList();
        assertThat(rows).hasSize(4);
        for (String[] r : rows) {
            Net net = Net.parse(Files.readString(Path.of(r[0])));
            BigFraction[] u = rationals(r[1]);
            BigFraction[] d = rationals(r[2]);
            ProfiledLossLeaf leaf = new ProfiledLossLeaf(net, q(1, 5), BITS, d);
            BigFraction[][] basis = leaf.basis(Net.point(u, BITS));
            assertThat(basis).isNotNull();
            for (BigFraction[][] b : Arrays.asList(null, basis)) {
                Jet<Dual> j = leaf.profiledLoss(dualPoint(u, d), 1, ProfiledLossLeaf.DUAL, b);
                String what = r[0] + " at " + r[1] + (b == null ? "" : " (basis)");
                assertEncloses(j.v().v(), decimal(r[3]), "R " + what);
                assertEncloses(j.v().e(), decimal(r[4]), "f " + what);
            }
        }
    }

    /** The cell's centred forms contain the point values at the centre and at corners (value, f and ∇²f). */
    @Test
    void theCellEvaluationContainsThePointEvaluationsInsideIt() throws Exception {
        Net net = Net.parse(Files.readString(Path.of("examples", "smooth-zigzag-tanh-h2.json")));
        BigFraction[] d = rationals("-1,-15/32,55/64,15/64");
        BigFraction[] centre = rationals("7/2,81/64,-123/64,-31/32");
        BigFraction r = q(1, 64);
        ProfiledLossLeaf leaf = new ProfiledLossLeaf(net, q(1, 5), BITS, d);
        RationalInterval[] delta = new RationalInterval[4];
        @SuppressWarnings("unchecked")
        DualOf<CentredForm>[] cell = new DualOf[4];
        for (int k = 0; k < 4; k++) {
            delta[k] = RationalInterval.of(r.negate(), r, BITS);
        }
        for (int k = 0; k < 4; k++) {
            cell[k] = new DualOf<>(CentredForm.variable(centre[k], k, delta, BITS),
                    new CentredForm(RationalInterval.of(d[k], BITS), null, delta));
        }
        BigFraction[][] basis = leaf.basis(Net.point(centre, BITS));
        Jet<DualOf<CentredForm>> over = leaf.profiledLoss(cell, 2, ProfiledLossLeaf.CENTRED, basis);
        assertThat(over).isNotNull();
        for (int[] s : new int[][] {{0, 0, 0, 0}, {1, 1, 1, 1}, {-1, 1, -1, 1}, {1, -1, -1, 1}}) {
            BigFraction[] u = new BigFraction[4];
            for (int k = 0; k < 4; k++) {
                u[k] = centre[k].add(r.multiply(s[k]));
            }
            Jet<Dual> at = leaf.profiledLoss(dualPoint(u, d), 2, ProfiledLossLeaf.DUAL, null);
            assertThat(at.v().v().within(over.v().v().hull())).as("R at " + Arrays.toString(s)).isTrue();
            assertThat(at.v().e().within(over.v().e().hull())).as("f at " + Arrays.toString(s)).isTrue();
            for (int l = 0; l < 4; l++) {
                for (int m = 0; m < 4; m++) {
                    assertThat(at.h()[l][m].e().within(over.h()[l][m].e().hull())).as("f'' " + l + m).isTrue();
                }
            }
        }
    }

    @Test
    void noLeafWhereTheGramDeterminantMayVanish() throws Exception {
        // tanh 1-1-1: features tanh(wx + b) and 1, collinear at w = 0 (det G = 0 there)
        Net net = Net.parse(Files.readString(MINIMUM));
        ProfiledLossLeaf leaf = new ProfiledLossLeaf(net, q(1, 1000), BITS, new BigFraction[] {q(1, 1), q(0, 1)});
        RationalInterval[] u = {RationalInterval.of(q(-1, 64), q(1, 64), BITS),
            RationalInterval.of(q(1, 4), q(5, 16), BITS)};
        assertThat(leaf.test(u).holds()).isFalse();
        Dual[] at = dualPoint(new BigFraction[] {BigFraction.ZERO, q(1, 4)}, new BigFraction[] {q(1, 1), q(0, 1)});
        assertThat(leaf.profiledLoss(at, 1, ProfiledLossLeaf.DUAL)).isNull();
        // even with a bound below every loss value (R ≥ c would hold if the formula were used there)
        ProfiledLossLeaf low = new ProfiledLossLeaf(net, q(-1, 1), BITS, new BigFraction[] {q(1, 1), q(1, 1)});
        assertThat(low.test(u).holds()).isFalse();
    }

    @Test
    void noLeafOnACellHoldingACriticalPoint() throws Exception {
        // the box of ProfiledCoverTest: θ* = (1.4024, 0.3067, 0.8555, −0.1392) inside, L(θ*) = 0.0140286...
        String json = Files.readString(MINIMUM);
        BigFraction[] lo = {q(1401, 1000), q(305, 1000), q(854, 1000), q(-141, 1000)};
        BigFraction[] hi = {q(1404, 1000), q(308, 1000), q(857, 1000), q(-138, 1000)};
        BigFraction[] lo2 = {q(14023, 10000), q(3066, 10000), q(-5, 1), q(-5, 1)};
        BigFraction[] hi2 = {q(14025, 10000), q(3068, 10000), q(5, 1), q(5, 1)}; // any output layer: p ignores it
        for (long[] d : new long[][] {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {3, -7}}) {
            // a bound a hair above L(θ*): neither R(U) ≥ c nor the Taylor form of f (f(θ*) = 0) may close the cells
            ProfiledCoverLeaves tests = ProfiledCoverLeaves.of(json, q(141, 10_000), BITS,
                    new BigFraction[] {q(d[0], 1), q(d[1], 1)});
            assertThat(tests.test("p", lo, hi).leaf()).as(Arrays.toString(d)).isNull();
            assertThat(tests.test("p", lo2, hi2).leaf()).as(Arrays.toString(d)).isNull();
            // a bound below L(θ*) is true, and R(U) ≥ c closes the column around θ* (any output layer)
            ProfiledCoverLeaves below = ProfiledCoverLeaves.of(json, q(1, 100), BITS,
                    new BigFraction[] {q(d[0], 1), q(d[1], 1)});
            assertThat(below.test("p", lo2, hi2).leaf()).as(Arrays.toString(d)).isEqualTo("p");
        }
        // without a direction p is no leaf
        assertThat(ProfiledCoverLeaves.of(json, q(1, 100), BITS).holds('p', Net.point(lo, BITS))).isFalse();
    }
}
