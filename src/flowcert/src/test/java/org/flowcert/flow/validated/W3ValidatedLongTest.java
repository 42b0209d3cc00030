package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowcert.arith.Interval;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * W3 (src/test/resources/cases/w1-tanh-h4.json, 1-4-1 tanh, P = 13) proved to t = 1000 with Lohner sets,
 * through the non-convex stretch where the ball method alone stops (t ≈ 640,
 * benchmarks/w3-validated.md). Several CPU minutes: tagged long.
 */
@Tag("long")
class W3ValidatedLongTest {

    /**
     * scipy DOP853 values (../shared/peers/RESULTS.md "W3", rtol 1e-10, about 10 correct digits):
     * t, loss, ‖θ‖.
     */
    private static final double[][] SCIPY = {
        {10, 0.008852958568042569, 1.4745073258409338},
        {100, 0.005461419219116434, 1.6626799554706133},
        {1000, 3.1225147409493e-05, 3.0759401070885084},
    };

    private static boolean containsWidened(Interval x, double v) {
        double tol = 1e-10 * Math.abs(v);
        return x.lo() <= v + tol && v - tol <= x.hi();
    }

    @Test
    void w3IsProvedToOneThousandWithNarrowEnclosuresHoldingScipysValues() throws Exception {
        Path file = org.flowcert.TestData.caseFile("w1-tanh-h4.json");
        Problem p = ProblemReader.parse(Files.readString(file), file.toString());
        ValidatedFlow.Result r = ValidatedFlow.integrate(p, 1000,
                ValidatedFlow.Options.defaults().withTimes(1, 10, 100), new ValidatedFlow.Listener() { });
        assertTrue(r.complete(), r.stopReason());
        for (double[] ref : SCIPY) {
            Enclosure e = r.at(ref[0]).orElseThrow();
            assertTrue(containsWidened(e.loss(), ref[1]), "t = " + ref[0] + ": L " + ref[1] + " not in " + e.loss());
            assertTrue(containsWidened(e.norm(), ref[2]), "t = " + ref[0] + ": |theta| " + ref[2] + " not in "
                    + e.norm());
        }
        // measured 2.2e-10 (benchmarks/w3-validated.md); the ball method alone does not reach t = 1000
        assertTrue(r.at(1000).orElseThrow().maxWidth() < 1e-9, "width " + r.at(1000).orElseThrow().maxWidth());
    }
}
