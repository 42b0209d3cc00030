package org.flowcert.audit;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.flowcert.model.Problem;
import org.flowcert.plot.SvgChart;

/**
 * The self-contained HTML report of an audit: summary, tolerances, plots (legends below the
 * plots, never over the data), the flagged rows with the GD-step check in its own column,
 * and what each flag means. Every untrusted string (file names, CSV headers) goes through
 * {@link Text#html(String)}.
 */
public final class AuditReport {
    private AuditReport() {
    }

    /** A time or step as text: integers without ".0". */
    public static String timeText(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    /** A row's flags as text: its own, then those that follow from an earlier row. */
    public static String flagText(Auditor.RowResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", r.flags()));
        if (!r.consequenceFlags().isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("(").append(String.join(",", r.consequenceFlags()))
                    .append(": follows from row ").append(r.consequenceOf()).append(")");
        }
        return sb.length() == 0 ? "ok" : sb.toString();
    }

    /** The GD-step check of a row in words. */
    static String stepText(Auditor.RowResult r, boolean checked) {
        if (r.consequenceFlags().contains(Auditor.NOT_GD_STEP)) {
            return "fails, as a consequence of row " + r.consequenceOf();
        }
        if (r.flags().contains(Auditor.NOT_CONSECUTIVE)) {
            return "not checked (step numbers not consecutive)";
        }
        if (r.flags().contains(Auditor.NOT_GD_STEP)) {
            return Double.isNaN(r.stepExcess()) || r.stepExcess() <= 0
                    ? "the step to the next row fails, the rest of the log is consistent"
                    : String.format(Locale.ROOT, "fails: off by %.2g × the step size", r.stepExcess());
        }
        if (!checked || Double.isNaN(r.stepExcess())) {
            return r.index() == 0 && checked ? "start" : "-";
        }
        return "fits";
    }

    private static String legend(String[][] entries) {
        StringBuilder sb = new StringBuilder("<p class=\"legend\">");
        for (String[] e : entries) {
            sb.append("<span><i style=\"background:").append(e[1]).append(e[2].equals("dot")
                    ? ";border-radius:50%;width:8px;height:8px\"" : "\"").append("></i>").append(Text.html(e[0]))
                    .append("</span> ");
        }
        return sb.append("</p>\n").toString();
    }

    /** The report as one HTML document (inline SVG, no external resources). */
    public static String html(Problem problem, Trajectory traj, Auditor.Result result, Auditor.Options opt,
            boolean lossDerived, boolean gradDerived, Shadowing.Result shadow) {
        int n = result.rows().size();
        double[] x = new double[n];
        double[] reported = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] rel = new double[n];
        int flaggedCount = 0;
        for (Auditor.RowResult r : result.rows()) {
            if (r.anyFlag()) {
                flaggedCount++;
            }
        }
        double[] fx = new double[flaggedCount];
        double[] fy = new double[flaggedCount];
        int f = 0;
        boolean logX = true;
        boolean anyLoss = false;
        boolean anyRel = false;
        for (int i = 0; i < n; i++) {
            Auditor.RowResult r = result.rows().get(i);
            x[i] = r.time();
            if (x[i] <= 0) {
                logX = false;
            }
            reported[i] = r.lossReported().isPresent() ? r.lossReported().getAsDouble() : Double.NaN;
            anyLoss |= r.lossReported().isPresent();
            lo[i] = r.loss().lo();
            hi[i] = r.loss().hi();
            rel[i] = r.lossRelError();
            anyRel |= rel[i] > 0 && Double.isFinite(rel[i]);
            if (r.anyFlag()) {
                fx[f] = x[i];
                fy[f] = Double.isNaN(reported[i]) ? hi[i] : reported[i];
                f++;
            }
        }
        String timeName = Text.html(traj.timeColumn());
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>flowcert audit</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
                        + "font-family:monospace;font-size:12px;text-align:left}.bad{color:#b00}"
                        + ".legend span{margin-right:1.2em;font-size:13px;white-space:nowrap}"
                        + ".legend i{display:inline-block;width:16px;height:3px;margin-right:4px;vertical-align:middle}"
                        + "dt{font-family:monospace;font-weight:bold}</style></head><body>\n");
        int[] w = problem.network().widths();
        StringBuilder widths = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            widths.append(i == 0 ? "" : "-").append(w[i]);
        }
        sb.append("<h1>flowcert audit</h1>\n<p>Problem <code>").append(Text.html(String.valueOf(problem.source())))
                .append("</code> (network ").append(widths).append(", activation ")
                .append(Text.html(problem.network().activation().spec())).append(", P = ")
                .append(problem.parameterCount()).append("), trajectory <code>").append(Text.html(traj.source()))
                .append("</code>: ").append(n).append(" rows, audited as a ")
                .append(traj.float32() ? "float32 (binary32)" : "float64 (binary64)").append(" run. Generated ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".</p>\n");
        sb.append(String.format(Locale.ROOT, "<p>Tolerances: loss %.2g relative (%s); gradient %.2g relative to"
                + " max|∇L| (%s). Derived values come from the precision and the problem's size (the forward error"
                + " of a float evaluation of L and ∇L, proofs-notes/audit.md).</p>%n", opt.lossRtol(),
                lossDerived ? "derived" : "given with --loss-rtol", opt.gradRtol(),
                gradDerived ? "derived" : "given with --grad-rtol"));
        sb.append("<p><b class=\"").append(result.flagged() == 0 ? "" : "bad").append("\">")
                .append(result.flagged()).append(" of ").append(n).append(" rows flagged</b>");
        if (result.firstInconsistent() >= 0) {
            sb.append(": the first inconsistent row is row ").append(result.firstInconsistent());
            if (result.consequences() > 0) {
                sb.append("; ").append(result.consequences())
                        .append(" more row(s) flagged only as a consequence of an earlier row");
            }
        }
        sb.append(". ");
        if (opt.lr().isPresent()) {
            sb.append("Gradient-descent steps checked with lr ").append(Auditor.shortText(opt.lr().getAsDouble()))
                    .append(". ");
        }
        if (result.lrEstimate().isPresent() && result.lrSteps() > 0) {
            sb.append(String.format(Locale.ROOT, "The log implies lr ≈ %s (least squares over %d steps). ",
                    Auditor.sig6(result.lrEstimate().getAsDouble()), result.lrSteps()));
        }
        sb.append("Every certified bound is a rigorous enclosure of the loss at the recorded parameters"
                + " (outward-rounded interval arithmetic).</p>\n");
        if (!result.hints().isEmpty()) {
            sb.append("<h2>Hints</h2>\n<ul>\n");
            for (String h : result.hints()) {
                sb.append("<li>").append(Text.html(h)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        // a log time axis only when every time is > 0 (step 0 forces a linear axis)
        double maxRelWidth = 0;
        for (int i = 0; i < n; i++) {
            maxRelWidth = Math.max(maxRelWidth, (hi[i] - lo[i]) / Math.max(Math.abs(hi[i]), Double.MIN_NORMAL));
        }
        boolean oneLine = maxRelWidth < 1e-3; // the bounds coincide at the plot's resolution
        SvgChart loss = new SvgChart("Loss: reported vs certified", traj.timeColumn(), "L", logX, true);
        List<String[]> entries = new java.util.ArrayList<>();
        if (oneLine) {
            double[] mid = new double[n];
            for (int i = 0; i < n; i++) {
                mid[i] = 0.5 * lo[i] + 0.5 * hi[i];
            }
            loss.add(new SvgChart.Series("", x, mid, "#1f77b4", false));
            entries.add(new String[] {String.format(Locale.ROOT, "certified L(θ) (enclosure width ≤ %.1e relative:"
                    + " lower and upper bound coincide at this scale)", maxRelWidth), "#1f77b4", "line"});
        } else {
            loss.add(new SvgChart.Series("", x, lo, "#1f77b4", false))
                    .add(new SvgChart.Series("", x, hi, "#2ca02c", false));
            entries.add(new String[] {"certified lower bound", "#1f77b4", "line"});
            entries.add(new String[] {"certified upper bound", "#2ca02c", "line"});
        }
        if (anyLoss) {
            loss.add(new SvgChart.Series("", x, reported, "#ff7f0e", true));
            entries.add(new String[] {"reported loss", "#ff7f0e", "dot"});
        }
        if (flaggedCount > 0) {
            loss.add(new SvgChart.Series("", fx, fy, "#d62728", true));
            boolean few = result.flagged() <= 5;
            entries.add(new String[] {few ? "rows with a flag (dashed line: a row inconsistent by itself)"
                    : "rows with a flag", "#d62728", "dot"});
            for (Auditor.RowResult r : result.rows()) {
                if (few && r.flagged()) {
                    loss.mark(r.time(), "row " + r.index());
                }
            }
        }
        sb.append(loss.render());
        sb.append(legend(entries.toArray(String[][]::new)));
        if (!anyLoss) {
            sb.append("<p>The log records no losses: only the certified values are shown.</p>\n");
        } else if (!anyRel) {
            sb.append("<p>Every reported loss lies inside its certified enclosure (relative error 0).</p>\n");
        } else {
            SvgChart err = new SvgChart(String.format(Locale.ROOT,
                    "Relative error of the reported loss (tolerance %.2g)", opt.lossRtol()), traj.timeColumn(),
                    "relative error", logX, true)
                    .add(new SvgChart.Series("", x, rel, "#9467bd", true))
                    .add(new SvgChart.Series("", new double[] {x[0], x[n - 1]},
                            new double[] {opt.lossRtol(), opt.lossRtol()}, "#d62728", false));
            sb.append(err.render());
            sb.append(legend(new String[][] {{"|reported − certified| / reported (0: inside, not drawn)", "#9467bd",
                "dot"}, {"loss tolerance", "#d62728", "line"}}));
        }
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
                    .add(new SvgChart.Series("", st, sd, "#1f77b4", false))
                    .add(new SvgChart.Series("", new double[] {st[0], st[n - 1]},
                            new double[] {shadow.tolerance(), shadow.tolerance()}, "#d62728", false));
            sb.append(dist.render());
            sb.append(legend(new String[][] {{"distance bound", "#1f77b4", "line"},
                {"flow tolerance", "#d62728", "line"}}));
            sb.append(String.format(Locale.ROOT, "<p>Trustworthy to %.3g up to t = %s%s.</p>%n", shadow.tolerance(),
                    shadow.trustedUntil(), shadow.complete() ? "" : " (the validated integration stopped at t = "
                            + shadow.reached() + ": " + Text.html(shadow.stopReason()) + ")"));
        }
        sb.append("<h2>Flagged rows</h2>\n");
        Set<String> seen = new LinkedHashSet<>();
        if (flaggedCount == 0) {
            sb.append("<p>None.</p>\n");
        } else {
            sb.append("<table><tr><th>row</th><th>").append(timeName).append("</th><th>reported loss</th>"
                    + "<th>certified lo</th><th>certified hi</th><th>loss rel. error</th><th>GD step</th>"
                    + "<th>flags</th></tr>\n");
            int shown = 0;
            for (Auditor.RowResult r : result.rows()) {
                if (!r.anyFlag()) {
                    continue;
                }
                seen.addAll(r.flags());
                seen.addAll(r.consequenceFlags());
                if (shown++ >= 500) {
                    sb.append("<tr><td colspan=\"8\">... more in the JSON output</td></tr>\n");
                    break;
                }
                sb.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%.17g</td><td>%.17g</td>"
                        + "<td>%s</td><td>%s</td><td class=\"%s\">%s</td></tr>%n", r.index(), timeText(r.time()),
                        r.lossReported().isPresent() ? Double.toString(r.lossReported().getAsDouble()) : "-",
                        r.loss().lo(), r.loss().hi(),
                        Double.isNaN(r.lossRelError()) ? "-" : String.format(Locale.ROOT, "%.2e", r.lossRelError()),
                        Text.html(stepText(r, opt.lr().isPresent())), r.flagged() ? "bad\" style=\"white-space:nowrap" : "",
                        Text.html(flagText(r))));
            }
            sb.append("</table>\n");
        }
        sb.append("<h2>What the checks and flags mean</h2>\n<dl>\n");
        List<String> all = List.of(Auditor.LOSS, Auditor.NOT_GD_STEP, Auditor.NOT_CONSECUTIVE, Auditor.OFF_FLOW);
        for (String flag : all) {
            if ((flag.equals(Auditor.LOSS) && anyLoss) || seen.contains(flag) || (flag.equals(Auditor.NOT_GD_STEP)
                    && opt.lr().isPresent()) || (flag.equals(Auditor.OFF_FLOW) && shadow != null)) {
                sb.append("<dt>").append(flag).append("</dt><dd>").append(Text.html(Auditor.meaning(flag)))
                        .append("</dd>\n");
            }
        }
        if (result.consequences() > 0) {
            sb.append("<dt>(… follows from row k)</dt><dd>the flag is a consequence of row k's inconsistency (a"
                    + " corrupted θ_k also breaks the step out of row k); fix row k first</dd>\n");
        }
        if (!opt.lr().isPresent()) {
            sb.append("<dt>GD step</dt><dd>not checked: pass --lr H to check every step</dd>\n");
        }
        sb.append("</dl>\n</body></html>\n");
        return sb.toString();
    }
}
