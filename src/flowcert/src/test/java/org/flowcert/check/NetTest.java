package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/** The checker's exact evaluation against src/test/resources/cases/EXPECTED.md. */
class NetTest {
    private static Net net(String name) throws IOException, Malformed {
        return Net.parse(Files.readString(Path.of("examples", name)));
    }

    private static void assertExact(String file, String loss, String... grad) throws Exception {
        Net n = net(file);
        Jet<RationalInterval> j = n.loss(Net.point(n.theta, 0), 1);
        assertThat(j.v().isPoint()).isTrue();
        assertThat(j.v().lo()).isEqualTo(Numbers.parse(loss));
        for (int k = 0; k < grad.length; k++) {
            assertThat(j.g()[k].isPoint()).isTrue();
            assertThat(j.g()[k].lo()).as("component " + k).isEqualTo(Numbers.parse(grad[k]));
        }
    }

    @Test
    void c1() throws Exception {
        assertExact("c1-relu-square.json", "7/960", "-1/24", "-1/16", "-1/12", "-1/12", "-1/12", "-1/48", "-1/6");
    }

    @Test
    void c2() throws Exception {
        assertExact("c2-relu-dead-neurons.json", "1/12", "0", "0", "0", "0", "0", "0", "0");
        assertExact("c2-relu-global-minimum.json", "0", "0", "0", "0", "0", "0", "0", "0");
    }

    @Test
    void c3() throws Exception {
        assertExact("c3-cubic-divergence.json", "39/4375", "11177/15750", "2087/2250", "4679/21875", "7/50");
        assertExact("c3-cubic-critical-point.json", "1/75", "0", "0", "0", "0");
    }

    @Test
    void c6() throws Exception {
        assertExact("c6-leaky-linear-convergence.json", "1/800", "-1/20", "-1/20", "-3/20", "-1/20");
    }

    @Test
    void w1TanhEnclosesTheReferenceLoss() throws Exception {
        Net n = net("w1-tanh-h4.json");
        RationalInterval l = n.loss(Net.point(n.theta, 96), 0).v();
        // 256-bit reference of ../shared/peers/RESULTS.md: 0.815383092942117824...
        BigFraction ref = Numbers.parse("0.815383092942117824");
        BigFraction tol = Numbers.parse("1e-18");
        assertThat(l.lo().subtract(ref.add(tol)).signum()).isLessThanOrEqualTo(0);
        assertThat(l.hi().subtract(ref.subtract(tol)).signum()).isGreaterThanOrEqualTo(0);
        assertThat(l.hi().subtract(l.lo()).subtract(tol).signum()).isLessThan(0);
    }
}
