package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.flowcert.check.Checker;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.junit.jupiter.api.Test;

/**
 * c3 end to end (issue 8, instance 1): critical-values-above 1/75 everywhere, loss-below 1/75 and
 * diverges certified and re-checked; false values refused; tampered certificates rejected.
 * Expected values from src/test/resources/cases/EXPECTED.md: critical values {1/75, 7/300, 1/12},
 * L(θ0) = 39/4375.
 */
class CriticalCertificateTest {
    static Certifier.Result certify(String problemFile, String claims) throws Exception {
        Path problem = Path.of("examples", problemFile);
        Problem p = ProblemReader.read(problem);
        return Certifier.certify(p, Files.readString(problem), claims, ClaimsFile.parse(claims, "claims", p.parameterCount()),
                "0.1.0");
    }

    static int check(String cert) {
        return Checker.check(cert.getBytes(StandardCharsets.UTF_8)).exitCode();
    }

    /** The certificate with its steps section edited and every hash recomputed. */
    static String withSteps(String cert, java.util.function.UnaryOperator<List<String>> edit) {
        String[] sec = CertificateText.split(cert);
        List<String> steps = edit.apply(new ArrayList<>(Arrays.asList(sec[2].split("\n"))));
        return CertificateText.assemble(sec[3], sec[0], sec[1], steps);
    }

    static String replaceIn(String cert, String rule, String from, String to) {
        return withSteps(cert, steps -> {
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).contains("\"rule\":\"" + rule + "\"")) {
                    assertThat(steps.get(i)).contains(from);
                    steps.set(i, steps.get(i).replace(from, to));
                }
            }
            return steps;
        });
    }

    private static final String C3 = "{\"claims\":[{\"type\":\"loss-below\",\"value\":\"1/75\"},"
            + "{\"type\":\"critical-values-above\",\"value\":\"1/75\",\"region\":\"everywhere\"},{\"type\":\"diverges\"}]}";

    @Test
    void c3BlowUpIsCertifiedAndChecked() throws Exception {
        Certifier.Result r = certify("c3-cubic-blowup.json", C3);
        assertThat(r.lines()).allMatch(l -> l.startsWith("PROVED"));
        assertThat(check(r.certificate())).isEqualTo(0);
        // the recorded denominator is the Gram determinant of ((x+β)^3, 1) on [0, 1]: its value at
        // β = 0 is ∫x^6·∫1 − (∫x^3)^2 = 1/7 − 1/16 = 9/112 (independent derivation)
        assertThat(r.certificate()).contains("\"den\":[\"9/112\"");
    }

    @Test
    void divergesAloneFindsItsOwnBound() throws Exception {
        Certifier.Result r = certify("c3-cubic-blowup.json", "{\"claims\":[{\"type\":\"diverges\"}]}");
        assertThat(r.allProved()).isTrue();
        assertThat(check(r.certificate())).isEqualTo(0);
    }

    @Test
    void falseCriticalValueBoundsAreRefused() throws Exception {
        // 7/300 and 1/12 are critical values above 1/75, but 1/75 itself is one: both claims are false
        for (String v : List.of("7/300", "1/12", "1/74")) {
            Certifier.Result r = certify("c3-cubic-blowup.json",
                    "{\"claims\":[{\"type\":\"critical-values-above\",\"value\":\"" + v + "\",\"region\":\"everywhere\"}]}");
            assertThat(r.allProved()).as(v).isFalse();
            assertThat(r.certificate()).isNull();
        }
        // diverges from the critical point itself (L = 1/75 is not below any critical-value bound)
        Certifier.Result r = certify("c3-cubic-critical-point.json", "{\"claims\":[{\"type\":\"diverges\"}]}");
        assertThat(r.allProved()).isFalse();
    }

    @Test
    void tamperedC3CertificatesAreRejected() throws Exception {
        String good = certify("c3-cubic-blowup.json", C3).certificate();
        List<String> bad = new ArrayList<>();
        // a false bound in the profile step, with the claim raised to match
        String t = replaceIn(good, "critical-profile", "\"bound\":\"1/75\"", "\"bound\":\"7/300\"");
        String[] sec = CertificateText.split(t);
        bad.add(CertificateText.assemble(sec[3], sec[0], sec[1].replace("\"value\": \"1/75\", \"region\"",
                "\"value\": \"7/300\", \"region\"").replace("\"value\":\"1/75\",\"region\"", "\"value\":\"7/300\",\"region\""),
                Arrays.asList(sec[2].split("\n"))));
        bad.add(t);
        // a wrong profile coefficient, a dropped root interval, a merged pair of intervals
        bad.add(replaceIn(good, "critical-profile", "\"3/2800\"", "\"3/2801\""));
        bad.add(replaceIn(good, "critical-profile", "[\"-5/6\",\"-2/3\"],", ""));
        bad.add(replaceIn(good, "critical-profile", "[\"-5/6\",\"-2/3\"],[\"-2/3\",\"-1/3\"]", "[\"-5/6\",\"-1/3\"]"));
        // lasalle citing the critical step twice, or a loss above the bound
        bad.add(replaceIn(good, "lasalle", "\"from\":[3,5]", "\"from\":[3,3]"));
        bad.add(replaceIn(good, "loss", "\"value\":[\"39/4375\",\"39/4375\"]", "\"value\":[\"39/4375\",\"1/75\"]"));
        for (String b : bad) {
            assertThat(check(b)).isEqualTo(1);
        }
        // the embedded target changed to f(x) = x + 1: the recorded profile no longer matches
        String[] s = CertificateText.split(good);
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(s[0]);
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("risk").get("target").get(0).get("poly")).set(0,
                com.fasterxml.jackson.databind.node.TextNode.valueOf("1"));
        String changed = root.toPrettyString();
        assertThat(check(CertificateText.assemble(s[3], changed, s[1], Arrays.asList(s[2].split("\n"))))).isEqualTo(1);
    }
}
