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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final String[] NAMES = {"problem", "claims", "steps"};
    /** Groups: 1 the body, 2–4 the section hashes, 5–7 the sections, 8 the certificate hash ("." is all but "\n"). */
    private static final Pattern ENVELOPE = Pattern.compile("(?d)(" + VERSION_LINE + "\nflowcert-version .*\n"
            + "sha256 problem (.*)\nsha256 claims (.*)\nsha256 steps (.*)\n"
            + section(NAMES[0]) + section(NAMES[1]) + section(NAMES[2]) + ")sha256 certificate (.*)\n");

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
            } catch (ArithmeticException | IllegalArgumentException | StackOverflowError e) { // the step fails
                failed.put(id, "step " + id + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
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

    /**
     * Splits and verifies the envelope (certificate-format.md section 1); returns the problem,
     * claims and steps sections. A section's content is every line up to its first end line.
     */
    static String[] sections(byte[] bytes) throws Malformed {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("not UTF-8");
        }
        Matcher m = ENVELOPE.matcher(text);
        Malformed.when(!m.matches(), "expected the lines and sections of certificate-format.md section 1");
        Malformed.when(!sha256(m.group(1)).equals(m.group(8)), "altered: the certificate hash does not match");
        for (int i = 0; i < 3; i++) {
            Malformed.when(!sha256(m.group(5 + i)).equals(m.group(2 + i)),
                    "altered: the " + NAMES[i] + " hash does not match");
        }
        return new String[] {m.group(5), m.group(6), m.group(7)};
    }

    /** A section: its begin line, every line that is not its end line (possessive: no backtracking), its end line. */
    private static String section(String name) {
        return "begin " + name + "\n((?:(?!end " + name + "\n).*\n)*+)end " + name + "\n";
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
