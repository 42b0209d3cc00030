package org.flowcert.audit;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.flowcert.plot.SvgChart;
import org.flowcert.model.Problem;

/** The self-contained HTML report of an audit: summary, plots, flagged rows. */
public final class AuditReport {
    private AuditReport() {
    }

    /** A time or step as text: integers without ".0". */
    public static String timeText(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    /** The report as one HTML document (inline SVG, no external resources). */
    public static String html(Problem problem, Trajectory traj, Auditor.Result result, Auditor.Options opt,
            Shadowing.Result shadow) {
        int n = result.rows().size();
        double[] x = new double[n];
        double[] reported = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] rel = new double[n];
        int flaggedCount = 0;
        for (Auditor.RowResult r : result.rows()) {
            if (r.flagged()) {
                flaggedCount++;
            }
        }
        double[] fx = new double[flaggedCount];
        double[] fy = new double[flaggedCount];
        int f = 0;
        boolean logX = true;
        for (int i = 0; i < n; i++) {
            Auditor.RowResult r = result.rows().get(i);
            x[i] = r.time();
            if (x[i] <= 0) {
                logX = false;
            }
            reported[i] = r.lossReported().isPresent() ? r.lossReported().getAsDouble() : Double.NaN;
            lo[i] = r.loss().lo();
            hi[i] = r.loss().hi();
            rel[i] = r.lossRelError();
            if (r.flagged()) {
                fx[f] = x[i];
                fy[f] = Double.isNaN(reported[i]) ? hi[i] : reported[i];
                f++;
            }
        }
        // a log time axis only when every time is > 0 (step 0 forces a linear axis)
        SvgChart loss = new SvgChart("Loss: reported vs certified", traj.timeColumn(), "L", logX, true)
                .add(new SvgChart.Series("certified lower bound", x, lo, "#1f77b4", false))
                .add(new SvgChart.Series("certified upper bound", x, hi, "#2ca02c", false))
                .add(new SvgChart.Series("reported", x, reported, "#ff7f0e", true))
                .add(new SvgChart.Series("flagged rows", fx, fy, "#d62728", true));
        SvgChart err = new SvgChart("Relative error of the reported loss (tolerance " + opt.rtol() + ")",
                traj.timeColumn(), "relative error", logX, true)
                .add(new SvgChart.Series("|reported − certified| / reported", x, rel, "#9467bd", true))
                .add(new SvgChart.Series("rtol", new double[] {x[0], x[n - 1]}, new double[] {opt.rtol(), opt.rtol()},
                        "#d62728", false));
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>flowcert audit</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
                        + "font-family:monospace;font-size:12px}.bad{color:#b00}</style></head><body>\n");
        sb.append("<h1>flowcert audit</h1>\n<p>Problem <code>").append(SvgChart.esc(String.valueOf(problem.source())))
                .append("</code> (").append(SvgChart.esc(problem.network().toString())).append(", P = ")
                .append(problem.parameterCount()).append("), trajectory <code>").append(SvgChart.esc(traj.source()))
                .append("</code>: ").append(n).append(" rows").append(traj.float32() ? " (binary32)" : "")
                .append(". Generated ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(".</p>\n");
        sb.append("<p><b class=\"").append(result.flagged() == 0 ? "" : "bad").append("\">")
                .append(result.flagged()).append(" of ").append(n).append(" rows flagged</b>")
                .append(String.format(Locale.ROOT, " (loss tolerance %.3g relative", opt.rtol()))
                .append(opt.lr().isPresent() ? String.format(Locale.ROOT, "; gradient-descent steps with lr %s, gradient"
                        + " tolerance %.3g", opt.lr().getAsDouble(), opt.gradRtol()) : "")
                .append("). Every certified bound is a rigorous enclosure of the loss at the recorded parameters"
                        + " (outward-rounded interval arithmetic).</p>\n");
        sb.append(loss.render()).append(err.render());
        if (shadow != null) {
            double[] st = new double[n];
            double[] sd = new double[n];
            for (Shadowing.RowBound b : shadow.rows()) {
                st[b.index()] = b.time();
                sd[b.index()] = b.proved() ? b.hi() : Double.NaN;
            }
            boolean logT = st.length > 1 && st[0] > 0;
            SvgChart dist = new SvgChart("Proved distance to the true gradient flow from row 0", "t",
                    "upper bound of |reported - true|", logT, true)
                    .add(new SvgChart.Series("distance bound", st, sd, "#1f77b4", false))
                    .add(new SvgChart.Series("tolerance", new double[] {st[0], st[n - 1]},
                            new double[] {shadow.tolerance(), shadow.tolerance()}, "#d62728", false));
            sb.append(dist.render());
            sb.append(String.format(Locale.ROOT, "<p>Trustworthy to %.3g up to t = %s%s.</p>%n", shadow.tolerance(),
                    shadow.trustedUntil(), shadow.complete() ? "" : " (the validated integration stopped at t = "
                            + shadow.reached() + ": " + SvgChart.esc(shadow.stopReason()) + ")"));
        }
        sb.append("<h2>Flagged rows</h2>\n");
        if (result.flagged() == 0) {
            sb.append("<p>None.</p>\n");
        } else {
            sb.append("<table><tr><th>row</th><th>").append(traj.timeColumn())
                    .append("</th><th>reported</th><th>certified lo</th><th>certified hi</th><th>flags</th></tr>\n");
            int shown = 0;
            for (Auditor.RowResult r : result.rows()) {
                if (!r.flagged()) {
                    continue;
                }
                if (shown++ >= 500) {
                    sb.append("<tr><td colspan=\"6\">... more in the JSON output</td></tr>\n");
                    break;
                }
                sb.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%.17g</td><td>%.17g</td>"
                        + "<td class=\"bad\">%s</td></tr>%n", r.index(), timeText(r.time()),
                        r.lossReported().isPresent() ? Double.toString(r.lossReported().getAsDouble()) : "-",
                        r.loss().lo(), r.loss().hi(), String.join(", ", r.flags())));
            }
            sb.append("</table>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }
}
