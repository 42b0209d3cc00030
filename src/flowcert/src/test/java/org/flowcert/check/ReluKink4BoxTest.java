package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 1-4-1 relu certificate on [−3, 3]^13 (certificates/relu-blowup-h4.cert: critical values ≥ 81/5000, 0.25% below
 * the smallest critical value 0.016239870236 of the independent profile search, and leaves-box from θ₀ with L = 1/72;
 * proofs-notes/critical-relu-kinks.md §11–§12). CertificatesTest checks it in every run; here tampered copies are
 * rejected. Each check walks the trees up to the tampered one (tens of seconds): tagged long.
 */
class ReluKink4BoxTest {
    private static Checker.Result check(String[] sec, String claims, List<String> steps) {
        return Checker.check(CertificateText.assemble(sec[3], sec[0], claims, steps).getBytes(StandardCharsets.UTF_8));
    }

    /** The tree named {@code name} in a critical-relu-kinks step line (also the leaky four-unit tests). */
    static String tree(String line, String name) {
        String quoted = java.util.regex.Pattern.quote("\"" + name + "\":\"");
        return line.replaceAll(".*" + quoted + "([^\"]*)\".*", "$1");
    }

    @Test
    @Tag("long")
    void tamperedCopiesOfTheBoxCertificateAreRejected() throws Exception {
        String[] sec = ReluKinkRuleTest.sections("relu-blowup-h4.cert");
        List<String> all = Arrays.asList(sec[2].split("\n"));
        String line = all.stream().filter(l -> l.contains("critical-relu-kinks")).findFirst().orElseThrow();
        assertThat(sec[1]).contains("162/10000").contains("leaves-box");
        String ppPm = tree(line, "+++-");
        String ppmm = tree(line, "++--");
        assertThat(ppPm).contains("z").contains("B");
        assertThat(ppmm).contains("z");
        String[][] tampers = {
            // a hair above the smallest critical value (claims and step): a leaf at the critical point fails
            {"\"bound\":\"81/5000\"", "\"bound\":\"1625/100000\""},
            // the first z leaf of +++- replaced by q, every z leaf of ++-- by j1, a B leaf of +++- by z64
            {"\"+++-\":\"" + ppPm + "\"", "\"+++-\":\"" + ppPm.replaceFirst("z[0-9]+", "q") + "\""},
            {"\"++--\":\"" + ppmm + "\"", "\"++--\":\"" + ppmm.replaceAll("z[0-9]+", "j1") + "\""},
            {"\"+++-\":\"" + ppPm + "\"", "\"+++-\":\"" + ppPm.replaceFirst("B", "z64") + "\""},
        };
        for (String[] t : tampers) {
            assertThat(line).contains(t[0]);
            String claims = t[0].contains("bound") ? sec[1].replace("162/10000", "1625/100000") : sec[1];
            Checker.Result r = check(sec, claims, ReluKinkRuleTest.steps(sec, t[0], t[1]));
            assertThat(r.exitCode()).as(t[1].substring(0, Math.min(60, t[1].length()))).isEqualTo(1);
            assertThat(String.join("\n", r.lines())).contains("INVALID");
        }
    }
}
