package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker's reader judges the shared validity corpus (src/test/resources/validity, its README gives the
 * definition and each invalid file's reason) as the prover's reader does (cli.ValidityCorpusTest): every valid
 * problem is read, every invalid one refused (Malformed, or a LIMIT for the huge exponent and degree), and a
 * certificate embedding an invalid problem ends with exit 2.
 */
class ProblemValidityTest {
    static final Path ROOT = org.flowcert.TestData.resources("validity", "README.md");

    static List<Path> files(String kind) throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve(kind))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<Path> valid() throws IOException {
        return files("valid");
    }

    static List<Path> invalid() throws IOException {
        return files("invalid");
    }

    private static Checker.Result embed(Path p) throws IOException {
        String cert = CertificateText.assemble("0.1.0", Files.readString(p),
                "{\"claims\": [{\"type\": \"loss-below\", \"value\": \"1e9\"}]}", List.of());
        return Checker.check(cert.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validProblemsAreRead(Path p) throws Exception {
        Net net = Net.parse(Files.readString(p));
        assertThat(net.parameterCount()).isPositive();
        Checker.Result r = embed(p);
        // no step concludes the claim: INVALID (exit 1), but the problem itself was read
        assertThat(r.exitCode()).as(r.lines().toString()).isEqualTo(1);
        assertThat(r.lines().get(0)).contains("no valid step concludes it");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidProblemsAreRefused(Path p) throws Exception {
        String text = Files.readString(p);
        assertThatThrownBy(() -> Net.parse(text)).as(p.toString())
                .isInstanceOfAny(Malformed.class, LimitExceeded.class);
        Checker.Result r = embed(p);
        assertThat(r.exitCode()).as(r.lines().toString()).isEqualTo(2);
        assertThat(r.lines().get(0)).matches("(MALFORMED|LIMIT): .*");
    }
}
