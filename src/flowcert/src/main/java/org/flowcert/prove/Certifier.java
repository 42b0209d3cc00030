package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.flowcert.cert.Steps;
import org.flowcert.check.Checker;
import org.flowcert.check.Limits;
import org.flowcert.model.Problem;

/**
 * Runs the prover of every claim and assembles the certificate. Policy (documented in
 * certificate-format.md): a certificate is produced only when every claim is proved, and only
 * after the trusted checker has accepted it; otherwise there is none.
 */
public final class Certifier {
    /** Per-claim lines ({@code PROVED ...} / {@code NOT PROVED ... (reason)}) and the certificate, or null. */
    public record Result(List<String> lines, String certificate) {
        public boolean allProved() {
            return certificate != null;
        }
    }

    private Certifier() {
    }

    public static Result certify(Problem problem, String problemText, String claimsText, JsonNode claims,
            String version) {
        return certify(problem, problemText, claimsText, claims, version, stage -> { });
    }

    /** As above; {@code stage} hears what is being done (for a progress line): each claim, then the re-check. */
    public static Result certify(Problem problem, String problemText, String claimsText, JsonNode claims,
            String version, java.util.function.Consumer<String> stage) {
        return certify(problem, problemText, claimsText, claims, version, ProofSettings.defaults(), stage);
    }

    /**
     * As above with explicit {@code settings} (budgets, threads) for this proof only; proofs with
     * different settings may run at once in one JVM.
     */
    public static Result certify(Problem problem, String problemText, String claimsText, JsonNode claims,
            String version, ProofSettings settings, java.util.function.Consumer<String> stage) {
        return certify(problem, problemText, claimsText, claims, version, settings, Limits.DEFAULT, stage);
    }

    /**
     * As above, re-checking the certificate under the checker's {@code checkLimits} (its deadline
     * {@code seconds} among them: {@code certify --check-limit seconds=N}) instead of the checker's defaults.
     */
    public static Result certify(Problem problem, String problemText, String claimsText, JsonNode claims,
            String version, ProofSettings settings, Limits checkLimits, java.util.function.Consumer<String> stage) {
        ProofContext ctx = new ProofContext(problem, new Steps(), settings);
        List<String> lines = new ArrayList<>();
        boolean all = true;
        for (int i = 0; i < claims.size(); i++) {
            JsonNode c = claims.get(i);
            String what = "claim " + i + " (" + c.path("type").asText() + ")";
            stage.accept("proving " + what);
            Prover p = Provers.get(c.path("type").asText());
            int mark = ctx.steps().mark();
            Outcome o;
            try {
                o = p == null ? Outcome.notProved("no prover for this claim type yet") : p.prove(ctx, i, c);
            } catch (ArithmeticException | IllegalArgumentException e) {
                // a number the prover's arithmetic cannot hold (binary64 overflow, a ball beyond its
                // storage cap): the claim is not proved, said so with the reason; never exit 3
                o = Outcome.notProved("the prover's arithmetic overflowed (" + e.getMessage() + ")");
            }
            if (o.proved()) {
                lines.add("PROVED " + what + ": " + o.message());
            } else {
                ctx.steps().reset(mark);
                lines.add("NOT PROVED " + what + " (" + o.message() + ")");
                all = false;
            }
        }
        if (!all) {
            return new Result(lines, null);
        }
        String cert = CertificateText.assemble(version, problemText, claimsText, ctx.steps().lines());
        stage.accept("re-checking the certificate");
        Checker.Result check = Checker.check(cert.getBytes(java.nio.charset.StandardCharsets.UTF_8), checkLimits,
                null);
        if (check.exitCode() != 0) {
            List<String> refused = new ArrayList<>();
            for (String l : check.lines()) {
                refused.add("NOT PROVED (the checker refused the proof: " + l + ")");
            }
            return new Result(refused, null);
        }
        return new Result(lines, cert);
    }
}
