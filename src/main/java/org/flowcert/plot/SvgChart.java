package org.flowcert.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, dependency-free SVG line chart with linear or logarithmic axes, for reports and
 * flow plots. Values that cannot be drawn on a log axis (≤ 0, NaN) are skipped.
 */
public final class SvgChart {
    /** One plotted series; {@code markersOnly} draws points instead of a line. */
    public record Series(String label, double[] x, double[] y, String color, boolean markersOnly) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private int width = 640;
    private int height = 360;

    public SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    public SvgChart size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    public SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    private double tx(double x) {
        return logX ? Math.log10(x) : x;
    }

    private double ty(double y) {
        return logY ? Math.log10(y) : y;
    }

    private boolean ok(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
    }

    /** The chart as a standalone SVG element. */
    public String render() {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (ok(s.x()[i], s.y()[i])) {
                    x0 = Math.min(x0, tx(s.x()[i]));
                    x1 = Math.max(x1, tx(s.x()[i]));
                    y0 = Math.min(y0, ty(s.y()[i]));
                    y1 = Math.max(y1, ty(s.y()[i]));
                }
            }
        }
        if (!(x0 <= x1)) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (x1 - x0 < 1e-12) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 - y0 < 1e-12 * Math.max(1, Math.abs(y1))) {
            double d = Math.max(0.5, Math.abs(y1) * 0.1);
            y0 -= d;
            y1 += d;
        }
        if (logX) {
            x0 = Math.floor(x0);
            x1 = Math.ceil(x1);
        }
        if (logY) {
            y0 = Math.floor(y0);
            y1 = Math.ceil(y1);
        }
        int left = 78;
        int right = 20;
        int top = 34;
        int bottom = 48;
        double pw = width - left - right;
        double ph = height - top - bottom;
        final double fx0 = x0;
        final double fx1 = x1;
        final double fy0 = y0;
        final double fy1 = y1;
        java.util.function.DoubleUnaryOperator px = v -> left + (tx(v) - fx0) / (fx1 - fx0) * pw;
        java.util.function.DoubleUnaryOperator py = v -> top + ph - (ty(v) - fy0) / (fy1 - fy0) * ph;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                left, esc(title)));
        // grid and ticks
        for (double[] t : ticks(x0, x1, logX)) {
            double x = left + (t[0] - x0) / (x1 - x0) * pw;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x, top, x, top + ph, x,
                    top + ph + 16, label(t[0], logX)));
        }
        for (double[] t : ticks(y0, y1, logY)) {
            double y = top + ph - (t[0] - y0) / (y1 - y0) * ph;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, y, left + pw, y, left - 6,
                    y + 4, label(t[0], logY)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                + " stroke=\"#444\"/>%n", left, top, pw, ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                left + pw / 2, height - 10, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">"
                + "%s</text>%n", top + ph / 2, esc(yLabel)));
        int legendY = top + 14;
        for (Series s : series) {
            if (s.markersOnly()) {
                for (int i = 0; i < s.x().length; i++) {
                    if (ok(s.x()[i], s.y()[i])) {
                        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"/>",
                                px.applyAsDouble(s.x()[i]), py.applyAsDouble(s.y()[i]), s.color()));
                    }
                }
                sb.append('\n');
            } else {
                StringBuilder d = new StringBuilder();
                boolean pen = false;
                for (int i = 0; i < s.x().length; i++) {
                    if (!ok(s.x()[i], s.y()[i])) {
                        pen = false;
                        continue;
                    }
                    d.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.2f %.2f",
                            px.applyAsDouble(s.x()[i]), py.applyAsDouble(s.y()[i])));
                    pen = true;
                }
                sb.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"/>%n",
                        d.toString().trim(), s.color()));
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n", left + pw - 190, legendY - 4, s.color(),
                    left + pw - 170, legendY, esc(s.label())));
            legendY += 16;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static List<double[]> ticks(double lo, double hi, boolean log) {
        List<double[]> t = new ArrayList<>();
        if (log) {
            int step = (int) Math.max(1, Math.ceil((hi - lo) / 8));
            for (double e = Math.ceil(lo); e <= hi + 1e-9; e += step) {
                t.add(new double[] {e});
            }
            return t;
        }
        double span = hi - lo;
        double raw = span / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double nice = raw / mag < 1.5 ? 1 : raw / mag < 3.5 ? 2 : raw / mag < 7.5 ? 5 : 10;
        double step = nice * mag;
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            t.add(new double[] {v});
        }
        return t;
    }

    private static String label(double v, boolean log) {
        if (log) {
            long e = Math.round(v);
            return e == 0 ? "1" : e == 1 ? "10" : "1e" + e;
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "")
                : String.format(Locale.ROOT, "%.2g", v);
    }

    /** Escapes text for SVG/HTML. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
