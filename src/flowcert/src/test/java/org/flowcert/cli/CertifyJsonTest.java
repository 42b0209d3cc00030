package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certify --json, --out checked before proving, and claims boxes with any rational ends. */
class CertifyJsonTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String C1 = "examples/c1-relu-square.json";

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void jsonGivesVerdictValuesRulesHashesAndTime(@TempDir Path dir) throws Exception {
        Path claims = dir.resolve("c1.claims.json");
        // decimal and rational spellings: the values are reported as canonical exact rationals
        Files.writeString(claims, "{\"claims\": [{\"type\": \"loss-enclosure\", \"lo\": \"0.00729166\", \"hi\": \"14/1920\"},"
                + " {\"type\": \"loss-below\", \"value\": 0.01}]}\n");
        Path out = dir.resolve("c1.cert");
        CliRun.Outcome o = CliRun.run("certify", C1, claims.toString(), "--out", out.toString(), "--json");
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode j = M.readTree(o.out());
        assertThat(j.get("verdict").asText()).isEqualTo("PROVED");
        // the problem's hash is the file's sha256sum (it ends with a line feed) and the certificate's header line
        String cert = Files.readString(out);
        String problemHash = sha256(Files.readAllBytes(Path.of(C1)));
        assertThat(j.get("problem").get("sha256").asText()).isEqualTo(problemHash);
        assertThat(cert).contains("sha256 problem " + problemHash + "\n");
        assertThat(j.get("claims_file").get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(claims)));
        assertThat(j.get("problem").get("P").asInt()).isEqualTo(7);
        assertThat(j.get("problem").get("activation").asText()).isEqualTo("relu");
        assertThat(j.get("certificate").get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(out)));
        assertThat(j.get("certificate").get("bytes").asLong()).isEqualTo(Files.size(out));
        assertThat(j.get("certificate").get("written").asBoolean()).isTrue();
        JsonNode c0 = j.get("claims").get(0);
        assertThat(c0.get("verdict").asText()).isEqualTo("PROVED");
        assertThat(c0.get("values").get("lo").asText()).isEqualTo("364583/50000000") /* 729166/10^8 */;
        assertThat(c0.get("values").get("hi").asText()).isEqualTo("7/960");
        assertThat(j.get("claims").get(1).get("values").get("value").asText()).isEqualTo("1/100");
        // rule counts: one per step line of the certificate
        String steps = cert.substring(cert.indexOf("begin steps\n") + 12, cert.indexOf("end steps\n"));
        long lines = steps.lines().count();
        int sum = 0;
        for (JsonNode n : j.get("rules")) {
            sum += n.asInt();
        }
        assertThat(sum).isEqualTo((int) lines).isEqualTo(j.get("steps").asInt());
        assertThat(j.get("rules").get("claim").asInt()).isEqualTo(2);
        assertThat(j.get("time_s").isNumber()).isTrue();
    }

    @Test
    void jsonOfARefusalSaysWhichClaimAndWritesNothing(@TempDir Path dir) throws Exception {
        Path claims = dir.resolve("false.claims.json");
        // L = 7/960 > 1/200: the second claim is false
        Files.writeString(claims, "{\"claims\": [{\"type\": \"loss-below\", \"value\": \"1/100\"},"
                + " {\"type\": \"loss-below\", \"value\": \"1/200\"}]}");
        Path out = dir.resolve("x.cert");
        CliRun.Outcome o = CliRun.run("certify", C1, claims.toString(), "--out", out.toString(), "--json");
        assertThat(o.code()).isEqualTo(1);
        JsonNode j = M.readTree(o.out());
        assertThat(j.get("verdict").asText()).isEqualTo("NOT PROVED");
        assertThat(j.get("claims").get(0).get("verdict").asText()).isEqualTo("PROVED");
        assertThat(j.get("claims").get(1).get("verdict").asText()).isEqualTo("NOT PROVED");
        assertThat(j.get("claims").get(1).get("reason").asText()).isNotEmpty();
        assertThat(j.get("certificate").get("written").asBoolean()).isFalse();
        assertThat(j.get("steps").asInt()).isZero();
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutThatCannotBeWrittenIsRefusedBeforeProving(@TempDir Path dir) throws Exception {
        String claims = "examples/c1-relu-square.claims.json";
        CliRun.Outcome o = CliRun.run("certify", C1, claims, "--out", dir.resolve("missing/x.cert").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--out").contains("missing").contains("does not exist");
        assertThat(o.out()).doesNotContain("PROVED");
        o = CliRun.run("certify", C1, claims, "--out", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--out").contains(dir.toString()).contains("is a folder");
        assertThat(o.out()).doesNotContain("PROVED");
    }

    @Test
    void aBoxWithRationalEndsIsProvedOnItsOutwardEnclosureAndCertifiedAsWritten(@TempDir Path dir) throws Exception {
        // sad-tanh-h1 (inf L = 1/6 not attained, L(theta0) = 0.1885): a box around theta0 = (2, -1, 1/4, 3/4)
        // whose ends (19/10, 21/10, ...) are none of them binary64 numbers
        Path claims = dir.resolve("sad.claims.json");
        String box = "[[\"19/10\", \"21/10\"], [\"-11/10\", \"-9/10\"], [\"1/5\", \"3/10\"], [\"7/10\", \"4/5\"]]";
        Files.writeString(claims, "{\"claims\": [{\"type\": \"critical-values-above\", \"value\": \"1/5\", \"region\": " + box
                + "}, {\"type\": \"leaves-box\", \"box\": " + box + "}]}\n");
        Path out = dir.resolve("sad.cert");
        CliRun.Outcome o = CliRun.run("certify", "examples/sad-tanh-h1.json", claims.toString(), "--out", out.toString());
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).doesNotContain(" / ");
        String cert = Files.readString(out);
        // the certified claims are the user's exact box (embedded byte for byte), and the checker accepts them
        assertThat(cert).contains(Files.readString(claims));
        CliRun.Outcome check = CliRun.run("check", out.toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        // the cover's own box is a binary64 box that strictly contains the user's
        String cover = cert.lines().filter(l -> l.contains("\"critical-cover\"")).findFirst().orElseThrow();
        JsonNode b = M.readTree(cover).get("box");
        String[][] user = {{"19/10", "21/10"}, {"-11/10", "-9/10"}, {"1/5", "3/10"}, {"7/10", "4/5"}};
        for (int k = 0; k < 4; k++) {
            assertThat(Numbers.compare(Numbers.parse(b.get(k).get(0).asText()), Numbers.parse(user[k][0]))).isNegative();
            assertThat(Numbers.compare(Numbers.parse(b.get(k).get(1).asText()), Numbers.parse(user[k][1]))).isPositive();
        }
    }

    @Test
    void rationalsInMessagesArePrintedWithoutSpaces() {
        assertThat(Main.spaceless("box end -3 / 2 or 29506290906401519413 / 73786976294838206464, T/h = 4"))
                .isEqualTo("box end -3/2 or 29506290906401519413/73786976294838206464, T/h = 4");
    }
}
