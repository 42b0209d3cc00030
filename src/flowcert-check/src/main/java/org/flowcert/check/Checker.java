package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The trusted checker: reads a certificate (proofs-notes/certificate-format.md), verifies the
 * hashes and replays every step with exact rational arithmetic. Imports nothing from the
 * prover, evaluator, integrators, arithmetic, model or io packages (a test enforces it).
 *
 * <p>Every check runs on a thread of its own with a fixed stack of {@link #STACK} bytes, so that its
 * verdict does not depend on the caller's thread or the JVM's -Xss (flow-taylor's lazy series recurse
 * once per data point), and within the work limits {@link Limits} (certificate-format.md section 7). A fixed pool
 * computes the steps' heavy parts ahead ({@link Replay}); the verdict is the in-order replay's.
 */
public final class Checker {
    /**
     * The outcome.
     *
     * @param exitCode 0 every claim valid, 1 some claim invalid, 2 malformed, altered or over a work limit
     * @param lines    one line per claim ("VALID claim I (TYPE)" or "INVALID: claim I (TYPE): reason"), or one
     *                 "MALFORMED: reason" or "LIMIT: reason" line; every untrusted text in them is escaped
     * @param summary  what was checked (null when the certificate could not be read)
     */
    public record Result(int exitCode, List<String> lines, Summary summary) {
    }

    /**
     * What a check verified: the embedded problem, each claim with its values, the steps per rule and the time.
     *
     * @param problemSha256 the SHA-256 of the embedded problem (the certificate's {@code sha256 problem} line)
     * @param widths        the network's widths
     * @param activation    its activation (escaped)
     * @param parameters    P, the number of parameters
     * @param risk          "data (N points, REDUCTION)" or "integral on [a, b] (K pieces)"
     * @param claims        per claim: index, type, verdict, reason and values
     * @param rules         per rule name: steps valid and invalid
     * @param nanos         wall time of the check
     */
    public record Summary(String problemSha256, List<Integer> widths, String activation, int parameters,
            String risk, List<ClaimReport> claims, Map<String, RuleCount> rules, long nanos) {
    }

    /**
     * One claim's verdict and values: the claim's own fields, and the proved fact's values (exact rationals as
     * "p/q" strings).
     */
    public record ClaimReport(int index, String type, boolean valid, String reason, Map<String, Object> values,
            String factKind, List<Object> factValues) {
    }

    /** Steps of one rule that held and that failed. */
    public record RuleCount(int valid, int invalid) {
    }

    /** Told after every step (on the checker's thread): steps done, steps in all, the step's rule. */
    @FunctionalInterface
    public interface Progress {
        void step(int done, int total, String rule);
    }

    /** The checker thread's stack: 1 GiB of address space, touched only as deep as a check recurses. */
    public static final long STACK = 1L << 30;
    static final String VERSION_LINE = "flowcert-certificate 1";
    private static final String[] NAMES = {"problem", "claims", "steps"};
    /** Groups: 1 the body, 2–4 the section hashes, 5–7 the sections, 8 the certificate hash ("." is all but "\n"). */
    private static final Pattern ENVELOPE = Pattern.compile("(?d)(" + VERSION_LINE + "\nflowcert-version .*\n"
            + "sha256 problem (.*)\nsha256 claims (.*)\nsha256 steps (.*)\n"
            + section(NAMES[0]) + section(NAMES[1]) + section(NAMES[2]) + ")sha256 certificate (.*)\n");

    private Checker() {
    }

    /** Checks the certificate's bytes with the default limits. */
    public static Result check(byte[] bytes) {
        return check(bytes, Limits.DEFAULT, null);
    }

    /**
     * Checks the certificate's bytes within {@code limits} on the checker's own thread, telling {@code progress}
     * (may be null) after each step.
     */
    public static Result check(byte[] bytes, Limits limits, Progress progress) {
        Result[] out = new Result[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            Work.begin(limits);
            Replay.begin();
            try {
                out[0] = checkHere(bytes, progress);
            } catch (Throwable e) { // reported below as an internal error, never as a verdict
                failure[0] = e;
            } finally {
                Replay.end();
                Work.end();
            }
        }, "flowcert-check", STACK);
        t.setDaemon(true);
        t.start();
        long grace = 30_000L;
        try {
            t.join(Long.min(limits.seconds(), 1L << 40) * 1000 + grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) { // the thread's own deadline did not stop it: give up on it
            return new Result(2, List.of("LIMIT: the check ran longer than the limit seconds = " + limits.seconds()
                    + " (raise it with --limit seconds=N)"), null);
        }
        if (failure[0] != null) {
            return new Result(3, List.of("INTERNAL ERROR: " + failure[0].getClass().getSimpleName()
                    + (failure[0].getMessage() == null ? "" : ": " + escape(failure[0].getMessage()))), null);
        }
        return out[0];
    }

    /** The check on the calling thread, with its stack (for the test that shows why the checker has its own). */
    static Result checkOnCallingThread(byte[] bytes, Limits limits) {
        Work.begin(limits);
        try {
            return checkHere(bytes, null);
        } finally {
            Work.end();
        }
    }

    /** The check itself, on the calling thread (its limits set by {@link Work#begin}). */
    private static Result checkHere(byte[] bytes, Progress progress) {
        long start = System.nanoTime();
        try {
            String[] sections = sections(bytes);
            Net net = Net.parse(sections[0]);
            JsonNode claims = Json.field(Json.read(sections[1], "claims"), "claims", "claims");
            Malformed.when(!claims.isArray(), "claims: expected a list");
            Malformed.when(claims.isEmpty(), "claims: the list is empty (a certificate must claim something)");
            List<JsonNode> steps = new ArrayList<>();
            for (String line : sections[2].split("\n")) {
                if (!line.isEmpty()) {
                    steps.add(Json.read(line, "steps"));
                }
            }
            return judge(net, sha256(sections[0]), claims, steps, progress, start);
        } catch (Malformed e) {
            return new Result(2, List.of("MALFORMED: " + escape(e.getMessage())), null);
        } catch (LimitExceeded e) {
            return new Result(2, List.of("LIMIT: " + escape(e.getMessage())), null);
        }
    }

    private static Result judge(Net net, String problemHash, JsonNode claims, List<JsonNode> steps, Progress progress,
            long start) {
        Map<Long, Fact> facts = new HashMap<>();
        Map<Long, String> failed = new HashMap<>();
        Map<Integer, Fact> claimValid = new HashMap<>();
        Map<Integer, String> claimFailed = new HashMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        int done = 0;
        Replay.plan(steps, net, claims); // heavy parts of the steps' own conditions start on the pool
        for (JsonNode s : steps) {
            long id = s.path("id").canConvertToLong() ? s.path("id").asLong() : -1;
            String rule = s.path("rule").asText();
            boolean ok = false;
            try {
                Work.tick();
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
                ok = true;
                if (f instanceof Fact.Claim c) {
                    claimValid.put(c.index(), cited.get(0));
                }
            } catch (Invalid e) {
                failed.put(id, e.getMessage());
                if (rule.equals("claim") && s.path("claim").canConvertToInt()) {
                    claimFailed.putIfAbsent(s.path("claim").asInt(), e.getMessage());
                }
            } catch (LimitExceeded e) {
                String where = e.getMessage().startsWith("step " + id + ":") ? "" : "step " + id + ": ";
                return new Result(2, List.of(escape("LIMIT: " + where + e.getMessage() + " (rule " + rule + ")")),
                        null);
            } catch (ArithmeticException | IllegalArgumentException e) { // a rule's arithmetic refused its input
                failed.put(id, "step " + id + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()));
            } catch (StackOverflowError e) {
                failed.put(id, "step " + id + ": the evaluation recursed deeper than the checker's stack "
                        + "(StackOverflowError)");
            } catch (RuntimeException e) { // a checker defect met by this input: the step fails, nothing is valid
                failed.put(id, "step " + id + ": internal failure (" + e.getClass().getSimpleName() + ")");
            }
            counts.computeIfAbsent(Rules.ALL.containsKey(rule) ? rule : "(unknown)", k -> new int[2])[ok ? 0 : 1]++;
            done++;
            if (progress != null) {
                progress.step(done, steps.size(), rule);
            }
        }
        List<String> lines = new ArrayList<>();
        List<ClaimReport> reports = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            JsonNode claim = claims.get(i);
            String type = claim.path("type").asText();
            String what = "claim " + i + " (" + type + ")";
            Fact fact = claimValid.get(i);
            String reason = fact != null ? null : claimFailed.getOrDefault(i, "no valid step concludes it");
            lines.add(escape(fact != null ? "VALID " + what : "INVALID: " + what + ": " + reason));
            reports.add(new ClaimReport(i, escape(type), fact != null, reason == null ? null : escape(reason),
                    values(claim), fact == null ? null : fact.kind(), fact == null ? null : factValues(fact)));
        }
        Map<String, RuleCount> rules = new LinkedHashMap<>();
        counts.forEach((k, v) -> rules.put(k, new RuleCount(v[0], v[1])));
        Summary summary = new Summary(problemHash, Arrays.stream(net.widths).boxed().toList(),
                escape(net.activationText), net.parameterCount(), net.riskText(), reports, rules,
                System.nanoTime() - start);
        return new Result(lines.stream().allMatch(l -> l.startsWith("VALID ")) ? 0 : 1, lines, summary);
    }

    /** The claim's fields but its type, numbers as "p/q" (when they read as numbers), other texts escaped. */
    private static Map<String, Object> values(JsonNode claim) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = claim.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("type")) {
                m.put(escape(e.getKey()), value(e.getValue()));
            }
        }
        return m;
    }

    private static Object value(JsonNode n) {
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(value(x)));
            return l;
        }
        if (n.isObject()) {
            return values(n);
        }
        try {
            return rational(Json.number(n, "claim"));
        } catch (Invalid | RuntimeException e) {
            return escape(n.asText());
        }
    }

    /** The fact's values: intervals as ["lo", "hi"], a flow-taylor ball's centre and radius too. */
    private static List<Object> factValues(Fact f) {
        List<Object> l = new ArrayList<>();
        for (RationalInterval x : f.values()) {
            l.add(List.of(rational(x.lo()), rational(x.hi())));
        }
        return l;
    }

    /** q as "p/q" (or "p" for an integer), denominator positive, no spaces. */
    public static String rational(BigFraction q) {
        BigInteger[] nd = RationalInterval.nd(q);
        BigInteger g = nd[0].gcd(nd[1]);
        BigInteger n = g.signum() == 0 ? BigInteger.ZERO : nd[0].divide(g);
        BigInteger d = g.signum() == 0 ? BigInteger.ONE : nd[1].divide(g);
        return d.equals(BigInteger.ONE) ? n.toString() : n + "/" + d;
    }

    /**
     * {@code s} safe to print on a terminal: control characters (C0, DEL, C1: ESC, CR, backspace, ...), the
     * Unicode bidirectional controls U+061C, LRM and RLM, U+202A–U+202E, U+2066–U+2069, line and paragraph
     * separators, and unpaired surrogates are shown as {@code \\uXXXX}; a backslash is doubled, so that an
     * escaped text cannot pose as another one.
     */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                b.append(c).append(s.charAt(++i));
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c < 32 || c >= 127 && c < 160 || c == 0x61c || c == 0x200E || c == 0x200E + 1
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029
                    || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
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
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
