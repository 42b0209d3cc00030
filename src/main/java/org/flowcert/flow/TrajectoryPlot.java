package org.flowcert.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain SVG picture of a gradient-flow run: L(t) (top) and ‖θ(t)‖₂ (bottom) on log-log axes
 * sharing the time axis, so that the seeds' divergence (‖θ‖ growing while L creeps down) is
 * visible at a glance. Points with t ≤ 0 or L ≤ 0 cannot be drawn on log axes and are left out.
 */
public final class TrajectoryPlot {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
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
        List<Point> lossPts = new ArrayList<>();
        List<Point> normPts = new ArrayList<>();
        for (Point p : points) {
            if (p.t() > 0 && Double.isFinite(p.t())) {
                if (p.loss() > 0 && Double.isFinite(p.loss())) {
                    lossPts.add(p);
                }
                if (p.norm() > 0 && Double.isFinite(p.norm())) {
                    normPts.add(p);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"26\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        double tLo = Double.POSITIVE_INFINITY;
        double tHi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            if (p.t() > 0 && Double.isFinite(p.t())) {
                tLo = Math.min(tLo, p.t());
                tHi = Math.max(tHi, p.t());
            }
        }
        if (!(tLo < tHi)) {
            sb.append("<text x=\"90\" y=\"80\">not enough points with t &gt; 0 to draw</text>\n</svg>\n");
            return sb.toString();
        }
        Axis tAxis = Axis.of(tLo, tHi);
        int plotW = WIDTH - LEFT - RIGHT;
        panel(sb, "loss L(t)", LOSS_COLOR, lossPts, true, tAxis, marks, 50, 210, plotW, false);
        panel(sb, "norm \u2016\u03b8(t)\u2016\u2082", NORM_COLOR, normPts, false, tAxis, marks, 310, 190, plotW, true);
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time t (log scale)</text>%n",
                LEFT + plotW / 2, HEIGHT - 12));
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, String label, String color, List<Point> pts, boolean loss, Axis tAxis,
            List<Mark> marks, int top, int height, int plotW, boolean xLabels) {
        sb.append(String.format(Locale.ROOT, "<g>%n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#444\" stroke-width=\"1\"/>%n", LEFT, top, plotW, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-weight=\"bold\">%s</text>%n",
                LEFT + 8, top + 18, color, escape(label)));
        // time grid and labels
        for (double tv : tAxis.ticks()) {
            double x = LEFT + tAxis.frac(tv) * plotW;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x,
                    top, x, top + height));
            if (xLabels) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                        top + height + 18, tickLabel(tv)));
            }
        }
        for (Mark m : marks) {
            if (m.t() >= tAxis.lo && m.t() <= tAxis.hi) {
                double x = LEFT + tAxis.frac(m.t()) * plotW;
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\""
                        + " stroke-dasharray=\"4 3\"/>%n", x, top, x, top + height));
                if (!loss) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#555\""
                            + " text-anchor=\"end\" transform=\"rotate(-90 %.1f %d)\">%s</text>%n", x - 3, top + 4, x - 3,
                            top + 4, escape(m.label())));
                }
            }
        }
        if (pts.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">(no positive values)</text>%n</g>%n",
                    LEFT + 20, top + height / 2));
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : pts) {
            double v = loss ? p.loss() : p.norm();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        Axis yAxis = Axis.of(lo, hi);
        for (double yv : yAxis.ticks()) {
            double y = top + height - yAxis.frac(yv) * height;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
                    y + 4, tickLabel(yv)));
        }
        StringBuilder path = new StringBuilder();
        for (Point p : pts) {
            double v = loss ? p.loss() : p.norm();
            double x = LEFT + tAxis.frac(p.t()) * plotW;
            double y = top + height - yAxis.frac(v) * height;
            path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                + " stroke-linejoin=\"round\" points=\"%s\"/>%n</g>%n", color, path));
    }

    private static String tickLabel(double v) {
        double e = Math.log10(v);
        long re = Math.round(e);
        if (Math.abs(e - re) < 1e-9 && (re >= 3 || re <= -3)) {
            return "10<tspan dy=\"-6\" font-size=\"10\">" + re + "</tspan>";
        }
        if (v >= 1e-3 && v < 1e4) {
            return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2g", v);
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

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A log axis over [lo, hi], padded a little, with 1-2-5 or decade ticks. */
    private static final class Axis {
        final double lo;
        final double hi;
        final double logLo;
        final double logHi;

        private Axis(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
            this.logLo = Math.log10(lo);
            this.logHi = Math.log10(hi);
        }

        static Axis of(double lo, double hi) {
            if (!(hi > lo)) {
                return new Axis(lo / 1.5, hi * 1.5);
            }
            double span = Math.log10(hi) - Math.log10(lo);
            double pad = Math.max(0.02 * span, 0.01);
            return new Axis(lo / Math.pow(10, pad), hi * Math.pow(10, pad));
        }

        double frac(double v) {
            return (Math.log10(v) - logLo) / (logHi - logLo);
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            int d0 = (int) Math.floor(logLo);
            int d1 = (int) Math.ceil(logHi);
            int decades = d1 - d0;
            double span = logHi - logLo;
            double[] mult = span > 3 ? new double[] {1} : span > 1.2 ? new double[] {1, 2, 5}
                    : new double[] {1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9};
            int stride = Math.max(1, decades / 8);
            for (int d = d0; d <= d1; d++) {
                if (mult.length == 1 && (d - d0) % stride != 0) {
                    continue;
                }
                for (double m : mult) {
                    double v = m * Math.pow(10, d);
                    if (v >= lo && v <= hi) {
                        t.add(v);
                    }
                }
            }
            return t;
        }
    }
}
