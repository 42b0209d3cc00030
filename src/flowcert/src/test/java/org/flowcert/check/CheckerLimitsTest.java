package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 §2: the certificate does not choose the checker's cost. Each hostile certificate below ends in a
 * verdict or a LIMIT (exit 2 naming the field, the value and the limit); the elementary functions take their
 * tail bounds (ElementaryTailTest), and the deadline stops a long check. Times are printed, not asserted.
 */
class CheckerLimitsTest {
    static String cert(String problem, String claims, String... steps) {
        return CertificateText.assemble("0.1.0", problem, claims, List.of(steps));
    }

    static Checker.Result check(String cert) {
        return check(cert, Limits.DEFAULT);
    }

    static Checker.Result check(String cert, Limits limits) {
        long t = System.nanoTime();
        Checker.Result r = Checker.check(cert.getBytes(StandardCharsets.UTF_8), limits, null);
        System.out.printf("  %.3f s exit %d %s%n", (System.nanoTime() - t) / 1e9, r.exitCode(), r.lines());
        return r;
    }

    static String gelu(int depth, String w) {
        StringBuilder widths = new StringBuilder("1");
        List<String> theta = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            widths.append(", 1");
            theta.add("\"" + w + "\"");
            theta.add("\"0\"");
        }
        widths.append(", 1");
        theta.add("\"1\"");
        theta.add("\"0\"");
        return "{\"network\": {\"widths\": [" + widths + "], \"activation\": \"gelu\"}, \"theta\": " + theta
                + ", \"risk\": {\"type\": \"data\", \"x\": [\"1\"], \"y\": [\"0\"]}}";
    }

    static final String LOSS_BELOW = "{\"claims\": [{\"type\": \"loss-below\", \"value\": \"1e30\"}]}";
    static final String CLAIM = "{\"id\":2,\"rule\":\"claim\",\"from\":[1],\"claim\":0}";

    @Test
    void geluWithALargePreActivationChecksAtOnce() {
        // L = gelu(2000)² = 4·10^6 − tiny; the old checker built e^(−2·10^6) as an exact fraction (> 20 s)
        Checker.Result r = check(cert(gelu(1, "2000"), LOSS_BELOW,
                "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":64,\"value\":[\"3999999\",\"4000001\"]}", CLAIM));
        assertThat(r.exitCode()).as(r.lines().toString()).isZero();
        // and the enclosure is tight: [4·10^6 − 1/1000, 4·10^6 + 1/1000] still holds
        r = check(cert(gelu(1, "2000"), LOSS_BELOW,
                "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":64,\"value\":[\"3999999.999\",\"4000000.001\"]}",
                CLAIM));
        assertThat(r.exitCode()).as(r.lines().toString()).isZero();
    }

    @Test
    void deepGeluWithOneBitEndsInAVerdict() {
        // bits 1 widens every interval to a power of two; 12 layers of weight 2000: arguments near 2^130
        for (String w : new String[] {"2000", "-2000", "1e6"}) {
            Checker.Result r = check(cert(gelu(12, w), LOSS_BELOW,
                    "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":1,\"value\":[\"0\",\"1e300\"]}", CLAIM));
            assertThat(r.exitCode()).as(r.lines().toString()).isIn(0, 1, 2);
        }
    }

    @Test
    void hugeExponentsAreALimitNotAHang() {
        for (String v : new String[] {"1e-9999999", "\"1e-9999999\"", "1e99999999999999999999999",
            "\"0x1p-99999999\"", "\"1e10001\""}) {
            Checker.Result r = check(cert(gelu(1, "1"), LOSS_BELOW,
                    "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":64,\"value\":[\"0\"," + v + "]}", CLAIM));
            assertThat(r.exitCode()).as(v).isEqualTo(2);
            if (!v.startsWith("1e9999")) { // Jackson itself refuses an exponent beyond an int: not valid JSON
                assertThat(r.lines().get(0)).as(v).startsWith("LIMIT: step 1").contains("value", "exponent = 10000");
            }
        }
        // within a raised limit the same number is read (and the step judged)
        Checker.Result r = check(cert(gelu(1, "1"), LOSS_BELOW,
                "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":64,\"value\":[\"0\",\"1e10001\"]}", CLAIM),
                Limits.DEFAULT.with("exponent=20000"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines().get(0)).startsWith("INVALID: claim 0").contains("not below the value");
        // in the problem too
        r = check(cert(gelu(1, "1e-99999"), LOSS_BELOW, CLAIM));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines().get(0)).startsWith("LIMIT: problem: theta").contains("exponent");
    }

    @Test
    void tooManyDigitsOrBitsOrAHighDegreeAreLimits() {
        String longNumber = "1".repeat(10_001);
        Checker.Result r = check(cert(gelu(1, "1"), LOSS_BELOW,
                "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":64,\"value\":[\"0\",\"" + longNumber + "\"]}", CLAIM));
        assertThat(r.lines().get(0)).startsWith("LIMIT: step 1").contains("digits = 10000");
        r = check(cert(gelu(1, "1"), LOSS_BELOW,
                "{\"id\":1,\"rule\":\"loss\",\"from\":[],\"bits\":5000,\"value\":[\"0\",\"10\"]}", CLAIM));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines().get(0)).contains("bits", "5000", "bits = 4096");
        // a degree-3000 target polynomial: refused before any evaluation
        String poly = "[\"1\"" + ", \"1\"".repeat(3000) + "]";
        String problem = "{\"network\": {\"widths\": [1, 1, 1], \"activation\": \"relu\"}, \"theta\": [\"1\", \"0\","
                + " \"1\", \"0\"], \"risk\": {\"type\": \"integral\", \"domain\": [\"0\", \"1\"], \"target\": [{\"from\":"
                + " \"0\", \"to\": \"1\", \"poly\": " + poly + "}]}}";
        r = check(cert(problem, LOSS_BELOW, CLAIM));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines().get(0)).contains("degree 3000", "degree = 100");
        r = check(cert(problem.replace("\"relu\"", "\"poly:0," + "1,".repeat(200) + "1\""), LOSS_BELOW, CLAIM));
        assertThat(r.lines().get(0)).contains("degree 201", "degree = 100");
    }

    @Test
    void theDeadlineStopsALongCheck() throws Exception {
        byte[] w3 = Files.readAllBytes(Path.of("certificates/w3-tanh-flow.cert"));
        long t = System.nanoTime();
        Checker.Result r = Checker.check(w3, Limits.DEFAULT.with("seconds=1"), null);
        System.out.printf("  w3 with seconds=1: %.3f s %s%n", (System.nanoTime() - t) / 1e9, r.lines());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines().get(0)).startsWith("LIMIT: step ").contains("the check ran longer", "seconds = 1");
    }

    @Test
    void anEmptyClaimsListIsRefused() {
        Checker.Result r = check(cert(gelu(1, "1"), "{\"claims\": []}"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines().get(0)).startsWith("MALFORMED: claims").contains("empty");
    }

    @Test
    void limitOptionsAreParsed() {
        Limits l = Limits.DEFAULT.with("digits=5").with("seconds=7");
        assertThat(l.digits()).isEqualTo(5);
        assertThat(l.seconds()).isEqualTo(7);
        assertThat(l.bits()).isEqualTo(4096);
        for (String bad : new String[] {"digits", "foo=1", "digits=0", "digits=-1", "digits=1e3", "bits=99999999",
            "seconds=99999999999999999999", "digits=\u001b[2J"}) {
            assertThatThrownBy(() -> Limits.DEFAULT.with(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .message().doesNotContain("\u001b");
        }
    }
}
