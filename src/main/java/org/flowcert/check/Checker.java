package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trusted checker: reads a certificate (proofs-notes/certificate-format.md), verifies the
 * hashes and replays every step with exact rational arithmetic. Imports nothing from the
 * prover, evaluator, integrators, arithmetic or model packages (a test enforces it).
 */
public final class Checker {
    /** The outcome: one line per claim and the exit code (0 all valid, 1 any invalid, 2 malformed). */
    public record Result(int exitCode, List<String> lines) {
    }

    static final String VERSION_LINE = "flowcert-certificate 1";

    private Checker() {
    }

    /** Checks the certificate's bytes. */
    public static Result check(byte[] bytes) {
        try {
            String[] sections = sections(bytes);
            Net net = Net.parse(sections[0]);
            JsonNode claims = Json.field(Json.read(sections[1], "claims"), "claims", "claims");
            Malformed.when(!claims.isArray(), "claims: expected a list");
            List<JsonNode> steps = new ArrayList<>();
            for (String line : sections[2].split("\n")) {
                if (!line.isEmpty()) {
                    steps.add(Json.read(line, "steps"));
                }
            }
            return judge(net, claims, steps);
        } catch (Malformed e) {
            return new Result(2, List.of("MALFORMED: " + e.getMessage()));
        }
    }

    private static Result judge(Net net, JsonNode claims, List<JsonNode> steps) {
        Map<Long, Fact> facts = new HashMap<>();
        Map<Long, String> failed = new HashMap<>();
        Set<Integer> claimValid = new HashSet<>();
        Map<Integer, String> claimFailed = new HashMap<>();
        for (JsonNode s : steps) {
            long id = s.path("id").canConvertToLong() ? s.path("id").asLong() : -1;
            String rule = s.path("rule").asText();
            try {
                Invalid.when(id < 0 || facts.containsKey(id) || failed.containsKey(id),
                        "step id " + s.path("id") + " is missing, negative or repeated");
                List<Fact> cited = new ArrayList<>();
                for (JsonNode c : s.path("from")) {
                    long cid = c.asLong();
                    Invalid.when(failed.containsKey(cid),
                            "cites step " + cid + ", which is invalid (" + failed.get(cid) + ")");
                    Invalid.when(!c.canConvertToLong() || !facts.containsKey(cid),
                            "step " + id + " cites " + c + ", which is not an earlier step");
                    cited.add(facts.get(cid));
                }
                Rule r = Rules.ALL.get(rule);
                Invalid.when(r == null, "step " + id + ": unknown rule \"" + rule + "\"");
                Fact f = r.apply(new Step(id, s, cited, net, claims));
                facts.put(id, f);
                if (f.kind().equals("claim")) {
                    claimValid.add(f.time().intValue());
                }
            } catch (Invalid e) {
                failed.put(id, e.getMessage());
                if (rule.equals("claim") && s.path("claim").canConvertToInt()) {
                    claimFailed.putIfAbsent(s.path("claim").asInt(), e.getMessage());
                }
            } catch (ArithmeticException | IllegalArgumentException e) {
                failed.put(id, "step " + id + ": " + e.getMessage());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            String what = "claim " + i + " (" + claims.get(i).path("type").asText() + ")";
            lines.add(claimValid.contains(i) ? "VALID " + what
                    : "INVALID: " + what + ": " + claimFailed.getOrDefault(i, "no valid step concludes it"));
        }
        return new Result(lines.stream().allMatch(l -> l.startsWith("VALID ")) ? 0 : 1, lines);
    }

    /** Splits and verifies the envelope; returns the problem, claims and steps sections. */
    static String[] sections(byte[] bytes) throws Malformed {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("not UTF-8");
        }
        int last = text.lastIndexOf("sha256 certificate ");
        Malformed.when(last < 0 || !text.endsWith("\n") || (last > 0 && text.charAt(last - 1) != '\n'),
                "missing the final line \"sha256 certificate HEX\"");
        String body = text.substring(0, last);
        Malformed.when(!sha256(body).equals(text.substring(last + 19, text.length() - 1)),
                "altered: the certificate hash does not match");
        String[] header = body.split("\n", 6);
        Malformed.when(header.length < 6 || !header[0].equals(VERSION_LINE) || !header[1].startsWith("flowcert-version "),
                "expected the lines \"" + VERSION_LINE + "\" and \"flowcert-version V\"");
        String[] names = {"problem", "claims", "steps"};
        String[] out = new String[3];
        String rest = header[5];
        for (int i = 0; i < 3; i++) {
            String hashLine = header[2 + i];
            String begin = "begin " + names[i] + "\n";
            String end = "end " + names[i] + "\n";
            Malformed.when(!hashLine.startsWith("sha256 " + names[i] + " ") || !rest.startsWith(begin),
                    "expected \"sha256 " + names[i] + " HEX\" and a section \"begin " + names[i] + "\"");
            // from begin's own newline on, so that an empty section is found too
            int stop = rest.indexOf("\n" + end, begin.length() - 1);
            Malformed.when(stop < 0, "section " + names[i] + " has no end line");
            out[i] = rest.substring(begin.length(), stop + 1);
            Malformed.when(!sha256(out[i]).equals(hashLine.substring(8 + names[i].length())),
                    "altered: the " + names[i] + " hash does not match");
            rest = rest.substring(stop + 1 + end.length());
        }
        Malformed.when(!rest.isEmpty(), "unexpected text after the steps section");
        return out;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code s}. */
    public static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
