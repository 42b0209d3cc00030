package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
            {"flow", W3, "--to", "1", "--validated", "--plot", "x.svg"},
            {"flow", W3, "--to", "1", "--validated", "--threads", "2"},
            {"flow", "no-such-file.json", "--to", "1", "--validated"},
        };
        for (String[] args : bad) {
            CliRun.Outcome o = run(args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.err()).as(String.join(" ", args)).isNotBlank().doesNotContain("Exception");
        }
    }
}
