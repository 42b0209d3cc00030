package org.flowcert.io;

/**
 * Makes untrusted text (file names, claim types, field values, CSV headers, messages that quote
 * them) safe to print on a terminal or to put into a report: every character that a terminal or
 * a text renderer would interpret instead of show is replaced by a visible escape, so a file
 * cannot move the cursor, erase a line, recolour the screen or reorder what follows it.
 *
 * <p>Escaped: the C0 controls U+0000–U+001F ({@code \n \r \t \b \f} by name, the others and ESC
 * as {@code \x1b}), DEL U+007F and the C1 controls U+0080–U+009F ({@code \x7f}, {@code \x9b}),
 * the bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 and the
 * line and paragraph separators U+2028, U+2029 ({@code \u202e}), every other invisible format,
 * private-use or unassigned character (U+200B as backslash-u200b; beyond the BMP, U+E0041 as
 * backslash-u{e0041}), unpaired surrogates ({@code \ud800}), and the backslash itself ({@code \\}) so that an
 * escape cannot be forged.
 * Everything else, including ordinary non-ASCII text such as θ or ‖, is kept. This is the one escaper of
 * the prover module (the audit's terminal text and reports, SVG charts); the checker has its own.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code s} with every control, bidi control and backslash escaped; "null" for null. */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            String e = escapeChar(s, i);
            int width = 1;
            if (e == null && Character.isHighSurrogate(s.charAt(i)) && pairedAt(s, i) && invisible(s.codePointAt(i))) {
                e = String.format("\\u{%x}", s.codePointAt(i)); // beyond the BMP: both halves in one escape
                width = 2;
            }
            if (e != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (e != null) {
                    sb.append(e);
                } else {
                    sb.append(s.charAt(i));
                }
            }
            i += width - 1;
        }
        return sb == null ? s : sb.toString();
    }

    /** Like {@link #escape} but keeps line feeds, for multi-line text (each line escaped). */
    public static String escapeLines(String s) {
        if (s == null) {
            return "null";
        }
        String[] lines = s.split("\n", -1);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < lines.length; i++) {
            sb.append(i == 0 ? "" : "\n").append(escape(lines[i]));
        }
        return sb.toString();
    }

    /**
     * A serialised JSON text made terminal-safe without changing what it means: Jackson escapes
     * U+0000–U+001F inside strings but writes DEL, the C1 controls and the bidi controls raw; they
     * can only occur inside strings (JSON allows them nowhere else), so they are replaced by their
     * {@code \}{@code uXXXX} escapes, which every JSON reader decodes to the same characters.
     */
    public static String json(String json) {
        StringBuilder sb = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean bad = c == 0x7f || (c >= 0x80 && c <= 0x9f) || bidi(c) || c < 0x20 && c != '\n' && c != '\r'
                    && c != '\t' || Character.isSurrogate(c) && !pairedAt(json, i)
                    || !Character.isSurrogate(c) && invisible(c);
            if (bad && sb == null) {
                sb = new StringBuilder(json.length() + 16).append(json, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? json : sb.toString();
    }

    private static String escapeChar(String s, int i) {
        char c = s.charAt(i);
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if (bidi(c) || Character.isSurrogate(c) && !pairedAt(s, i) || !Character.isSurrogate(c) && invisible(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** Bidi controls and the Unicode line/paragraph separators. */
    private static boolean bidi(char c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }

    /** Format (zero-width, bidi, tags), private-use and unassigned code points: shown as nothing or as anything. */
    private static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /** True when the surrogate at {@code i} is half of a well-formed pair. */
    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
