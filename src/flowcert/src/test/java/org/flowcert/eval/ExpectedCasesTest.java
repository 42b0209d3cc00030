package org.flowcert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Exact;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss and gradient of src/test/resources/cases/EXPECTED.md (computed there by computer algebra). */
class ExpectedCasesTest {

    static Path cases() {
        return org.flowcert.TestData.cases();
    }

    /** file, loss, gradient (null = all zero), as in EXPECTED.md. */
    static Stream<Arguments> expected() {
        return Stream.of(
                Arguments.of("c1-relu-square.json", "7/960", new String[] {"-1/24", "-1/16", "-1/12", "-1/12",
                    "-1/12", "-1/48", "-1/6"}),
                Arguments.of("c2-relu-dead-neurons.json", "1/12", null),
                Arguments.of("c2-relu-global-minimum.json", "0", null),
                Arguments.of("c3-cubic-divergence.json", "39/4375", new String[] {"11177/15750", "2087/2250",
                    "4679/21875", "7/50"}),
                Arguments.of("c3-cubic-critical-point.json", "1/75", null),
                Arguments.of("c6-leaky-linear-convergence.json", "1/800", new String[] {"-1/20", "-1/20", "-3/20",
                    "-1/20"}));
    }

    static Problem read(String file) {
        return ProblemReader.read(cases().resolve(file));
    }

    static BigFraction[] expectedGradient(Problem p, String[] g) {
        BigFraction[] e = new BigFraction[p.parameterCount()];
        for (int i = 0; i < e.length; i++) {
            e[i] = g == null ? BigFraction.ZERO : Numbers.parse(g[i]);
        }
        return e;
    }

    @ParameterizedTest
    @MethodSource("expected")
    void exactModeGivesTheExpectedValuesExactly(String file, String loss, String[] grad) {
        Problem p = read(file);
        LossGradient.Result<Exact> r = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta()));
        assertThat(r.loss().value()).isEqualTo(Numbers.parse(loss));
        BigFraction[] got = Arrays.stream(r.gradient()).map(Exact::value).toArray(BigFraction[]::new);
        assertThat(got).containsExactly(expectedGradient(p, grad));
    }

    @ParameterizedTest
    @MethodSource("expected")
    void doubleModeIsClose(String file, String loss, String[] grad) {
        Problem p = read(file);
        LossGradient.Result<DoubleNum> r = LossGradient.evaluate(p, DoubleNum.FIELD,
                LossGradient.of(DoubleNum.FIELD, p.theta()));
        assertThat(r.loss().value()).isCloseTo(Numbers.parse(loss).doubleValue(),
                org.assertj.core.data.Offset.offset(1e-13));
        BigFraction[] e = expectedGradient(p, grad);
        for (int i = 0; i < e.length; i++) {
            assertThat(r.gradient()[i].value()).isCloseTo(e[i].doubleValue(), org.assertj.core.data.Offset.offset(1e-13));
        }
    }

    @ParameterizedTest
    @MethodSource("expected")
    void ball256ContainsTheExpectedValuesTightly(String file, String loss, String[] grad) {
        Problem p = read(file);
        Ball.Field f = Ball.field(256);
        LossGradient.Result<Ball> r = LossGradient.evaluate(p, f, LossGradient.of(f, p.theta()));
        assertTight(r.loss(), Numbers.parse(loss), file + " loss");
        BigFraction[] e = expectedGradient(p, grad);
        for (int i = 0; i < e.length; i++) {
            assertTight(r.gradient()[i], e[i], file + " grad " + i);
        }
    }

    /** b contains q and is narrower than 2^-200 (256-bit midpoints, a few roundings). */
    static void assertTight(Ball b, BigFraction q, String what) {
        assertThat(b.contains(q)).as("%s: %s must contain %s", what, b, q).isTrue();
        assertThat(b.upper().subtract(b.lower()).abs().doubleValue()).as(what).isLessThan(0x1p-200);
    }
}
