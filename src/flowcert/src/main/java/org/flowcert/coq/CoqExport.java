package org.flowcert.coq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Exact;
import org.flowcert.arith.Interval;
import org.flowcert.cert.CertificateText;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.model.Risk;

/**
 * {@code flowcert coq}: turns a certificate into a Coq file whose theorems state its claims
 * about the real-valued loss of src/coq/Spec.v and prove them by computation (exact
 * polynomial integrals and {@code field}, or CoqInterval's {@code interval}), with the glue
 * lemmas of Lib.v. This exporter is untrusted: whatever it writes, Coq's kernel decides.
 * It reads certificates on its own (cert.CertificateText and model.ProblemReader), never
 * through the checker.
 */
public final class CoqExport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The generated text and, per claim, what it rests on. */
    public record Output(String text, List<String> summary) {
    }

    private final String name;
    private final Problem problem;
    private final String problemText;
    private final JsonNode claims;
    private final Map<Integer, JsonNode> steps = new LinkedHashMap<>();
    private final int hiddenUnits;
    private final int paramCount;
    private final Activation activation;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder lemmas = new StringBuilder();
    private final List<String> summary = new ArrayList<>();
    private final java.util.Set<String> emitted = new java.util.HashSet<>();
    private final List<Risk.Piece> pieces = new ArrayList<>();
    private BigFraction[] exactGradient;
    private BigFraction exactLoss;

    private CoqExport(String name, String text) {
        this.name = name;
        if (!text.startsWith(CertificateText.VERSION_LINE + "\n")) {
            throw new UserError(name, "line 1", "expected \"" + CertificateText.VERSION_LINE + "\"");
        }
        String[] sec;
        try {
            sec = CertificateText.split(text);
        } catch (RuntimeException e) {
            throw new UserError(name, null, "not a well-formed certificate (missing begin/end section lines)");
        }
        List<String> lines = new ArrayList<>();
        for (String l : sec[2].split("\n", -1)) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        if (!CertificateText.assemble(sec[3], sec[0], sec[1], lines).equals(text)) {
            throw new UserError(name, "sha256", "the certificate is malformed or altered: a section hash or the"
                    + " final hash does not match its content");
        }
        problemText = sec[0];
        problem = ProblemReader.parse(sec[0], name + " (embedded problem)");
        try {
            claims = MAPPER.readTree(sec[1]).get("claims");
            for (String l : lines) {
                JsonNode s = MAPPER.readTree(l);
                steps.put(s.get("id").asInt(), s);
            }
        } catch (JsonProcessingException | NullPointerException e) {
            throw new UserError(name, "claims/steps", "not valid JSON: " + e.getMessage());
        }
        if (claims == null || !claims.isArray()) {
            throw new UserError(name, "claims", "expected a \"claims\" list");
        }
        if (!problem.network().isShallowScalar()) {
            throw new UserError(name, "network.widths", "the Coq export supports 1-H-1 networks only (Spec.v);"
                    + " found " + java.util.Arrays.toString(problem.network().widths()));
        }
        activation = problem.network().activation();
        if (activation instanceof Activation.Gelu) {
            throw new UserError(name, "network.activation", "the Coq export does not support gelu (no erf in Spec.v)");
        }
        hiddenUnits = problem.network().width(1);
        paramCount = problem.parameterCount();
        if (problem.risk() instanceof Risk.Integral r) {
            clipPieces(r);
        }
    }

    /**
     * The target pieces clipped to the domain [a, b]; Spec.v's integral risk is the sum over
     * them, so they must tile [a, b] exactly (consecutive, no overlap), else exit 2.
     */
    private void clipPieces(Risk.Integral r) {
        BigFraction reached = r.a();
        for (Risk.Piece pc : r.target()) {
            BigFraction from = Numbers.max(pc.from(), r.a());
            BigFraction to = Numbers.min(pc.to(), r.b());
            if (Numbers.compare(from, to) >= 0) {
                continue;
            }
            if (Numbers.compare(from, reached) != 0) {
                throw new UserError(name, "risk.target", "not supported by the Coq export: the target pieces,"
                        + " clipped to the domain, must follow each other without overlap; a piece starts at "
                        + Numbers.format(from) + " where " + Numbers.format(reached) + " was expected");
            }
            pieces.add(new Risk.Piece(from, to, pc.poly()));
            reached = to;
        }
        if (Numbers.compare(reached, r.b()) != 0) {
            throw new UserError(name, "risk.target", "the pieces leave [" + Numbers.format(reached) + ", "
                    + Numbers.format(r.b()) + "] of the domain uncovered");
        }
    }

    /** Exports a certificate; a bad certificate or an unsupported claim is a {@link UserError}. */
    public static Output export(byte[] bytes, String name) {
        CoqExport e = new CoqExport(name, new String(bytes, StandardCharsets.UTF_8));
        return e.run();
    }

    private Output run() {
        StringBuilder theorems = new StringBuilder();
        Map<Integer, Integer> claimStep = new LinkedHashMap<>();
        for (JsonNode s : steps.values()) {
            if ("claim".equals(text(s, "rule"))) {
                claimStep.put(s.get("claim").asInt(), s.get("id").asInt());
            }
        }
        for (int i = 0; i < claims.size(); i++) {
            Integer sid = claimStep.get(i);
            if (sid == null) {
                throw new UserError(name, "claims[" + i + "]", "no claim step concludes this claim");
            }
            JsonNode cs = steps.get(sid);
            int from = cs.get("from").get(0).asInt();
            theorems.append(claim(i, claims.get(i), steps.get(from), from));
        }
        StringBuilder f = new StringBuilder();
        f.append("(* Generated by `flowcert coq` from ").append(name).append(".\n");
        f.append("   Compile with: coqc -R src/coq FlowCert FILE.v\n");
        f.append("   The theorems' statements use only Spec.v (prob and theta below are the embedded\n");
        f.append("   problem, written in Spec.v's terms). Per claim:\n");
        for (String s : summary) {
            f.append("   - ").append(s).append('\n');
        }
        f.append("   Embedded problem:\n");
        for (String l : problemText.split("\n")) {
            f.append("     ").append(l.replace("(*", "( *").replace("*)", "* )")).append('\n');
        }
        f.append("*)\n\n");
        f.append("From Coq Require Import Reals List Lra Lia.\n");
        f.append("Set Warnings \"-ambiguous-paths\".\nFrom Coquelicot Require Import Coquelicot.\n");
        f.append("From Interval Require Import Tactic.\n");
        f.append("From FlowCert Require Import Spec Lib.\n");
        f.append("Import ListNotations.\nOpen Scope R_scope.\n\n");
        f.append("Definition prob : problem := {| act := ").append(coqActivation()).append("; hidden := ")
                .append(hiddenUnits).append("%nat;\n  risk_of := ").append(coqRisk()).append(" |}.\n\n");
        f.append("Definition theta : list R := ").append(list(List.of(problem.theta()))).append(".\n\n");
        f.append("Ltac spec_cbn := unfold net, dnet, sigma, dsigma, w, b, v, c, weight;\n  cbn [prob theta loss grad net dnet sigma dsigma sum w b v c nth fold_right fst snd\n"
                + "  peval pdiff act hidden risk_of weight length Nat.ltb Nat.leb Nat.eqb Nat.mul Nat.add Nat.sub].\n");
        f.append("Ltac num_weight := rewrite ?INR_IZR_INZ; cbn [Z.of_nat Pos.of_succ_nat Pos.succ].\n");
        f.append("Ltac elem := unfold tanh, logistic.\n\n");
        f.append(lemmas);
        f.append(theorems);
        f.append("(* The axioms the claims rest on (Coq's classical reals, as used by Coquelicot). *)\n");
        for (int i = 0; i < claims.size(); i++) {
            f.append("Print Assumptions claim_").append(i).append(".\n");
        }
        return new Output(f.toString(), List.copyOf(summary));
    }

    // ---------------------------------------------------------------- claims

    private String claim(int i, JsonNode claim, JsonNode fact, int sid) {
        String type = text(claim, "type");
        String rule = text(fact, "rule");
        String where = "claim " + i + " (" + type + ", concluded from step " + sid + " rule " + rule + ")";
        StringBuilder t = new StringBuilder();
        String thm = "claim_" + i;
        switch (type + "/" + rule) {
            case "loss-enclosure/loss" -> {
                lossFact(sid, fact);
                t.append("Theorem ").append(thm).append(" : loss_enclosure prob theta ")
                        .append(num(claim, "lo")).append(' ').append(num(claim, "hi")).append(".\n")
                        .append("Proof. pose proof fact_").append(sid).append(". unfold loss_enclosure. lra. Qed.\n\n");
                summary.add(where + ": proved in Coq");
            }
            case "loss-below/loss" -> {
                lossFact(sid, fact);
                t.append("Theorem ").append(thm).append(" : loss_below prob theta ").append(num(claim, "value"))
                        .append(".\nProof. pose proof fact_").append(sid).append(". unfold loss_below. lra. Qed.\n\n");
                summary.add(where + ": proved in Coq");
            }
            case "critical-point/gradient" -> {
                if (claim.has("box")) {
                    throw unsupported(where, "critical-point with a box (Krawczyk) is not exported yet");
                }
                gradientFact(sid, fact);
                t.append("Theorem ").append(thm).append(" : critical_point prob theta.\nProof.\n")
                        .append("  intros k Hk. unfold nparams in Hk; cbn [prob hidden] in Hk.\n");
                for (int k = 0; k < paramCount; k++) {
                    t.append("  destruct k as [|k]; [pose proof fact_").append(sid).append('_').append(k)
                            .append("; lra|].\n");
                }
                t.append("  lia.\nQed.\n\n");
                summary.add(where + ": proved in Coq");
            }
            case "critical-values-above/critical-cover" -> {
                if (!claim.get("region").isArray()) {
                    throw unsupported(where, "region everywhere needs a critical-profile fact");
                }
                coverFact(sid, fact);
                t.append("Definition region_").append(i).append(" : box := ").append(box(claim.get("region"), where))
                        .append(".\n");
                t.append("Theorem ").append(thm).append(" : critical_values_above prob ").append(num(claim, "value"))
                        .append(" region_").append(i).append(".\nProof.\n  apply (cva_mono prob ")
                        .append(num(fact, "bound")).append(" K_").append(sid).append("); [exact fact_").append(sid)
                        .append(" | lra | cbn [box_sub region_").append(i).append(" K_").append(sid)
                        .append(" fst snd]; repeat split; lra].\nQed.\n\n");
                summary.add(where + ": proved in Coq (cover tree replayed with CoqInterval, glue lemma"
                        + " Lib.cover_sound)");
            }
            case "leaves-box/lasalle" -> {
                if (!(activation instanceof Activation.Tanh || activation instanceof Activation.Logistic
                        || activation instanceof Activation.Softplus || activation instanceof Activation.Poly)) {
                    throw unsupported(where, "LaSalle for relu-type activations is not exported");
                }
                int cov = fact.get("from").get(0).asInt();
                int los = fact.get("from").get(1).asInt();
                JsonNode cf = steps.get(cov);
                if (!"critical-cover".equals(text(cf, "rule")) || !"loss".equals(text(steps.get(los), "rule"))) {
                    throw unsupported(where, "only lasalle from a critical-cover and a loss fact is exported");
                }
                coverFact(cov, cf);
                lossFact(los, steps.get(los));
                if (!claim.get("box").isArray()) {
                    throw unsupported(where, "leaves-box needs a box");
                }
                t.append("Definition lbox_").append(i).append(" : box := ").append(box(claim.get("box"), where))
                        .append(".\n");
                t.append("Theorem ").append(thm).append(" : LaSalle_leaves_box -> leaves_box prob theta lbox_")
                        .append(i).append(".\nProof.\n  intros HL. apply (leaves_box_mono prob theta K_").append(cov)
                        .append(").\n  - apply (HL prob ").append(num(cf, "bound")).append(" K_").append(cov)
                        .append(" theta); [exact I | exact fact_").append(cov).append(" | pose proof fact_")
                        .append(los).append("; lra | cbn [in_box theta K_").append(cov)
                        .append(" fst snd]; repeat split; lra].\n  - cbn [box_sub lbox_").append(i).append(" K_")
                        .append(cov).append(" fst snd]; repeat split; lra.\nQed.\n\n");
                summary.add(where + ": proved in Coq from the named hypothesis LaSalle_leaves_box (Spec.v;"
                        + " LaSalle's invariance principle, not formalised)");
            }
            default -> throw unsupported(where, "this claim kind is not exported to Coq");
        }
        return t.toString();
    }

    private UserError unsupported(String where, String why) {
        return new UserError(name, where, "not supported by the Coq export: " + why
                + " (supported: loss-enclosure, loss-below, critical-point from loss/gradient facts;"
                + " critical-values-above on a box from critical-cover; leaves-box from lasalle)");
    }

    // ---------------------------------------------------------------- facts

    private boolean exactable() {
        return activation.isPiecewisePolynomial();
    }

    private void lossFact(int sid, JsonNode fact) {
        if (!emitted.add("fact_" + sid)) {
            return;
        }
        JsonNode val = fact.get("value");
        String lo = num(val.get(0), "value[0]");
        String hi = num(val.get(1), "value[1]");
        if (exactable()) {
            exactValues();
            if (emitted.add("loss_exact")) {
                lemmas.append("Lemma loss_exact : loss prob theta = ").append(q(exactLoss)).append(".\n")
                        .append(exactProof("loss", -1)).append("\n");
            }
            lemmas.append("Lemma fact_").append(sid).append(" : ").append(lo).append(" <= loss prob theta <= ")
                    .append(hi).append(".\nProof. rewrite loss_exact. lra. Qed.\n\n");
        } else {
            if (problem.risk() instanceof Risk.Integral) {
                throw new UserError(name, "step " + sid, "not supported by the Coq export: an integral risk with"
                        + " activation " + activation.spec());
            }
            lemmas.append("Lemma fact_").append(sid).append(" : ").append(lo).append(" <= loss prob theta <= ")
                    .append(hi).append(".\nProof.\n  unfold loss. spec_cbn. num_weight. elem.\n  interval with (i_prec ")
                    .append(prec(fact)).append(").\nQed.\n\n");
        }
    }

    private void gradientFact(int sid, JsonNode fact) {
        if (!emitted.add("fact_" + sid)) {
            return;
        }
        JsonNode val = fact.get("value");
        for (int k = 0; k < paramCount; k++) {
            String lo = num(val.get(k).get(0), "value[" + k + "][0]");
            String hi = num(val.get(k).get(1), "value[" + k + "][1]");
            if (exactable()) {
                exactValues();
                if (emitted.add("grad_exact_" + k)) {
                    lemmas.append("Lemma grad_exact_").append(k).append(" : grad prob theta ").append(k)
                            .append(" = ").append(q(exactGradient[k])).append(".\n")
                            .append(exactProof("grad", k)).append("\n");
                }
                lemmas.append("Lemma fact_").append(sid).append('_').append(k).append(" : ").append(lo)
                        .append(" <= grad prob theta ").append(k).append(" <= ").append(hi)
                        .append(".\nProof. rewrite grad_exact_").append(k).append(". lra. Qed.\n\n");
            } else {
                if (problem.risk() instanceof Risk.Integral) {
                    throw new UserError(name, "step " + sid, "not supported by the Coq export: an integral risk"
                            + " with activation " + activation.spec());
                }
                lemmas.append("Lemma fact_").append(sid).append('_').append(k).append(" : ").append(lo)
                        .append(" <= grad prob theta ").append(k).append(" <= ").append(hi)
                        .append(".\nProof.\n  unfold grad. spec_cbn. num_weight. elem.\n  interval with (i_prec ")
                        .append(prec(fact)).append(").\nQed.\n\n");
            }
        }
    }

    private static int prec(JsonNode fact) {
        int bits = fact.has("bits") ? fact.get("bits").asInt() : 0;
        return Math.max(64, bits + 40);
    }

    private void exactValues() {
        if (exactLoss == null) {
            Exact[] th = LossGradient.of(Exact.FIELD, problem.theta());
            LossGradient.Result<Exact> r = LossGradient.evaluate(problem, Exact.FIELD, th);
            exactLoss = r.loss().value();
            exactGradient = new BigFraction[paramCount];
            for (int k = 0; k < paramCount; k++) {
                exactGradient[k] = r.gradient()[k].value();
            }
        }
    }

    /** The proof of loss = V (k < 0) or grad k = V, for a piecewise-polynomial activation. */
    private String exactProof(String what, int k) {
        StringBuilder p = new StringBuilder("Proof.\n");
        if (problem.risk() instanceof Risk.Data) {
            p.append("  unfold ").append(what).append(". spec_cbn. num_weight. decide_kinks. field.\nQed.\n");
            return p.toString();
        }
        StringBuilder segss = new StringBuilder("[");
        boolean first = true;
        for (Risk.Piece piece : pieces) {
            segss.append(first ? "" : ";\n    ").append(segments(piece, k));
            first = false;
        }
        segss.append("]");
        p.append("  unfold ").append(what).append(". cbn [prob act hidden risk_of].\n");
        p.append("  rewrite (pieces_int_eq _ ").append(segss).append(").\n");
        p.append("  - cbn [pieces_val pw_int pint fst snd INR]. field.\n");
        p.append("  - cbn [pieces_ok pw_ok pw_end fst snd]. repeat split; try reflexivity;\n")
                .append("    intros x Hx; rewrite Rmin_left, Rmax_right in Hx by lra;\n")
                .append("    spec_cbn; decide_kinks; field.\nQed.\n");
        return p.toString();
    }

    /** The segments [(v_i, Q_i)] of one target piece: breakpoints at the kinks, the integrand's polynomial. */
    private String segments(Risk.Piece piece, int k) {
        TreeSet<BigFraction> cuts = new TreeSet<>(Numbers.ORDER);
        BigFraction[] th = problem.theta();
        int h = hiddenUnits;
        boolean kinked = activation instanceof Activation.Relu || activation instanceof Activation.LeakyRelu;
        if (kinked) {
            for (int j = 0; j < h; j++) {
                if (th[j].signum() != 0) {
                    BigFraction x = th[h + j].negate().divide(th[j]);
                    if (Numbers.compare(piece.from(), x) < 0 && Numbers.compare(x, piece.to()) < 0) {
                        cuts.add(x);
                    }
                }
            }
        }
        List<BigFraction> ends = new ArrayList<>(cuts);
        ends.add(piece.to());
        StringBuilder s = new StringBuilder("[");
        BigFraction u = piece.from();
        List<BigFraction> target = List.of(piece.poly());
        for (int e = 0; e < ends.size(); e++) {
            BigFraction end = ends.get(e);
            BigFraction mid = u.add(end).divide(2);
            List<BigFraction> integrand = integrand(mid, target, k);
            s.append(e == 0 ? "" : "; ").append("(").append(e == ends.size() - 1 ? q(end) : q(end)).append(", ")
                    .append(list(integrand)).append(")");
            u = end;
        }
        return s.append("]").toString();
    }

    /** (N − f)² (k < 0) or 2 (N − f) ∂N/∂θ_k as a polynomial in x, with each unit's branch taken at mid. */
    private List<BigFraction> integrand(BigFraction mid, List<BigFraction> target, int k) {
        BigFraction[] th = problem.theta();
        int h = hiddenUnits;
        List<BigFraction> x = Polys.of(BigFraction.ZERO, BigFraction.ONE);
        List<List<BigFraction>> sig = new ArrayList<>();
        List<List<BigFraction>> dsig = new ArrayList<>();
        for (int j = 0; j < h; j++) {
            List<BigFraction> z = Polys.of(th[h + j], th[j]);
            boolean pos = Polys.eval(z, mid).signum() > 0;
            if (activation instanceof Activation.Relu) {
                sig.add(pos ? z : Polys.of());
                dsig.add(pos ? Polys.of(BigFraction.ONE) : Polys.of());
            } else if (activation instanceof Activation.LeakyRelu lr) {
                sig.add(pos ? z : Polys.scale(lr.slope(), z));
                dsig.add(Polys.of(pos ? BigFraction.ONE : lr.slope()));
            } else {
                List<BigFraction> a = List.of(((Activation.Poly) activation).coefficients());
                sig.add(Polys.compose(a, z));
                dsig.add(Polys.compose(Polys.derivative(a), z));
            }
        }
        List<BigFraction> n = Polys.of(th[3 * h]);
        for (int j = 0; j < h; j++) {
            n = Polys.add(n, Polys.scale(th[2 * h + j], sig.get(j)));
        }
        List<BigFraction> r = Polys.sub(n, target);
        if (k < 0) {
            return Polys.mul(r, r);
        }
        List<BigFraction> dn;
        if (k < h) {
            dn = Polys.mul(Polys.scale(th[2 * h + k], dsig.get(k)), x);
        } else if (k < 2 * h) {
            dn = Polys.scale(th[2 * h + k - h], dsig.get(k - h));
        } else if (k < 3 * h) {
            dn = sig.get(k - 2 * h);
        } else {
            dn = Polys.of(BigFraction.ONE);
        }
        return Polys.scale(BigFraction.of(2), Polys.mul(r, dn));
    }

    // ---------------------------------------------------------------- cover trees

    private void coverFact(int sid, JsonNode fact) {
        if (!emitted.add("fact_" + sid)) {
            return;
        }
        String where = "step " + sid + " (critical-cover)";
        if (!(problem.risk() instanceof Risk.Data) || activation instanceof Activation.Relu
                || activation instanceof Activation.LeakyRelu) {
            throw new UserError(name, where, "not supported by the Coq export: critical-cover is exported for data"
                    + " risks with smooth activations only");
        }
        BigFraction[][] k = boxValues(fact.get("box"), where);
        String tree = text(fact, "tree");
        int[] pos = {0};
        String term = coverTerm(tree, pos, k, where);
        if (pos[0] != tree.length()) {
            throw new UserError(name, where + ".tree", "text after the end of the tree");
        }
        String bound = num(fact, "bound");
        int pr = Math.max(30, Math.min(prec(fact) - 40, 64));
        lemmas.append("Definition K_").append(sid).append(" : box := ").append(box(fact.get("box"), where))
                .append(".\n");
        lemmas.append("Definition cover_").append(sid).append(" : cover :=\n  ").append(term).append(".\n\n");
        lemmas.append("Ltac open_box_").append(sid).append(" :=\n  let th := fresh \"th\" in let Hb := fresh \"Hb\" in")
                .append(" intros th Hb;\n  destruct th as ");
        StringBuilder pat = new StringBuilder("th");
        for (int i = paramCount - 1; i >= 0; i--) {
            pat = new StringBuilder("[|t" + i + " " + pat + "]");
        }
        lemmas.append(pat).append("; cbn [in_box fst snd] in Hb;\n")
                .append("  repeat match goal with H : _ /\\ _ |- _ => destruct H end; try contradiction.\n");
        lemmas.append("Ltac leaf_").append(sid).append(" := cbn [leaf_sound]; lazymatch goal with\n")
                .append("  | |- (_ < _)%nat /\\ _ => split; [cbn; lia | open_box_").append(sid)
                .append("; unfold grad; spec_cbn; num_weight; elem; interval with (i_prec ").append(pr)
                .append(")]\n  | |- _ => open_box_").append(sid)
                .append("; unfold loss; spec_cbn; num_weight; elem; interval with (i_prec ").append(pr)
                .append(")\n  end.\n\n");
        lemmas.append("Lemma fact_").append(sid).append(" : critical_values_above prob ").append(bound).append(" K_")
                .append(sid).append(".\nProof.\n  apply (cover_sound prob ").append(bound).append(" cover_")
                .append(sid).append(" K_").append(sid).append(").\n  cbn [cover_ok cover_").append(sid)
                .append(" K_").append(sid).append(" halve fst snd].\n")
                .append("  repeat match goal with |- _ /\\ _ => split end.\n  all: leaf_").append(sid)
                .append(".\nQed.\n\n");
    }

    private String coverTerm(String tree, int[] pos, BigFraction[][] box, String where) {
        if (pos[0] >= tree.length()) {
            throw new UserError(name, where + ".tree", "the tree ends early");
        }
        char t = tree.charAt(pos[0]++);
        if (t == 's') {
            int start = pos[0];
            while (pos[0] < tree.length() && Character.isDigit(tree.charAt(pos[0]))) {
                pos[0]++;
            }
            if (start == pos[0]) {
                throw new UserError(name, where + ".tree", "expected a coordinate after 's' at " + start);
            }
            int i = Integer.parseInt(tree.substring(start, pos[0]));
            if (i >= paramCount) {
                throw new UserError(name, where + ".tree", "coordinate " + i + " out of range");
            }
            BigFraction m = box[i][0].add(box[i][1]).divide(2);
            BigFraction[][] lo = copy(box);
            lo[i][1] = m;
            BigFraction[][] hi = copy(box);
            hi[i][0] = m;
            String a = coverTerm(tree, pos, lo, where);
            String b = coverTerm(tree, pos, hi, where);
            return "(Split " + i + " " + a + " " + b + ")";
        }
        if (t == 'l') {
            return "(Leaf LossAbove)";
        }
        if (t == 'g') {
            return "(Leaf " + gradLeaf(box) + ")";
        }
        throw new UserError(name, where + ".tree", "unexpected token '" + t + "' at " + (pos[0] - 1));
    }

    /** Hint: the gradient component that most clearly excludes 0 on the box (binary64 intervals). */
    private String gradLeaf(BigFraction[][] box) {
        Interval[] th = new Interval[paramCount];
        for (int i = 0; i < paramCount; i++) {
            th[i] = Interval.from(box[i][0], box[i][1]);
        }
        Interval[] g = LossGradient.evaluate(problem, Interval.FIELD, th).gradient();
        int best = 0;
        double score = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < paramCount; k++) {
            double s = (Math.abs(g[k].mid()) - g[k].rad()) / (Math.abs(g[k].mid()) + g[k].rad() + 1e-300);
            if (s > score) {
                score = s;
                best = k;
            }
        }
        return (g[best].mid() > 0 ? "(GradPos " : "(GradNeg ") + best + ")";
    }

    private static BigFraction[][] copy(BigFraction[][] b) {
        BigFraction[][] c = new BigFraction[b.length][];
        for (int i = 0; i < b.length; i++) {
            c[i] = b[i].clone();
        }
        return c;
    }

    // ---------------------------------------------------------------- printing

    private String coqActivation() {
        if (activation instanceof Activation.Relu) {
            return "Relu";
        } else if (activation instanceof Activation.LeakyRelu lr) {
            return "(LeakyRelu " + q(lr.slope()) + ")";
        } else if (activation instanceof Activation.Tanh) {
            return "Tanh";
        } else if (activation instanceof Activation.Logistic) {
            return "Logistic";
        } else if (activation instanceof Activation.Softplus) {
            return "Softplus";
        }
        return "(Poly " + list(List.of(((Activation.Poly) activation).coefficients())) + ")";
    }

    private String coqRisk() {
        if (problem.risk() instanceof Risk.Data d) {
            StringBuilder s = new StringBuilder("Data ").append(d.reduction() == Risk.Reduction.MEAN ? "Mean" : "HalfSum")
                    .append(" [");
            for (int i = 0; i < d.size(); i++) {
                s.append(i == 0 ? "" : ";\n    ").append("(").append(q(d.x()[i][0])).append(", ")
                        .append(q(d.y()[i][0])).append(")");
            }
            return s.append("]").toString();
        }
        StringBuilder s = new StringBuilder("Integral [");
        boolean first = true;
        for (Risk.Piece p : pieces) {
            s.append(first ? "" : "; ").append("(").append(q(p.from())).append(", ").append(q(p.to())).append(", ")
                    .append(list(List.of(p.poly()))).append(")");
            first = false;
        }
        return s.append("]").toString();
    }

    private BigFraction[][] boxValues(JsonNode box, String where) {
        if (box == null || !box.isArray() || box.size() != paramCount) {
            throw new UserError(name, where + ".box", "expected a list of " + paramCount + " intervals");
        }
        BigFraction[][] b = new BigFraction[paramCount][2];
        for (int i = 0; i < paramCount; i++) {
            JsonNode iv = box.get(i);
            if (!iv.isArray() || iv.size() != 2) {
                throw new UserError(name, where + ".box[" + i + "]", "expected [\"lo\", \"hi\"]");
            }
            b[i][0] = Numbers.parse(iv.get(0).asText(), name, where + ".box[" + i + "][0]");
            b[i][1] = Numbers.parse(iv.get(1).asText(), name, where + ".box[" + i + "][1]");
        }
        return b;
    }

    private String box(JsonNode box, String where) {
        BigFraction[][] b = boxValues(box, where);
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) {
            s.append(i == 0 ? "" : "; ").append("(").append(q(b[i][0])).append(", ").append(q(b[i][1])).append(")");
        }
        return s.append("]").toString();
    }

    private String num(JsonNode obj, String field) {
        JsonNode n = obj.isObject() ? obj.get(field) : obj;
        if (n == null || !(n.isTextual() || n.isNumber())) {
            throw new UserError(name, field, "expected a number");
        }
        return q(Numbers.parse(n.asText(), name, field));
    }

    private String text(JsonNode obj, String field) {
        JsonNode n = obj == null ? null : obj.get(field);
        if (n == null || !n.isTextual()) {
            throw new UserError(name, field, "expected a string");
        }
        return n.asText();
    }

    /** A rational as a Coq real literal: n, (-n), (p / q) or (-p / q). */
    static String q(BigFraction x) {
        BigInteger p = x.getNumerator();
        BigInteger d = x.getDenominator();
        if (d.signum() < 0) {
            p = p.negate();
            d = d.negate();
        }
        String ps = p.signum() < 0 ? "-" + p.negate() : p.toString();
        if (d.equals(BigInteger.ONE)) {
            return p.signum() < 0 ? "(" + ps + ")" : ps;
        }
        return "(" + ps + " / " + d + ")";
    }

    private static String list(List<BigFraction> xs) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            s.append(i == 0 ? "" : "; ").append(q(xs.get(i)));
        }
        return s.append("]").toString();
    }
}
