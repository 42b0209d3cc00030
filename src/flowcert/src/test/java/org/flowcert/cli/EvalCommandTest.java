package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flowcert eval} end to end: exit codes, the --json shape of CONTRACT.md, outward bounds. */
class EvalCommandTest {
    static final Path CASES = org.flowcert.TestData.cases();

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void exactJsonHasTheContractShapeAndValues() throws Exception {
        Run r = run("eval", CASES.resolve("c1-relu-square.json").toString(), "--arith", "exact", "--json");
        assertThat(r.code).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out);
        assertThat(o.get("arith").asText()).isEqualTo("exact");
        assertThat(o.get("P").asInt()).isEqualTo(7);
        assertThat(o.get("loss").get("exact").asText()).isEqualTo("7/960");
        assertBounds(o.get("loss"), BigFraction.of(7, 960));
        assertThat(o.get("gradient")).hasSize(7);
        assertThat(o.get("gradient").get(0).get("exact").asText()).isEqualTo("-1/24");
        assertBounds(o.get("gradient").get(6), BigFraction.of(-1, 6));
    }

    static void assertBounds(JsonNode v, BigFraction truth) {
        BigFraction lo = Numbers.parse(v.get("lo").asText());
        BigFraction hi = Numbers.parse(v.get("hi").asText());
        assertThat(Numbers.compare(lo, truth)).isLessThanOrEqualTo(0);
        assertThat(Numbers.compare(truth, hi)).isLessThanOrEqualTo(0);
        assertThat(hi.subtract(lo).abs().doubleValue()).isLessThan(1e-20);
    }

    @Test
    void defaultArithmeticIsExactForRelu() throws Exception {
        Run r = run("eval", CASES.resolve("c6-leaky-linear-convergence.json").toString(), "--json");
        assertThat(r.code).isZero();
        assertThat(new ObjectMapper().readTree(r.out).get("loss").get("exact").asText()).isEqualTo("1/800");
    }

    @Test
    void doubleModePrintsTheComputedDoubleTwice() throws Exception {
        Run r = run("eval", CASES.resolve("w1-tanh-h4.json").toString(), "--arith", "double", "--json");
        assertThat(r.code).isZero();
        JsonNode loss = new ObjectMapper().readTree(r.out).get("loss");
        assertThat(loss.get("lo").asText()).isEqualTo(loss.get("hi").asText());
        assertThat(loss.has("exact")).isFalse();
        // 256-bit reference of RESULTS.md: 0.8153830929421178246538852
        assertThat(Double.parseDouble(loss.get("lo").asText())).isCloseTo(0.8153830929421178,
                org.assertj.core.data.Offset.offset(1e-14));
    }

    @Test
    void textOutputIsReadable() {
        Run r = run("eval", CASES.resolve("c3-cubic-divergence.json").toString(), "--arith", "exact");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("loss").contains("39/4375").contains("11177/15750");
    }

    @Test
    void exactTanhIsRefusedWithExit2() {
        Run r = run("eval", CASES.resolve("w1-tanh-h4.json").toString(), "--arith", "exact");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("w1-tanh-h4.json").contains("network.activation").contains("not piecewise polynomial")
                .doesNotContain("Exception");
    }

    @Test
    void badArithAndBadFilesExit2(@TempDir Path dir) throws Exception {
        Run r = run("eval", CASES.resolve("c1-relu-square.json").toString(), "--arith", "quad");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--arith");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"network\": {\"widths\": [1, 2, 1], \"activation\": \"relu\"}, \"theta\": [\"1\"],"
                + " \"risk\": {\"type\": \"data\", \"x\": [\"1\"], \"y\": [\"1\"]}}");
        r = run("eval", bad.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("bad.json").contains("theta").contains("expected 7 parameters");
        r = run("eval", dir.resolve("missing.json").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("no such file");
    }

    static String problem(String act, boolean integral) {
        String risk = integral
                ? "{\"type\": \"integral\", \"domain\": [\"0\", \"1\"], \"target\": [{\"from\": \"0\", \"to\": \"1\","
                        + " \"poly\": [\"0\", \"1\"]}]}"
                : "{\"type\": \"data\", \"x\": [[\"0.5\"], [\"-1\"]], \"y\": [[\"1\"], [\"0\"]], \"reduction\": \"mean\"}";
        return "{\"network\": {\"widths\": [1, 2, 1], \"activation\": \"" + act + "\"},"
                + " \"theta\": [\"1\", \"-1\", \"0.5\", \"0.25\", \"1\", \"-2\", \"0.1\"], \"risk\": " + risk + "}";
    }

    @Test
    void everySmoothActivationInExactArithmeticExits2WithAClearMessage(@TempDir Path dir) throws Exception {
        for (String act : new String[] {"tanh", "logistic", "softplus", "gelu"}) {
            for (boolean integral : new boolean[] {false, true}) {
                Path f = dir.resolve(act + integral + ".json");
                Files.writeString(f, problem(act, integral));
                Run r = run("eval", f.toString(), "--arith", "exact", "--json");
                assertThat(r.code).as(act + " " + integral).isEqualTo(2);
                assertThat(r.err).contains(act).contains("not piecewise polynomial").contains("--arith")
                        .doesNotContain("Exception").doesNotContain("\tat ");
                // and the rigorous arithmetics evaluate it
                r = run("eval", f.toString(), "--arith", "interval", "--json");
                assertThat(r.code).as(act + " " + integral + " interval").isZero();
            }
        }
    }

    @Test
    void exactFractionsAreCanonical(@TempDir Path dir) throws Exception {
        // this integral's loss is positive, but BigFraction arithmetic can leave it as −p/−q
        Path f = dir.resolve("relu.json");
        Files.writeString(f, problem("relu", true));
        Run r = run("eval", f.toString(), "--arith", "exact", "--json");
        assertThat(r.code).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out);
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        all.add(o.get("loss"));
        o.get("gradient").forEach(all::add);
        for (JsonNode v : all) {
            String e = v.get("exact").asText();
            assertThat(e).matches("-?[0-9]+(/[1-9][0-9]*)?");
            BigFraction q = Numbers.parse(e);
            BigFraction lo = Numbers.parse(v.get("lo").asText());
            BigFraction hi = Numbers.parse(v.get("hi").asText());
            assertThat(Numbers.compare(lo, q)).isLessThanOrEqualTo(0);
            assertThat(Numbers.compare(q, hi)).isLessThanOrEqualTo(0);
            if (e.contains("/")) {
                assertThat(q.getNumerator().abs().gcd(q.getDenominator().abs())).isEqualTo(java.math.BigInteger.ONE);
            }
        }
        assertThat(o.get("loss").get("exact").asText()).doesNotStartWith("-");
    }

    @Test
    void ball256PrintsTightOutwardBounds() throws Exception {
        Run r = run("eval", CASES.resolve("c1-relu-square.json").toString(), "--arith", "ball:256", "--json");
        assertThat(r.code).as(r.err).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out);
        assertThat(o.get("arith").asText()).isEqualTo("ball:256");
        // EXPECTED.md: L = 7/960, ∂L/∂θ_0 = −1/24, ∂L/∂θ_6 = −1/6
        BigFraction[] truth = {BigFraction.of(7, 960), BigFraction.of(-1, 24), BigFraction.of(-1, 6)};
        JsonNode[] v = {o.get("loss"), o.get("gradient").get(0), o.get("gradient").get(6)};
        for (int i = 0; i < truth.length; i++) {
            BigFraction lo = Numbers.parse(v[i].get("lo").asText());
            BigFraction hi = Numbers.parse(v[i].get("hi").asText());
            assertThat(Numbers.compare(lo, truth[i])).isLessThanOrEqualTo(0);
            assertThat(Numbers.compare(truth[i], hi)).isLessThanOrEqualTo(0);
            assertThat(hi.subtract(lo).doubleValue()).isLessThan(1e-70);
        }
        r = run("eval", CASES.resolve("w1-tanh-h4.json").toString(), "--arith", "ball:256", "--json");
        assertThat(r.code).isZero();
        JsonNode loss = new ObjectMapper().readTree(r.out).get("loss");
        // 256-bit reference of RESULTS.md, 25 digits
        assertThat(loss.get("lo").asText()).startsWith("0.81538309294211782465388");
        r = run("eval", CASES.resolve("w1-tanh-h4.json").toString(), "--arith", "ball:7");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--arith").contains("ball:BITS");
    }
}
