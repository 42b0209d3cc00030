package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowcert check}: what it says it verified (plain and --json), --problem, --limit, and no untrusted
 * text reaching the terminal unescaped (issue 15 §2 output spoofing, §3 check --json).
 */
class CheckCommandTest {
    private static final ObjectMapper M = new ObjectMapper();
    /** ESC, CSI sequences that erase the line and move the cursor, CR, backspace, BEL, DEL, C1 CSI, bidi controls. */
    private static final String NASTY = "loss-below\u001b[2K\u001b[1A\rVALID claim 0 (loss-below)\b\b\u0007\u007f\u009b"
            + "\u202e\u2066\u2069\u202a\u200f\u061c";

    /** c1's certificate (L = 7/960) with its claims replaced and the hashes recomputed. */
    private static String c1(String claims) throws Exception {
        String[] sec = CertificateText.split(Files.readString(Path.of("certificates/c1-relu-square.cert")));
        return CertificateText.assemble(sec[3], sec[0], claims, List.of(sec[2].split("\n")));
    }

    /** No control or bidi character in the output: only printable ASCII, newline and harmless non-ASCII text. */
    private static void clean(String out) {
        for (char c : out.toCharArray()) {
            boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0;
            boolean bidi = c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f
                    || c == 0x061c;
            assertThat(control || bidi).as("character U+%04X in %s", (int) c, out).isFalse();
        }
    }

    @Test
    void untrustedTextIsEscapedInPlainAndJsonOutput(@TempDir Path dir) throws Exception {
        var claim = M.createObjectNode().put("type", NASTY).put("value", "1/100")
                .put("note\u001b]0;title\u0007", "x\u202ey");
        var root = M.createObjectNode();
        root.putArray("claims").add(claim);
        String claims = M.writeValueAsString(root);
        Path cert = dir.resolve("evil\u001b[31m\r\u202e.cert");
        Files.writeString(cert, c1(claims));
        CliRun.Outcome plain = CliRun.run("check", cert.toString());
        assertThat(plain.code()).isEqualTo(1); // the claim type is not supported: INVALID
        clean(plain.out());
        clean(plain.err());
        assertThat(plain.out()).contains("INVALID: claim 0 (loss-below\\u001B[2K\\u001B[1A\\u000DVALID claim 0",
                "\\u0008\\u0008\\u0007\\u007F\\u009B\\u202E\\u2066\\u2069\\u202A\\u200F\\u061C)",
                "evil\\u001B[31m\\u000D\\u202E.cert");
        assertThat(plain.out().lines().filter(l -> l.startsWith("VALID"))).isEmpty();
        CliRun.Outcome json = CliRun.run("check", cert.toString(), "--json");
        assertThat(json.code()).isEqualTo(1);
        clean(json.out());
        assertThat(json.out()).doesNotContain("\u202e").contains("\\u202E"); // JSON escapes of the escapes
        JsonNode o = M.readTree(json.out());
        assertThat(o.get("claims").get(0).get("verdict").asText()).isEqualTo("INVALID");
        assertThat(o.get("claims").get(0).get("type").asText()).startsWith("loss-below\\u001B[2K");
        // file names in errors too
        CliRun.Outcome missing = CliRun.run("check", dir.resolve("no\u001b[2Jfile\u202e").toString());
        assertThat(missing.code()).isEqualTo(2);
        clean(missing.out());
        clean(missing.err());
    }

    @Test
    void plainOutputSaysWhatWasVerified() throws Exception {
        CliRun.Outcome o = CliRun.run("check", "certificates/c1-relu-square.cert");
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        String sha = Files.readString(Path.of("certificates/c1-relu-square.cert")).lines()
                .filter(l -> l.startsWith("sha256 problem ")).findFirst().orElseThrow().substring(15);
        assertThat(o.out()).contains("problem sha256 " + sha, "network 1-2-1 relu, P = 7, integral on [0, 1]",
                "VALID claim 0 (loss-enclosure)", "claimed: lo = 7/960, hi = 7/960",
                "proved (loss fact): [[7/960, 7/960]]", "VALID claim 1 (loss-below)", "steps: 2 claim, 2 loss",
                "checked in ");
    }

    @Test
    void jsonOutputHasVerdictsRulesHashValuesAndTime() throws Exception {
        CliRun.Outcome o = CliRun.run("check", "certificates/c3-cubic-divergence.cert", "--json",
                "--problem", "examples/c3-cubic-divergence.json");
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        JsonNode j = M.readTree(o.out());
        assertThat(j.get("verdict").asText()).isEqualTo("VALID");
        assertThat(j.get("exit_code").asInt()).isZero();
        assertThat(j.get("problem").get("sha256").asText()).hasSize(64);
        assertThat(j.get("problem").get("matches_file").asBoolean()).isTrue();
        assertThat(j.get("problem").get("parameters").isInt()).isTrue();
        assertThat(j.get("claims")).hasSize(2);
        JsonNode c0 = j.get("claims").get(0);
        assertThat(c0.get("values").get("value").asText()).isEqualTo("1/75");
        assertThat(c0.get("proved").get("values").get(0).get(0).asText()).isEqualTo("39/4375");
        assertThat(j.get("rules").get("loss").get("valid").asInt()).isEqualTo(2);
        assertThat(j.get("steps").isInt()).isTrue();
        assertThat(j.get("seconds").isNumber()).isTrue();
        assertThat(j.get("limits").get("seconds").asInt()).isEqualTo(600);
        // every exact rational is "p/q" without spaces
        assertThat(o.out()).doesNotContainPattern("\"-?[0-9]+ / [0-9]+\"");
    }

    @Test
    void problemOptionConfirmsTheProblemOrRefuses(@TempDir Path dir) throws Exception {
        // the same file without its final newline: certify embeds it with one, so the hash matches
        Path p = dir.resolve("p.json");
        Files.writeString(p, Files.readString(Path.of("examples/c1-relu-square.json")).stripTrailing());
        assertThat(CliRun.run("check", "certificates/c1-relu-square.cert", "--problem", p.toString()).code())
                .isZero();
        CliRun.Outcome other = CliRun.run("check", "certificates/c1-relu-square.cert", "--problem",
                "examples/c3-cubic-blowup.json");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.out()).contains("PROBLEM MISMATCH: the certificate is about another problem");
        CliRun.Outcome json = CliRun.run("check", "certificates/c1-relu-square.cert", "--json", "--problem",
                "examples/c3-cubic-blowup.json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(M.readTree(json.out()).get("problem").get("matches_file").asBoolean()).isFalse();
    }

    @Test
    void limitOptionIsCheckedAndApplied(@TempDir Path dir) throws Exception {
        CliRun.Outcome bad = CliRun.run("check", "certificates/c1-relu-square.cert", "--limit", "digits=x\u001b");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--limit").doesNotContain("\u001b");
        CliRun.Outcome unknown = CliRun.run("check", "certificates/c1-relu-square.cert", "--limit", "foo=3");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("digits", "seconds");
        // c1's numbers have at most 5 characters: digits=3 refuses one, naming field, value and limit
        CliRun.Outcome small = CliRun.run("check", "certificates/c1-relu-square.cert", "--limit", "digits=3");
        assertThat(small.code()).isEqualTo(2);
        assertThat(small.out()).startsWith("LIMIT: ").contains("characters exceeds the limit digits = 3");
        CliRun.Outcome js = CliRun.run("check", "certificates/c1-relu-square.cert", "--limit", "digits=3", "--json");
        assertThat(M.readTree(js.out()).get("verdict").asText()).isEqualTo("LIMIT");
        // an empty claims list is refused
        Path empty = dir.resolve("empty.cert");
        Files.writeString(empty, c1("{\"claims\": []}"), StandardCharsets.UTF_8);
        CliRun.Outcome e = CliRun.run("check", empty.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.out()).contains("MALFORMED: claims: the list is empty");
    }
}
