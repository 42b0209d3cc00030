package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.Checker;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.junit.jupiter.api.Test;

/**
 * critical-values-above everywhere for 1-H-1 relu nets on 1-D data (proofs-notes/critical-relu-data.md).
 * Expected smallest critical values come from the independent numerical search
 * benchmarks/relu-data/search.py (2000–3000 Levenberg–Marquardt and Newton runs in binary64, numpy/scipy;
 * results in benchmarks/critical-relu-data.md), never from this code.
 */
class ReluDataCriticalTest {
    /** Problem file, smallest critical value found by the numerical search. */
    private static final Object[][] CASES = {
        {"relu-data-a8-h2.json", 0.002673076923076921},
        {"relu-data-a8-h3.json", 0.0008480769230769},
        {"relu-data-b12-h2.json", 0.09005119047619031},
        {"relu-data-c16-h2.json", 0.16786370926527122},
        {"relu-data-fit12-h2.json", 0.0},
        {"relu-data-leaky-a8-h2.json", 0.002618215073980214},
        {"relu-data-leaky-c16-h2.json", 0.1680768503185675},
    };

    private static Certifier.Result certify(String problemFile, String claimsText) throws Exception {
        Path path = Path.of("examples", problemFile);
        Problem p = ProblemReader.read(path);
        return Certifier.certify(p, Files.readString(path), claimsText, ClaimsFile.parse(claimsText, "claims", p.parameterCount()),
                "0.1.0");
    }

    private static String claim(BigFraction c) {
        return "{ \"claims\": [ { \"type\": \"critical-values-above\", \"value\": \"" + Numbers.format(c)
                + "\", \"region\": \"everywhere\" } ] }\n";
    }

    @Test
    void theExactSmallestCriticalValueMatchesTheNumericalSearch() throws Exception {
        for (Object[] c : CASES) {
            Problem p = ProblemReader.read(Path.of("examples", (String) c[0]));
            BigFraction exact = ReluDataCriticalProver.smallest(ReluDataCriticalProver.patterns(p)).value();
            assertThat(exact.doubleValue()).as((String) c[0]).isCloseTo((double) c[1],
                    org.assertj.core.data.Offset.offset(1e-10 + 1e-9 * (double) c[1]));
        }
    }

    @Test
    void whereTheSearchMissesTheLowestCriticalPointTheExactValueIsARealCriticalValueBelowIt() throws Exception {
        // c16-h3: the search's lowest critical value is 0.13629714399912402; benchmarks/relu-data/construct.py builds
        // a critical point (steep units) with loss 2112840279/16534000000 and checks in rationals that its gradient is 0
        Problem p = ProblemReader.read(Path.of("examples", "relu-data-c16-h3.json"));
        BigFraction exact = ReluDataCriticalProver.smallest(ReluDataCriticalProver.patterns(p)).value();
        assertThat(exact).isEqualTo(BigFraction.of(2112840279L, 16534000000L));
        assertThat(exact.doubleValue()).isLessThan(0.13629714399912402);
    }

    @Test
    void aBoundJustBelowIsProvedAndCheckedAHairAboveIsRefused() throws Exception {
        BigFraction hair = BigFraction.of(1, 1_000_000_000);
        for (Object[] c : CASES) {
            BigFraction m = BigFraction.from((double) c[1]);
            Certifier.Result below = certify((String) c[0], claim(m.subtract(hair).signum() < 0 ? BigFraction.ZERO : m.subtract(hair)));
            assertThat(below.allProved()).as(c[0] + ": " + below.lines()).isTrue();
            assertThat(Checker.check(below.certificate().getBytes(StandardCharsets.UTF_8)).exitCode()).isZero();
            Certifier.Result above = certify((String) c[0], claim(m.add(hair)));
            assertThat(above.allProved()).as((String) c[0]).isFalse();
            assertThat(String.join("\n", above.lines())).contains("false: the smallest critical value is");
        }
    }

    @Test
    void tooManyPatternsAreRefusedWithAReason() throws Exception {
        Problem p = ProblemReader.read(Path.of("examples", "relu-data-c16-h2.json"));
        ReluDataCriticalProver.Result big = ReluDataCriticalProver.prove(
                new org.flowcert.prove.ProofContext(p, new org.flowcert.cert.Steps()), BigFraction.ZERO, 100);
        assertThat(big.proved()).isFalse();
        assertThat(big.reason()).contains("activation patterns").contains("exceed the limit of 100");
    }
}
