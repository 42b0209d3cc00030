package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.CertificateText;
import org.flowcert.cert.CertificatesTest;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tamper tests of issue 7 on the checked-in certificates. Kinds (a)-(d) recompute every hash
 * after the mutation, so the rules must reject them (exit 1); a byte changed without
 * recomputing the hashes is "altered" (exit 2). The default run checks a deterministic sample that holds every
 * stratum (see sample); {@code -Plong} runs all of them and prints the counts (benchmarks/checker.md).
 */
class TamperTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final BigFraction EPS = BigFraction.of(1, 1_000_000);

    /**
     * One mutation; {@code stratum} names what it tests independently of where: its kind, the rule of the step it
     * changed (kind a; for kind b the rules of the step moved or dropped and of the step citing it), the claim type (c)
     * or the rules the changed problem must fail (d), the field changed, and the problem's activation (without its
     * parameter) and risk type, e.g. {@code a loss value[up] | relu integral}.
     */
    record Mutation(String kind, String cert, String what, String text, String stratum) {
    }

    static String s(BigFraction q) {
        return Numbers.format(q);
    }

    static List<Mutation> mutations(Path cert) throws Exception {
        String text = Files.readString(cert);
        String[] sec = CertificateText.split(text);
        String name = cert.getFileName().toString();
        List<Mutation> out = new ArrayList<>();
        List<String> steps = new ArrayList<>(Arrays.asList(sec[2].split("\n")));
        JsonNode problemNode = M.readTree(sec[0]);
        // the activation's name without its parameter (leaky_relu:1/4 and leaky_relu:1/10 run the same rule code)
        String where = " | " + problemNode.path("network").path("activation").asText().replaceAll(":.*", "") + " "
                + problemNode.path("risk").path("type").asText();
        // (a) an enclosure endpoint moved inward past the true value
        for (int i = 0; i < steps.size(); i++) {
            ObjectNode st = (ObjectNode) M.readTree(steps.get(i));
            for (String f : List.of("value", "E", "X")) {
                JsonNode v = st.get(f);
                if (v == null) {
                    continue;
                }
                List<ArrayNode> ivs = new ArrayList<>();
                if (v.get(0).isArray()) {
                    v.forEach(x -> ivs.add((ArrayNode) x));
                } else {
                    ivs.add((ArrayNode) v);
                }
                for (int k = 0; k < ivs.size(); k++) {
                    BigFraction lo = Numbers.parse(ivs.get(k).get(0).asText());
                    BigFraction hi = Numbers.parse(ivs.get(k).get(1).asText());
                    BigFraction[][] moved = lo.equals(hi)
                            ? new BigFraction[][] {{lo.add(EPS), lo.add(EPS)}, {lo.subtract(EPS), lo.subtract(EPS)}}
                            : new BigFraction[][] {{hi, hi}, {lo, lo}};
                    for (int side = 0; side < moved.length; side++) {
                        BigFraction[] m = moved[side];
                        ObjectNode c = st.deepCopy();
                        ArrayNode iv = (ArrayNode) (v.get(0).isArray() ? c.get(f).get(k) : c.get(f));
                        iv.set(0, TextNode.valueOf(s(m[0])));
                        iv.set(1, TextNode.valueOf(s(m[1])));
                        out.add(new Mutation("a", name, "step " + (i + 1) + " " + f + "[" + k + "]",
                                withSteps(sec, replace(steps, i, c.toString())),
                                "a " + st.get("rule").asText() + " " + f + (side == 0 ? "[up]" : "[down]") + where));
                    }
                }
            }
            if (st.get("rule").asText().equals("krawczyk")) {
                // the preconditioner negated (I − C·H ≈ 2I) or zeroed (K = X), the midpoint moved out of X
                for (String op : List.of("negate", "zero")) {
                    ObjectNode c = st.deepCopy();
                    for (JsonNode row : c.get("C")) {
                        for (int j = 0; j < row.size(); j++) {
                            BigFraction q = Numbers.parse(row.get(j).asText());
                            ((ArrayNode) row).set(j, TextNode.valueOf(s(op.equals("zero") ? BigFraction.ZERO : q.negate())));
                        }
                    }
                    out.add(new Mutation("a", name, "krawczyk C " + op, withSteps(sec, replace(steps, i, c.toString())),
                            "a krawczyk C " + op + where));
                }
                for (int k = 0; k < st.get("mid").size(); k++) {
                    ObjectNode c = st.deepCopy();
                    BigFraction hi = Numbers.parse(st.get("X").get(k).get(1).asText());
                    ((ArrayNode) c.get("mid")).set(k, TextNode.valueOf(s(hi.add(EPS))));
                    out.add(new Mutation("a", name, "krawczyk mid " + k, withSteps(sec, replace(steps, i, c.toString())),
                            "a krawczyk mid" + where));
                }
            }
            if (st.get("rule").asText().equals("ntk-ball")) {
                Map<String, BigFraction> factor = new LinkedHashMap<>();
                factor.put("sigma", BigFraction.of(2));
                factor.put("norm", BigFraction.of(1, 2));
                factor.put("lipschitz", BigFraction.of(1, 2));
                factor.put("residual", BigFraction.of(1, 2));
                factor.put("mu", BigFraction.of(2));
                factor.put("radius", BigFraction.of(1, 100));
                for (var e : factor.entrySet()) {
                    ObjectNode c = st.deepCopy();
                    c.put(e.getKey(), s(Numbers.parse(st.get(e.getKey()).asText()).multiply(e.getValue())));
                    out.add(new Mutation("a", name, "ntk " + e.getKey(), withSteps(sec, replace(steps, i, c.toString())),
                            "a ntk-ball " + e.getKey() + where));
                }
            }
        }
        // (b) a cited step dropped, or moved after the step citing it
        for (int i = 0; i < steps.size(); i++) {
            long id = M.readTree(steps.get(i)).get("id").asLong();
            int citer = -1;
            for (int j = i + 1; j < steps.size() && citer < 0; j++) {
                for (JsonNode f : M.readTree(steps.get(j)).get("from")) {
                    if (f.asLong() == id) {
                        citer = j;
                    }
                }
            }
            if (citer < 0) {
                continue;
            }
            String rules = M.readTree(steps.get(i)).get("rule").asText() + " cited by "
                    + M.readTree(steps.get(citer)).get("rule").asText();
            List<String> dropped = new ArrayList<>(steps);
            dropped.remove(i);
            out.add(new Mutation("b", name, "drop step " + id, withSteps(sec, dropped), "b drop " + rules + where));
            List<String> moved = new ArrayList<>(steps);
            String line = moved.remove(i);
            moved.add(citer, line);
            out.add(new Mutation("b", name, "move step " + id, withSteps(sec, moved), "b move " + rules + where));
        }
        // (c) a claim changed to a false one
        JsonNode claims = M.readTree(sec[1]).get("claims");
        for (int i = 0; i < claims.size(); i++) {
            ObjectNode c = (ObjectNode) claims.get(i).deepCopy();
            switch (c.get("type").asText()) {
                case "loss-enclosure": {
                    BigFraction hi = Numbers.parse(c.get("hi").asText());
                    c.put("lo", s(hi.add(EPS)));
                    c.put("hi", s(hi.add(EPS).add(EPS)));
                    break;
                }
                case "loss-below":
                    c.put("value", s(loss(sec).lo()));
                    break;
                case "critical-point":
                    c.removeAll();
                    c.put("type", "loss-below");
                    c.put("value", "0");
                    break;
                case "flow-enclosure":
                    c.put("time", s(Numbers.parse(c.get("time").asText()).multiply(2)));
                    break;
                case "leaves-ball":
                    c.put("radius", "100");
                    break;
                case "linear-convergence":
                    c.put("rate", "100");
                    break;
                default:
                    continue;
            }
            ObjectNode root = (ObjectNode) M.readTree(sec[1]);
            ((ArrayNode) root.get("claims")).set(i, c);
            out.add(new Mutation("c", name, "claim " + i, CertificateText.assemble(sec[3], sec[0], root.toString(), steps),
                    "c " + claims.get(i).get("type").asText() + where));
        }
        // (d) the embedded problem changed: θ, a data point, the target
        ObjectNode prob = (ObjectNode) M.readTree(sec[0]);
        java.util.SortedSet<String> stepRules = new java.util.TreeSet<>();
        for (String l : steps) {
            stepRules.add(M.readTree(l).get("rule").asText());
        }
        List<String[]> paths = new ArrayList<>();
        for (int k = 0; k < prob.get("theta").size(); k++) {
            paths.add(new String[] {"theta", "" + k});
        }
        JsonNode risk = prob.get("risk");
        if (risk.has("y")) {
            for (int k = 0; k < risk.get("y").size(); k++) {
                paths.add(new String[] {"y", "" + k});
                paths.add(new String[] {"x", "" + k});
            }
        } else {
            for (int p = 0; p < risk.get("target").size(); p++) {
                for (int k = 0; k < risk.get("target").get(p).get("poly").size(); k++) {
                    paths.add(new String[] {"poly", p + "", k + ""});
                }
            }
        }
        for (String[] p : paths) {
            ObjectNode c = prob.deepCopy();
            ArrayNode arr = p[0].equals("theta") ? (ArrayNode) c.get("theta")
                    : p[0].equals("poly") ? (ArrayNode) c.get("risk").get("target").get(Integer.parseInt(p[1])).get("poly")
                    : (ArrayNode) c.get("risk").get(p[0]);
            int k = Integer.parseInt(p[p.length - 1]);
            arr.set(k, TextNode.valueOf(s(Numbers.parse(arr.get(k).asText()).add(BigFraction.ONE))));
            if (stillHolds(c.toPrettyString(), steps)) {
                continue; // e.g. a weight of a dead neuron: the recorded evaluations stay true, not a tamper
            }
            out.add(new Mutation("d", name, String.join(".", p),
                    CertificateText.assemble(sec[3], c.toPrettyString(), sec[1], steps),
                    "d " + p[0] + " under " + String.join(",", stepRules) + where));
        }
        return out;
    }

    /**
     * Whether every exact (bits = 0) loss and gradient step still holds for the mutated problem,
     * judged by the independent evaluator eval.LossGradient in exact arithmetic. Such a mutation
     * does not make a recorded evaluation false, so it is not counted as a tamper.
     */
    private static boolean stillHolds(String problem, List<String> steps) throws Exception {
        boolean exactOnly = true;
        for (String l : steps) {
            JsonNode st = M.readTree(l);
            String rule = st.get("rule").asText();
            if (!rule.equals("claim") && !((rule.equals("loss") || rule.equals("gradient")) && st.get("bits").asInt() == 0)) {
                exactOnly = false;
            }
        }
        if (!exactOnly) {
            return false;
        }
        org.flowcert.model.Problem p = org.flowcert.model.ProblemReader.parse(problem, "mutated");
        var field = org.flowcert.arith.Exact.FIELD;
        var r = org.flowcert.eval.LossGradient.evaluate(p, field,
                org.flowcert.eval.LossGradient.of(field, p.theta()));
        for (String l : steps) {
            JsonNode st = M.readTree(l);
            if (st.get("rule").asText().equals("loss")
                    && !Numbers.parse(st.get("value").get(0).asText()).equals(r.loss().value())) {
                return false;
            }
            if (st.get("rule").asText().equals("gradient")) {
                for (int k = 0; k < p.parameterCount(); k++) {
                    if (!Numbers.parse(st.get("value").get(k).get(0).asText()).equals(r.gradient()[k].value())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The recorded loss enclosure of the certificate's first loss step. */
    private static RationalInterval loss(String[] sec) throws Exception {
        for (String l : sec[2].split("\n")) {
            JsonNode st = M.readTree(l);
            if (st.get("rule").asText().equals("loss")) {
                return RationalInterval.of(Numbers.parse(st.get("value").get(0).asText()), Numbers.parse(st.get("value").get(1).asText()), 0);
            }
        }
        throw new IllegalStateException("no loss step");
    }

    private static List<String> replace(List<String> steps, int i, String line) {
        List<String> c = new ArrayList<>(steps);
        c.set(i, line);
        return c;
    }

    private static String withSteps(String[] sec, List<String> steps) {
        return CertificateText.assemble(sec[3], sec[0], sec[1], steps);
    }

    static List<Mutation> all() throws Exception {
        List<Mutation> all = new ArrayList<>();
        // certificates whose check takes minutes (check-long in examples/certificates.list: W3 to t = 10, 100) are
        // not mutated: a mutation of their claim replays every step; w3-tanh-flow is their tampered stand-in
        List<String> longChecks = CertificatesTest.longChecks();
        try (var s = Files.list(Path.of("certificates"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".cert")).sorted().toList()) {
                if (longChecks.contains(p.getFileName().toString())) {
                    continue;
                }
                List<Mutation> m = mutations(p);
                // the tanh data sets are slow to re-evaluate: a fixed sample of their problem edits
                if (p.toString().contains("w1-")) {
                    List<Mutation> keep = new ArrayList<>();
                    for (int i = 0; i < m.size(); i++) {
                        if (!m.get(i).kind().equals("d") || i % 16 == 0) {
                            keep.add(m.get(i));
                        }
                    }
                    m = keep;
                }
                if (Files.readString(p).contains("\"rule\":\"critical-relu-data\"")
                        || Files.readString(p).contains("\"rule\":\"critical-relu-kinks\"")) {
                    // a claim about every critical point of the data's loss: θ does not enter it and a changed data
                    // point may leave it true (no tamper); ReluDataRuleTest makes data edits that falsify it
                    // (ReluKinkRuleTest target and activation edits for critical-relu-kinks)
                    m = m.stream().filter(x -> !x.kind().equals("d")).toList();
                }
                if (Files.readString(p).contains("\"rule\":\"flow-taylor\"")) {
                    // each flow-taylor step takes about a second to replay, and a mutation replays every step
                    // before it: a fixed sample (steps 1 and 2, the claim, θ_0 and two data points)
                    m = m.stream().filter(x -> x.what().matches("step [12] .*|(drop|move) step [12]|claim .*|theta\\.0|[xy]\\.0|y\\.7"))
                            .toList();
                }
                all.addAll(m);
            }
        }
        return all;
    }

    /**
     * The default run's deterministic sample of {@code all} (benchmarks/test-times.md). Each mutation replays the
     * whole certificate, so a mutation costs about one check of its certificate: from 3 ms to 12 s. The sample is
     * (1) every 8th mutation of each certificate not marked {@code long} in examples/certificates.list, and
     * (2) for every stratum (what a mutation tests: kind, rule, field, activation and risk type; see Mutation), one
     * mutation: the first of that stratum on the first certificate that has it, certificates not marked
     * {@code long} first, then smaller files first. So every kind of mutation of every rule, on every activation and
     * risk type, is checked in every run, and a {@code long} certificate (whose check takes seconds) contributes only
     * the strata no other certificate has. {@code -Plong} checks every mutation.
     */
    static List<Mutation> sample(List<Mutation> all) throws Exception {
        java.util.Set<String> longCerts = new java.util.HashSet<>();
        for (String[] e : CertificatesTest.list()) {
            if (List.of(e).subList(3, e.length).contains("long")) {
                longCerts.add(e[2]);
            }
        }
        Map<String, Long> size = new LinkedHashMap<>();
        for (Mutation m : all) {
            size.computeIfAbsent(m.cert(), c -> Path.of("certificates", c).toFile().length());
        }
        java.util.Set<Integer> keep = new java.util.TreeSet<>();
        Map<String, Integer> perCert = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            int n = perCert.merge(all.get(i).cert(), 1, Integer::sum) - 1;
            if (n % 8 == 0 && !longCerts.contains(all.get(i).cert())) {
                keep.add(i);
            }
        }
        List<Integer> byCost = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            byCost.add(i);
        }
        java.util.Comparator<Integer> cheapFirst = java.util.Comparator
                .comparing((Integer i) -> longCerts.contains(all.get(i).cert()))
                .thenComparing(i -> size.get(all.get(i).cert())).thenComparing(i -> all.get(i).cert())
                .thenComparing(i -> i);
        byCost.sort(cheapFirst);
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (int i : byCost) {
            if (covered.add(all.get(i).stratum())) {
                keep.add(i);
            }
        }
        return keep.stream().map(all::get).toList();
    }

    private static void run(List<Mutation> chosen, List<Mutation> all) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> accepted = new ArrayList<>();
        for (Mutation m : chosen) {
            Checker.Result r = Checker.check(m.text().getBytes(StandardCharsets.UTF_8));
            if (r.exitCode() != 1) {
                accepted.add(m.kind() + " " + m.cert() + " " + m.what() + " -> exit " + r.exitCode() + " " + r.lines());
            }
            counts.merge(m.kind(), 1, Integer::sum);
        }
        System.out.println("tamper mutations checked (all rejected unless listed): " + counts + " of " + all.size()
                + " (" + all.stream().map(Mutation::stratum).distinct().count() + " strata, "
                + chosen.stream().map(Mutation::stratum).distinct().count() + " of them checked)");
        assertThat(accepted).isEmpty();
    }

    @Test
    void sampledMutationsAreAllRejected() throws Exception {
        List<Mutation> all = all();
        List<Mutation> chosen = sample(all);
        // every stratum is in the sample
        assertThat(chosen.stream().map(Mutation::stratum).distinct().count())
                .isEqualTo(all.stream().map(Mutation::stratum).distinct().count());
        run(chosen, all);
    }

    @Tag("long")
    @Test
    void everyMutationIsRejected() throws Exception {
        List<Mutation> all = all();
        assertThat(all.size()).isGreaterThanOrEqualTo(1000);
        run(all, all);
    }

    @Test
    void anyChangedByteWithoutNewHashesIsAltered() throws Exception {
        Random rnd = new Random(11);
        int n = 0;
        try (var s = Files.list(Path.of("certificates"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".cert")).sorted().toList()) {
                byte[] b = Files.readAllBytes(p);
                for (int i = 0; i < 40; i++) {
                    byte[] c = b.clone();
                    int at = rnd.nextInt(c.length);
                    c[at] = (byte) (c[at] == '7' ? '8' : '7');
                    assertThat(Checker.check(c).exitCode()).as(p + " byte " + at).isEqualTo(2);
                    n++;
                }
            }
        }
        System.out.println("altered-byte mutations rejected with exit 2: " + n);
    }
}
