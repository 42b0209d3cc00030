package org.flowcert.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The README's library example, line for line between the markers, then its printed values
 * asserted: L = 7/960 on c1 (by hand in examples/README.md), W3's L(1) against the reference
 * 0.044566940188525 (RESULTS.md, rtol 1e-13; the validated enclosure [0.044566940188525035,
 * 0.044566940188526979] in the README), c1's two claims proved and the certificate valid.
 */
class ApiExampleTest {
    @Test
    void readmeExample() throws Exception {
        // --- README example begin
        Problem c1 = Flowcert.load(Path.of("examples/c1-relu-square.json"));
        Evaluation e = Flowcert.evaluate(c1, "exact");
        System.out.println("L = " + e.loss().exact());              // L = 7 / 960
        System.out.println("dL/dθ0 = " + e.gradient().get(0).exact()); // dL/dθ0 = -1 / 24

        Problem w3 = Flowcert.load(Path.of("examples/w1-tanh-h4.json"));
        Trajectory flow = Flowcert.integrate(w3, 1.0, 0.5);       // DOP853, binary64
        for (Trajectory.Row row : flow.rows()) {                  // t = 0, 0.5, 1
            System.out.printf("t = %s  L = %.15f%n", row.t(), row.loss());
        }

        String claims = Files.readString(Path.of("examples/c1-relu-square.claims.json"));
        Certification cert = Flowcert.certify(c1, claims);       // nothing written to disk
        cert.lines().forEach(System.out::println);               // PROVED claim 0 ..., PROVED claim 1 ...

        CheckResult check = Flowcert.check(cert.certificate());   // the trusted checker
        System.out.println(check.valid() ? "VALID" : "INVALID"); // VALID
        // --- README example end

        assertThat(e.rigorous()).isTrue();
        assertThat(e.loss().exact()).isEqualTo(BigFraction.of(7, 960));
        assertThat(e.loss().lower()).isEqualTo(BigFraction.of(7, 960));
        assertThat(e.gradient().get(0).exact()).isEqualTo(BigFraction.of(-1, 24));
        assertThat(flow.rows()).extracting(Trajectory.Row::t).containsExactly(0.0, 0.5, 1.0);
        assertThat(flow.last().loss()).isCloseTo(0.044566940188525, within(1e-12));
        assertThat(flow.last().theta()).hasSize(w3.parameterCount());
        assertThat(cert.allProved()).isTrue();
        assertThat(cert.lines()).hasSize(2).allMatch(l -> l.startsWith("PROVED claim "));
        assertThat(check.valid()).isTrue();
        assertThat(check.exitCode()).isZero();
    }
}
