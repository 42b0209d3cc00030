package org.flowcert.cert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Assembles the text of a certificate (proofs-notes/certificate-format.md section 1): version
 * line, header with the SHA-256 of each section, the problem and claims embedded byte for
 * byte, the steps as JSON lines, and the final hash over everything before it.
 */
public final class CertificateText {
    public static final String VERSION_LINE = "flowcert-certificate 1";

    private CertificateText() {
    }

    /** The full certificate text. */
    public static String assemble(String flowcertVersion, String problem, String claims, List<String> stepLines) {
        String p = withNewline(problem);
        String c = withNewline(claims);
        StringBuilder steps = new StringBuilder();
        for (String s : stepLines) {
            steps.append(s).append('\n');
        }
        String body = VERSION_LINE + "\n"
                + "flowcert-version " + flowcertVersion + "\n"
                + "sha256 problem " + sha256(p) + "\n"
                + "sha256 claims " + sha256(c) + "\n"
                + "sha256 steps " + sha256(steps.toString()) + "\n"
                + "begin problem\n" + p + "end problem\n"
                + "begin claims\n" + c + "end claims\n"
                + "begin steps\n" + steps + "end steps\n";
        return body + "sha256 certificate " + sha256(body) + "\n";
    }

    /**
     * The sections {problem, claims, steps, version} of a well-formed certificate text, for
     * re-assembling after an edit (tests recompute every hash this way). No hash is checked.
     */
    public static String[] split(String text) {
        String[] out = new String[4];
        String[] names = {"problem", "claims", "steps"};
        for (int i = 0; i < 3; i++) {
            String begin = "\nbegin " + names[i] + "\n";
            int a = text.indexOf(begin) + begin.length();
            int b = text.indexOf("end " + names[i] + "\n", a);
            while (b > a && text.charAt(b - 1) != '\n') {
                b = text.indexOf("end " + names[i] + "\n", b + 1);
            }
            out[i] = text.substring(a, b);
        }
        int v = text.indexOf("flowcert-version ") + 17;
        out[3] = text.substring(v, text.indexOf('\n', v));
        return out;
    }

    /**
     * The hash the header gives an embedded section ({@code sha256 problem}, {@code sha256 claims}):
     * the SHA-256 of the file's text with a final line feed added when it has none, so for a file
     * that ends with a line feed it is the file's own {@code sha256sum}.
     */
    public static String sectionHash(String fileText) {
        return sha256(withNewline(fileText));
    }

    /** How many steps of each rule a certificate holds, in order of first use. */
    public static java.util.Map<String, Integer> ruleCounts(String certificate) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : split(certificate)[2].split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                counts.merge(m.readTree(line).path("rule").asText(), 1, Integer::sum);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("a step line is not JSON: " + e.getMessage(), e);
            }
        }
        return counts;
    }

    static String withNewline(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes. */
    public static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte x : d) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
