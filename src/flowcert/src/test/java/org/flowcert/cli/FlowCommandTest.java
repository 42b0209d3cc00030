package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flowcert.fast.ShallowKernel;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCommandTest {
    static final Path CASES = CliRun.CASES;
    static final String W3 = CliRun.W3;

    static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void badOptionsExitWith2AndAMessage() {
        String[][] bad = {
            {"flow", W3, "--to", "-1"},
            {"flow", W3, "--to", "abc"},
            {"flow", W3},
            {"flow", W3, "--to", "1", "--method", "euler"},
            {"flow", W3, "--to", "1", "--h", "0.1"},
            {"flow", W3, "--to", "1", "--method", "rk4"},
            {"flow", W3, "--to", "1", "--method", "rk4", "--h", "0"},
            {"flow", W3, "--to", "1", "--method", "rk4", "--h", "0.1", "--rtol", "1e-6"},
            {"flow", W3, "--to", "1", "--rtol", "0"},
            {"flow", W3, "--to", "1", "--atol", "-1"},
            {"flow", W3, "--to", "1", "--times", "0.5,2"},
            {"flow", W3, "--to", "1", "--times", "0.5,x"},
            {"flow", W3, "--to", "1", "--stop-norm", "-3"},
            {"flow", W3, "--to", "1", "--stop-loss", "nan"},
            {"flow", W3, "--to", "1", "--plot", "picture.pdf"},
            {"flow", W3, "--to", "1", "--threads", "0"},
            {"flow", W3, "--to", "1", "--threads", "257"},
            {"flow", "no-such-file.json", "--to", "1"},
        };
        for (String[] args : bad) {
            CliRun.Outcome o = run(args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.err()).as(String.join(" ", args)).contains("error").doesNotContain("Exception");
        }
    }

    @Test
    void jsonHasTheContractFieldsAndMatchesScipyAtT10() throws Exception {
        CliRun.Outcome o = run("flow", W3, "--to", "10", "--json", "--times", "1,10");
        assertThat(o.code()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertThat(j.get("t").asText()).isEqualTo("10.0");
        assertThat(j.get("theta")).hasSize(13);
        for (JsonNode n : List.of(j.get("loss"), j.get("norm"), j.get("theta").get(0))) {
            assertThat(n.get("lo").asText()).isEqualTo(n.get("hi").asText());
        }
        // scipy DOP853 (../shared/peers/RESULTS.md): L(10) = 0.008852958568042569, |theta(10)| = 1.4745073258409338
        assertThat(Double.parseDouble(j.get("loss").get("lo").asText())).isCloseTo(0.008852958568042569,
                org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(Double.parseDouble(j.get("norm").get("lo").asText())).isCloseTo(1.4745073258409338,
                org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(j.get("times")).hasSize(2);
        assertThat(Double.parseDouble(j.get("times").get(0).get("loss").get("lo").asText()))
                .isCloseTo(0.04456694018678262, org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    @Test
    void csvRoundTripsTheTrajectoryBitForBit(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("traj.csv");
        CliRun.Outcome o = run("flow", W3, "--to", "5", "--method", "rk4", "--h", "0.25", "--out", csv.toString(), "--json",
                "--times", "0.1,3");
        assertThat(o.code()).isEqualTo(0);
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        assertThat(header).hasSize(3 + 13);
        assertThat(Arrays.copyOf(header, 4)).containsExactly("t", "loss", "norm", "theta_0");
        assertThat(header[15]).isEqualTo("theta_12");
        Problem p = ProblemReader.read(Path.of(W3));
        ShallowKernel k = ShallowKernel.of(p);
        double prevT = -1;
        double[] last = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(16);
            double[] v = Arrays.stream(f).mapToDouble(Double::parseDouble).toArray();
            assertThat(v[0]).isGreaterThan(prevT);
            prevT = v[0];
            double[] theta = Arrays.copyOfRange(v, 3, 16);
            // each row's loss and norm are those of its own theta
            assertThat(v[1]).isEqualTo(k.loss(theta));
            double s = 0;
            for (double t : theta) {
                s += t * t;
            }
            assertThat(v[2]).isCloseTo(Math.sqrt(s), org.assertj.core.data.Offset.offset(1e-15));
            last = v;
        }
        // first row is theta(0) exactly as in the problem file
        double[] first = Arrays.stream(lines.get(1).split(",")).mapToDouble(Double::parseDouble).toArray();
        assertThat(Arrays.copyOfRange(first, 3, 16)).containsExactly(p.thetaDoubles());
        assertThat(lines.stream().map(l -> l.split(",")[0])).contains("0.1", "3.0", "5.0");
        // the last row is the JSON's final theta, bit for bit
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertThat(last[0]).isEqualTo(5.0);
        for (int i = 0; i < 13; i++) {
            assertThat(last[3 + i]).isEqualTo(Double.parseDouble(j.get("theta").get(i).get("lo").asText()));
        }
        // 20 RK4 steps: 4 evaluations each plus the final derivative
        assertThat(j.get("nfev").asLong()).isEqualTo(81);
    }

    @Test
    void stopEventsEndTheRunAtTheCrossing() throws Exception {
        ObjectMapper m = new ObjectMapper();
        // L(0) = 0.815, L(1) = 0.0446: L crosses 0.1 before t = 1
        JsonNode j = m.readTree(run("flow", W3, "--to", "100", "--json", "--stop-loss", "0.1").out());
        assertThat(j.get("stopped_by_event").asBoolean()).isTrue();
        double t = j.get("t").asDouble();
        assertThat(t).isBetween(0.0, 1.0);
        double loss = Double.parseDouble(j.get("loss").get("lo").asText());
        assertThat(loss).isLessThanOrEqualTo(0.1).isGreaterThan(0.1 - 1e-9);
        // |theta(1)| = 1.051, |theta(10)| = 1.475: the norm reaches 1.2 in between
        j = m.readTree(run("flow", W3, "--to", "100", "--json", "--stop-norm", "1.2").out());
        assertThat(j.get("t").asDouble()).isBetween(1.0, 10.0);
        double norm = Double.parseDouble(j.get("norm").get("lo").asText());
        assertThat(norm).isGreaterThanOrEqualTo(1.2).isLessThan(1.2 + 1e-9);
        assertThat(j.get("events").get(0).get("type").asText()).isEqualTo("stop-norm");
    }

    @Test
    void plotIsAnSvgWithBothCurves(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("p.svg");
        CliRun.Outcome o = run("flow", W3, "--to", "100", "--plot", svg.toString());
        assertThat(o.code()).isEqualTo(0);
        String s = Files.readString(svg);
        assertThat(s).startsWith("<svg").contains("loss L(t)").contains("class=\"series\"").endsWith("</svg>\n");
        assertThat(s.split("class=\"series\"", -1)).hasSize(3);
    }

    @Test
    void integralRisksGoThroughTheGenericDoublePath() throws Exception {
        CliRun.Outcome o = run("flow", CASES.resolve("c3-cubic-divergence.json").toString(), "--to", "1", "--json");
        assertThat(o.code()).as(o.err()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(o.out());
        // L(0) = 39/4375 (EXPECTED.md) and the flow decreases L
        assertThat(Double.parseDouble(j.get("loss").get("lo").asText())).isLessThan(39.0 / 4375).isGreaterThan(0);
    }
}
