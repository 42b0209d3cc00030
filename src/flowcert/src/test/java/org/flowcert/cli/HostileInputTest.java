package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apfloat.ApfloatContext;
import org.flowcert.arith.Ball;
import org.flowcert.arith.BallStorage;
import org.flowcert.io.Limits;
import org.flowcert.io.UserError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 15 §2: the hostile inputs measured in the issue, and every limit of examples/LIMITS.md. */
class HostileInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String tanh(String x) {
        return "{\"network\":{\"widths\":[1,1],\"activation\":\"tanh\"},\"theta\":[\"1\",\"0\"],"
                + "\"risk\":{\"type\":\"data\",\"x\":[" + x + "],\"y\":[\"0\"]}}";
    }

    private static long apFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".ap")).count();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"1e-9999999\"|ball:128|decimal exponent -9999999",
        "\"1e-9999999\"|exact|decimal exponent -9999999",
        "1e-99999999|ball:128|decimal exponent -99999999",
        "1e-99999999|exact|decimal exponent -99999999",
        "\"0x1p-99999999\"|ball:128|binary exponent -99999999",
        "\"1e99999999999999999999999\"|exact|decimal exponent 99999999999999999999999",
    })
    void hugeExponentsAreRefusedWithExit2AndNoScratchFile(String x, String arith, String message) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        long before = apFiles(cwd);
        Path p = write("exp.json", tanh(x));
        CliRun.Outcome o = CliRun.run("eval", p.toString(), "--arith", arith);
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("flowcert: error: " + p + ": risk.x[0]: ").contains(message)
                .contains("exceeds the limit").contains("--limit exponent=N").doesNotContain("\tat ");
        assertThat(apFiles(cwd)).isEqualTo(before);
        assertThat(apFiles(dir)).isZero();
    }

    @Test
    void theExponentLimitCanBeRaised() throws IOException {
        // x = 10^-500, θ = (1, 0), y = 0: L = mean (tanh 10^-500)^2 (a value, not a refusal)
        Path p = write("e500.json", tanh("\"1e-500\""));
        assertThat(CliRun.run("eval", p.toString(), "--arith", "ball:128").code()).isEqualTo(2);
        CliRun.Outcome o = CliRun.run("eval", p.toString(), "--arith", "ball:128", "--limit", "exponent=600");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("E-1000");
    }

    @Test
    void hexExponentsOfBinary64AreWithinTheDefaultLimit() throws IOException {
        // 0x1p-1074 is the smallest subnormal double: inside the default (|binary exponent| ≤ 1330)
        assertThat(CliRun.run("eval", write("h.json", tanh("\"0x1p-1074\"")).toString(), "--arith", "ball:64").code())
                .isZero();
        assertThat(CliRun.run("eval", write("h2.json", tanh("\"0x1p-1331\"")).toString()).code()).isEqualTo(2);
    }

    @Test
    void longNumbersAreRefusedUnlessTheDigitsLimitIsRaised() throws IOException {
        Path p = write("d.json", tanh("\"" + "1".repeat(1001) + "\""));
        CliRun.Outcome o = CliRun.run("eval", p.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("risk.x[0]").contains("1001").contains("limit 1000").contains("--limit digits=N");
        assertThat(CliRun.run("eval", p.toString(), "--limit", "digits=2000").code()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // key | problem | message
        "width|{\"network\":{\"widths\":[1,70000,1],\"activation\":\"tanh\"},\"theta\":[],\"risk\":{}}|network.widths[1]",
        "depth|{\"network\":{\"widths\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],\"activation\":\"tanh\"},\"theta\":[],\"risk\":{}}|network.widths",
        "params|{\"network\":{\"widths\":[1,60000,60000,1],\"activation\":\"tanh\"},\"theta\":[],\"risk\":{}}|network.widths",
        "degree|{\"network\":{\"widths\":[1,1,1],\"activation\":\"poly:1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\"},\"theta\":[],\"risk\":{}}|network.activation",
    })
    void networkLimitsAreNamed(String key, String problem, String field) throws IOException {
        Path p = write("n.json", problem);
        CliRun.Outcome o = CliRun.run("eval", p.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains(p + ": " + field).contains("exceeds the limit " + Limits.DEFAULTS.get(key))
                .contains("--limit " + key + "=N");
    }

    @Test
    void dataPiecesDegreeAndBitsLimits() throws IOException {
        StringBuilder xs = new StringBuilder();
        for (int i = 0; i <= 100_000; i++) {
            xs.append(i == 0 ? "" : ",").append(i % 3);
        }
        Path data = write("data.json", "{\"network\":{\"widths\":[1,1],\"activation\":\"tanh\"},\"theta\":[1,0],"
                + "\"risk\":{\"type\":\"data\",\"x\":[" + xs + "],\"y\":[" + xs + "]}}");
        CliRun.Outcome o = CliRun.run("eval", data.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("risk.x (data points)").contains("100001").contains("--limit data=N");

        StringBuilder pieces = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            pieces.append(i == 0 ? "" : ",").append("{\"from\":\"").append(i).append("/1001\",\"to\":\"").append(i + 1)
                    .append("/1001\",\"poly\":[1]}");
        }
        String relu = "{\"network\":{\"widths\":[1,1,1],\"activation\":\"relu\"},\"theta\":[1,0,1,0],"
                + "\"risk\":{\"type\":\"integral\",\"domain\":[0,1],\"target\":[";
        o = CliRun.run("eval", write("pieces.json", relu + pieces + "]}}").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("risk.target (pieces)").contains("--limit pieces=N");

        String deg3000 = relu + "{\"from\":0,\"to\":1,\"poly\":[" + "1,".repeat(3000) + "1]}]}}";
        o = CliRun.run("eval", write("deg.json", deg3000).toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("risk.target[0].poly (degree)").contains("3000").contains("--limit degree=N");

        o = CliRun.run("eval", write("b.json", tanh("\"1\"")).toString(), "--arith", "ball:5000");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--arith ball:5000").contains("limit 4096").contains("--limit bits=N");
        assertThat(CliRun.run("eval", write("b2.json", tanh("\"1\"")).toString(), "--arith", "ball:5000", "--limit",
                "bits=5000").code()).isZero();
    }

    @Test
    void claimsLimits(@TempDir Path out) throws IOException {
        Path problem = write("p.json", tanh("\"1\""));
        Path cert = out.resolve("c.cert");
        Path farTime = write("t.json", "{\"claims\":[{\"type\":\"flow-enclosure\",\"time\":\"1e7\",\"box\":[[-1,1],[-1,1]]}]}");
        CliRun.Outcome o = CliRun.run("certify", problem.toString(), farTime.toString(), "--out", cert.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("claims[0].time").contains("10000000").contains("--limit time=N");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"loss-below\",\"value\":\"1\"}");
        }
        o = CliRun.run("certify", problem.toString(), write("m.json", "{\"claims\":[" + many + "]}").toString(), "--out",
                cert.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--limit claims=N");
        assertThat(cert).doesNotExist();
    }

    @Test
    void badLimitOptionsAreUsageErrors() throws IOException {
        Path p = write("p.json", tanh("\"1\""));
        for (String bad : new String[] {"foo=1", "digits", "digits=0", "digits=-5", "digits=1e3", "exponent=100001",
            "digits=99999999999999999999"}) {
            CliRun.Outcome o = CliRun.run("eval", p.toString(), "--limit", bad);
            assertThat(o.code()).as(bad).isEqualTo(2);
            assertThat(o.err()).as(bad).contains("--limit");
        }
        assertThatThrownBy(() -> Limits.parse(java.util.List.of("bits=0"))).isInstanceOf(UserError.class);
        assertThat(Limits.parse(java.util.List.of("bits=8192", "DATA=7")).bits()).isEqualTo(8192);
    }

    @Test
    void deepNestingAndDuplicateKeysAreRefused() throws IOException {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        CliRun.Outcome o = CliRun.run("eval", write("deep.json", tanh(deep)).toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("nesting").contains("--limit nesting=N").doesNotContain("StackOverflow");
        o = CliRun.run("eval", write("dup.json", "{\"theta\":[1,0]," + tanh("\"1\"").substring(1)).toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Duplicate field 'theta'");
    }

    @Test
    void apfloatIsMemoryOnlyWithACap() {
        Ball.field(64); // loads Ball, which configures Apfloat before its first number
        ApfloatContext ctx = ApfloatContext.getGlobalContext();
        assertThat(ctx.getMemoryThreshold()).isEqualTo(BallStorage.CAP);
        assertThat(ctx.getProperties().getProperty(ApfloatContext.FILE_PATH)).contains("flowcert-apfloat");
        assertThatThrownBy(() -> ctx.getBuilderFactory().getDataStorageBuilder().createDataStorage(BallStorage.CAP + 1))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("storage cap");
        assertThatThrownBy(() -> ctx.getBuilderFactory().getDataStorageBuilder()
                .createCachedDataStorage(10 * BallStorage.CAP)).isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @CsvSource({"10000", "1000000"})
    void geluWithHugePreActivationAnswersInBall128(String w) throws IOException {
        // N(x) = 1·gelu(w·1), one point x = 1, y = 0: L = gelu(w)² = w²·Φ(w)², and 0 < 1 − Φ(w) < e^{-w²/2}
        // (Mills), so L lies in (w² − 2w²e^{-w²/2}, w²): below w² by far less than 10^-30
        Path p = write("g.json", "{\"network\":{\"widths\":[1,1,1],\"activation\":\"gelu\"},\"theta\":[\"" + w
                + "\",\"0\",\"1\",\"0\"],\"risk\":{\"type\":\"data\",\"x\":[\"1\"],\"y\":[\"0\"]}}");
        CliRun.Outcome o = CliRun.run("eval", p.toString(), "--arith", "ball:128", "--json");
        assertThat(o.code()).as(o.err()).isZero();
        var loss = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.out()).get("loss");
        BigDecimal w2 = new BigDecimal(w).pow(2);
        assertThat(new BigDecimal(loss.get("lo").asText())).isLessThan(w2);
        assertThat(new BigDecimal(loss.get("hi").asText())).isGreaterThan(w2.subtract(new BigDecimal("1e-30")));
    }

    @Test
    void anIntervalOverflowSuggestsArithmeticsThatCanEvaluate() throws IOException {
        Path p = write("o.json", "{\"network\":{\"widths\":[1,2,1],\"activation\":\"tanh\"},\"theta\":[\"1e300\",\"1\","
                + "\"1e300\",\"1\",\"1e300\",\"1\",\"1\"],\"risk\":{\"type\":\"data\",\"x\":[\"1e10\"],\"y\":[\"0\"]}}");
        CliRun.Outcome o = CliRun.run("eval", p.toString(), "--arith", "interval");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("ball:BITS").doesNotContain("use --arith interval");
        assertThat(CliRun.run("eval", p.toString(), "--arith", "ball:64").code()).isZero();
    }

    @Test
    void exactArithmeticOnADeepPolynomialNetworkIsRefusedBeforeTheWork() throws IOException {
        // 40 hidden layers of a degree-2 activation: exact numbers would grow 2^40-fold (this hung before)
        StringBuilder w = new StringBuilder("1");
        StringBuilder th = new StringBuilder();
        for (int l = 0; l < 41; l++) {
            w.append(",1");
            th.append(l == 0 ? "" : ",").append("\"3/7\",\"1/3\"");
        }
        Path p = write("deep.json", "{\"network\":{\"widths\":[" + w + "],\"activation\":\"poly:0,1/2,1\"},\"theta\":["
                + th + "],\"risk\":{\"type\":\"data\",\"x\":[\"5/3\"],\"y\":[\"0\"]}}");
        CliRun.Outcome o = CliRun.run("eval", p.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("2^40").contains("interval").contains("ball:BITS");
        assertThat(CliRun.run("eval", p.toString(), "--arith", "interval").code()).isZero();
    }

    @Test
    void flowRefusesNumbersBeyondBinary64() throws IOException {
        Path p = write("f.json", "{\"network\":{\"widths\":[1,2,1],\"activation\":\"relu\"},\"theta\":[\"1e309\",\"1\","
                + "\"0\",\"1\",\"1\",\"1\",\"1\"],\"risk\":{\"type\":\"data\",\"x\":[\"1\"],\"y\":[\"0\"]}}");
        CliRun.Outcome o = CliRun.run("flow", p.toString(), "--to", "0.01");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("theta[0]").contains("binary64");
    }

    @Test
    void anUnprovableFlowClaimWithOverflowingEnclosuresIsNotProvedAndWritesNothing() throws IOException {
        // softplus 1-3-1 with weights near 10^150: the loss overflows binary64, the flow claim cannot be proved
        Path p = write("sp.json", "{\"network\":{\"widths\":[1,3,1],\"activation\":\"softplus\"},\"theta\":[\"1e150\","
                + "\"-2\",\"1\",\"1\",\"0\",\"-1\",\"2\",\"-3\",\"1e160\",\"1\"],\"risk\":{\"type\":\"data\",\"x\":[\"-2\","
                + "\"1\",\"2\"],\"y\":[\"4\",\"1\",\"4\"]}}");
        String box = "[[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],"
                + "[-100,100],[-100,100]]";
        Path cert = dir.resolve("sp.cert");
        for (String claim : new String[] {"{\"type\":\"flow-enclosure\",\"time\":\"1\",\"box\":" + box + "}",
            "{\"type\":\"leaves-ball\",\"radius\":\"100\",\"by\":\"1\"}"}) {
            Path c = write("c.json", "{\"claims\":[" + claim + "]}");
            CliRun.Outcome o = CliRun.run("certify", p.toString(), c.toString(), "--out", cert.toString());
            assertThat(o.code()).as(o.err()).isEqualTo(1);
            assertThat(o.out()).contains("NOT PROVED claim 0");
            assertThat(cert).doesNotExist();
        }
    }

    @Test
    void aFalseCriticalValueClaimReportsAnEnclosureOfTheCriticalValue() throws IOException {
        // C3 blow-up: the critical point in (-41/81, -40/81) has critical value exactly 1/75 (issue 15);
        // R at the interval's end, 0.013376, must not be reported as if it were the critical value
        Path c = write("c3.json", "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"1/74\","
                + "\"region\":\"everywhere\"}]}");
        CliRun.Outcome o = CliRun.run("certify", "examples/c3-cubic-blowup.json", c.toString(), "--out",
                dir.resolve("c3.cert").toString());
        String text = o.out();
        assertThat(o.code()).isEqualTo(1);
        assertThat(text).contains("(-41/81, -40/81)").contains("critical value R(β*) in [0.01333333333, 0.01333333334]")
                .doesNotContain("0.013376");
    }

    /** The softplus reproduction: exit 3 before the fix; now proved or NOT PROVED (minutes: long run only). */
    @Test
    @Tag("long")
    void softplusFlowEnclosureAtTimeOneNeverEndsInAnInternalError() throws IOException {
        Path p = write("sp3.json", "{\"network\":{\"widths\":[1,3,1],\"activation\":\"softplus\"},\"theta\":[\"3\",\"-2\","
                + "\"1\",\"1\",\"0\",\"-1\",\"2\",\"-3\",\"1\",\"1\"],\"risk\":{\"type\":\"data\",\"x\":[[\"-2\"],[\"-1\"],"
                + "[\"0\"],[\"1\"],[\"2\"]],\"y\":[[\"4\"],[\"1\"],[\"0\"],[\"1\"],[\"4\"]]}}");
        String box = "[[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],[-100,100],"
                + "[-100,100],[-100,100]]";
        Path c = write("c.json", "{\"claims\":[{\"type\":\"flow-enclosure\",\"time\":\"1\",\"box\":" + box + "}]}");
        CliRun.Outcome o = CliRun.run("certify", p.toString(), c.toString(), "--out", dir.resolve("x.cert").toString());
        assertThat(o.code()).as(o.err()).isIn(0, 1);
    }
}
