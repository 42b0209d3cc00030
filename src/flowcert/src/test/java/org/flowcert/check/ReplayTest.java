package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Test;

/**
 * Parallel replay (check.Replay) gives the sequential replay's verdicts and reasons, line for line: tampered
 * certificates checked on the checker's pool ({@link Checker#check}) and on the calling thread alone
 * ({@link Checker#checkOnCallingThread}, no pool) print the same lines with the same exit code.
 */
class ReplayTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static void sameVerdict(String cert, String what) {
        byte[] bytes = cert.getBytes(StandardCharsets.UTF_8);
        Checker.Result parallel = Checker.check(bytes);
        Checker.Result sequential = Checker.checkOnCallingThread(bytes, Limits.DEFAULT);
        assertThat(parallel.lines()).as(what).isEqualTo(sequential.lines());
        assertThat(parallel.exitCode()).as(what).isEqualTo(sequential.exitCode()).isEqualTo(1);
    }

    /** The certificate with its step lines replaced (every hash recomputed). */
    private static String with(String[] sec, List<String> steps) {
        return CertificateText.assemble(sec[3], sec[0], sec[1], steps);
    }

    @Test
    void reluCellTreesTamperedEarlyOrLateGiveTheSequentialReason() throws Exception {
        String[] sec = CertificateText.split(Files.readString(Path.of("certificates/relu-jump-h2-k2.cert")));
        List<String> steps = Arrays.asList(sec[2].split("\n"));
        int at = 2; // step 3: critical-relu-cells, tree 3 holds 156,418 characters
        ObjectNode st = (ObjectNode) M.readTree(steps.get(at));
        String tree = st.get("trees").get(3).asText();
        List<String> variants = new ArrayList<>();
        // a leaf letter made unknown, in the first subtrees and after many of them; two at once (the first wins)
        for (int p : new int[] {tree.indexOf('t'), tree.indexOf('t', 1500), tree.indexOf('d', 3000)}) {
            variants.add(tree.substring(0, p) + "x" + tree.substring(p + 1));
        }
        int p1 = tree.indexOf('t', 900);
        int p2 = tree.indexOf('t', 400);
        variants.add(tree.substring(0, p2) + "q" + tree.substring(p2 + 1, p1) + "x" + tree.substring(p1 + 1));
        variants.add(tree.substring(0, 2500)); // truncated inside a subtree
        for (String v : variants) {
            ObjectNode t = st.deepCopy();
            ((ArrayNode) t.get("trees")).set(3, M.getNodeFactory().textNode(v));
            List<String> s = new ArrayList<>(steps);
            s.set(at, t.toString());
            sameVerdict(with(sec, s), "tree of " + v.length() + " characters");
        }
    }

    @Test
    void flowTaylorChainWithATamperedStepGivesTheSequentialReason() throws Exception {
        String[] sec = CertificateText.split(Files.readString(Path.of("certificates/w3-tanh-flow.cert")));
        List<String> steps = Arrays.asList(sec[2].split("\n"));
        // steps 1-2 and the claim citing step 2 (its time is not the claim's: INVALID); step 2's tube narrowed
        ObjectNode two = (ObjectNode) M.readTree(steps.get(1));
        ArrayNode e0 = (ArrayNode) two.get("E").get(0);
        String lo = e0.get(0).asText();
        e0.set(0, M.getNodeFactory().textNode(e0.get(1).asText()));
        e0.set(1, M.getNodeFactory().textNode(e0.get(1).asText()));
        ObjectNode claim = (ObjectNode) M.readTree(steps.get(steps.size() - 1));
        claim.set("from", M.createArrayNode().add(2));
        sameVerdict(with(sec, List.of(steps.get(0), steps.get(1), claim.toString())), "untampered");
        sameVerdict(with(sec, List.of(steps.get(0), two.toString(), claim.toString())), "step 2's E from " + lo);
    }
}
