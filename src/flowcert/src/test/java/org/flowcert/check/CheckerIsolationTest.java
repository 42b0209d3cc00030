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

/**
 * The trusted checker stays exact and separate (issue 7, CONTRACT.md `flowcert check`); issue 16 withdrew the
 * line cap (the checker's size is reported, not capped).
 */
class CheckerIsolationTest {
    private static final Path DIR = Path.of("src/flowcert-check/src/main/java/org/flowcert/check");
    private static final Pattern FORBIDDEN_IMPORT =
            Pattern.compile("org\\.flowcert\\.(prove|flow|eval|fast|arith|model|cert|io|cli|audit|bench)\\b");
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

    /** Issue 16: the trusted base is read in one sitting; no line of it is wider than 120 columns. */
    @Test
    void noLineOver120Columns() throws IOException {
        List<String> wide = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).codePointCount(0, lines.get(i).length()) > 120) {
                    wide.add(p.getFileName() + ":" + (i + 1));
                }
            }
        }
        assertThat(wide).isEmpty();
    }

    /**
     * The designated entry points: the only classes of this package that code outside it may use
     * ({@code Checker.check} and its result records: cli's check command, and certify's re-check of
     * the certificate it is about to write; {@code Limits} for check's --limit; {@code ReluCellLeaves}, the
     * leaf tests of rule critical-relu-cells, which the relu prover searches with, so that they exist once).
     * Everything else here is the checker's own.
     */
    static final List<String> ENTRY_POINTS = List.of("Checker", "Limits", "ReluCellLeaves", "ReluDataPatterns",
            "ReluKinkLeaves", "ProfiledCoverLeaves");
    private static final Pattern CHECK_REF = Pattern.compile("org\\.flowcert\\.check\\.(\\*|[A-Za-z]\\w*)");

    /** Issue 7: the checker shares no code with the prover beyond parsing; outside it only the entry point is used. */
    @Test
    void nothingOutsideTheCheckerUsesItBeyondTheEntryPoint() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String root : List.of("src/flowcert/src/main/java", "src/flowcert/src/test/java")) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String rel = Path.of("src").relativize(p).toString().replace('\\', '/');
                    if (rel.contains("/org/flowcert/check/")) {
                        continue;
                    }
                    bad.addAll(violations(rel, Files.readAllLines(p)));
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    static List<String> violations(String file, List<String> lines) {
        List<String> bad = new ArrayList<>();
        for (String line : lines) {
            var m = CHECK_REF.matcher(line);
            while (m.find()) {
                if (!ENTRY_POINTS.contains(m.group(1))) {
                    bad.add(file + ": " + line.trim());
                }
            }
        }
        return bad;
    }

    @Test
    void theEntryPointScanWouldSeeAViolation() throws IOException {
        assertThat(violations("x", List.of("import org.flowcert.check.Checker;"))).isEmpty();
        assertThat(violations("x", List.of("import org.flowcert.check.Limits;"))).isEmpty();
        assertThat(violations("x", List.of("import org.flowcert.check.RationalInterval;"))).hasSize(1);
        assertThat(violations("x", List.of("import org.flowcert.check.*;"))).hasSize(1);
        assertThat(violations("x", List.of("var g = org.flowcert.check.Net.parse(t);"))).hasSize(1);
    }

    @Test
    void theScanWouldSeeAViolation() {
        assertThat(FORBIDDEN_CODE.matcher("double x = Math.sqrt(2);").find()).isTrue();
        assertThat(FORBIDDEN_CODE.matcher("a.compareTo(b)").find()).isTrue();
        assertThat(FORBIDDEN_IMPORT.matcher("import org.flowcert.eval.LossGradient;").find()).isTrue();
        // the checker reads its numbers itself (check.ExactNumbers): io.Numbers is the prover's
        assertThat(FORBIDDEN_IMPORT.matcher("import org.flowcert.io.Numbers;").find()).isTrue();
        assertThat(FORBIDDEN_IMPORT.matcher("import static org.flowcert.io.Numbers.max;").find()).isTrue();
    }
}
