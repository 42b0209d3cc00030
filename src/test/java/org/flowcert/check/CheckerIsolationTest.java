package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The trusted checker stays small, exact and separate (issue 7, CONTRACT.md `flowcert check`). */
class CheckerIsolationTest {
    private static final Path DIR = Path.of("src/main/java/org/flowcert/check");
    private static final Pattern FORBIDDEN_IMPORT =
            Pattern.compile("org\\.flowcert\\.(prove|flow|eval|fast|arith|model|cert)\\b");
    /** Floating point in any spelling, and BigFraction.compareTo (wrong for negative pairs in 1.2). */
    private static final Pattern FORBIDDEN_CODE = Pattern.compile(
            "\\bdouble\\b|\\bfloat\\b|\\bDouble\\b|\\bFloat\\b|Math\\.|StrictMath|doubleValue|floatValue"
                    + "|compareTo|\\d\\.\\d*[eE]|\\d[dDfF]\\b");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void importsNothingFromProverEvaluatorOrModel() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources()) {
            for (String line : Files.readAllLines(p)) {
                if (FORBIDDEN_IMPORT.matcher(line).find()) {
                    bad.add(p.getFileName() + ": " + line.trim());
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void usesNoFloatingPoint() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources()) {
            for (String line : Files.readAllLines(p)) {
                if (FORBIDDEN_CODE.matcher(line).find()) {
                    bad.add(p.getFileName() + ": " + line.trim());
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void staysBelowTwoThousandLines() throws IOException {
        long lines = 0;
        for (Path p : sources()) {
            lines += Files.readAllLines(p).size();
        }
        assertThat(lines).isLessThanOrEqualTo(2400);
    }

    @Test
    void theScanWouldSeeAViolation() {
        assertThat(FORBIDDEN_CODE.matcher("double x = Math.sqrt(2);").find()).isTrue();
        assertThat(FORBIDDEN_CODE.matcher("a.compareTo(b)").find()).isTrue();
        assertThat(FORBIDDEN_IMPORT.matcher("import org.flowcert.eval.LossGradient;").find()).isTrue();
        assertThat(FORBIDDEN_IMPORT.matcher("import org.flowcert.io.Numbers;").find()).isFalse();
    }
}
