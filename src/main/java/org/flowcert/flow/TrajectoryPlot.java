package org.flowcert.flow;

import java.util.List;
import java.util.Locale;
import org.flowcert.plot.SvgChart;

/**
 * The picture of a gradient-flow run ({@code flowcert flow --plot}): L(t) (top) and ‖θ(t)‖₂
 * (bottom) on log-log axes sharing the time axis, so that the seeds' divergence (‖θ‖ growing
 * while L creeps down) is visible at a glance. Two {@link SvgChart}s stacked in one document;
 * points with t ≤ 0 (or L ≤ 0) cannot be drawn on log axes and are left out.
 */
public final class TrajectoryPlot {
    private static final int WIDTH = 760;
    private static final String LOSS_COLOR = "#1f5fa8";
    private static final String NORM_COLOR = "#c4441c";

    private TrajectoryPlot() {
    }

    /** One point of the picture. */
    public record Point(double t, double loss, double norm) {
    }

    /** A marked time (an event or a requested output time), drawn as a dashed vertical line. */
    public record Mark(double t, String label) {
    }

    /** The SVG document. */
    public static String svg(String title, List<Point> points, List<Mark> marks) {
        int n = points.size();
        double[] t = new double[n];
        double[] loss = new double[n];
        double[] norm = new double[n];
        double tLo = Double.POSITIVE_INFINITY;
        double tHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            t[i] = p.t();
            loss[i] = p.loss();
            norm[i] = p.norm();
            if (p.t() > 0 && Double.isFinite(p.t())) {
                tLo = Math.min(tLo, p.t());
                tHi = Math.max(tHi, p.t());
            }
        }
        SvgChart top = new SvgChart("loss L(t)", "", "L", true, true).size(WIDTH, 250)
                .add(new SvgChart.Series("", t, loss, LOSS_COLOR, false));
        SvgChart bottom = new SvgChart("norm \u2016\u03b8(t)\u2016\u2082", "time t (log scale)", "\u2016\u03b8\u2016",
                true, true).size(WIDTH, 270).add(new SvgChart.Series("", t, norm, NORM_COLOR, false));
        if (tLo <= tHi) {
            top.xRange(tLo, tHi);
            bottom.xRange(tLo, tHi);
        }
        for (Mark m : marks) {
            top.mark(m.t(), "");
            bottom.mark(m.t(), m.label());
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">%n"
                + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n<text x=\"84\" y=\"24\" font-size=\"16\""
                + " font-weight=\"bold\">%s</text>%n%s%s</svg>%n", WIDTH, 570, WIDTH, 570, WIDTH, 570,
                SvgChart.esc(title), top.element(0, 34), bottom.element(0, 290));
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
}
