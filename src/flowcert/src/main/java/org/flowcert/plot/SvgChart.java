package org.flowcert.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowcert.io.TerminalText;

/**
 * A small, dependency-free SVG line chart with linear or logarithmic axes: the one plotter of
 * flowcert (audit reports, {@code flowcert flow --plot}). Values that cannot be drawn on a log
 * axis (≤ 0, NaN, ±∞) are skipped; a line series is broken where a value is skipped.
 *
 * <p>Log axes are padded by 2% of their span and ticked at decades (1-2-5 or every integer
 * multiple when the span is short); linear axes at 1-2-5 steps. A <em>symlog</em> x axis
 * ({@link #symlogX}) is linear on [0, c] and logarithmic beyond c, so that t = 0 and many
 * decades of t fit on one axis. Every axis labels all its ticks in one style: plain decimals
 * with a common number of decimal places, or all as m·10^k. Marks are dashed vertical lines at
 * given x values (events). Every text is escaped for XML, and control and bidi characters are
 * shown visibly ({@link TerminalText}).
 */
public final class SvgChart {
    /** One plotted series; {@code markersOnly} draws points instead of a line. */
    public record Series(String label, double[] x, double[] y, String color, boolean markersOnly) {
    }

    private record Mark(double x, String label) {
    }

    /** A filled band between lo[i] and hi[i] at x[i] (e.g. proved enclosures), drawn under the series. */
    private record Band(String label, double[] x, double[] lo, double[] hi, String color) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private int width = 640;
    private int height = 360;
    private double[] xRange;
    /** &gt; 0: the x axis is symlog, linear on [0, symlog] (see {@link #symlogX}). */
    private double symlog;

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

    /**
     * A filled band between {@code lo[i]} and {@code hi[i]} at {@code x[i]}, drawn exactly (a band
     * thinner than a pixel stays invisible), under the series and inside the y range; broken where a
     * point cannot be drawn.
     */
    public SvgChart band(String label, double[] x, double[] lo, double[] hi, String color) {
        bands.add(new Band(label, x.clone(), lo.clone(), hi.clone(), color));
        return this;
    }

    /** A dashed vertical line at {@code x} with a small rotated label (empty label: none). */
    public SvgChart mark(double x, String label) {
        marks.add(new Mark(x, label));
        return this;
    }

    /**
     * Makes the x axis <em>symlog</em>: u(x) = x/c on [−c, c], sign(x)·(1 + log10(|x|/c)) beyond, so that
     * 0 is drawn and each decade above c takes as much room as [0, c]. Ignored unless c &gt; 0.
     */
    public SvgChart symlogX(double c) {
        this.symlog = c > 0 && Double.isFinite(c) ? c : 0;
        return this;
    }

    /** Fixes the data range of the x axis (before padding), so that stacked charts share it. */
    public SvgChart xRange(double lo, double hi) {
        this.xRange = new double[] {lo, hi};
        return this;
    }

    private boolean ok(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || symlog > 0 || x > 0) && (!logY || y > 0);
    }

    /** The chart as a standalone SVG document. */
    public String render() {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n"
                + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n%s</svg>%n", width, height, width, height, width,
                height, body());
    }

    /** The chart as an SVG element placed at (x, y) inside a larger SVG document. */
    public String element(int x, int y) {
        return String.format(Locale.ROOT, "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n%s"
                + "</svg>%n", x, y, width, height, width, height, body());
    }

    private String body() {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (ok(s.x()[i], s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        for (Band b : bands) {
            for (int i = 0; i < b.x().length; i++) {
                if (ok(b.x()[i], b.lo()[i]) && ok(b.x()[i], b.hi()[i])) {
                    x0 = Math.min(x0, b.x()[i]);
                    x1 = Math.max(x1, b.x()[i]);
                    y0 = Math.min(y0, b.lo()[i]);
                    y1 = Math.max(y1, b.hi()[i]);
                }
            }
        }
        if (xRange != null) {
            x0 = xRange[0];
            x1 = xRange[1];
        }
        StringBuilder sb = new StringBuilder();
        int left = 84;
        int right = 20;
        int top = 30;
        int bottom = 44;
        double pw = width - left - right;
        double ph = height - top - bottom;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                left, esc(title)));
        if (!(x0 <= x1) || !(y0 <= y1)) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">(nothing to draw)</text>%n", left,
                    top + (int) ph / 2));
            return sb.toString();
        }
        Axis ax = symlog > 0 ? new Axis(x0, x1, symlog) : new Axis(x0, x1, logX);
        Axis ay = new Axis(y0, y1, logY);
        List<Double> xTicks = ax.ticks();
        List<Double> yTicks = ay.ticks();
        List<String> xLabels = ax.labels(xTicks);
        List<String> yLabels = ay.labels(yTicks);
        for (int i = 0; i < xTicks.size(); i++) {
            double t = xTicks.get(i);
            double x = left + ax.frac(t) * pw;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x, top, x, top + ph, x,
                    top + ph + 16, xLabels.get(i)));
        }
        if (ax.c > 0) {
            // the symlog axis changes from linear to logarithmic at c: a small break sign on the axis
            double xc = left + ax.frac(ax.c) * pw;
            sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l4 -8 M%.1f %.1f l4 -8\" stroke=\"#444\"/>%n",
                    xc - 4, top + ph + 4, xc, top + ph + 4));
        }
        for (int i = 0; i < yTicks.size(); i++) {
            double t = yTicks.get(i);
            double y = top + ph - ay.frac(t) * ph;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, y, left + pw, y, left - 6,
                    y + 4, yLabels.get(i)));
        }
        for (Mark m : marks) {
            if (Double.isFinite(m.x()) && (!logX || ax.c > 0 || m.x() > 0) && m.x() >= ax.lo && m.x() <= ax.hi) {
                double x = left + ax.frac(m.x()) * pw;
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\""
                        + " stroke-dasharray=\"4 3\"/>%n", x, top, x, top + ph));
                if (!m.label().isEmpty()) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#555\""
                            + " text-anchor=\"end\" transform=\"rotate(-90 %.1f %d)\">%s</text>%n", x - 3, top + 4,
                            x - 3, top + 4, esc(m.label())));
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                + " stroke=\"#444\"/>%n", left, top, pw, ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                left + pw / 2, height - 8, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">"
                + "%s</text>%n", top + ph / 2, esc(yLabel)));
        int legendY = top + 16;
        legendY = bands(sb, ax, ay, left, top, pw, ph, legendY);
        for (Series s : series) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < s.x().length; i++) {
                if (!ok(s.x()[i], s.y()[i]) || s.x()[i] < ax.lo || s.x()[i] > ax.hi) {
                    pen = false;
                    continue;
                }
                double px = left + ax.frac(s.x()[i]) * pw;
                double py = top + ph - ay.frac(s.y()[i]) * ph;
                if (s.markersOnly()) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"/>", px, py,
                            s.color()));
                } else {
                    d.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.2f %.2f", px, py));
                    pen = true;
                }
            }
            if (s.markersOnly()) {
                sb.append('\n');
            } else {
                sb.append(String.format(Locale.ROOT, "<path class=\"series\" d=\"%s\" fill=\"none\" stroke=\"%s\""
                        + " stroke-width=\"1.8\" stroke-linejoin=\"round\"/>%n", d.toString().trim(), s.color()));
            }
            if (!s.label().isEmpty()) {
                String swatch = s.markersOnly()
                        ? String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"%s\"/>",
                                left + pw - 223, legendY - 3, s.color())
                        : String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"3\" fill=\"%s\"/>",
                                left + pw - 230, legendY - 4, s.color());
                sb.append(swatch).append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                        left + pw - 210, legendY, esc(s.label())));
                legendY += 16;
            }
        }
        return sb.toString();
    }

    /** Draws the bands as closed paths (upper edge forward, lower edge back) and their legend rows. */
    private int bands(StringBuilder sb, Axis ax, Axis ay, int left, int top, double pw, double ph, int legendY) {
        for (Band b : bands) {
            StringBuilder d = new StringBuilder();
            List<double[]> run = new ArrayList<>();
            for (int i = 0; i <= b.x().length; i++) {
                boolean in = i < b.x().length && ok(b.x()[i], b.lo()[i]) && ok(b.x()[i], b.hi()[i])
                        && b.x()[i] >= ax.lo && b.x()[i] <= ax.hi;
                if (in) {
                    double px = left + ax.frac(b.x()[i]) * pw;
                    run.add(new double[] {px, top + ph - ay.frac(b.hi()[i]) * ph, top + ph - ay.frac(b.lo()[i]) * ph});
                    continue;
                }
                for (int j = 0; j < run.size(); j++) {
                    d.append(j == 0 ? " M" : " L").append(String.format(Locale.ROOT, "%.2f %.2f", run.get(j)[0],
                            run.get(j)[1]));
                }
                for (int j = run.size() - 1; j >= 0; j--) {
                    d.append(" L").append(String.format(Locale.ROOT, "%.2f %.2f", run.get(j)[0], run.get(j)[2]));
                }
                if (!run.isEmpty()) {
                    d.append(" Z");
                }
                run.clear();
            }
            sb.append(String.format(Locale.ROOT, "<path class=\"band\" d=\"%s\" fill=\"%s\" fill-opacity=\"0.45\""
                    + " stroke=\"none\"/>%n", d.toString().trim(), b.color()));
            if (!b.label().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"9\" fill=\"%s\""
                        + " fill-opacity=\"0.45\"/><text x=\"%.1f\" y=\"%d\">%s</text>%n", left + pw - 230,
                        legendY - 8, b.color(), left + pw - 210, legendY, esc(b.label())));
                legendY += 16;
            }
        }
        return legendY;
    }

    /**
     * Escapes text for SVG/HTML: markup characters as entities, and control and bidi characters
     * shown visibly (they are not allowed in XML or would reorder the text around them).
     */
    public static String esc(String s) {
        return TerminalText.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** One axis: data range padded by 2% of its span (in log10 units on a log axis, u units on a symlog one). */
    private static final class Axis {
        final boolean log;
        /** &gt; 0: symlog with linear part [0, c]. */
        final double c;
        final double lo;
        final double hi;
        final double a;
        final double b;

        Axis(double lo, double hi, boolean log) {
            this(lo, hi, log, 0);
        }

        Axis(double lo, double hi, double c) {
            this(lo, hi, false, c);
        }

        private Axis(double lo, double hi, boolean log, double c) {
            this.log = log;
            this.c = c;
            double u0 = u(lo);
            double u1 = u(hi);
            double span = u1 - u0;
            double pad = span > 1e-12 * Math.max(1, Math.abs(u1)) ? 0.02 * span
                    : log || c > 0 ? 0.2 : Math.max(0.5, 0.1 * Math.abs(u1));
            this.a = u0 - pad;
            this.b = u1 + pad;
            this.lo = inverse(a);
            this.hi = inverse(b);
        }

        /** The axis coordinate of a data value. */
        private double u(double v) {
            if (c > 0) {
                double m = Math.abs(v) / c;
                return Math.signum(v) * (m <= 1 ? m : 1 + Math.log10(m));
            }
            return log ? Math.log10(v) : v;
        }

        private double inverse(double w) {
            if (c > 0) {
                double m = Math.abs(w);
                return Math.signum(w) * c * (m <= 1 ? m : Math.pow(10, m - 1));
            }
            return log ? Math.pow(10, w) : w;
        }

        double frac(double v) {
            return (u(v) - a) / (b - a);
        }

        List<Double> ticks() {
            if (c > 0) {
                // 0, c and the decades above c (every k-th when there are many), within the range
                List<Double> t = new ArrayList<>();
                int n = (int) Math.floor(b - 1);
                int stride = Math.max(1, (n + 1) / 7);
                if (lo <= 0 && 0 <= hi) {
                    t.add(0.0);
                }
                for (int k = 0; k <= n; k += stride) {
                    double v = c * Math.pow(10, k);
                    if (v >= lo && v <= hi) {
                        t.add(v);
                    }
                }
                return t;
            }
            List<Double> t = new ArrayList<>();
            if (!log) {
                return linearTicks(a, b);
            }
            int d0 = (int) Math.floor(a);
            int d1 = (int) Math.ceil(b);
            double span = b - a;
            double[] mult = span > 3 ? new double[] {1} : span > 1.2 ? new double[] {1, 2, 5}
                    : span > 0.6 ? new double[] {1, 2, 3, 5} : new double[] {1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9};
            int stride = Math.max(1, (d1 - d0) / 8);
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
            // a span shorter than the 1..9 multiples resolve (or crowded by them): evenly spaced values instead
            return t.size() >= 2 && t.size() <= 9 ? t : linearTicks(lo, hi);
        }

        private static List<Double> linearTicks(double from, double to) {
            List<Double> t = new ArrayList<>();
            double raw = (to - from) / 6;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double nice = raw / mag < 1.5 ? 1 : raw / mag < 3.5 ? 2 : raw / mag < 7.5 ? 5 : 10;
            double step = nice * mag;
            for (double v = Math.ceil(from / step) * step; v <= to + step * 1e-9; v += step) {
                t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
            }
            return t;
        }

        /**
         * The labels of {@code ticks}, all in one style: when every non-zero tick lies in
         * [10^-3, 10^5), plain decimals (on a linear axis all with the same number of decimal places,
         * enough to tell the ticks apart); else every non-zero tick as m·10^k (a decade as 10^k).
         */
        List<String> labels(List<Double> ticks) {
            boolean plain = true;
            for (double v : ticks) {
                double m = Math.abs(v);
                plain &= v == 0 || m >= 1e-3 && m < 1e5;
            }
            boolean even = true;
            for (int i = 2; i < ticks.size(); i++) {
                double d0 = ticks.get(1) - ticks.get(0);
                even &= Math.abs(ticks.get(i) - ticks.get(i - 1) - d0) <= 1e-9 * Math.abs(d0);
            }
            // evenly spaced ticks (a linear axis, or a short log axis) share their number of decimal places
            int places = even ? places(ticks) : -1;
            List<String> out = new ArrayList<>();
            for (double v : ticks) {
                if (v == 0) {
                    out.add("0");
                } else if (!plain) {
                    out.add(power(v, ticks));
                } else if (places >= 0) {
                    out.add(new BigDecimal(v).setScale(places, java.math.RoundingMode.HALF_EVEN).toPlainString());
                } else {
                    out.add(new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString());
                }
            }
            return out;
        }

        /** The fewest decimal places (0..15) that write every tick to within 10^-6 of the tick spacing. */
        private static int places(List<Double> ticks) {
            double gap = Double.POSITIVE_INFINITY;
            for (int i = 1; i < ticks.size(); i++) {
                gap = Math.min(gap, Math.abs(ticks.get(i) - ticks.get(i - 1)));
            }
            for (int p = 0; p < 15; p++) {
                boolean ok = true;
                for (double v : ticks) {
                    double r = new BigDecimal(v).setScale(p, java.math.RoundingMode.HALF_EVEN).doubleValue();
                    ok &= Math.abs(r - v) <= 1e-6 * (Double.isFinite(gap) ? gap : Math.abs(v));
                }
                if (ok) {
                    return p;
                }
            }
            return 15;
        }

        /** v as m·10^k (or 10^k, −10^k) with a raised exponent; m with enough digits to tell the ticks apart. */
        private static String power(double v, List<Double> ticks) {
            if (!Double.isFinite(v)) {
                return String.valueOf(v);
            }
            int k = (int) Math.floor(Math.log10(Math.abs(v)) + 1e-9);
            // exactly, since 10^k underflows for subnormal ticks (v / 10^-324 would be infinite)
            double m = new BigDecimal(v).movePointLeft(k).doubleValue();
            double gap = Double.POSITIVE_INFINITY;
            for (int i = 1; i < ticks.size(); i++) {
                gap = Math.min(gap, Math.abs(ticks.get(i) - ticks.get(i - 1)));
            }
            int digits = 2;
            while (digits < 12 && Double.isFinite(gap) && gap / Math.pow(10, k) < Math.pow(10, 1 - digits)) {
                digits++;
            }
            String ms = new BigDecimal(String.format(Locale.ROOT, "%." + digits + "g", m)).stripTrailingZeros()
                    .toPlainString();
            if (ms.equals("10") || ms.equals("-10")) {
                k++;
                ms = ms.startsWith("-") ? "-1" : "1";
            }
            String e = "10<tspan dy=\"-6\" font-size=\"10\">" + k + "</tspan>";
            return ms.equals("1") ? e : ms.equals("-1") ? "−" + e : ms + "·" + e;
        }
    }
}
