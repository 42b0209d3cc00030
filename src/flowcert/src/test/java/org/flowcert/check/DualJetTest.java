package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.TestData;
import org.junit.jupiter.api.Test;

/**
 * The dual numbers of leaf t (proofs-notes/critical-profiled.md §4b) and the third derivatives of the smooth
 * activations they need, against values computed independently by mpmath's numerical differentiation of each
 * function's definition (src/test/resources/smooth6, PROVENANCE.md there): every enclosure must contain the
 * reference value, and be narrow (so that containing it says something).
 */
class DualJetTest {
    private static final int BITS = 64;
    /** mpmath.diff's own error at 50 digits is far below this; the enclosures are about 2^-60 wide. */
    private static final BigFraction SLACK = BigFraction.of(1, 1_000_000_000_000L);

    private static List<String[]> rows(String file) throws Exception {
        Path p = TestData.resources("smooth6", file).resolve(file);
        return Files.readAllLines(p).stream().filter(l -> !l.startsWith("#")).map(l -> l.split("\t")).toList();
    }

    private static BigFraction decimal(String s) {
        BigDecimal d = new BigDecimal(s);
        return d.scale() > 0 ? BigFraction.of(d.unscaledValue(), java.math.BigInteger.TEN.pow(d.scale()))
                : BigFraction.of(d.toBigIntegerExact());
    }

    private static void assertEncloses(RationalInterval iv, String reference, String what) {
        BigFraction r = decimal(reference);
        assertThat(iv.lo().subtract(SLACK).subtract(r).signum()).as(what + ": " + iv + " above " + reference)
                .isLessThanOrEqualTo(0);
        assertThat(r.subtract(iv.hi().add(SLACK)).signum()).as(what + ": " + iv + " below " + reference)
                .isLessThanOrEqualTo(0);
        assertThat(iv.hi().subtract(iv.lo()).subtract(SLACK).signum()).as(what + ": too wide " + iv)
                .isLessThanOrEqualTo(0);
    }

    @Test
    void thirdDerivativesOfTheActivationsEncloseTheReferenceValues() throws Exception {
        List<String[]> rows = rows("activation-third.tsv");
        assertThat(rows).hasSize(28);
        for (String[] r : rows) {
            Activation a = Activation.parse(r[0]);
            RationalInterval x = RationalInterval.of(BigFraction.parse(r[1]), BITS);
            RationalInterval[] s = Elementary.activation(a, x, 3);
            assertThat(s).hasSize(4);
            for (int k = 1; k <= 3; k++) {
                assertEncloses(s[k], r[1 + k], r[0] + " derivative " + k + " at " + r[1]);
            }
            // order 2 is what every earlier rule asks for: the same three enclosures, no fourth
            RationalInterval[] two = Elementary.activation(a, x, 2);
            assertThat(two).hasSize(3);
            assertThat(two[2]).isEqualTo(s[2]);
            // the dual number x + ε: its ε-parts are σ', σ'', σ'''
            Dual[] d = new Dual(x, RationalInterval.of(BigFraction.ONE, BITS)).act(a, 2);
            for (int k = 0; k <= 2; k++) {
                assertEncloses(d[k].e(), r[2 + k], r[0] + " dual derivative " + (k + 1) + " at " + r[1]);
            }
        }
    }

    @Test
    void thirdDerivativeOnAnIntervalContainsItsValuesInside() throws Exception {
        // tanh''' on [-1/3, 4/5] must contain tanh''' at -1/3, 0, 1/7 and 4/5 (reference rows), and it is at most
        // 2/3 (its maximum, at tanh² = 2/3) and at least -2 (at 0, where tanh''' = -2 exactly)
        RationalInterval iv = RationalInterval.of(BigFraction.of(-1, 3), BigFraction.of(4, 5), BITS);
        RationalInterval s = Elementary.activation(Activation.parse("tanh"), iv, 3)[3];
        for (String[] r : rows("activation-third.tsv")) {
            BigFraction x = BigFraction.parse(r[1]);
            if (r[0].equals("tanh") && iv.contains(x)) {
                assertThat(s.contains(decimal(r[4]))).as(r[1]).isTrue();
            }
        }
        assertThat(s.hi().subtract(BigFraction.of(2, 3)).signum()).isLessThanOrEqualTo(0);
        assertThat(s.contains(BigFraction.of(-2))).isTrue();
    }

    @Test
    void theDualJetOfTheLossHoldsTheDirectionalDerivatives() throws Exception {
        String problem = Files.readString(Path.of("examples", "smooth-zigzag-tanh-h2.json"));
        Net net = Net.parse(problem);
        String[] z = {"-1", "-15/32", "55/64", "15/64", "1/8", "-1/4", "1/2"};
        Dual[] th = new Dual[net.theta.length];
        for (int k = 0; k < th.length; k++) {
            th[k] = new Dual(RationalInterval.of(net.theta[k], BITS), RationalInterval.of(BigFraction.parse(z[k]),
                    BITS));
        }
        Jet<Dual> j = net.dataLoss(th, 2);
        int checked = 0;
        for (String[] r : rows("dual-tanh-zigzag.tsv")) {
            int l = Integer.parseInt(r[1]);
            int m = Integer.parseInt(r[2]);
            RationalInterval iv = switch (r[0]) {
                case "f" -> j.v().e();
                case "hz" -> j.g()[l].e();
                default -> j.h()[l][m].e();
            };
            assertEncloses(iv, r[3], r[0] + " " + l + " " + m);
            checked++;
        }
        assertThat(checked).isEqualTo(1 + 7 + 28);
        // the value parts are the plain jet's: L, ∇L, ∇²L exactly as net.loss computes them
        Jet<RationalInterval> plain = net.loss(Net.point(net.theta, BITS), 2);
        assertThat(j.v().v()).isEqualTo(plain.v());
        assertThat(j.h()[2][5].v()).isEqualTo(plain.h()[2][5]);
    }
}
