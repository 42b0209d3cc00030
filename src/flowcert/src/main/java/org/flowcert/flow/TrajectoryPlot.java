package org.flowcert.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowcert.plot.SvgChart;

/**
 * The picture of a gradient-flow run ({@code flowcert flow --plot}): L(t) (top) and ‖θ(t)‖₂
 * (bottom) on log value axes sharing the time axis, so that the seeds' divergence (‖θ‖ growing
 * while L creeps down) is visible at a glance. Two {@link SvgChart}s stacked in one document.
 *
 * <p>The time axis ({@link TimeAxis}) is linear when the run is short compared with its first
 * step, else <em>symlog</em>: linear on [0, c] and logarithmic above c, so that t = 0 is drawn
 * and the decades of a long run get equal room. Requested output times ({@code --times}) are
 * drawn as dots on both curves, events as dashed vertical lines with their names.
 */
public final class TrajectoryPlot {
    private static final int WIDTH = 760;
    private static final String LOSS_COLOR = "#1f5fa8";
    private static final String NORM_COLOR = "#c4441c";
    private static final String TIMES_COLOR = "#222222";

    private TrajectoryPlot() {
    }

    /** One point of the picture. */
    public record Point(double t, double loss, double norm) {
    }

    /** A marked time (an event), drawn as a dashed vertical line with its label. */
    public record Mark(double t, String label) {
    }

    /**
     * The time axis: {@code LOG} (t &gt; 0 only), {@code LINEAR}, or {@code SYMLOG} with linear part [0, c].
     */
    public record TimeAxis(Kind kind, double c) {
        public enum Kind { LOG, LINEAR, SYMLOG }

        /** A run to {@code tEnd} whose first step was {@code firstStep}: symlog when tEnd ≥ 1000 first steps. */
        public static TimeAxis choose(double tEnd, double firstStep) {
            if (!(tEnd > 0) || !(firstStep > 0) || tEnd < 1000 * firstStep) {
                return new TimeAxis(Kind.LINEAR, 0);
            }
            // c: a power of ten at about the first step, so that the axis ticks are 0, c, 10c, ... (at most 7 decades)
            double c = Math.pow(10, Math.floor(Math.log10(Math.max(firstStep, tEnd * 1e-7))));
            return new TimeAxis(Kind.SYMLOG, c);
        }

        String label() {
            switch (kind) {
                case LOG:
                    return "time t (log scale)";
                case SYMLOG:
                    return "time t (linear from 0 to " + number(c) + ", log scale above)";
                default:
                    return "time t";
            }
        }
    }

    /** The SVG document with log-log axes (points with t ≤ 0 are left out). */
    public static String svg(String title, List<Point> points, List<Mark> marks) {
        return svg(title, "", points, List.of(), marks, new TimeAxis(TimeAxis.Kind.LOG, 0));
    }

    /**
     * The SVG document.
     *
     * @param title the picture's title (the problem's name); escaped here
     * @param subtitle a smaller second line (network and method), may be empty; escaped here
     * @param points the curve points in time order
     * @param requested requested output times, drawn as dots on both curves (times without a point are skipped)
     * @param events event times with their names, drawn as dashed vertical lines
     * @param axis the time axis
     */
    public static String svg(String title, String subtitle, List<Point> points, List<Double> requested,
            List<Mark> events, TimeAxis axis) {
        int n = points.size();
        double[] t = new double[n];
        double[] loss = new double[n];
        double[] norm = new double[n];
        double tLo = Double.POSITIVE_INFINITY;
        double tHi = Double.NEGATIVE_INFINITY;
        boolean log = axis.kind() == TimeAxis.Kind.LOG;
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            t[i] = p.t();
            loss[i] = p.loss();
            norm[i] = p.norm();
            if ((p.t() > 0 || !log && p.t() >= 0) && Double.isFinite(p.t())) {
                tLo = Math.min(tLo, p.t());
                tHi = Math.max(tHi, p.t());
            }
        }
        List<double[]> dots = new ArrayList<>();
        for (double r : requested) {
            for (Point p : points) {
                if (p.t() == r) {
                    dots.add(new double[] {p.t(), p.loss(), p.norm()});
                    break;
                }
            }
        }
        double[] dt = new double[dots.size()];
        double[] dl = new double[dots.size()];
        double[] dn = new double[dots.size()];
        for (int i = 0; i < dots.size(); i++) {
            dt[i] = dots.get(i)[0];
            dl[i] = dots.get(i)[1];
            dn[i] = dots.get(i)[2];
        }
        boolean logX = axis.kind() != TimeAxis.Kind.LINEAR;
        SvgChart top = new SvgChart("loss L(t)", "", "L", logX, true).size(WIDTH, 250)
                .add(new SvgChart.Series("", t, loss, LOSS_COLOR, false));
        SvgChart bottom = new SvgChart("norm \u2016\u03b8(t)\u2016\u2082", axis.label(), "\u2016\u03b8\u2016",
                logX, true).size(WIDTH, 270).add(new SvgChart.Series("", t, norm, NORM_COLOR, false));
        if (dots.size() > 0) {
            top.add(new SvgChart.Series("requested times (--times)", dt, dl, TIMES_COLOR, true));
            bottom.add(new SvgChart.Series("", dt, dn, TIMES_COLOR, true));
        }
        if (axis.kind() == TimeAxis.Kind.SYMLOG) {
            top.symlogX(axis.c());
            bottom.symlogX(axis.c());
        }
        if (tLo <= tHi) {
            top.xRange(tLo, tHi);
            bottom.xRange(tLo, tHi);
        }
        for (Mark m : events) {
            top.mark(m.t(), "");
            bottom.mark(m.t(), m.label());
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">%n"
                + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n<text x=\"84\" y=\"22\" font-size=\"16\""
                + " font-weight=\"bold\">%s</text>%n<text x=\"84\" y=\"40\" font-size=\"12\" fill=\"#444\">%s</text>%n"
                + "%s%s</svg>%n", WIDTH, 590, WIDTH, 590, WIDTH, 590, SvgChart.esc(title), SvgChart.esc(subtitle),
                top.element(0, 50), bottom.element(0, 310));
    }

    /** Times spaced evenly on a log axis from {@code tEnd}·10^-decades to {@code tEnd} (for smooth curves). */
    public static double[] logSpacedTimes(double tEnd, int decades, int perDecade) {
        int n = decades * perDecade;
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = tEnd * Math.pow(10, -decades + (double) i / perDecade);
        }
        t[n] = tEnd;
        return t;
    }

    /**
     * Sample times for a plot of a run to {@code tEnd}, smooth on either time axis: {@code linear}
     * evenly spaced points in (0, tEnd] and log-spaced ones over 7 decades below tEnd, sorted.
     */
    public static double[] sampleTimes(double tEnd, int linear, int perDecade) {
        double[] log = logSpacedTimes(tEnd, 7, perDecade);
        double[] all = new double[linear + log.length];
        for (int i = 0; i < linear; i++) {
            all[i] = tEnd * (i + 1) / linear;
        }
        System.arraycopy(log, 0, all, linear, log.length);
        java.util.Arrays.sort(all);
        return all;
    }

    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        return new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
    }
}
