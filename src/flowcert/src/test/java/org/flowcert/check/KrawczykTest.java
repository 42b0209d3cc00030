package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Exact;
import org.flowcert.cert.CertificateText;
import org.flowcert.eval.Hessian;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.junit.jupiter.api.Test;

/** Rule krawczyk (proofs-notes/rules/krawczyk.md): a true box is accepted, wrong boxes and hints are refused. */
class KrawczykTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Path CERT = Path.of("certificates/krawczyk-tanh-minimum.cert");
    private static final String BOX = "[[\"1.401\",\"1.404\"],[\"0.305\",\"0.308\"],[\"0.854\",\"0.857\"],[\"-0.141\",\"-0.138\"]]";

    private static Checker.Result check(String[] sec, List<String> steps, String claims) {
        return Checker.check(CertificateText.assemble(sec[3], sec[0], claims, steps).getBytes(StandardCharsets.UTF_8));
    }

    /** The certificate with step 1 (the krawczyk step) edited, all hashes recomputed. */
    private static Checker.Result edited(Consumer<ObjectNode> edit) throws Exception {
        String[] sec = CertificateText.split(Files.readString(CERT));
        List<String> steps = new ArrayList<>(Arrays.asList(sec[2].split("\n")));
        ObjectNode st = (ObjectNode) M.readTree(steps.get(0));
        assertThat(st.get("rule").asText()).isEqualTo("krawczyk");
        edit.accept(st);
        steps.set(0, st.toString());
        return check(sec, steps, sec[1]);
    }

    @Test
    void theCheckedInCertificateIsValid() throws Exception {
        Checker.Result r = Checker.check(Files.readAllBytes(CERT));
        assertThat(r.lines()).containsExactly("VALID claim 0 (critical-point)", "VALID claim 1 (loss-below)");
    }

    @Test
    void tamperedPreconditionerOrMidpointIsInvalid() throws Exception {
        // C negated: I − C·H ≈ 2I, so K ≈ m + 2(X − m) sticks out of X
        Checker.Result r = edited(st -> st.get("C").forEach(row -> {
            for (int j = 0; j < row.size(); j++) {
                ((ArrayNode) row).set(j, TextNode.valueOf(Numbers.format(Numbers.parse(row.get(j).asText()).negate())));
            }
        }));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines().get(0)).startsWith("INVALID: claim 0").contains("interior");
        // C = 0: K = X, not inside its interior
        r = edited(st -> st.get("C").forEach(row -> {
            for (int j = 0; j < row.size(); j++) {
                ((ArrayNode) row).set(j, TextNode.valueOf("0"));
            }
        }));
        assertThat(r.lines().get(0)).startsWith("INVALID: claim 0");
        // the midpoint outside X
        r = edited(st -> ((ArrayNode) st.get("mid")).set(0, TextNode.valueOf("1.405")));
        assertThat(r.lines().get(0)).startsWith("INVALID: claim 0").contains("mid_0");
    }

    @Test
    void aBoxWithoutTheZeroOrTooLargeIsInvalid() throws Exception {
        // θ*_0 ≈ 1.40242 (flow to convergence): the box [1.401, 1.402] in component 0 misses it
        Checker.Result r = edited(st -> ((ArrayNode) st.get("X").get(0)).set(1, TextNode.valueOf("1.402")));
        assertThat(r.lines().get(0)).startsWith("INVALID: claim 0");
        // a box 100 times as wide: the Hessian enclosure is too loose for K ⊂ int X
        r = edited(st -> {
            ArrayNode x = (ArrayNode) st.get("X");
            for (int k = 0; k < 4; k++) {
                BigFraction lo = Numbers.parse(x.get(k).get(0).asText());
                BigFraction hi = Numbers.parse(x.get(k).get(1).asText());
                BigFraction w = hi.subtract(lo).multiply(50);
                x.set(k, M.createArrayNode().add(Numbers.format(lo.subtract(w))).add(Numbers.format(hi.add(w))));
            }
        });
        assertThat(r.lines().get(0)).startsWith("INVALID: claim 0");
    }

    @Test
    void theClaimsBoxMustLieBetweenKAndX() throws Exception {
        String[] sec = CertificateText.split(Files.readString(CERT));
        List<String> steps = Arrays.asList(sec[2].split("\n"));
        // larger than X: uniqueness outside X is not shown
        String wider = sec[1].replace("\"1.404\"", "\"1.5\"");
        assertThat(check(sec, steps, wider).lines().get(0)).startsWith("INVALID: claim 0").contains("not inside");
        // smaller than K: the zero may lie outside it
        String tiny = sec[1].replace("[\"1.401\", \"1.404\"]", "[\"1.4020\", \"1.4021\"]");
        assertThat(tiny).isNotEqualTo(sec[1]);
        assertThat(check(sec, steps, tiny).lines().get(0)).startsWith("INVALID: claim 0").contains("Krawczyk box K");
    }

    @Test
    void certifyRefusesATooLargeOrAnEmptyBox() throws Exception {
        Path problem = Path.of("examples/krawczyk-tanh-minimum.json");
        Problem p = ProblemReader.read(problem);
        for (String box : List.of("[[\"0\",\"3\"],[\"-1\",\"1\"],[\"0\",\"2\"],[\"-1\",\"1\"]]",
                "[[\"1.5\",\"1.6\"],[\"0.305\",\"0.308\"],[\"0.854\",\"0.857\"],[\"-0.141\",\"-0.138\"]]")) {
            String claims = "{\"claims\":[{\"type\":\"critical-point\",\"box\":" + box + "}]}";
            Certifier.Result r = Certifier.certify(p, Files.readString(problem), claims,
                    ClaimsFile.parse(claims, "claims", 4), "0.1.0");
            assertThat(r.allProved()).as(box).isFalse();
            assertThat(r.lines().get(0)).startsWith("NOT PROVED");
        }
        String claims = "{\"claims\":[{\"type\":\"critical-point\",\"box\":" + BOX + "}]}";
        assertThat(Certifier.certify(p, Files.readString(problem), claims, ClaimsFile.parse(claims, "claims", 4), "0.1.0")
                .allProved()).isTrue();
    }

    @Test
    void integralRiskHessianMatchesTheIndependentEvaluator() throws Exception {
        // order-2 jets through the exact piecewise integration (check 3) against eval.Hessian in exact arithmetic
        Net c1 = Net.parse(Files.readString(Path.of("examples/c1-relu-square.json")));
        // c1's relu kinks -b/w lie inside [0, 1] and move with θ: ∇²L gets boundary terms, so order 2 is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c1.loss(Net.point(c1.theta, 0), 2)).isInstanceOf(Invalid.class);
        for (String f : List.of("c3-cubic-divergence.json", "c3-cubic-critical-point.json")) {
            String text = Files.readString(Path.of("examples", f));
            Net n = Net.parse(text);
            RationalInterval[][] h = n.loss(Net.point(n.theta, 0), 2).h();
            Problem p = ProblemReader.parse(text, f);
            Exact[][] e = Hessian.full(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta())).hessian();
            for (int i = 0; i < h.length; i++) {
                for (int j = 0; j < h.length; j++) {
                    assertThat(h[i][j].isPoint()).isTrue();
                    assertThat(h[i][j].lo()).as(f + " H[%d][%d]", i, j).isEqualTo(e[i][j].exactValue().orElseThrow());
                }
            }
        }
    }
}
