package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;

/** The c3 cubic case against src/test/resources/cases/EXPECTED.md ("The mathematics behind c3"). */
class ProfiledCriticalValueProverTest {

    static Problem c3(String name) {
        return ProblemReader.read(org.flowcert.TestData.caseFile(name));
    }

    static BigFraction q(long p, long r) {
        return BigFraction.of(p, r);
    }

    @Test
    void profileIsTheRationalFunctionOfExpectedMd() {
        MonomialProfile prof = MonomialProfile.of(c3("c3-cubic-divergence.json"));
        // EXPECTED.md: R(β) = (35β²+35β+9) / (75(84β⁴+168β³+140β²+56β+9))
        RationalPolynomial n = RationalPolynomial.ofLongs(9, 35, 35);
        RationalPolynomial d = RationalPolynomial.ofLongs(9, 56, 140, 168, 84).scale(BigFraction.of(75));
        assertThat(prof.numerator().multiply(d)).isEqualTo(prof.denominator().multiply(n));
        assertThat(prof.value(q(-1, 2))).isEqualTo(q(1, 75));
        assertThat(prof.flatValue()).isEqualTo(q(1, 12));
        assertThat(prof.denominatorPositive()).isTrue();
        // P ∝ (2β+1)(10β²+10β+3)(14β²+14β+3)
        RationalPolynomial expected = RationalPolynomial.ofLongs(1, 2).multiply(RationalPolynomial.ofLongs(3, 10, 10))
                .multiply(RationalPolynomial.ofLongs(3, 14, 14));
        RationalPolynomial p = prof.derivativeNumerator();
        assertThat(p.degree()).isEqualTo(5);
        assertThat(p.monic()).isEqualTo(expected.monic());
    }

    @Test
    void criticalValuesAreExactlyTheThreeOfExpectedMd() {
        MonomialProfile prof = MonomialProfile.of(c3("c3-cubic-divergence.json"));
        RationalPolynomial ps = prof.derivativeNumerator().squareFreePart();
        List<RootIsolation.Isolated> roots = RootIsolation.isolate(ps);
        assertThat(roots).hasSize(3);
        List<BigFraction> values = new ArrayList<>();
        for (RootIsolation.Isolated iv : roots) {
            for (BigFraction v : List.of(q(1, 75), q(7, 300))) {
                RationalPolynomial g = RationalPolynomial.gcd(ps, prof.numerator().subtract(prof.denominator().scale(v)));
                if (g.degree() > 0 && g.signAt(iv.lo()) * g.signAt(iv.hi()) < 0) {
                    values.add(v);
                }
            }
        }
        assertThat(values).containsExactly(q(7, 300), q(1, 75), q(7, 300));
        // the roots are −1/2 − √7/14 ≈ −0.689, −1/2, −1/2 + √7/14 ≈ −0.311
        double[] expected = {-0.5 - Math.sqrt(7) / 14, -0.5, -0.5 + Math.sqrt(7) / 14};
        for (int i = 0; i < 3; i++) {
            assertThat(roots.get(i).lo().doubleValue()).isLessThan(expected[i]);
            assertThat(roots.get(i).hi().doubleValue()).isGreaterThan(expected[i]);
        }
    }

    @Test
    void provesOneSeventyFifthEverywhere() {
        ProfiledCriticalValueProver.Result r = ProfiledCriticalValueProver.prove(c3("c3-cubic-divergence.json"), q(1, 75));
        assertThat(r.proved()).as(r.reason()).isTrue();
        assertThat(r.roots()).extracting(ProfiledCriticalValueProver.RootCase::rule).containsExactly(
                ProfiledCriticalValueProver.Rule.ABOVE, ProfiledCriticalValueProver.Rule.EQUAL,
                ProfiledCriticalValueProver.Rule.ABOVE);
    }

    @Test
    void refusesAnythingAboveOneSeventyFifth() {
        Problem p = c3("c3-cubic-divergence.json");
        assertThat(ProfiledCriticalValueProver.prove(p, q(1, 75).add(q(1, 1_000_000_000))).proved()).isFalse();
        assertThat(ProfiledCriticalValueProver.prove(p, q(7, 300)).proved()).isFalse();
        assertThat(ProfiledCriticalValueProver.prove(p, q(1, 12)).proved()).isFalse();
        assertThat(ProfiledCriticalValueProver.prove(p, q(1, 100)).proved()).isTrue();
    }

    @Test
    void linearNetOnDataGivesTheLeastSquaresResidual() {
        // N = v(wx+b) + c on x = (0, 1, 2), y = (0, 1, 4), mean: least squares line 2x − 1/3,
        // residuals (1/3, −2/3, 1/3): L = 2/9; the constant fit leaves the variance 26/9
        String json = "{\"network\":{\"widths\":[1,1,1],\"activation\":\"poly:0,1\"},"
                + "\"theta\":[\"1\",\"0\",\"1\",\"0\"],"
                + "\"risk\":{\"type\":\"data\",\"x\":[\"0\",\"1\",\"2\"],\"y\":[\"0\",\"1\",\"4\"]}}";
        Problem p = ProblemReader.parse(json, "inline");
        assertThat(MonomialProfile.of(p).flatValue()).isEqualTo(q(26, 9));
        assertThat(ProfiledCriticalValueProver.prove(p, q(2, 9)).proved()).isTrue();
        assertThat(ProfiledCriticalValueProver.prove(p, q(2, 9).add(q(1, 1000))).proved()).isFalse();
    }

    @Test
    void refusesOutsideTheFamily() {
        String json = "{\"network\":{\"widths\":[1,2,1],\"activation\":\"relu\"},"
                + "\"theta\":[\"1\",\"1\",\"0\",\"0\",\"1\",\"1\",\"0\"],"
                + "\"risk\":{\"type\":\"integral\",\"domain\":[\"0\",\"1\"],"
                + "\"target\":[{\"from\":\"0\",\"to\":\"1\",\"poly\":[\"0\",\"1\"]}]}}";
        ProfiledCriticalValueProver.Result r = ProfiledCriticalValueProver.prove(ProblemReader.parse(json, "x"), q(0, 1));
        assertThat(r.proved()).isFalse();
        assertThat(r.reason()).contains("[1, 1, 1]");
    }
}
