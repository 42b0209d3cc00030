package org.flowcert.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flowcert.check.Checker;
import org.flowcert.check.Limits;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every checked-in certificate is VALID, and every example certifies again (examples/certificates.list;
 * entries marked {@code long}, whose proof takes a minute or more, only with {@code -Plong}; those marked
 * {@code check-long} as well, whose check takes a minute or more, are checked only with {@code -Plong}).
 *
 * <p>Each certificate goes through the checker once per run: re-certifying an example ends with the checker's
 * re-check of the new certificate (Certifier.certify returns a certificate only when that check exits 0, i.e. every
 * claim VALID), so when the new certificate equals the checked-in one byte for byte, those very bytes were accepted
 * under the same limits, and the validity test below does not check them a second time. The re-certifications run
 * first; a certificate whose re-certification failed or did not run (the validity test run alone, a {@code long}
 * entry without {@code -Plong}, a certificate not in the list) is checked by the validity test itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class CertificatesTest {
    /** SHA-256 of the bytes and the limits of every certificate the checker accepted (exit 0) in this JVM. */
    private static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();

    private static String key(byte[] bytes, Limits limits) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + " " + limits;
    }

    /** The entries of examples/certificates.list, each split into its fields (problem, claims, certificate, marks). */
    public static List<String[]> list() throws Exception {
        return Files.readAllLines(Path.of("examples/certificates.list")).stream()
                .filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+")).toList();
    }

    /** Certificates whose check takes a minute or more (a mark {@code check-long}): checked with -Plong. */
    public static List<String> longChecks() throws Exception {
        return list().stream().filter(e -> List.of(e).subList(3, e.length).contains("check-long")).map(e -> e[2])
                .toList();
    }

    @Test
    @Order(3)
    void everyCheckedInCertificateIsValid() throws Exception {
        checkAll(false);
    }

    @Test
    @Order(4)
    @Tag("long")
    void theLongCheckedCertificatesAreValid() throws Exception {
        checkAll(true);
    }

    private static void checkAll(boolean longOnes) throws Exception {
        try (var s = Files.list(Path.of("certificates"))) {
            List<Path> certs = s.filter(p -> p.toString().endsWith(".cert")).toList();
            assertThat(certs).hasSizeGreaterThanOrEqualTo(list().size());
            for (Path p : certs) {
                if (longChecks().contains(p.getFileName().toString()) != longOnes) {
                    continue;
                }
                // W3 to t = 100 (839 steps) may need more than the default 600 s on a loaded machine
                Limits limits = longOnes ? Limits.DEFAULT.with("seconds=3600") : Limits.DEFAULT;
                byte[] bytes = Files.readAllBytes(p);
                if (ACCEPTED.contains(key(bytes, limits))) {
                    continue; // these bytes were accepted under these limits by the re-check of their re-certification
                }
                Checker.Result r = Checker.check(bytes, limits, null);
                assertThat(r.exitCode()).as(p + ": " + r.lines()).isZero();
                assertThat(r.lines()).allMatch(l -> l.startsWith("VALID"));
                ACCEPTED.add(key(bytes, limits));
            }
        }
    }

    @Test
    @Order(1)
    void everyExampleCertifiesAgainToTheSameCertificate() throws Exception {
        certifyAgain(false);
    }

    @Test
    @Order(2)
    @Tag("long")
    void theLongExamplesCertifyAgainToTheSameCertificate() throws Exception {
        certifyAgain(true);
    }

    private static void certifyAgain(boolean longOnes) throws Exception {
        for (String[] e : list()) {
            if ((e.length > 3 && e[3].equals("long")) != longOnes) {
                continue;
            }
            Path problem = Path.of("examples", e[0]);
            String claimsText = Files.readString(Path.of("examples", e[1]));
            Problem p = ProblemReader.read(problem);
            // a check-long entry's re-check gets the deadline its check gets above (certify --check-limit)
            Limits recheck = longChecks().contains(e[2]) ? Limits.DEFAULT.with("seconds=3600") : Limits.DEFAULT;
            Certifier.Result r = Certifier.certify(p, Files.readString(problem), claimsText,
                    ClaimsFile.parse(claimsText, e[1], p.parameterCount()), "0.1.0", ProofSettings.defaults(),
                    recheck, stage -> { });
            assertThat(r.allProved()).as(e[1] + ": " + r.lines()).isTrue();
            assertThat(r.certificate()).as(e[2]).isEqualTo(Files.readString(Path.of("certificates", e[2])));
            // certify re-checked exactly these bytes (UTF-8, as the file holds them) under `recheck`, and exit 0 is
            // the only way it returns a certificate
            ACCEPTED.add(key(r.certificate().getBytes(StandardCharsets.UTF_8), recheck));
        }
    }
}
