package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certify-batch}: each job certified as {@code certify} would (the checked-in certificate, byte for byte),
 * the summary in JSON and CSV, exit 1 when a job is not proved; a malformed jobs file is exit 2 naming the line and
 * the field, before any job runs, with nothing written; {@code --engine} and {@code --master} mistakes are exit 2.
 */
class CertifyBatchCommandTest {
    private static String abs(String example) {
        return Path.of("examples", example).toAbsolutePath().toString().replace("\\", "\\\\");
    }

    private static String job(String name, String problem, String claims) {
        return "{\"name\":\"" + name + "\",\"problem\":\"" + problem + "\",\"claims\":\"" + claims + "\"}";
    }

    @Test
    void eachJobIsCertifiedAndSummarised(@TempDir Path dir) throws Exception {
        // 1/1000 is below L = 7/960 of c1 (README: eval prints L = 7/960): that job cannot be proved
        Files.writeString(dir.resolve("false.claims.json"), "{\"claims\":[{\"type\":\"loss-below\",\"value\":\"1/1000\"}]}");
        Files.copy(Path.of("examples", "c1-relu-square.json"), dir.resolve("c1.json"));
        Path jobs = dir.resolve("jobs.jsonl");
        Files.writeString(jobs, job("c1", abs("c1-relu-square.json"), abs("c1-relu-square.claims.json")) + "\n\n"
                + job("false-bound", "c1.json", "false.claims.json") + "\n"
                + "{\"problem\":\"" + abs("relu-jump-h2.json") + "\",\"claims\":\"" + abs("relu-jump-h2.claims.json")
                + "\"}\n");
        Path out = dir.resolve("out");
        CliRun.Outcome o = CliRun.run("certify-batch", jobs.toString(), "--out", out.toString());
        assertThat(o.code()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("PROVED     c1 (line 1): 2/2 claims proved")
                .contains("NOT PROVED false-bound (line 3): 0/1 claims proved")
                .contains("PROVED     job-4 (line 4): 2/2 claims proved")
                .contains("3 jobs: 2 proved, 1 not proved, 0 errors");
        assertThat(Files.readString(out.resolve("c1.cert")))
                .isEqualTo(Files.readString(Path.of("certificates", "c1-relu-square.cert")));
        Path single = dir.resolve("single.cert");
        assertThat(CliRun.run("certify", "examples/relu-jump-h2.json", "examples/relu-jump-h2.claims.json", "--out",
                single.toString()).code()).isZero();
        assertThat(Files.readString(out.resolve("job-4.cert"))).isEqualTo(Files.readString(single));
        assertThat(out.resolve("false-bound.cert")).doesNotExist();
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("jobs").asInt()).isEqualTo(3);
        assertThat(s.get("proved").asInt()).isEqualTo(2);
        assertThat(s.get("not_proved").asInt()).isEqualTo(1);
        assertThat(s.get("errors").asInt()).isZero();
        JsonNode bad = s.get("results").get(1);
        assertThat(bad.get("line").asInt()).isEqualTo(3);
        assertThat(bad.get("verdict").asText()).isEqualTo("NOT PROVED");
        assertThat(bad.get("certificate").isNull()).isTrue();
        assertThat(bad.get("lines").get(0).asText()).startsWith("NOT PROVED claim 0 (loss-below)");
        assertThat(s.get("results").get(2).get("time_s").isNumber()).isTrue();
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).isEqualTo("line,name,problem,claims,verdict,claims_proved,claims_total,time_s,"
                + "certificate,reason");
        assertThat(csv.get(1)).startsWith("1,c1,").contains(",PROVED,2,2,").endsWith(",c1.cert,");
        assertThat(csv.get(2)).startsWith("3,false-bound,c1.json,false.claims.json,NOT PROVED,0,1,")
                .contains("NOT PROVED claim 0 (loss-below)");
    }

    @Test
    void theExampleJobsAreAllProved(@TempDir Path dir) {
        CliRun.Outcome o = CliRun.run("certify-batch", "examples/batch-jobs.jsonl", "--out", dir.toString(), "--json");
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("\"jobs\":5").contains("\"proved\":5");
        assertThat(dir.resolve("job-5.cert")).exists();
    }

    @Test
    void aMalformedJobsFileIsExitTwoNamingLineAndFieldAndWritesNothing(@TempDir Path dir) throws Exception {
        String good = job("a", abs("c1-relu-square.json"), abs("c1-relu-square.claims.json"));
        String[][] cases = {
            {"not json", "line 2: one JSON object"},
            {"[1, 2]", "line 2: a JSON object"},
            {"{\"problem\":\"" + abs("c1-relu-square.json") + "\"}", "line 2: claims: a file name (a string); the field is missing"},
            {"{\"problem\":\"" + abs("c1-relu-square.json") + "\",\"claims\":3}", "line 2: claims: a non-empty string"},
            {job("b", abs("c1-relu-square.json"), abs("c1-relu-square.claims.json")).replace("}", ",\"x\":1}"),
                "line 2: x: one of the fields name, problem, claims"},
            {good, "line 2: name: a name no other job has (\"a\" is also the name of line 1)"},
            {job("../evil", abs("c1-relu-square.json"), abs("c1-relu-square.claims.json")), "line 2: name: 1 to 100"},
            {job("b", abs("c1-relu-square.json"), "missing.claims.json"), "line 2: claims: an existing file"},
            {job("b", abs("c1-relu-square.json"), abs("sad-tanh-h1.claims.json")), "line 2: "},
            {job("b", abs("c1-relu-square.claims.json"), abs("c1-relu-square.claims.json")), "line 2: "},
        };
        for (String[] c : cases) {
            Path jobs = dir.resolve("jobs.jsonl");
            Files.writeString(jobs, good + "\n" + c[0] + "\n");
            Path out = dir.resolve("out");
            CliRun.Outcome o = CliRun.run("certify-batch", jobs.toString(), "--out", out.toString());
            assertThat(o.code()).as(c[0] + ": " + o.err()).isEqualTo(2);
            assertThat(o.err()).as(c[0]).contains("jobs.jsonl: " + c[1]).doesNotContain("Exception");
            assertThat(out).as(c[0]).doesNotExist();
        }
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "\n  \n");
        CliRun.Outcome o = CliRun.run("certify-batch", empty.toString(), "--out", dir.resolve("o2").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("at least one job");
    }

    @Test
    void engineMistakesAreExitTwo(@TempDir Path dir) {
        String out = dir.resolve("c1.cert").toString();
        String[] c1 = {"examples/c1-relu-square.json", "examples/c1-relu-square.claims.json"};
        CliRun.Outcome o = CliRun.run("certify", c1[0], c1[1], "--out", out, "--master", "local[2]");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--master: --engine spark with it");
        o = CliRun.run("certify", c1[0], c1[1], "--out", out, "--engine", "hadoop");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--engine: one of in-process");
        // this module's tests do not have the Spark engine on the class path (the flowcert-spark module tests it)
        o = CliRun.run("certify", c1[0], c1[1], "--out", out, "--engine", "spark");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("target/flowcert-spark.jar").doesNotContain("Exception");
        o = CliRun.run("certify-batch", "examples/batch-jobs.jsonl", "--out", dir.toString(), "--engine", "spark");
        assertThat(o.code()).isEqualTo(2);
        assertThat(dir.resolve("summary.json")).doesNotExist();
        assertThat(Path.of(out)).doesNotExist();
    }
}
