package org.flowcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.flowcert.audit.AuditReport;
import org.flowcert.audit.ErrorModel;
import org.flowcert.audit.Text;
import org.flowcert.audit.Shadowing;
import org.flowcert.audit.Auditor;
import org.flowcert.audit.Trajectory;
import org.flowcert.audit.TrajectoryReader;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.DecimalBounds;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowcert audit PROBLEM TRAJECTORY [--lr H] [--loss-rtol R] [--grad-rtol R] [--json]} (CONTRACT.md). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Cross-check a floating-point experiment: a rigorous enclosure of L at every recorded theta, "
            + "the reported loss's relative error, and (with --lr) whether each row follows from the previous one by "
            + "a gradient-descent step up to rounding. Exit 0 when nothing is flagged, 1 otherwise.",
            "",
            "Default tolerances are derived from the precision (binary64, or binary32 with --float32 or float32 "
                + "arrays) and the problem's size (proofs-notes/audit.md); the output states them.",
            "",
            "TRAJECTORY: .csv (header: step or t, optional loss, theta_0..theta_{P-1}), .jsonl or .json (rows with "
                + "step/t, loss, theta or a PyTorch state_dict), .npy ((n, P) array of theta rows) or .npz from "
                + "numpy.savez (theta, or state_dict arrays with a leading row axis; optional loss and step/t, "
                + "integer or float). State_dict layers are taken in the order they appear in the file (numeric "
                + "order for nn.Sequential indices), each layer's weight then bias; --layout names them explicitly. "
                + "PyTorch .pt pickles are refused (unpickling runs code): save with numpy.savez instead."})
public final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROBLEM", description = "the problem file (network, risk)")
    Path problemFile;

    @Parameters(index = "1", paramLabel = "TRAJECTORY", description = "the recorded experiment")
    Path trajectoryFile;

    @Option(names = "--lr", paramLabel = "H", description = "check that rows are consecutive GD steps with this learning rate")
    String lr;

    @Option(names = "--loss-rtol", paramLabel = "R",
            description = "flag reported losses off by more than R relative (default: derived from the precision)")
    String lossRtol;

    @Option(names = "--rtol", paramLabel = "R", hidden = true, description = "deprecated alias of --loss-rtol")
    String rtol;

    @Option(names = "--grad-rtol", paramLabel = "R",
            description = "allowance for the experiment's own gradient error, relative to max|grad L|"
                    + " (default: derived from the precision)")
    String gradRtol;

    @Option(names = "--float32", description = "the experiment computed in binary32 (automatic for float32 arrays)")
    boolean float32;

    @Option(names = "--layout", paramLabel = "NAMES", split = ",",
            description = "state_dict layer names in network order, e.g. --layout fc1,fc2,out (each NAME.weight and"
                    + " NAME.bias; default: the order of the tensors in the file)")
    java.util.List<String> layout;

    @Option(names = "--json", description = "print one JSON object (rows, flagged, tolerances, hints)")
    boolean json;

    @Option(names = "--flow", description = "read rows as samples theta(t) of the gradient flow (a t column) and bound,"
            + " with the validated integrator, each row's distance to the true flow from the first row")
    boolean flow;

    @Option(names = "--flow-tol", paramLabel = "D", defaultValue = "1e-6",
            description = "with --flow: the distance up to which rows count as trustworthy (default ${DEFAULT-VALUE});"
                    + " rows proved farther are flagged off-flow")
    String flowTol;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write a self-contained HTML report with plots")
    Path report;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The tolerances used and where they came from. */
    record Tolerances(double loss, boolean lossDerived, double grad, boolean gradDerived, ErrorModel.Derived model) {
    }

    @Override
    public Integer call() {
        java.io.PrintWriter err = spec != null ? spec.commandLine().getErr() : new java.io.PrintWriter(System.err, true);
        if (rtol != null) {
            if (lossRtol != null) {
                throw new UserError(null, "--rtol", "--rtol is the deprecated spelling of --loss-rtol: give one of them");
            }
            err.println("flowcert: note: audit's --rtol is deprecated, use --loss-rtol (in flow, --rtol is the"
                    + " integrator's tolerance)");
            err.flush();
            lossRtol = rtol;
        }
        Double lt = lossRtol == null ? null : positive(lossRtol, rtol != null ? "--rtol" : "--loss-rtol");
        Double gt = gradRtol == null ? null : positive(gradRtol, "--grad-rtol");
        OptionalDouble h = lr == null ? OptionalDouble.empty() : OptionalDouble.of(positive(lr, "--lr"));
        if (report != null && !report.toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new UserError(null, "--report", "expected a file name ending in .html, found "
                    + Text.safe(report.toString()));
        }
        double tol = flow ? positive(flowTol, "--flow-tol") : 0;
        Problem problem = ProblemReader.read(problemFile);
        Trajectory traj = TrajectoryReader.read(trajectoryFile, problem.network(), layout);
        if (float32 && !traj.float32()) {
            traj = new Trajectory(traj.source(), traj.timeColumn(), traj.rows(), true);
        }
        ErrorModel.Derived model = ErrorModel.derive(problem, traj);
        Tolerances tols = new Tolerances(lt != null ? lt : model.lossRtol(), lt == null,
                gt != null ? gt : model.gradRtol(), gt == null, model);
        Auditor.Options opts = new Auditor.Options(tols.loss(), h, tols.grad());
        boolean tty = System.console() != null;
        int n = traj.rows().size();
        Auditor.Result audited = Auditor.audit(problem, traj, opts, k -> {
            if (tty && (k % 100 == 99 || k == n - 1)) {
                System.err.printf("\raudit: %d/%d rows", k + 1, n);
                if (k == n - 1) {
                    System.err.println();
                }
            }
        });
        Shadowing.Result shadow = null;
        Auditor.Result result = audited;
        if (flow) {
            shadow = Shadowing.shadow(problem, traj, tol, new org.flowcert.flow.validated.ValidatedFlow.Listener() {
                @Override
                public void onStep(org.flowcert.flow.validated.ValidatedFlow.Step s) {
                    if (tty) {
                        System.err.printf(Locale.ROOT, "\raudit --flow: validated to t = %.6g", s.t1());
                    }
                }
            });
            if (tty) {
                System.err.println();
            }
            java.util.Set<Integer> off = new java.util.HashSet<>();
            for (Shadowing.RowBound b : shadow.rows()) {
                if (b.proved() && b.lo() > tol) {
                    off.add(b.index());
                }
            }
            result = Auditor.withFlag(audited, off, Auditor.OFF_FLOW);
        }
        if (report != null) {
            AtomicFiles.write(report, AuditReport.html(problem, traj, result, opts, tols.lossDerived(),
                    tols.gradDerived(), shadow));
        }
        PrintStream out = System.out;
        if (json) {
            out.println(toJson(result, traj, tols, h, shadow));
        } else {
            printText(out, traj, result, tols, h);
            if (shadow != null) {
                printShadow(out, shadow);
            }
        }
        return result.flagged() == 0 ? Main.OK : Main.REFUSED;
    }

    private static double positive(String text, String option) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UserError(null, option, "expected a positive number, found \"" + Text.safe(text, 40) + "\"");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UserError(null, option, "expected a positive finite number, found \"" + Text.safe(text, 40) + "\"");
        }
        return v;
    }

    private static void printShadow(PrintStream out, Shadowing.Result s) {
        double worst = 0;
        for (Shadowing.RowBound b : s.rows()) {
            if (b.proved()) {
                worst = Math.max(worst, b.hi());
            }
        }
        out.printf(Locale.ROOT, "flow shadowing: every proved row is within %.3e of the true flow from row 0%n", worst);
        out.printf(Locale.ROOT, "trustworthy to %.3g up to t = %s%s%n", s.tolerance(), s.trustedUntil(),
                s.complete() ? "" : " (validation stopped at t = " + s.reached() + ": " + s.stopReason() + ")");
    }

    static String toJson(Auditor.Result result, Trajectory traj, Tolerances tols, OptionalDouble lr,
            Shadowing.Result shadow) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("precision", traj.float32() ? "binary32" : "binary64");
        root.put("loss_rtol", tols.loss());
        root.put("loss_rtol_derived", tols.lossDerived());
        root.put("grad_rtol", tols.grad());
        root.put("grad_rtol_derived", tols.gradDerived());
        if (lr.isPresent()) {
            root.put("lr", lr.getAsDouble());
        }
        if (result.lrEstimate().isPresent()) {
            root.put("lr_estimate", result.lrEstimate().getAsDouble());
        }
        ArrayNode rows = root.putArray("rows");
        for (Auditor.RowResult r : result.rows()) {
            ObjectNode o = rows.addObject();
            o.put("index", r.index());
            o.put("time", r.time());
            if (r.lossReported().isPresent()) {
                o.put("loss_reported", r.lossReported().getAsDouble());
                o.put("loss_rel_error", r.lossRelError());
            } else {
                o.putNull("loss_reported");
            }
            ObjectNode loss = o.putObject("loss");
            loss.put("lo", DecimalBounds.lower(r.loss().lo()));
            loss.put("hi", DecimalBounds.upper(r.loss().hi()));
            if (!Double.isNaN(r.stepExcess())) {
                o.put("step_excess", r.stepExcess());
            }
            if (shadow != null) {
                Shadowing.RowBound b = shadow.rows().get(r.index());
                if (b.proved()) {
                    ObjectNode d = o.putObject("flow_distance");
                    d.put("lo", DecimalBounds.lower(b.lo()));
                    d.put("hi", DecimalBounds.upper(b.hi()));
                } else {
                    o.putNull("flow_distance");
                }
            }
            ArrayNode flags = o.putArray("flags");
            r.flags().forEach(flags::add);
            if (!r.consequenceFlags().isEmpty()) {
                o.put("consequence_of", r.consequenceOf());
                ArrayNode cf = o.putArray("consequence_flags");
                r.consequenceFlags().forEach(cf::add);
            }
        }
        if (shadow != null) {
            ObjectNode f = root.putObject("flow");
            f.put("tolerance", shadow.tolerance());
            f.put("trusted_until", shadow.trustedUntil());
            f.put("complete", shadow.complete());
            f.put("reached", shadow.reached());
            if (!shadow.complete()) {
                f.put("stop_reason", shadow.stopReason());
            }
        }
        root.put("flagged", result.flagged());
        root.put("consequences", result.consequences());
        if (result.firstInconsistent() >= 0) {
            root.put("first_inconsistent", result.firstInconsistent());
        } else {
            root.putNull("first_inconsistent");
        }
        ArrayNode hints = root.putArray("hints");
        result.hints().forEach(hints::add);
        return root.toString();
    }

    /** The tolerance line: values and whether derived. */
    static String toleranceText(Trajectory traj, Tolerances t) {
        String prec = traj.float32() ? "binary32, u = 2^-24" : "binary64, u = 2^-53";
        return String.format(Locale.ROOT, "tolerances: loss %.2g relative (%s), gradient %.2g relative to max|grad L|"
                + " (%s)%s", t.loss(), t.lossDerived() ? "derived" : "--loss-rtol", t.grad(),
                t.gradDerived() ? "derived" : "--grad-rtol", t.lossDerived() || t.gradDerived()
                        ? " [derived from " + prec + " and the problem's size: proofs-notes/audit.md]" : "");
    }

    private static void printText(PrintStream out, Trajectory traj, Auditor.Result result, Tolerances tols,
            OptionalDouble lr) {
        out.printf(Locale.ROOT, "audit of %s: %d rows, %s%s%n", Text.safe(traj.source()), result.rows().size(),
                traj.float32() ? "float32 run" : "float64 run",
                lr.isPresent() ? ", GD steps with lr " + lr.getAsDouble() : "");
        out.println(toleranceText(traj, tols));
        out.printf(Locale.ROOT, "%8s %14s %-24s %-30s %10s  %s%n", "row", traj.timeColumn(), "loss reported",
                "loss certified (width)", "rel.err", "flags");
        int shown = 0;
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (Auditor.RowResult r : result.rows()) {
            seen.addAll(r.flags());
            seen.addAll(r.consequenceFlags());
            boolean show = r.anyFlag() || result.rows().size() <= 20 || r.index() < 3
                    || r.index() == result.rows().size() - 1;
            if (!show) {
                continue;
            }
            if (shown++ > 200) {
                out.println("... (more rows: use --json)");
                break;
            }
            out.printf(Locale.ROOT, "%8d %14s %-24s %-30s %10s  %s%n", r.index(), AuditReport.timeText(r.time()),
                    r.lossReported().isPresent() ? Double.toString(r.lossReported().getAsDouble()) : "-",
                    String.format(Locale.ROOT, "%.17g (%.1e)", 0.5 * r.loss().lo() + 0.5 * r.loss().hi(),
                            r.loss().hi() - r.loss().lo()),
                    Double.isNaN(r.lossRelError()) ? "-" : String.format(Locale.ROOT, "%.2e", r.lossRelError()),
                    AuditReport.flagText(r));
        }
        out.printf(Locale.ROOT, "flagged: %d of %d rows%s%n", result.flagged(), result.rows().size(),
                result.firstInconsistent() < 0 ? "" : String.format(Locale.ROOT, " (first inconsistent row: %d%s)",
                        result.firstInconsistent(), result.consequences() == 0 ? ""
                                : "; " + result.consequences() + " more " + (result.consequences() == 1 ? "row" : "rows")
                                        + " flagged only as a consequence of an earlier row"));
        if (result.lrEstimate().isPresent() && result.lrSteps() > 0) {
            out.printf(Locale.ROOT, "learning rate implied by the log: %s (least squares over %d steps)%n",
                    Auditor.sig6(result.lrEstimate().getAsDouble()), result.lrSteps());
        }
        for (String f : seen) {
            out.printf("  %s: %s%n", f, Auditor.meaning(f));
        }
        for (String hint : result.hints()) {
            out.println("hint: " + hint);
        }
    }
}
