package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flowcert.io.UserError;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared validity corpus (src/test/resources/validity, its README gives the definition and
 * the reason for each invalid file): the problem reader accepts every valid file and refuses
 * every invalid one, and {@code eval} exits 0 and 2 on them.
 */
class ValidityCorpusTest {
    static final Path ROOT = org.flowcert.TestData.resources("validity", "README.md");

    static List<Path> files(String kind) throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve(kind))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    static List<Path> valid() throws IOException {
        return files("valid");
    }

    static List<Path> invalid() throws IOException {
        return files("invalid");
    }

    @Test
    void theCorpusHasTwentyFilesAndEveryInvalidOneHasAReason() throws IOException {
        assertThat(valid().size() + invalid().size()).isGreaterThanOrEqualTo(20);
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Path p : invalid()) {
            assertThat(readme).as("reason for " + p.getFileName()).contains("| " + p.getFileName() + " |");
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validFilesAreAccepted(Path p) {
        ProblemReader.read(p);
        CliRun.Outcome o = CliRun.run("eval", p.toString());
        assertThat(o.code()).as(o.err()).isEqualTo(0);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidFilesAreRefusedWithExit2(Path p) {
        assertThatThrownBy(() -> ProblemReader.read(p)).isInstanceOf(UserError.class)
                .hasMessageStartingWith(p.toString());
        CliRun.Outcome o = CliRun.run("eval", p.toString());
        assertThat(o.code()).as(o.out() + o.err()).isEqualTo(2);
        assertThat(o.err()).startsWith("flowcert: error: " + p).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
