package org.flowcert.prove.critical;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Limits;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.model.Risk;

/**
 * A problem written back as problem-file JSON (examples/FORMATS.md §2), every number an exact rational "p/q", so
 * that a search shipped to another JVM (a Spark executor) carries its problem as text and reads it there with
 * {@link ProblemReader}: the same network, θ and risk. The limits there are the defaults, each raised to at least
 * what this problem needs (a problem the driver accepted under a raised {@code --limit} is read on an executor).
 */
final class ProblemText {
    private ProblemText() {
    }

    /** The problem as problem-file JSON. */
    static String write(Problem p) {
        StringBuilder b = new StringBuilder("{\"network\":{\"widths\":[");
        int[] w = p.network().widths();
        for (int i = 0; i < w.length; i++) {
            b.append(i > 0 ? "," : "").append(w[i]);
        }
        b.append("],\"activation\":").append(quote(p.network().activation().spec())).append("},\"theta\":");
        numbers(b, p.theta());
        b.append(",\"risk\":");
        if (p.risk() instanceof Risk.Data d) {
            b.append("{\"type\":\"data\",\"reduction\":").append(quote(d.reduction().spelling())).append(",\"x\":[");
            rows(b, d.x());
            b.append("],\"y\":[");
            rows(b, d.y());
            b.append("]}");
        } else {
            Risk.Integral r = (Risk.Integral) p.risk();
            b.append("{\"type\":\"integral\",\"domain\":[").append(quote(Numbers.format(r.a()))).append(',')
                    .append(quote(Numbers.format(r.b()))).append("],\"target\":[");
            for (int i = 0; i < r.target().size(); i++) {
                Risk.Piece piece = r.target().get(i);
                b.append(i > 0 ? "," : "").append("{\"from\":").append(quote(Numbers.format(piece.from())))
                        .append(",\"to\":").append(quote(Numbers.format(piece.to()))).append(",\"poly\":");
                numbers(b, piece.poly());
                b.append('}');
            }
            b.append("]}");
        }
        return b.append('}').toString();
    }

    /**
     * Reads {@link #write}'s text back. The problem passed the user's limits where it was first read; here the size
     * limits are lifted (to 2^30) so that it is read whatever {@code --limit} allowed there.
     */
    static Problem read(String text, String source) {
        Limits lim = Limits.DEFAULTS;
        for (String key : new String[] {"bytes", "digits", "nesting", "width", "depth", "params", "data", "degree",
            "pieces"}) {
            lim = lim.with(key, Math.max(lim.get(key), 1L << 30));
        }
        return ProblemReader.parse(text, source, lim);
    }

    private static void rows(StringBuilder b, BigFraction[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            b.append(i > 0 ? "," : "");
            numbers(b, rows[i]);
        }
    }

    private static void numbers(StringBuilder b, BigFraction[] xs) {
        b.append('[');
        for (int i = 0; i < xs.length; i++) {
            b.append(i > 0 ? "," : "").append(quote(Numbers.format(xs[i])));
        }
        b.append(']');
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
