package org.flowcert.audit;

/**
 * Untrusted text (file names, CSV headers, state_dict names) made safe to print on a terminal
 * and to put into HTML: control characters (C0, DEL, C1), bidirectional controls and other
 * invisible format characters become visible {@code \\u{XXXX}} escapes, and overlong text is cut.
 */
public final class Text {
    private Text() {
    }

    /** {@code s} with every control or bidi/format character escaped, at most {@code max} characters. */
    public static String safe(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (sb.length() >= max) {
                sb.append("...");
                break;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u{%04X}", c));
            } else {
                sb.appendCodePoint(c);
            }
        }
        return sb.toString();
    }

    /** {@link #safe(String, int)} with a 200-character limit. */
    public static String safe(String s) {
        return safe(s, 200);
    }

    /** Safe text escaped for HTML element content and attribute values. */
    public static String html(String s) {
        return safe(s, 500).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
