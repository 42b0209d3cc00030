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

/** {@code flowcert audit PROBLEM TRAJECTORY [--lr H] [--rtol R] [--json]} (CONTRACT.md). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Cross-check a floating-point experiment: a rigorous enclosure of L at every recorded theta,",
            "the reported loss's relative error, and (with --lr) whether each row follows from the previous",
            "one by a gradient-descent step up to rounding. Exit 0 when nothing is flagged, 1 otherwise.",
            "TRAJECTORY: .csv (header: step or t, optional loss, theta_0..theta_{P-1}), .jsonl (objects with",
            "step/t, loss, theta or a PyTorch state_dict), .npy ((n, P) array of theta rows) or .npz (theta or",
            "state_dict names 0.weight, 0.bias, 2.weight, ... with a leading row axis; optional loss, step/t)."})
public final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROBLEM", description = "the problem file (network, risk)")
    Path problemFile;

    @Parameters(index = "1", paramLabel = "TRAJECTORY", description = "the recorded experiment")
    Path trajectoryFile;

    @Option(names = "--lr", paramLabel = "H", description = "check that rows are consecutive GD steps with this learning rate")
    String lr;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = "1e-6",
            description = "flag reported losses off by more than R relative (default ${DEFAULT-VALUE})")
    String rtol;

    @Option(names = "--grad-rtol", paramLabel = "R",
            description = "allowance for the experiment's own gradient error, relative to max|grad L| (default: --rtol)")
    String gradRtol;

    @Option(names = "--float32", description = "the experiment computed in binary32 (automatic for float32 arrays)")
    boolean float32;

    @Option(names = "--json", description = "print one JSON object (rows, flagged)")
    boolean json;

    @Option(names = "--flow", description = {"read rows as samples theta(t) of the gradient flow (a t column) and bound,",
        "with the validated integrator, each row's distance to the true flow from the first row"})
    boolean flow;

    @Option(names = "--flow-tol", paramLabel = "D", defaultValue = "1e-6",
            description = "with --flow: the distance up to which rows count as trustworthy (default ${DEFAULT-VALUE});"
                    + " rows proved farther are flagged off-flow")
    String flowTol;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write a self-contained HTML report with plots")
    Path report;

    @Override
    public Integer call() {
        double rt = positive(rtol, "--rtol");
        double gr = gradRtol == null ? rt : positive(gradRtol, "--grad-rtol");
        OptionalDouble h = lr == null ? OptionalDouble.empty() : OptionalDouble.of(positive(lr, "--lr"));
        if (report != null && !report.toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new UserError(null, "--report", "expected a file name ending in .html, found " + report);
        }
        Problem problem = ProblemReader.read(problemFile);
        Trajectory traj = TrajectoryReader.read(trajectoryFile, problem.network());
        if (float32 && !traj.float32()) {
            traj = new Trajectory(traj.source(), traj.timeColumn(), traj.rows(), true);
        }
        boolean tty = System.console() != null;
        int n = traj.rows().size();
        Auditor.Result audited = Auditor.audit(problem, traj, new Auditor.Options(rt, h, gr), k -> {
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
            double tol = positive(flowTol, "--flow-tol");
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
            result = Auditor.withFlag(audited, off, "off-flow");
        }
        if (report != null) {
            AtomicFiles.write(report, AuditReport.html(problem, traj, result, new Auditor.Options(rt, h, gr), shadow));
        }
        PrintStream out = System.out;
        if (json) {
            out.println(toJson(result, rt, h, shadow));
        } else {
            printText(out, traj, result, rt, h);
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
            throw new UserError(null, option, "expected a positive number, found \"" + text + "\"");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UserError(null, option, "expected a positive finite number, found \"" + text + "\"");
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

    static String toJson(Auditor.Result result, double rtol, OptionalDouble lr, Shadowing.Result shadow) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("rtol", rtol);
        if (lr.isPresent()) {
            root.put("lr", lr.getAsDouble());
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
        return root.toString();
    }

    private static void printText(PrintStream out, Trajectory traj, Auditor.Result result, double rtol,
            OptionalDouble lr) {
        out.printf(Locale.ROOT, "audit of %s: %d rows, rtol %.3g%s%s%n", traj.source(), result.rows().size(), rtol,
                lr.isPresent() ? String.format(Locale.ROOT, ", GD steps with lr %s", lr.getAsDouble()) : "",
                traj.float32() ? ", binary32" : "");
        out.printf(Locale.ROOT, "%8s %14s %-24s %-30s %10s  %s%n", "row", traj.timeColumn(), "loss reported",
                "loss certified (width)", "rel.err", "flags");
        int shown = 0;
        for (Auditor.RowResult r : result.rows()) {
            boolean show = r.flagged() || result.rows().size() <= 20 || r.index() < 3
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
                    r.flags().isEmpty() ? "ok" : String.join(",", r.flags()));
        }
        out.printf(Locale.ROOT, "flagged: %d of %d rows%n", result.flagged(), result.rows().size());
    }
}
