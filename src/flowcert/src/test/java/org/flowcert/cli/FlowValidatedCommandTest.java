package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowcert flow PROBLEM --validated}: exit codes and the contract's lo/hi JSON. */
class FlowValidatedCommandTest {
    static final String W3 = CliRun.W3;

    static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    /** lo ≤ hi and the interval meets [v − tol·|v|, v + tol·|v|] (v known to within that). */
    private static void assertMeets(JsonNode loHi, String v, double tol, String what) {
        BigDecimal lo = new BigDecimal(loHi.get("lo").asText());
        BigDecimal hi = new BigDecimal(loHi.get("hi").asText());
        BigDecimal ref = new BigDecimal(v);
        BigDecimal e = ref.abs().multiply(new BigDecimal(tol));
        assertThat(lo).as(what + " lo <= hi").isLessThanOrEqualTo(hi);
        assertThat(lo).as(what + " lo vs reference " + v).isLessThanOrEqualTo(ref.add(e));
        assertThat(hi).as(what + " hi vs reference " + v).isGreaterThanOrEqualTo(ref.subtract(e));
    }

    /**
     * W3 to t = 1. Reference: scipy DOP853 at rtol 1e-13 (../shared/peers/RESULTS.md: L(1) =
     * 0.0445669401885261, |θ(1)| = 1.0514092077955717; the rtol 1e-10 values are themselves off by
     * ~1e-12), widened by 1e-10 relative. The box must also be tight (width ≤ 1e-12), so that
     * containment is not bought with width.
     */
    @Test
    void w3ToOneGivesContractShapedEnclosuresThatContainTheReference() throws Exception {
        CliRun.Outcome o = run("flow", W3, "--to", "1", "--validated", "--json");
        assertThat(o.code()).as(o.err()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertThat(j.get("t").asDouble()).isEqualTo(1.0);
        assertThat(j.get("complete").asBoolean()).isTrue();
        assertMeets(j.get("loss"), "0.0445669401885261", 1e-10, "L(1)");
        assertMeets(j.get("norm"), "1.0514092077955717", 1e-10, "|theta(1)|");
        assertThat(j.get("theta").size()).isEqualTo(13);
        for (JsonNode th : j.get("theta")) {
            BigDecimal w = new BigDecimal(th.get("hi").asText()).subtract(new BigDecimal(th.get("lo").asText()));
            assertThat(w.signum()).isGreaterThanOrEqualTo(0);
            assertThat(w).isLessThan(new BigDecimal("1e-12"));
        }
        BigDecimal lw = new BigDecimal(j.get("loss").get("hi").asText())
                .subtract(new BigDecimal(j.get("loss").get("lo").asText()));
        assertThat(lw).isLessThan(new BigDecimal("1e-12"));
    }

    /** A relu flow driven across a kink (examples/flow-relu-kink.json, near t ≈ 0.063): refused, exit 1. */
    @Test
    void crossingAReluKinkStopsWithExit1AndTheReason() throws Exception {
        CliRun.Outcome o = run("flow", "examples/flow-relu-kink.json", "--to", "1", "--validated", "--json");
        assertThat(o.code()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertThat(j.get("complete").asBoolean()).isFalse();
        assertThat(j.get("stop_reason").asText()).contains("kink");
        assertThat(j.get("reached").asDouble()).isGreaterThan(0.0).isLessThan(1.0);
        assertThat(j.has("loss")).as("no enclosure is claimed at T").isFalse();
        assertThat(o.err()).as("a real stop stays visible with --json").contains("STOPPED at t = ").contains("kink");
        CliRun.Outcome text = run("flow", "examples/flow-relu-kink.json", "--to", "1", "--validated");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("STOPPED at t = ").contains("kink");
    }

    @Test
    void badOptionsExitWith2AndAMessage() {
        String[][] bad = {
            {"flow", W3, "--to", "-1", "--validated"},
            {"flow", W3, "--to", "1", "--validated", "--times", "0.5,2"},
            {"flow", W3, "--to", "1", "--validated", "--method", "rk4", "--h", "0.1"},
            {"flow", W3, "--to", "1", "--validated", "--rtol", "1e-12"},
            {"flow", W3, "--to", "1", "--validated", "--plot", "x.png"},
            {"flow", W3, "--to", "1", "--validated", "--threads", "2"},
            {"flow", "no-such-file.json", "--to", "1", "--validated"},
            {"flow", W3, "--to", "1", "--verbose"},
        };
        for (String[] args : bad) {
            CliRun.Outcome o = run(args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.err()).as(String.join(" ", args)).isNotBlank().doesNotContain("Exception");
        }
    }

    /**
     * Issue 15: JSON numbers typed alike: times, widths and radii are numbers (the radius a decimal
     * at or above the proved double), enclosure endpoints the contract's lo/hi decimal strings.
     */
    @Test
    void jsonTypesTimesWidthsAndRadiiAsNumbers() throws Exception {
        CliRun.Outcome o = run("flow", W3, "--to", "1", "--times", "0.5", "--validated", "--json", "--stop-norm", "2");
        assertThat(o.code()).as(o.err()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(o.out());
        for (JsonNode n : new JsonNode[] {j, j.get("enclosures").get(0), j.get("enclosures").get(1)}) {
            assertThat(n.get("t").isNumber()).as("t " + n.get("t")).isTrue();
            assertThat(n.get("radius").isNumber()).as("radius " + n.get("radius")).isTrue();
            assertThat(n.get("max_width").isNumber()).as("max_width").isTrue();
            assertThat(n.get("loss").get("lo").isTextual()).isTrue();
            assertThat(n.get("theta").get(0).get("hi").isTextual()).isTrue();
        }
        assertThat(j.get("enclosures").get(1).get("t").asDouble()).isEqualTo(0.5);
        // the box is c ± radius rounded outward (and cut by the Lohner set's hull): every theta_i's
        // width is at most twice the radius plus the outward roundings (ulps of |theta_i| <= 1)
        BigDecimal radius = j.get("radius").decimalValue();
        for (JsonNode th : j.get("theta")) {
            BigDecimal w = new BigDecimal(th.get("hi").asText()).subtract(new BigDecimal(th.get("lo").asText()));
            assertThat(w).isLessThanOrEqualTo(radius.multiply(BigDecimal.valueOf(2)).add(new BigDecimal("1e-15")));
        }
        assertThat(j.get("leaves_ball").get("radius").isNumber()).isTrue();
        assertThat(j.get("wall_s").isNumber()).isTrue();
    }

    /**
     * Issue 15: routine step rejections (W3 has some after t = 15) are listed on stderr only with
     * --verbose; without it stderr has one line with their count, the same count as the report.
     */
    @Test
    void stepRejectionsAreListedOnlyWithVerbose() throws Exception {
        CliRun.Outcome quiet = run("flow", W3, "--to", "20", "--validated", "--json");
        assertThat(quiet.code()).as(quiet.err()).isEqualTo(0);
        int failures = new ObjectMapper().readTree(quiet.out()).get("failures").asInt();
        assertThat(failures).isPositive();
        assertThat(quiet.err()).doesNotContain("validation failed")
                .contains(failures + " step attempts were rejected and retried with a shorter step");
        CliRun.Outcome loud = run("flow", W3, "--to", "20", "--validated", "--verbose");
        assertThat(loud.code()).isEqualTo(0);
        assertThat(loud.err().split("validation failed at t = ", -1)).hasSize(failures + 1);
        assertThat(loud.err()).contains("; shrinking");
    }

    /**
     * Issue 15: {@code --validated --plot}: a well-formed SVG naming the problem, with the two
     * enclosure bands, the widths panel, the requested times marked and t = 0 stated.
     */
    @Test
    void plotDrawsTheEnclosureBands(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("w3.svg");
        CliRun.Outcome o = run("flow", W3, "--to", "2", "--times", "1,2", "--validated", "--plot", svg.toString());
        assertThat(o.code()).as(o.err()).isEqualTo(0);
        String text = Files.readString(svg);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(text).contains("w1-tanh-h4.json").contains("1-4-1 tanh").contains("t = 0 (not on the log axis)")
                .contains("Reached T = 2 in").contains("t = 1<").contains("t = 2<").contains("width hi");
        assertThat(text.split("class=\"band\"", -1)).hasSize(3);
        // a stopped run says so and plots only what was proved
        Path kink = dir.resolve("kink.svg");
        CliRun.Outcome k = run("flow", "examples/flow-relu-kink.json", "--to", "1", "--validated", "--plot",
                kink.toString());
        assertThat(k.code()).isEqualTo(1);
        assertThat(Files.readString(kink)).contains("STOPPED at t = ").contains("nothing claimed beyond");
    }

    /** Issue 15: θ near 1e300 overflowed the binary64 enclosures and ended in exit 3; now nothing proved, exit 1. */
    @Test
    void overflowingEnclosuresAreNotProvedNotAnInternalError(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("huge.json");
        Files.writeString(p, "{\"network\":{\"widths\":[1,2,1],\"activation\":\"tanh\"},\"theta\":[\"1e300\",\"1\","
                + "\"0\",\"0\",\"1e300\",\"1\",\"0\"],\"risk\":{\"type\":\"data\",\"x\":[\"0\",\"1\"],\"y\":[\"0\",\"1\"]}}");
        Path csv = dir.resolve("out.csv");
        CliRun.Outcome o = run("flow", p.toString(), "--to", "1", "--validated", "--out", csv.toString());
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains("nothing proved").doesNotContain("Exception").doesNotContain("internal error");
        assertThat(csv).doesNotExist();
    }
}
