package org.flowcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.flowcert.arith.Interval;
import org.flowcert.flow.validated.Enclosure;
import org.flowcert.flow.validated.ValidatedFlow;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.TerminalText;
import org.flowcert.model.Problem;
import org.flowcert.plot.SvgChart;

/**
 * The {@code flowcert flow ... --validated} output, beside the fast path's output in
 * {@link FlowCommand}: runs {@link ValidatedFlow} and renders its result as text or JSON
 * (CONTRACT.md lo/hi objects: decimal strings that, read exactly, bound the enclosure outward),
 * CSV ({@code --out}) and SVG ({@code --plot}), and the norm/loss events proved from the
 * enclosures. Exit 0 when T was reached, 1 when integration stopped before T (nothing is claimed
 * beyond the last proved time).
 *
 * <p>JSON types: times, widths and radii are JSON numbers (a radius is an upper bound, printed
 * as a 17-digit decimal rounded up); enclosure endpoints are the contract's lo/hi decimal strings.
 * Routine step rejections ("validation failed ... shrinking") are listed on stderr only with
 * {@code --verbose}; a one-line count and the reason of a stop always are.
 */
final class ValidatedFlowOutput {
    private static final String LOSS_COLOR = "#1f5fa8";
    private static final String NORM_COLOR = "#c4441c";
    private static final String BAND_COLOR = "#f2a900";
    private static final int PLOT_WIDTH = 760;
    /** Step ends drawn per plot, at most (evenly spread on the log time axis; requested times always). */
    static final int PLOT_POINTS = 400;

    private ValidatedFlowOutput() {
    }

    /** What to print and write besides the enclosures at the requested times. */
    record Request(Problem problem, double tEnd, double[] times, boolean json, Path out, Path plot, Double radius,
            Double level, boolean verbose) {
    }

    /**
     * Runs the validated integrator and prints its report.
     *
     * @return the exit code (0 reached T, 1 stopped before T)
     */
    static int run(Request q, PrintWriter w, PrintWriter err) {
        ValidatedFlow.Listener l = new ValidatedFlow.Listener() {
            @Override
            public void onFailure(double t, double h, String reason) {
                if (q.verbose()) {
                    err.printf(Locale.ROOT, "validation failed at t = %s, h = %.3g: %s; shrinking%n", t, h, reason);
                    err.flush();
                }
            }
        };
        ValidatedFlow.Result r;
        try {
            r = ValidatedFlow.integrate(q.problem(), q.tEnd(), ValidatedFlow.Options.defaults().withTimes(q.times()), l);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // a problem whose binary64 enclosures overflow (θ near 1e300: ∞ − ∞ in a box): nothing is proved,
            // said so with the reason and exit 1, as a stop is; never an internal error
            err.println("flowcert: validated flow: nothing proved: the binary64 enclosures overflow ("
                    + TerminalText.escape(String.valueOf(e.getMessage())) + "); try a problem with smaller numbers");
            err.flush();
            return Main.REFUSED;
        }
        // files first, all or nothing: each is written atomically
        if (q.out() != null) {
            AtomicFiles.write(q.out(), csv(r, q.problem().parameterCount()));
        }
        if (q.plot() != null) {
            AtomicFiles.write(q.plot(), svg(q.problem(), r, q.times()));
        }
        OptionalDouble normEvent = q.radius() == null ? OptionalDouble.empty()
                : r.firstTimeNormAbove(q.radius(), q.tEnd());
        OptionalDouble lossEvent = q.level() == null ? OptionalDouble.empty()
                : r.firstTimeLossBelow(q.level(), q.tEnd());
        if (q.json()) {
            w.println(json(r, q.tEnd(), q.radius(), q.level(), normEvent, lossEvent));
        } else {
            w.printf(Locale.ROOT, "flow --validated: P = %d, %d steps, %d failed attempts, %.3f s%n",
                    q.problem().parameterCount(), r.steps().size(), r.failures(), r.nanos() * 1e-9);
            for (Enclosure e : r.enclosures()) {
                w.printf(Locale.ROOT, "t = %s  L in [%s, %s]  |theta| in [%s, %s]  max width %.3g%n", e.t(),
                        down(e.loss().lo()), up(e.loss().hi()), down(e.norm().lo()), up(e.norm().hi()), e.maxWidth());
            }
            if (q.radius() != null) {
                w.println(normEvent.isPresent()
                        ? "PROVED |theta(t)| > " + q.radius() + " at t = " + normEvent.getAsDouble()
                        : "NOT PROVED |theta(t)| > " + q.radius() + " for some t <= " + q.tEnd());
            }
            if (q.level() != null) {
                w.println(lossEvent.isPresent()
                        ? "PROVED L(theta(t)) < " + q.level() + " at t = " + lossEvent.getAsDouble()
                        : "NOT PROVED L(theta(t)) < " + q.level() + " for some t <= " + q.tEnd());
            }
            if (!r.complete()) {
                w.println("STOPPED at t = " + r.reached() + ": " + r.stopReason() + " (no enclosure is claimed beyond)");
            }
        }
        w.flush();
        if (r.failures() > 0 && !q.verbose()) {
            err.printf(Locale.ROOT, "flow --validated: %d step attempts were rejected and retried with a shorter step"
                    + " (routine; --verbose lists them)%n", r.failures());
        }
        if (!r.complete() && q.json()) {
            // the text report says it on stdout; with --json the stop must still reach a reader
            err.println("flow --validated: STOPPED at t = " + r.reached() + ": " + r.stopReason());
        }
        err.flush();
        return r.complete() ? 0 : 1;
    }

    static String json(ValidatedFlow.Result r, double tEnd, Double radius, Double level, OptionalDouble normEvent,
            OptionalDouble lossEvent) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("validated", true);
        o.put("complete", r.complete());
        if (!r.complete()) {
            o.put("reached", r.reached());
            o.put("stop_reason", r.stopReason());
        }
        r.at(tEnd).ifPresent(e -> fill(m, o, e));
        ArrayNode list = o.putArray("enclosures");
        for (Enclosure e : r.enclosures()) {
            ObjectNode n = list.addObject();
            fill(m, n, e);
        }
        if (radius != null) {
            ObjectNode ev = o.putObject("leaves_ball");
            ev.put("radius", radius);
            ev.put("proved", normEvent.isPresent());
            normEvent.ifPresent(t -> ev.put("at", t));
        }
        if (level != null) {
            ObjectNode ev = o.putObject("loss_below");
            ev.put("value", level);
            ev.put("proved", lossEvent.isPresent());
            lossEvent.ifPresent(t -> ev.put("at", t));
        }
        o.put("steps", r.steps().size());
        o.put("failures", r.failures());
        o.put("wall_s", r.nanos() * 1e-9);
        return o.toString();
    }

    private static void fill(ObjectMapper m, ObjectNode n, Enclosure e) {
        n.put("t", e.t());
        n.set("loss", loHi(m, e.loss()));
        ArrayNode th = n.putArray("theta");
        for (Interval x : e.box()) {
            th.add(loHi(m, x));
        }
        n.set("norm", loHi(m, e.norm()));
        // a number like max_width; the 17-digit decimal above the double keeps it an upper bound
        n.put("radius", upDecimal(e.radius()));
        n.put("max_width", e.maxWidth());
    }

    private static ObjectNode loHi(ObjectMapper m, Interval x) {
        ObjectNode n = m.createObjectNode();
        n.put("lo", down(x.lo()));
        n.put("hi", up(x.hi()));
        return n;
    }

    /** A 17-digit decimal ≤ x (exact when read as a rational). */
    static String down(double x) {
        return new BigDecimal(x).round(new MathContext(17, RoundingMode.FLOOR)).toString();
    }

    /** A 17-digit decimal ≥ x. */
    static String up(double x) {
        return upDecimal(x).toString();
    }

    private static BigDecimal upDecimal(double x) {
        return new BigDecimal(x).round(new MathContext(17, RoundingMode.CEILING));
    }

    /** CSV of the proved step ends: t, loss_lo, loss_hi, norm_lo, norm_hi, radius, then the centers. */
    static String csv(ValidatedFlow.Result r, int p) {
        StringBuilder sb = new StringBuilder("t,loss_lo,loss_hi,norm_lo,norm_hi,radius");
        for (int i = 0; i < p; i++) {
            sb.append(",center_").append(i);
        }
        sb.append('\n');
        for (ValidatedFlow.Step s : r.steps()) {
            sb.append(s.t1()).append(',').append(down(s.loss().lo())).append(',').append(up(s.loss().hi())).append(',')
                    .append(down(s.norm().lo())).append(',').append(up(s.norm().hi())).append(',').append(up(s.radius()));
            for (double c : s.center()) {
                sb.append(',').append(c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // ---- the plot ---------------------------------------------------------------------------

    /** One drawn time: the proved enclosures of L and ‖θ‖ there. */
    private record Row(double t, Interval loss, Interval norm) {
    }

    /**
     * {@code --plot}: L(t) (top) and ‖θ(t)‖ (middle) with their proved enclosure bands, on log-log
     * axes sharing the time axis, and the bands' widths (bottom), which at this scale are far
     * thinner than a line. Requested times are marked; t = 0 (not on a log axis) is stated in the
     * caption.
     */
    static String svg(Problem problem, ValidatedFlow.Result r, double[] times) {
        List<Row> rows = rows(r);
        int n = rows.size();
        double[] t = new double[n];
        double[] lossLo = new double[n];
        double[] lossHi = new double[n];
        double[] normLo = new double[n];
        double[] normHi = new double[n];
        double[] lossW = new double[n];
        double[] normW = new double[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            t[i] = row.t();
            lossLo[i] = row.loss().lo();
            lossHi[i] = row.loss().hi();
            normLo[i] = row.norm().lo();
            normHi[i] = row.norm().hi();
            lossW[i] = row.loss().width();
            normW[i] = row.norm().width();
        }
        // no legends (they would cover the curves): the titles say what is drawn
        SvgChart top = new SvgChart("loss L(t): proved enclosure [lo, hi] (shaded band)", "", "L", true, true)
                .size(PLOT_WIDTH, 230).band("", t, lossLo, lossHi, BAND_COLOR)
                .add(new SvgChart.Series("", t, lossHi, LOSS_COLOR, false));
        SvgChart mid = new SvgChart("norm \u2016\u03b8(t)\u2016\u2082: proved enclosure [lo, hi] (shaded band)", "",
                "\u2016\u03b8\u2016", true, true).size(PLOT_WIDTH, 230).band("", t, normLo, normHi, BAND_COLOR)
                .add(new SvgChart.Series("", t, normHi, NORM_COLOR, false));
        SvgChart bottom = new SvgChart("width hi \u2212 lo of the bands: L (blue), \u2016\u03b8\u2016 (red)",
                "time t (log scale)", "width", true, true).size(PLOT_WIDTH, 250)
                .add(new SvgChart.Series("", t, lossW, LOSS_COLOR, false))
                .add(new SvgChart.Series("", t, normW, NORM_COLOR, false));
        double tLo = Double.POSITIVE_INFINITY;
        double tHi = Double.NEGATIVE_INFINITY;
        for (double v : t) {
            if (v > 0) {
                tLo = Math.min(tLo, v);
                tHi = Math.max(tHi, v);
            }
        }
        if (tLo <= tHi) {
            top.xRange(tLo, tHi);
            mid.xRange(tLo, tHi);
            bottom.xRange(tLo, tHi);
        }
        for (double v : times) {
            top.mark(v, "");
            mid.mark(v, "");
            bottom.mark(v, "t = " + shortNumber(v));
        }
        if (!r.complete()) {
            top.mark(r.reached(), "");
            mid.mark(r.reached(), "");
            bottom.mark(r.reached(), "stopped");
        }
        StringBuilder shape = new StringBuilder();
        for (int wd : problem.network().widths()) {
            shape.append(shape.length() == 0 ? "" : "-").append(wd);
        }
        String name = problem.source().substring(problem.source().lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\\p{Cf}]", "?"); // control and bidi characters would spoof or break the SVG
        String title = "Validated gradient flow: " + name + " (" + shape + " "
                + problem.network().activation().spec() + ")";
        Enclosure e0 = r.enclosures().get(0);
        String line1 = String.format(Locale.ROOT, "t = 0 (not on the log axis): L \u2208 [%s, %s],"
                + " \u2016\u03b8\u2016 \u2208 [%s, %s]", shortDown(e0.loss().lo()), shortUp(e0.loss().hi()),
                shortDown(e0.norm().lo()), shortUp(e0.norm().hi()));
        String line2 = (r.complete() ? "Reached T = " + shortNumber(r.reached()) + " in "
                : "STOPPED at t = " + shortNumber(r.reached()) + " (nothing claimed beyond) after ") + r.steps().size()
                + " proved steps; bands thinner than a line are invisible (widths below).";
        int height = 74 + 230 + 230 + 250 + 6;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">%n"
                + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n<text x=\"84\" y=\"24\" font-size=\"16\""
                + " font-weight=\"bold\">%s</text>%n<text x=\"84\" y=\"46\" font-size=\"11\" fill=\"#333\">%s</text>%n"
                + "<text x=\"84\" y=\"64\" font-size=\"11\" fill=\"#333\">%s</text>%n%s%s%s</svg>%n", PLOT_WIDTH, height,
                PLOT_WIDTH, height, PLOT_WIDTH, height, SvgChart.esc(title), SvgChart.esc(line1), SvgChart.esc(line2),
                top.element(0, 74), mid.element(0, 304), bottom.element(0, 534));
    }

    /**
     * The drawn rows: every proved step end when there are few, else at most {@link #PLOT_POINTS}
     * spread evenly in log t, always with the enclosures at the requested times and at the end.
     */
    private static List<Row> rows(ValidatedFlow.Result r) {
        List<Row> all = new ArrayList<>();
        for (ValidatedFlow.Step s : r.steps()) {
            all.add(new Row(s.t1(), s.loss(), s.norm()));
        }
        List<Row> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        double first = Math.log10(all.get(0).t());
        double last = Math.log10(all.get(all.size() - 1).t());
        double gap = (last - first) / PLOT_POINTS;
        double next = Double.NEGATIVE_INFINITY;
        int e = 1; // enclosures after the one at t = 0, in time order
        for (Row row : all) {
            boolean requested = false;
            while (e < r.enclosures().size() && r.enclosures().get(e).t() <= row.t()) {
                Enclosure en = r.enclosures().get(e++);
                if (en.t() == row.t()) {
                    // the enclosure at a requested time is the step's, its norm sharpened by the box
                    out.add(new Row(en.t(), en.loss(), en.norm()));
                    requested = true;
                }
            }
            double lt = Math.log10(row.t());
            if (requested) {
                next = lt + gap;
            } else if (lt >= next || row == all.get(all.size() - 1)) {
                out.add(row);
                next = lt + gap;
            }
        }
        return out;
    }

    private static String shortNumber(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String shortDown(double v) {
        return new BigDecimal(v).round(new MathContext(10, RoundingMode.FLOOR)).toString();
    }

    private static String shortUp(double v) {
        return new BigDecimal(v).round(new MathContext(10, RoundingMode.CEILING)).toString();
    }
}
