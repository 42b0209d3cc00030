package org.flowcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowcert.fast.GenericDoubleGradient;
import org.flowcert.fast.GradientFunction;
import org.flowcert.fast.MlpKernel;
import org.flowcert.flow.DormandPrince853Integrator;
import org.flowcert.flow.EventAction;
import org.flowcert.flow.EventRecord;
import org.flowcert.flow.GradientFlowSystem;
import org.flowcert.flow.LevelCrossing;
import org.flowcert.flow.OdeIntegrator;
import org.flowcert.flow.OdeResult;
import org.flowcert.flow.OdeState;
import org.flowcert.flow.ProgressReporter;
import org.flowcert.flow.RungeKutta4Integrator;
import org.flowcert.flow.TrajectoryPlot;
import org.flowcert.flow.TrajectoryRecorder;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.Numbers;
import org.flowcert.io.TerminalText;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowcert flow PROBLEM --to T}: integrates θ' = −∇L(θ) from the problem's theta in
 * binary64 (CONTRACT.md §2), with DOP853 (adaptive, default) or RK4 (fixed step). Not rigorous:
 * {@code lo} = {@code hi} = the computed double.
 */
@Command(name = "flow", mixinStandardHelpOptions = true,
        description = {"Integrate the gradient flow theta' = -grad L(theta) from the problem's theta over [0, T]"
            + " in binary64 (fast, not rigorous), or with proved enclosures (--validated).",
            "Default method: DOP853 (adaptive, rtol 1e-10, atol 1e-12, like scipy's solve_ivp); rk4 needs --h.",
            "Numbers (T, times, steps, tolerances, levels) may be written as integers, decimals, rationals such as"
                + " 1/8 or hex floats; double mode rounds them to the nearest binary64 number."})
public final class FlowCommand implements Callable<Integer> {
    /** Step rows kept in the trajectory before thinning (requested times are always kept). */
    static final int MAX_STEP_ROWS = 1000;

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "problem file (JSON)")
    Path problem;

    @Option(names = "--to", required = true, paramLabel = "T", description = "final time T >= 0 (e.g. 10, 1e4, 1/8)")
    String to;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--validated", description = "rigorous enclosures of theta(t), L and |theta| (proofs-notes/validated-flow.md)")
    boolean validated;

    @Option(names = "--out", paramLabel = "FILE", description = "write the trajectory as CSV: t,loss,norm,theta_0,...")
    Path out;

    @Option(names = "--times", paramLabel = "T1,T2,...", description = "output times in [0, T], comma-separated (e.g."
            + " 1/8,1/4,1); printed, in --json, and marked on the plot")
    String times;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "dop853", description = "dop853 (default) or rk4")
    String method;

    @Option(names = "--rtol", paramLabel = "R", description = "the integrator's relative error tolerance per step"
            + " (dop853 only; default 1e-10, from 1e-14 to below 1). Not a loss tolerance: that is audit's --loss-rtol")
    String rtol;

    @Option(names = "--atol", paramLabel = "A", description = "the integrator's absolute error tolerance per step"
            + " (dop853 only; default 1e-12)")
    String atol;

    @Option(names = "--h", paramLabel = "H", description = "the fixed time step of rk4 (required with --method rk4)")
    String h;

    @Option(names = "--stop-norm", paramLabel = "R", description = "stop when ||theta|| reaches R")
    String stopNorm;

    @Option(names = "--stop-loss", paramLabel = "C", description = "stop when L drops to C")
    String stopLoss;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "draw L(t) and ||theta(t)|| against t (SVG): a"
            + " log time axis with t = 0 at its left end when T spans several decades, else a linear one; the --times"
            + " points and stop events are marked")
    Path plot;

    @Option(names = "--verbose", description = "with --validated: list every rejected step attempt on stderr"
            + " (routine; by default only their count)")
    boolean verbose;

    @Option(names = "--threads", paramLabel = "N", description = "threads, 1 to " + Threads.MAX + " (as in every"
            + " command); the loss kernel splits the data in two halves, so it uses at most 2 (default: 2 for large"
            + " networks, else 1). The result does not depend on N")
    String threads;

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // check every option before reading the problem, so that usage errors come first
        double tEnd = number("--to", to);
        if (!(tEnd >= 0) || Double.isInfinite(tEnd)) {
            throw new UserError(null, "--to", "expected a finite time T >= 0, found \"" + to + "\"");
        }
        org.flowcert.io.Limits lim = limitOptions.limits();
        if (tEnd > lim.time()) {
            throw lim.exceeded("time", to, null, "--to");
        }
        if (validated) {
            // the validated integrator has its own step control: refuse rather than ignore
            String[][] floating = {{"--method", method.equalsIgnoreCase("dop853") ? null : method}, {"--rtol", rtol},
                {"--atol", atol}, {"--h", h}, {"--threads", threads}};
            for (String[] opt : floating) {
                if (opt[1] != null) {
                    throw new UserError(null, opt[0], "does not apply to --validated (it chooses its own steps;"
                            + " options: --to, --times, --json, --out, --plot, --stop-norm, --stop-loss, --verbose)");
                }
            }
        }
        if (verbose && !validated) {
            throw new UserError(null, "--verbose", "applies to --validated only (it lists the rejected step attempts)");
        }
        String m = method.toLowerCase(Locale.ROOT);
        if (!m.equals("dop853") && !m.equals("rk4")) {
            throw new UserError(null, "--method", "expected dop853 or rk4, found \"" + method + "\"");
        }
        OdeIntegrator integrator;
        if (m.equals("rk4")) {
            if (rtol != null || atol != null) {
                throw new UserError(null, rtol != null ? "--rtol" : "--atol", "applies to --method dop853 only");
            }
            if (h == null) {
                throw new UserError(null, "--h", "required with --method rk4 (the fixed step)");
            }
            double step = number("--h", h);
            if (!(step > 0) || Double.isInfinite(step)) {
                throw new UserError(null, "--h", "expected a step > 0, found \"" + h + "\"");
            }
            if (tEnd / step > 1e9) {
                throw new UserError(null, "--h", "T/h = " + (tEnd / step) + " steps is more than 10^9");
            }
            integrator = new RungeKutta4Integrator(step);
        } else {
            if (h != null) {
                throw new UserError(null, "--h", "applies to --method rk4 only (dop853 chooses its steps)");
            }
            double r = rtol == null ? 1e-10 : number("--rtol", rtol);
            double a = atol == null ? 1e-12 : number("--atol", atol);
            if (!(r >= 1e-14) || !(r < 1)) {
                throw new UserError(null, "--rtol", "expected 1e-14 <= rtol < 1, found \"" + rtol + "\"");
            }
            if (!(a >= 0) || Double.isInfinite(a)) {
                throw new UserError(null, "--atol", "expected a finite atol >= 0, found \"" + atol + "\"");
            }
            integrator = new DormandPrince853Integrator(r, a);
        }
        double[] outTimes = parseTimes(tEnd);
        Double radius = null;
        if (stopNorm != null) {
            radius = number("--stop-norm", stopNorm);
            if (!(radius > 0) || Double.isInfinite(radius)) {
                throw new UserError(null, "--stop-norm", "expected a radius > 0, found \"" + stopNorm + "\"");
            }
        }
        Double level = null;
        if (stopLoss != null) {
            level = number("--stop-loss", stopLoss);
            if (!Double.isFinite(level)) {
                throw new UserError(null, "--stop-loss", "expected a finite level, found \"" + stopLoss + "\"");
            }
        }
        if (plot != null && !plot.toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            throw new UserError(null, "--plot", "expected a file name ending in .svg, found \"" + plot + "\"");
        }
        int nThreads = threads == null ? 0 : Math.min(2, Threads.parse(threads));
        // outputs that cannot be written are found out before the run, not after it
        if (out != null) {
            AtomicFiles.checkWritable(out, "--out");
        }
        if (plot != null) {
            AtomicFiles.checkWritable(plot, "--plot");
        }

        Problem p = ProblemReader.read(problem, lim);
        p.requireBinary64(validated ? "flow --validated" : "flow");
        if (validated) {
            return ValidatedFlowOutput.run(new ValidatedFlowOutput.Request(p, tEnd, outTimes, json, out, plot, radius,
                    level, verbose), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        int tCount = nThreads > 0 ? nThreads : MlpKernel.suggestedThreads(p);
        GradientFunction f = GenericDoubleGradient.forProblem(p, tCount);
        try {
            return run(p, f, integrator, tEnd, outTimes, radius, level);
        } finally {
            if (f instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) f).close();
                } catch (Exception ignored) {
                    // nothing to release beyond a daemon thread
                }
            }
        }
    }

    private int run(Problem p, GradientFunction f, OdeIntegrator integrator, double tEnd, double[] outTimes,
            Double radius, Double level) {
        GradientFlowSystem sys = new GradientFlowSystem(f);
        double tol = Math.max(1e-12, 1e-12 * tEnd);
        if (radius != null) {
            integrator.addEventDetector(LevelCrossing.norm(radius, tol, EventAction.STOP));
        }
        if (level != null) {
            integrator.addEventDetector(LevelCrossing.loss(sys, level, tol, EventAction.STOP));
        }
        boolean wantSteps = out != null || plot != null;
        // a plot gets 200 evenly spaced points and 25 per decade over 7 decades, so that it is smooth on a linear
        // or a symlog time axis (chosen after the run, from its first step)
        double[] plotTimes = plot != null && tEnd > 0 ? TrajectoryPlot.sampleTimes(tEnd, 200, 25) : new double[0];
        TrajectoryRecorder rec = new TrajectoryRecorder(outTimes, plotTimes, wantSteps, MAX_STEP_ROWS, sys::loss);
        integrator.addStepHandler(rec);
        ProgressReporter progress = ProgressReporter.forTerminal(sys, System.err);
        if (progress != null) {
            integrator.addStepHandler(progress);
        }
        double[] theta0 = p.thetaDoubles();
        long t0 = System.nanoTime();
        OdeResult res;
        try {
            res = integrator.integrate(sys, OdeState.of(0, theta0), tEnd);
        } catch (IllegalStateException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("flowcert flow: the integration failed: " + TerminalText.escape(e.getMessage()));
            err.flush();
            return Main.REFUSED;
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        OdeState last = res.last();
        double lossLast = sys.loss(last.state());
        List<TrajectoryRecorder.Row> rows = new ArrayList<>(rec.rows());
        for (EventRecord e : res.events()) {
            rows.add(new TrajectoryRecorder.Row(e.state(), sys.loss(e.state().state()), false));
        }
        rows.sort(Comparator.comparingDouble(r -> r.state().time()));
        List<TrajectoryRecorder.Row> unique = new ArrayList<>();
        for (TrajectoryRecorder.Row r : rows) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).state().time() != r.state().time()) {
                unique.add(r);
            } else if (r.requested()) {
                unique.set(unique.size() - 1, r);
            }
        }
        if (out != null) {
            AtomicFiles.write(out, csv(unique, p.parameterCount()));
        }
        if (plot != null) {
            List<TrajectoryPlot.Point> pts = new ArrayList<>();
            for (TrajectoryRecorder.Row r : unique) {
                pts.add(new TrajectoryPlot.Point(r.state().time(), r.loss(), r.state().norm()));
            }
            List<TrajectoryPlot.Mark> marks = new ArrayList<>();
            for (EventRecord e : res.events()) {
                marks.add(new TrajectoryPlot.Mark(e.time(), e.detector().name()));
            }
            List<Double> requested = new ArrayList<>();
            for (TrajectoryRecorder.Row r : unique) {
                if (r.requested()) {
                    requested.add(r.state().time());
                }
            }
            AtomicFiles.write(plot, TrajectoryPlot.svg(plotTitle(p), plotSubtitle(p, integrator.name()), pts, requested,
                    marks, TrajectoryPlot.TimeAxis.choose(last.time(), rec.firstStep())));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(TerminalText.json(json(p, integrator, res, lossLast, unique, wall)));
        } else {
            w.printf(Locale.ROOT, "flow: %s, P = %d, %d steps (%d rejected), %d evaluations of the gradient, %.3f s%n",
                    integrator.name(), p.parameterCount(), res.acceptedSteps(), res.rejectedSteps(), res.evaluations(),
                    wall);
            for (EventRecord e : res.events()) {
                w.printf(Locale.ROOT, "event %s at t = %s: L = %s, |theta| = %s%n", e.detector().name(), e.time(),
                        sys.loss(e.state().state()), e.state().norm());
            }
            boolean lastPrinted = false;
            for (TrajectoryRecorder.Row r : unique) {
                if (r.requested()) {
                    w.printf(Locale.ROOT, "t = %s  L = %s  |theta| = %s%n", r.state().time(), r.loss(), r.state().norm());
                    lastPrinted = r.state().time() == last.time();
                }
            }
            if (!lastPrinted || res.stoppedByEvent()) {
                w.printf(Locale.ROOT, "t = %s  L = %s  |theta| = %s%s%n", last.time(), lossLast, last.norm(),
                        res.stoppedByEvent() ? "  (stopped by an event)" : "");
            }
        }
        w.flush();
        return Main.OK;
    }

    /** "Gradient flow of NAME", NAME the problem file's name (escaped by the plotter). */
    static String plotTitle(Problem p) {
        String name = p.source() == null ? "the problem" : Path.of(p.source()).getFileName().toString();
        return "Gradient flow of " + name;
    }

    /** "1-4-1 tanh, P = 13, METHOD". */
    static String plotSubtitle(Problem p, String method) {
        StringBuilder shape = new StringBuilder();
        for (int w : p.network().widths()) {
            shape.append(shape.length() == 0 ? "" : "-").append(w);
        }
        return shape + " " + p.network().activation().spec() + ", P = " + p.parameterCount() + ", " + method;
    }

    private static String json(Problem p, OdeIntegrator integrator, OdeResult res, double loss,
            List<TrajectoryRecorder.Row> rows, double wall) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("arith", "double");
        o.put("method", integrator.name());
        o.put("P", p.parameterCount());
        o.put("t", res.last().time());
        o.set("loss", point(mapper, loss));
        o.set("norm", point(mapper, res.last().norm()));
        ArrayNode th = o.putArray("theta");
        for (int i = 0; i < res.last().dimension(); i++) {
            th.add(point(mapper, res.last().state(i)));
        }
        o.put("stopped_by_event", res.stoppedByEvent());
        ArrayNode ev = o.putArray("events");
        for (EventRecord e : res.events()) {
            ObjectNode eo = ev.addObject();
            eo.put("type", e.detector().name());
            eo.put("t", e.time());
            eo.put("increasing", e.increasing());
            eo.put("norm", e.state().norm());
        }
        ArrayNode ts = o.putArray("times");
        for (TrajectoryRecorder.Row r : rows) {
            if (r.requested()) {
                ObjectNode ro = ts.addObject();
                ro.put("t", r.state().time());
                ro.set("loss", point(mapper, r.loss()));
                ro.set("norm", point(mapper, r.state().norm()));
            }
        }
        o.put("nfev", res.evaluations());
        o.put("steps", res.acceptedSteps());
        o.put("rejected_steps", res.rejectedSteps());
        o.put("wall_s", wall);
        return o.toString();
    }

    /** The contract's lo/hi object in double mode: lo = hi = the computed double. */
    private static ObjectNode point(ObjectMapper m, double v) {
        ObjectNode n = m.createObjectNode();
        n.put("lo", num(v));
        n.put("hi", num(v));
        return n;
    }

    /** The shortest decimal that reads back as this double (exact as the contract's decimal). */
    static String num(double v) {
        return Double.toString(v);
    }

    static String csv(List<TrajectoryRecorder.Row> rows, int p) {
        StringBuilder sb = new StringBuilder("t,loss,norm");
        for (int i = 0; i < p; i++) {
            sb.append(",theta_").append(i);
        }
        sb.append('\n');
        for (TrajectoryRecorder.Row r : rows) {
            OdeState s = r.state();
            sb.append(num(s.time())).append(',').append(num(r.loss())).append(',').append(num(s.norm()));
            for (int i = 0; i < p; i++) {
                sb.append(',').append(num(s.state(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private double[] parseTimes(double tEnd) {
        if (times == null) {
            return new double[0];
        }
        String[] parts = times.split(",", -1);
        double[] t = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            t[i] = number("--times", parts[i].trim());
            if (!(t[i] >= 0 && t[i] <= tEnd)) {
                throw new UserError(null, "--times", "expected times in [0, T] = [0, " + tEnd + "], found \""
                        + parts[i].trim() + "\"");
            }
        }
        Arrays.sort(t);
        return t;
    }

    /** A number in any of the problem files' forms (10, 0.5, 1e4, 1/8, 0x1p-3), rounded to the nearest double. */
    static double number(String option, String text) {
        return Numbers.parse(text.trim(), null, option).doubleValue();
    }
}
