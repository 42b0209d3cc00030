package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker's own entry point ({@code java -jar flowcert-check.jar CERT}), with only this module on the class path. */
class CheckMainTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Every small, quick checked-in certificate (the tests run from the repository root) is VALID through the entry
     * point. Those over 20 kB and those marked {@code long} or {@code check-long} in examples/certificates.list are
     * left to the prover module's CertificatesTest (which checks the {@code long} ones in every run and the
     * {@code check-long} ones under -Plong), so this test stays a test of the entry point, not a second full re-check.
     */
    @Test
    void checksTheCheckedInCertificates() throws IOException {
        java.util.Set<String> slow = new java.util.HashSet<>();
        for (String line : Files.readAllLines(Path.of("examples", "certificates.list"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && !line.startsWith("#")) {
                for (int k = 3; k < fields.length; k++) {
                    if (fields[k].equals("long") || fields[k].equals("check-long")) {
                        slow.add(fields[2]);
                    }
                }
            }
        }
        assertThat(slow).contains("relu-jump-h2-k2.cert"); // the list was read
        try (Stream<Path> s = Files.list(Path.of("certificates"))) {
            for (Path cert : s.filter(p -> p.toString().endsWith(".cert")).sorted().toList()) {
                if (Files.size(cert) > 20_000 || slow.contains(cert.getFileName().toString())) {
                    continue;
                }
                Run r = run(cert.toString());
                assertThat(r.code()).as(cert + ": " + r.out()).isZero();
                assertThat(r.out()).startsWith("VALID claim 0");
            }
        }
    }

    @Test
    void aFalseClaimIsInvalidAndAnAlteredByteIsMalformed(@TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("certificates/c1-relu-square.cert"));
        // the loss is exactly 7/960; an upper end below it is a false claim (hashes no longer match: malformed)
        Path altered = dir.resolve("altered.cert");
        Files.writeString(altered, text.replace("7/960", "7/961"));
        Run r = run(altered.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).startsWith("MALFORMED");
    }

    @Test
    void usageMistakesAreExitTwoWithAMessage() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("no-such.cert").err()).contains("no-such.cert: no such file");
        assertThat(run("certificates/c1-relu-square.cert", "--limit", "colour=3").code()).isEqualTo(2);
        assertThat(run("--help").code()).isZero();
    }
}
