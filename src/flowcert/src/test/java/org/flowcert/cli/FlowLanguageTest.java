package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flow speaks the common language: numbers typed as in examples/OUTPUT.md, rationals accepted, one --threads range, plots. */
class FlowLanguageTest {
    static final String W3 = "examples/w1-tanh-h4.json";
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String... args) throws Exception {
        CliRun.Outcome o = CliRun.run(args);
        assertThat(o.code()).as(o.err()).isZero();
        return M.readTree(o.out());
    }

    /** The JSON without its wall time (the only field that differs between equal runs). */
    static JsonNode timeless(JsonNode j) {
        ObjectNode c = j.deepCopy();
        c.remove("wall_s");
        return c;
    }

    @Test
    void timesCountsAndMeasurementsAreJsonNumbersBoundsAreStrings() throws Exception {
        JsonNode j = json("flow", W3, "--to", "10", "--json", "--times", "1,10", "--stop-norm", "1.2");
        assertThat(j.get("t").isNumber()).isTrue();
        assertThat(j.get("P").isInt()).isTrue();
        for (String f : new String[] {"nfev", "steps", "rejected_steps"}) {
            assertThat(j.get(f).isIntegralNumber()).as(f).isTrue();
        }
        assertThat(j.get("wall_s").isNumber()).isTrue();
        JsonNode e = j.get("events").get(0);
        assertThat(e.get("t").isNumber()).isTrue();
        assertThat(e.get("norm").isNumber()).isTrue();
        assertThat(e.get("increasing").isBoolean()).isTrue();
        // |theta(1)| = 1.051 < 1.2 < |theta(10)| = 1.475: the run stops between 1 and 10 and lists t = 1
        assertThat(j.get("times").get(0).get("t").isNumber()).isTrue();
        assertThat(j.get("times").get(0).get("t").asDouble()).isEqualTo(1.0);
        // lo/hi: decimal strings that read back as the double (the contract's lo/hi objects)
        assertThat(j.get("loss").get("lo").isTextual()).isTrue();
        assertThat(j.get("theta").get(0).get("hi").isTextual()).isTrue();
    }

    @Test
    void rationalsAreAcceptedWhereverANumberIs() throws Exception {
        JsonNode a = json("flow", W3, "--to", "1/8", "--times", "1/32,1/16", "--json");
        JsonNode b = json("flow", W3, "--to", "0.125", "--times", "0.03125,0.0625", "--json");
        assertThat(timeless(a)).isEqualTo(timeless(b));
        assertThat(a.get("t").asDouble()).isEqualTo(0.125);
        JsonNode c = json("flow", W3, "--to", "1/2", "--method", "rk4", "--h", "1/16", "--json");
        JsonNode d = json("flow", W3, "--to", "0x1p-1", "--method", "rk4", "--h", "0.0625", "--json");
        assertThat(timeless(c)).isEqualTo(timeless(d));
        assertThat(c.get("steps").asInt()).isEqualTo(8);
        JsonNode e = json("flow", W3, "--to", "1", "--rtol", "1/100000000", "--atol", "1/1000000000000", "--json");
        JsonNode f = json("flow", W3, "--to", "1", "--rtol", "1e-8", "--atol", "1e-12", "--json");
        assertThat(timeless(e)).isEqualTo(timeless(f));
        // stop levels too; a malformed rational is a usage error naming the option
        assertThat(json("flow", W3, "--to", "100", "--stop-loss", "1/10", "--json").get("stopped_by_event").asBoolean())
                .isTrue();
        CliRun.Outcome bad = CliRun.run("flow", W3, "--to", "1/0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--to").contains("1/0");
    }

    @Test
    void threadsTakeTheCommonRangeAndDoNotChangeTheResult() throws Exception {
        JsonNode one = json("flow", W3, "--to", "2", "--json", "--threads", "1");
        JsonNode many = json("flow", W3, "--to", "2", "--json", "--threads", "256");
        assertThat(timeless(one)).isEqualTo(timeless(many));
        for (String n : new String[] {"0", "257", "-1", "two", "1.5"}) {
            CliRun.Outcome o = CliRun.run("flow", W3, "--to", "1", "--threads", n);
            assertThat(o.code()).as(n).isEqualTo(2);
            assertThat(o.err()).as(n).contains("--threads").contains("1 to 256");
            o = CliRun.run("certify", "examples/c1-relu-square.json", "examples/c1-relu-square.claims.json", "--out",
                    "unused.cert", "--threads", n);
            assertThat(o.code()).as(n).isEqualTo(2);
            assertThat(o.err()).as(n).contains("--threads").contains("1 to 256");
        }
        assertThat(Path.of("unused.cert")).doesNotExist();
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeTheRun(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("a-folder.svg"));
        for (String opt : new String[] {"--out", "--plot"}) {
            Path missing = dir.resolve("no-such-folder").resolve("x.svg");
            CliRun.Outcome o = CliRun.run("flow", W3, "--to", "1", opt, missing.toString());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains(opt).contains("no-such-folder");
            assertThat(o.out()).isEmpty();
            o = CliRun.run("flow", W3, "--to", "1", opt, folder.toString());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains(opt).contains("is a folder");
        }
    }

    @Test
    void theLongRunPlotShowsTimeZeroTheRequestedTimesAndTheProblemName(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("w3.svg");
        assertThat(CliRun.run("flow", W3, "--to", "1000", "--times", "1,10,100,1000", "--stop-norm", "3", "--plot",
                svg.toString()).code()).isZero();
        String s = Files.readString(svg);
        assertThat(s).contains("Gradient flow of w1-tanh-h4.json").contains("1-4-1 tanh, P = 13");
        // symlog time axis: a tick at 0, decades above, the axis says so
        assertThat(s).contains(">0</text>").contains("log scale above");
        // the requested times as dots on both curves (the run stops at |theta| = 3 before t = 1000: 3 of 4 times)
        assertThat(s.split("<circle ", -1).length - 1).isEqualTo(2 * 3 + 1);
        assertThat(s).contains("requested times (--times)").contains("stop-norm");
    }

    @Test
    void theShortRunPlotHasALinearTimeAxisFromZero(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("c3.svg");
        assertThat(CliRun.run("flow", "examples/c3-cubic-divergence.json", "--to", "1/8", "--method", "rk4", "--h",
                "1/64", "--plot", svg.toString()).code()).isZero();
        String s = Files.readString(svg);
        assertThat(s).contains("Gradient flow of c3-cubic-divergence.json").contains(">time t</text>")
                .contains(">0</text>").doesNotContain("log scale above").doesNotContain("<circle ");
        // linear ticks 0, 0.02, ..., 0.12: every label with the same number of decimal places
        assertThat(s).contains(">0.02</text>").contains(">0.12</text>");
    }
}
