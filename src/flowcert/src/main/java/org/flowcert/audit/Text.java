package org.flowcert.audit;

import org.flowcert.io.TerminalText;
import org.flowcert.plot.SvgChart;

/**
 * Untrusted text (file names, CSV headers, state_dict names) for the terminal and the HTML report: cut to a
 * length, then escaped by the prover's one escaper ({@link TerminalText}; {@link SvgChart#esc} for HTML).
 */
public final class Text {
    private Text() {
    }

    /** {@code s} cut to {@code max} code points ("..." marks the cut) and escaped for the terminal. */
    public static String safe(String s, int max) {
        return TerminalText.escape(cut(s, max));
    }

    /** {@link #safe(String, int)} with a 200-character limit. */
    public static String safe(String s) {
        return safe(s, 200);
    }

    /** Safe text escaped for HTML element content and attribute values (at most 500 code points). */
    public static String html(String s) {
        return SvgChart.esc(cut(s, 500));
    }

    /**
     * {@code s} cut to {@code max} code points, not escaped: for the message of a {@code UserError}, which the
     * command line escapes once when it prints it (escaping here too would double every backslash).
     */
    public static String cut(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max)) + "...";
    }
}
