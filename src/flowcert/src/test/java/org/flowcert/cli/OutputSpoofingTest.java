package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowcert.io.TerminalTextTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted text (file names, claim types, field values, option values) with ESC, CR, backspace,
 * C1 and bidi controls goes through eval, flow and certify, plain and --json, successful and
 * refused: none of it reaches stdout or stderr raw, and the JSON still carries the exact names.
 */
class OutputSpoofingTest {
    /** ESC sequences that would recolour and erase, CR and backspace that would overwrite, bidi overrides. */
    static final String EVIL = "\u001b[2K\u001b[32mVALID\r\b\b\u009b1A\u202eevil\u2066x\u2069";

    private static final List<String> SEEN = new ArrayList<>();

    private static CliRun.Outcome run(String... args) {
        CliRun.Outcome o = CliRun.run(args);
        String what = String.join(" ", args);
        assertThat(TerminalTextTest.hasRawControl(o.out())).as("stdout of " + what + ":\n" + o.out()).isFalse();
        assertThat(TerminalTextTest.hasRawControl(o.err())).as("stderr of " + what + ":\n" + o.err()).isFalse();
        assertThat(o.err()).as(what).doesNotContain("Exception");
        SEEN.add(what);
        return o;
    }

    private static Path copy(Path from, Path dir, String name) throws Exception {
        Path to = dir.resolve(name);
        Files.copy(from, to);
        return to;
    }

    @Test
    void evalFlowAndCertifyNeverPrintControlsRaw(@TempDir Path dir) throws Exception {
        Path problem = copy(Path.of("examples/c1-relu-square.json"), dir, "p" + EVIL + ".json");
        Path claims = copy(Path.of("examples/c1-relu-square.claims.json"), dir, "c" + EVIL + ".json");
        Path w3 = copy(Path.of("examples/w1-tanh-h4.json"), dir, "w" + EVIL + ".json");
        ObjectMapper m = new ObjectMapper();

        // eval: the file name is printed in the text output
        CliRun.Outcome o = run("eval", problem.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("\\x1b[2K").contains("\\u202e");
        assertThat(run("eval", problem.toString(), "--json").code()).isZero();
        // a bad field value and a bad option value are quoted in the error
        Path bad = dir.resolve("bad" + EVIL + ".json");
        Files.writeString(bad, Files.readString(Path.of("examples/c1-relu-square.json")).replace("\"relu\"",
                m.writeValueAsString("relu" + EVIL)));
        assertThat(run("eval", bad.toString()).code()).isEqualTo(2);
        assertThat(run("eval", bad.toString(), "--json").code()).isEqualTo(2);
        assertThat(run("eval", problem.toString(), "--arith", "ball" + EVIL).code()).isEqualTo(2);
        assertThat(run("eval", problem.toString(), "--no-such" + EVIL).code()).isEqualTo(2);
        assertThat(run("eval", dir.resolve("missing" + EVIL + ".json").toString()).code()).isEqualTo(2);

        // flow: option values, file names, the plot's title (an SVG must stay well-formed XML)
        assertThat(run("flow", w3.toString(), "--to", "1" + EVIL).code()).isEqualTo(2);
        assertThat(run("flow", w3.toString(), "--to", "1", "--times", "1/2," + EVIL).code()).isEqualTo(2);
        assertThat(run("flow", w3.toString(), "--to", "1", "--out", dir.resolve("no" + EVIL).resolve("x.csv").toString())
                .code()).isEqualTo(2);
        Path svg = dir.resolve("plot" + EVIL + ".svg");
        o = run("flow", w3.toString(), "--to", "1", "--times", "1/2", "--plot", svg.toString(), "--json");
        assertThat(o.code()).isZero();
        m.readTree(o.out());
        String picture = Files.readString(svg);
        assertThat(TerminalTextTest.hasRawControl(picture)).isFalse();
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(picture.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(run("flow", w3.toString(), "--to", "1").code()).isZero();

        // certify: names in its lines and JSON, a claim type and a claim value from the claims file
        Path cert = dir.resolve("cert" + EVIL + ".cert");
        o = run("certify", problem.toString(), claims.toString(), "--out", cert.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("\\x1b[2K");
        o = run("certify", problem.toString(), claims.toString(), "--out", cert.toString(), "--json");
        assertThat(o.code()).isZero();
        JsonNode j = m.readTree(o.out());
        assertThat(j.get("problem").get("file").asText()).isEqualTo(problem.toString());
        assertThat(j.get("certificate").get("file").asText()).isEqualTo(cert.toString());
        String[][] cases = {
            // an unknown claim type, a malformed value, an extra field whose name is hostile (accepted: it is a number)
            {"{\"claims\": [{\"type\": " + m.writeValueAsString("loss-below" + EVIL) + ", \"value\": \"1\"}]}", "2"},
            {"{\"claims\": [{\"type\": \"loss-below\", \"value\": " + m.writeValueAsString("1" + EVIL) + "}]}", "2"},
            {"{\"claims\": [{\"type\": \"loss-below\", \"value\": \"1\", " + m.writeValueAsString("note" + EVIL) + ": 1}]}",
                "0"},
            {"{\"claims\": [{\"type\": \"loss-below\", \"value\": \"1/1000\"}]}", "1"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve("claims-" + SEEN.size() + EVIL + ".json");
            Files.writeString(file, c[0]);
            for (String flag : new String[] {"--json", "--threads=1"}) {
                Path x = dir.resolve("x" + SEEN.size() + EVIL + ".cert");
                o = run("certify", problem.toString(), file.toString(), "--out", x.toString(), flag);
                assertThat(o.code()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(Files.exists(x)).as(c[0]).isEqualTo(c[1].equals("0"));
                if (flag.equals("--json") && o.code() != 2) {
                    JsonNode cl = m.readTree(o.out()).get("claims").get(0);
                    assertThat(cl.get("verdict").asText()).isEqualTo(c[1].equals("0") ? "PROVED" : "NOT PROVED");
                }
            }
        }
        assertThat(SEEN.size()).isGreaterThan(20);
    }
}
