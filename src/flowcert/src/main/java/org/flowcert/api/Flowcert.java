package org.flowcert.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.flowcert.arith.Interval;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.check.Checker;
import org.flowcert.cli.Main;
import org.flowcert.eval.Arithmetics;
import org.flowcert.eval.BoxForm;
import org.flowcert.eval.LossGradient;
import org.flowcert.fast.GenericDoubleGradient;
import org.flowcert.fast.GradientFunction;
import org.flowcert.fast.MlpKernel;
import org.flowcert.flow.DormandPrince853Integrator;
import org.flowcert.flow.GradientFlowSystem;
import org.flowcert.flow.OdeResult;
import org.flowcert.flow.OdeState;
import org.flowcert.flow.TrajectoryRecorder;
import org.flowcert.io.Limits;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;

/**
 * The library entry point: static methods that do what the {@code flowcert} commands
 * {@code eval}, {@code flow}, {@code certify} and {@code check} do, returning values instead of
 * printing or writing files. Problem and claims files are those of the command line
 * (examples/README.md); the default input limits apply (examples/LIMITS.md).
 *
 * <pre>{@code
 * Problem p = Flowcert.load(Path.of("examples/c1-relu-square.json"));
 * Evaluation e = Flowcert.evaluate(p, "exact");      // e.loss().exact() is 7/960
 * }</pre>
 */
public final class Flowcert {
    /** DOP853's relative tolerance per step (as {@code flowcert flow}). */
    static final double RTOL = 1e-10;
    /** DOP853's absolute tolerance per step (as {@code flowcert flow}). */
    static final double ATOL = 1e-12;

    private Flowcert() {
    }

    /**
     * Reads and validates a problem file.
     *
     * @param file the problem file (JSON)
     * @return the problem
     * @throws RuntimeException with a message naming the file, the field and what was expected,
     *                          when the file cannot be read or is not a valid problem
     */
    public static Problem load(Path file) {
        String text = ProblemReader.readText(file, Limits.DEFAULTS);
        return new Problem(ProblemReader.parse(text, file.toString(), Limits.DEFAULTS), text);
    }

    /**
     * Parses and validates a problem given as JSON text.
     *
     * @param json the problem, in the problem file format
     * @return the problem (its {@link Problem#source()} is {@code "<string>"})
     * @throws RuntimeException with a message naming the field and what was expected, when the
     *                          text is not a valid problem
     */
    public static Problem load(String json) {
        return new Problem(ProblemReader.parse(json, "<string>", Limits.DEFAULTS), json);
    }

    /**
     * Evaluates L and ∇L at the problem's θ, as {@code flowcert eval --arith ARITH}.
     *
     * @param problem the problem
     * @param arith   {@code exact} (rationals; piecewise-polynomial activations only),
     *                {@code interval} (rigorous binary64), {@code ball:BITS} (rigorous, e.g.
     *                {@code ball:256}) or {@code double} (fast, not rigorous)
     * @return the loss and gradient with exact bounds
     * @throws RuntimeException when {@code arith} is not one of these, or cannot evaluate this problem
     */
    public static Evaluation evaluate(Problem problem, String arith) {
        Objects.requireNonNull(arith, "arith");
        return evaluate(problem.model(), Arithmetics.parse(arith, Limits.DEFAULTS));
    }

    private static <T extends Num<T>> Evaluation evaluate(org.flowcert.model.Problem p, NumField<T> field) {
        LossGradient.Result<T> r = compute(p, field);
        List<Value> g = new ArrayList<>();
        for (T gi : r.gradient()) {
            g.add(value(gi, field));
        }
        return new Evaluation(field.name(), field.rigorous(), value(r.loss(), field), g);
    }

    /** As {@code EvalCommand.compute}: interval mode through {@link BoxForm}, the others generically. */
    @SuppressWarnings("unchecked")
    private static <T extends Num<T>> LossGradient.Result<T> compute(org.flowcert.model.Problem p, NumField<T> field) {
        if (field == Interval.FIELD) {
            LossGradient.checkSupported(p, field);
            return (LossGradient.Result<T>) BoxForm.evaluate(p, LossGradient.of(Interval.FIELD, p.theta())).result();
        }
        return LossGradient.evaluate(p, field, LossGradient.of(field, p.theta()));
    }

    private static <T extends Num<T>> Value value(T v, NumField<T> field) {
        return new Value(v.lower(), v.upper(), field.rigorous() ? v.exactValue().orElse(null) : null, v.approx());
    }

    /**
     * Integrates the gradient flow θ' = −∇L(θ) from the problem's θ over [0, {@code to}] in
     * binary64 with DOP853 (rtol 1e-10, atol 1e-12), as {@code flowcert flow --to TO --times ...}.
     * Not rigorous; {@code flowcert flow --validated} and {@link #certify} give proved enclosures.
     *
     * @param problem the problem (its numbers must be binary64-representable in range)
     * @param to      the final time, finite and ≥ 0
     * @param times   further times in [0, to] at which to report the state (any order)
     * @return the row at t = 0, the rows at {@code times} (sorted, each time once), then the row at {@code to}
     * @throws IllegalArgumentException when a time is out of range
     * @throws IllegalStateException    when the integration fails (e.g. the step size underflows)
     */
    public static Trajectory integrate(Problem problem, double to, double... times) {
        if (!(to >= 0) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("expected a finite time to >= 0, found " + to);
        }
        double[] out = times.clone();
        for (double t : out) {
            if (!(t >= 0 && t <= to)) {
                throw new IllegalArgumentException("expected times in [0, " + to + "], found " + t);
            }
        }
        Arrays.sort(out);
        org.flowcert.model.Problem p = problem.model();
        p.requireBinary64("flow");
        GradientFunction f = GenericDoubleGradient.forProblem(p, MlpKernel.suggestedThreads(p));
        try {
            GradientFlowSystem sys = new GradientFlowSystem(f);
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(RTOL, ATOL);
            TrajectoryRecorder rec = new TrajectoryRecorder(out, false, 0, sys::loss);
            integrator.addStepHandler(rec);
            OdeResult res = integrator.integrate(sys, OdeState.of(0, p.thetaDoubles()), to);
            List<Trajectory.Row> rows = new ArrayList<>();
            for (TrajectoryRecorder.Row r : rec.rows()) {
                boolean initial = rows.isEmpty() && r.state().time() == 0;
                if ((initial || r.requested()) && (rows.isEmpty() || rows.get(rows.size() - 1).t() != r.state().time())) {
                    rows.add(new Trajectory.Row(r.state().time(), r.loss(), r.state().state()));
                }
            }
            OdeState last = res.last();
            if (rows.isEmpty() || rows.get(rows.size() - 1).t() != last.time()) {
                rows.add(new Trajectory.Row(last.time(), sys.loss(last.state()), last.state()));
            }
            return new Trajectory(rows, res.acceptedSteps(), res.evaluations());
        } finally {
            if (f instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // nothing to release beyond a daemon thread
                }
            }
        }
    }

    /**
     * Certifies claims with the default {@link Settings}.
     *
     * @param problem    the problem
     * @param claimsJson the claims, in the claims file format
     * @return the verdict lines and, when every claim is proved, the certificate
     * @see #certify(Problem, String, Settings)
     */
    public static Certification certify(Problem problem, String claimsJson) {
        return certify(problem, claimsJson, Settings.defaults());
    }

    /**
     * Proves each claim, as {@code flowcert certify}, and assembles the certificate only when
     * every claim is proved and the trusted checker accepts it. Nothing is written anywhere. The
     * certificate embeds {@link Problem#text()} and {@code claimsJson} byte for byte.
     *
     * @param problem    the problem
     * @param claimsJson the claims, in the claims file format
     * @param settings   leaf budgets and threads of this call only
     * @return the verdict lines and, when every claim is proved, the certificate
     * @throws RuntimeException with a message naming the field and what was expected, when
     *                          {@code claimsJson} is not a valid claims file for this problem
     */
    public static Certification certify(Problem problem, String claimsJson, Settings settings) {
        org.flowcert.model.Problem p = problem.model();
        JsonNode claims = ClaimsFile.parse(claimsJson, "<claims>", p.parameterCount(), Limits.DEFAULTS);
        Certifier.Result r = Certifier.certify(p, problem.text(), claimsJson, claims, Main.version(),
                settings.internal(), stage -> { });
        return new Certification(r.lines(), r.certificate());
    }

    /**
     * Checks a certificate with flowcert's trusted checker (exact arithmetic, independent of the
     * prover), as {@code flowcert check}.
     *
     * @param certificate the certificate's bytes (UTF-8)
     * @return the checker's verdict
     */
    public static CheckResult check(byte[] certificate) {
        Checker.Result r = Checker.check(certificate.clone());
        return new CheckResult(r.exitCode(), r.lines());
    }

    /**
     * Checks a certificate given as text (encoded in UTF-8).
     *
     * @param certificate the certificate text
     * @return the checker's verdict
     */
    public static CheckResult check(String certificate) {
        return check(certificate.getBytes(StandardCharsets.UTF_8));
    }
}
