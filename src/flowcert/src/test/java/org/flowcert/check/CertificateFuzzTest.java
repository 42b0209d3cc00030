package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 §2: a few thousand malformed, extreme or mutated certificates through the checker in-process. Each
 * must end with exit 1 or 2 within the time limit, never exit 3 and never with an internal failure (a runtime
 * exception inside a rule); exit 0 only when the claims still hold, which an independent judge decides (the
 * prover's own reader and exact evaluator, eval.LossGradient). Counts per kind and outcome are printed.
 */
class CertificateFuzzTest {
    private static final ObjectMapper M = new ObjectMapper();
    /** Certificates whose claims (loss-below, loss-enclosure, critical-point at an exact zero) the judge decides. */
    private static final List<String> DECIDABLE = List.of("c1-relu-square", "c2-relu-dead-neurons",
            "c2-relu-global-minimum", "c3-cubic-critical-point", "c3-cubic-divergence");
    /** More certificates for the edits that must be rejected whatever they change. */
    private static final List<String> OTHERS = List.of("c3-cubic-blowup", "c6-leaky-linear-convergence",
            "krawczyk-tanh-minimum");
    /** Number spellings at and beyond the limits, NaN and Infinity spellings, non-numbers. */
    private static final List<String> EXTREME = List.of("1e-9999999", "1e10001", "1e-10000", "-1e10000",
            "0x1p-99999", "0x1p10000", "0x.p1", "9".repeat(10_001), "1/" + "7".repeat(9_000), "NaN", "nan",
            "Infinity", "-Infinity", "inf", "1/0", "0/0", "", " 1", "1 ", "1e", "--1", "+-1", "0x", "1.2.3", "1/-2",
            "\u0661", "\u001b[2J", "\u202e1", "1e-400", "0." + "0".repeat(5000) + "1", "1" + "0".repeat(9_990),
            "-0", "+0", "0e0", ".5", "5.", "1E3", "0X1P3");

    record Case(String kind, String base, byte[] bytes, boolean changed) {
    }

    private static String[] split(String cert) {
        return CertificateText.split(cert);
    }

    private static String assemble(String[] sec, String problem, String claims, String steps) {
        return CertificateText.assemble(sec[3], problem, claims, Arrays.asList(steps.split("\n", -1)).stream()
                .filter(l -> !l.isEmpty()).toList());
    }

    /** Every value node of a JSON tree, as (parent, key or index). */
    private static void positions(JsonNode n, List<Object[]> out) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String k = it.next();
                out.add(new Object[] {o, k});
                positions(o.get(k), out);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Object[] {a, i});
                positions(a.get(i), out);
            }
        }
    }

    private static void set(Object[] pos, JsonNode v) {
        if (pos[0] instanceof ObjectNode o) {
            o.set((String) pos[1], v);
        } else {
            ((ArrayNode) pos[0]).set((Integer) pos[1], v);
        }
    }

    private static JsonNode node(Object[] pos) {
        return pos[0] instanceof ObjectNode o ? o.get((String) pos[1]) : ((ArrayNode) pos[0]).get((Integer) pos[1]);
    }

    /** One section (0 problem, 1 claims, 2 steps) as JSON trees (steps: one per line). */
    private static List<JsonNode> trees(String[] sec, int s) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String line : s == 2 ? sec[2].split("\n") : new String[] {sec[s]}) {
            if (!line.isEmpty()) {
                l.add(M.readTree(line));
            }
        }
        return l;
    }

    private static String render(List<JsonNode> t, int s) {
        return s == 2 ? String.join("\n", t.stream().map(JsonNode::toString).toList()) : t.get(0).toPrettyString();
    }

    private static String with(String[] sec, int s, String text) {
        return assemble(sec, s == 0 ? text : sec[0], s == 1 ? text : sec[1], s == 2 ? text : sec[2]);
    }

    /** A structured mutation: replace one random value node of one section by {@code value}. */
    private static Case replaceNode(String kind, String base, String[] sec, Random rnd, JsonNode value) throws Exception {
        int s = rnd.nextInt(3);
        List<JsonNode> t = trees(sec, s);
        List<Object[]> pos = new ArrayList<>();
        t.forEach(x -> positions(x, pos));
        if (pos.isEmpty()) {
            return null;
        }
        set(pos.get(rnd.nextInt(pos.size())), value);
        String text = with(sec, s, render(t, s));
        return new Case(kind, base, text.getBytes(StandardCharsets.UTF_8), true);
    }

    static List<Case> cases() throws Exception {
        Random rnd = new Random(20261206);
        List<Case> out = new ArrayList<>();
        List<String> all = new ArrayList<>(DECIDABLE);
        all.addAll(OTHERS);
        JsonNodeFactory f = JsonNodeFactory.instance;
        byte[] edits = {0, 0x1b, '\r', '\b', '\n', '"', '}', '[', ',', '7', '-', '/', 'e', (byte) 0xff, (byte) 0xe2};
        for (String b : all) {
            String text = Files.readString(Path.of("certificates/" + b + ".cert"));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String[] sec = split(text);
            boolean decidable = DECIDABLE.contains(b);
            // A: a byte changed, hashes kept
            for (int i = 0; i < 60; i++) {
                byte[] c = bytes.clone();
                int at = rnd.nextInt(c.length);
                c[at] = edits[rnd.nextInt(edits.length)];
                out.add(new Case("byte, hashes kept", b, c, c[at] != bytes[at]));
            }
            // F: truncated, hashes kept
            for (int i = 0; i < 20; i++) {
                out.add(new Case("truncated", b, Arrays.copyOf(bytes, rnd.nextInt(bytes.length)), true));
            }
            if (!decidable) {
                continue;
            }
            // B: a byte inserted, deleted or changed inside a section, hashes recomputed
            for (int i = 0; i < 170; i++) {
                int s = rnd.nextInt(3);
                StringBuilder t = new StringBuilder(sec[s]);
                int at = rnd.nextInt(t.length());
                int op = rnd.nextInt(3);
                String ch = String.valueOf("0123456789-/.,:\"[]{} \u001be\u202e".charAt(rnd.nextInt(23)));
                if (op == 0) {
                    t.insert(at, ch);
                } else if (op == 1) {
                    t.deleteCharAt(at);
                } else {
                    t.replace(at, at + 1, ch);
                }
                out.add(new Case("byte, hashes recomputed", b, with(sec, s, t.toString())
                        .getBytes(StandardCharsets.UTF_8), !t.toString().equals(sec[s])));
            }
            // F': a section truncated, hashes recomputed
            for (int i = 0; i < 15; i++) {
                int s = rnd.nextInt(3);
                out.add(new Case("truncated, hashes recomputed", b, with(sec, s, sec[s].substring(0,
                        rnd.nextInt(sec[s].length()))).getBytes(StandardCharsets.UTF_8), true));
            }
            // C: a value replaced by a number at the limits, or a NaN or Infinity spelling (string and bare)
            for (int i = 0; i < 90; i++) {
                String v = EXTREME.get(rnd.nextInt(EXTREME.size()));
                Case c = replaceNode("number at the limits", b, sec, rnd, TextNode.valueOf(v));
                if (c != null) {
                    out.add(c);
                }
            }
            for (String bare : List.of("NaN", "Infinity", "-Infinity", "1e-9999999", "1e99999999999", "1e400",
                    "-0", "1" + "0".repeat(999), "1" + "0".repeat(1001))) {
                int s = rnd.nextInt(3);
                String t = s == 2 ? sec[2] : sec[s];
                int q = t.indexOf('"', rnd.nextInt(t.length() / 2));
                int e = q < 0 ? -1 : t.indexOf('"', q + 1);
                if (e > q) {
                    out.add(new Case("bare JSON number", b, with(sec, s, t.substring(0, q) + bare + t.substring(e + 1))
                            .getBytes(StandardCharsets.UTF_8), true));
                }
            }
            // D: wrong types
            List<JsonNode> wrong = List.of(f.objectNode(), f.arrayNode(), f.booleanNode(true), f.nullNode(),
                    f.numberNode(0), TextNode.valueOf("x"), f.arrayNode().add(f.arrayNode()),
                    f.objectNode().put("a", 1), f.numberNode(-1), f.numberNode(1L << 40));
            for (int i = 0; i < 50; i++) {
                Case c = replaceNode("wrong type", b, sec, rnd, wrong.get(rnd.nextInt(wrong.size())));
                if (c != null) {
                    out.add(c);
                }
            }
            // E: deep nesting and huge arrays or strings
            for (int depth : new int[] {900, 5000}) {
                ContainerNode<?> deep = f.arrayNode();
                JsonNode top = deep;
                for (int d = 0; d < depth; d++) {
                    ArrayNode a = f.arrayNode();
                    ((ArrayNode) deep).add(a);
                    deep = a;
                }
                String nested = "[".repeat(depth) + "]".repeat(depth);
                for (int s = 0; s < 3; s++) {
                    String t = sec[s];
                    int q = t.indexOf('"', t.length() / 3);
                    int e = q < 0 ? -1 : t.indexOf('"', q + 1);
                    if (e > q) {
                        out.add(new Case("deep nesting", b, with(sec, s, t.substring(0, q) + nested
                                + t.substring(e + 1)).getBytes(StandardCharsets.UTF_8), true));
                    }
                }
                if (depth < 1000) {
                    Case c = replaceNode("deep nesting", b, sec, rnd, top);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
            ArrayNode huge = f.arrayNode();
            for (int k = 0; k < 200_000; k++) {
                huge.add("1");
            }
            for (int i = 0; i < 3; i++) {
                Case c = replaceNode("huge array", b, sec, rnd, huge);
                if (c != null) {
                    out.add(c);
                }
                c = replaceNode("huge string", b, sec, rnd, TextNode.valueOf("7".repeat(1 << 20)));
                if (c != null) {
                    out.add(c);
                }
            }
            // G: the claims list empty, not a list, missing
            for (String claims : List.of("{\"claims\": []}", "{\"claims\": {}}", "{\"claims\": \"x\"}", "{}",
                    "[]", "{\"claims\": [{}]}", "{\"claims\": [null]}", "{\"claims\": [{\"type\": 7}]}")) {
                out.add(new Case("claims list", b, with(sec, 1, claims).getBytes(StandardCharsets.UTF_8), true));
            }
        }
        // H: TamperTest's semantic mutations of the small certificates (hashes recomputed): all must be refused
        for (String b : all) {
            List<TamperTest.Mutation> m = TamperTest.mutations(Path.of("certificates/" + b + ".cert"));
            for (int i = 0; i < m.size(); i += 3) {
                out.add(new Case("tamper (TamperTest)", b, m.get(i).text().getBytes(StandardCharsets.UTF_8), true));
            }
        }
        return out;
    }

    /**
     * The independent judge of an accepted mutation: the prover's reader must read the problem, and every claim
     * must hold by the exact evaluator; null when they hold, else why not.
     */
    private static String judge(byte[] bytes) {
        try {
            String[] sec = split(new String(bytes, StandardCharsets.UTF_8));
            var p = org.flowcert.model.ProblemReader.parse(sec[0], "fuzz");
            var field = org.flowcert.arith.Exact.FIELD;
            var r = org.flowcert.eval.LossGradient.evaluate(p, field,
                    org.flowcert.eval.LossGradient.of(field, p.theta()));
            BigFraction l = r.loss().value();
            for (JsonNode c : M.readTree(sec[1]).get("claims")) {
                String type = c.get("type").asText();
                boolean holds = switch (type) {
                    case "loss-below" -> l.subtract(Numbers.parse(c.get("value").asText())).signum() < 0;
                    case "loss-enclosure" -> Numbers.parse(c.get("lo").asText()).subtract(l).signum() <= 0
                            && l.subtract(Numbers.parse(c.get("hi").asText())).signum() <= 0;
                    case "critical-point" -> !c.has("box")
                            && Arrays.stream(r.gradient()).allMatch(g -> g.value().signum() == 0);
                    default -> false;
                };
                if (!holds) {
                    return "claim " + c + " does not hold (L = " + l + ")";
                }
            }
            return null;
        } catch (Exception e) {
            return "the judge cannot read it: " + e;
        }
    }

    @Test
    void mutatedAndExtremeCertificatesEndInAVerdictOrARefusal() throws Exception {
        List<Case> cases = cases();
        Limits limits = Limits.DEFAULT.with("seconds=30");
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        long start = System.nanoTime();
        for (Case c : cases) {
            Checker.Result r = Checker.check(c.bytes(), limits, null);
            String outcome = "exit " + r.exitCode();
            String all = String.join("\n", r.lines());
            if (r.exitCode() == 3 || all.contains("internal failure") || all.contains("the check ran longer")) {
                bad.add(c.kind() + " " + c.base() + ": " + r.lines());
            }
            if (r.exitCode() == 0 && c.changed()) {
                String why = judge(c.bytes());
                outcome = "exit 0 (claims still hold)";
                if (why != null) {
                    bad.add(c.kind() + " " + c.base() + ": accepted, but " + why);
                }
            }
            if (r.exitCode() == 0 && !c.changed()) {
                outcome = "exit 0 (unchanged)";
            }
            if (c.kind().startsWith("tamper") && r.exitCode() != 1) {
                bad.add(c.kind() + " " + c.base() + ": " + r.lines());
            }
            if (c.kind().equals("byte, hashes kept") && c.changed() && r.exitCode() != 2
                    || c.kind().equals("truncated") && r.exitCode() != 2) {
                bad.add(c.kind() + " " + c.base() + ": " + r.lines());
            }
            counts.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        }
        System.out.printf("certificate fuzz: %d cases in %.1f s%n", cases.size(), (System.nanoTime() - start) / 1e9);
        counts.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        assertThat(cases.size()).isGreaterThanOrEqualTo(2000);
        assertThat(bad).isEmpty();
    }
}
