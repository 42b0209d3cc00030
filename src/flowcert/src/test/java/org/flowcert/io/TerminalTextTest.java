package org.flowcert.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

public class TerminalTextTest {
    /** Every character a terminal or a bidi renderer would act on instead of showing. */
    static final String HOSTILE = "a\u001b[31mred\rCR\bBS\u0007\u007f\u009b2J\u202aL\u202bR\u202cP\u202dO\u202eE"
            + "\u2066i\u2067r\u2068f\u2069p\u200e\u200f\u061c\u2028\u2029\ud800end";

    /** True when {@code s} holds a character of {@link #HOSTILE}'s dangerous kinds. */
    public static boolean hasRawControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028
                    || c == 0x2029 || (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1))))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyControlIsShownVisibly() {
        String e = TerminalText.escape(HOSTILE);
        assertThat(hasRawControl(e)).isFalse();
        assertThat(e).isEqualTo("a\\x1b[31mred\\rCR\\bBS\\x07\\x7f\\x9b2J\\u202aL\\u202bR\\u202cP\\u202dO\\u202eE"
                + "\\u2066i\\u2067r\\u2068f\\u2069p\\u200e\\u200f\\u061c\\u2028\\u2029\\ud800end");
    }

    /** Invisible format, private-use and unassigned characters (zero-width space, BOM, tags) are shown too. */
    @Test
    void invisibleCharactersAreShownVisibly() {
        assertThat(TerminalText.escape("a\u200bb\ufeffc\ue000d\udb40\udc41e\u0378f"))
                .isEqualTo("a\\u200bb\\ufeffc\\ue000d\\u{e0041}e\\u0378f");
        assertThat(TerminalText.json("{\"k\":\"\u200b\"}")).isEqualTo("{\"k\":\"\\u200b\"}");
    }

    @Test
    void ordinaryTextIsKeptAndBackslashesCannotForgeAnEscape() {
        assertThat(TerminalText.escape("θ ‖x‖₂ 7/960 ∇L café 😀")).isEqualTo("θ ‖x‖₂ 7/960 ∇L café 😀");
        assertThat(TerminalText.escape("a\\x1b")).isEqualTo("a\\\\x1b");
        assertThat(TerminalText.escape("tab\tand\nline")).isEqualTo("tab\\tand\\nline");
        assertThat(TerminalText.escapeLines("one\u001b\ntwo")).isEqualTo("one\\x1b\ntwo");
        assertThat(TerminalText.escape(null)).isEqualTo("null");
    }

    @Test
    void jsonKeepsItsMeaningAndLosesItsRawControls() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String raw = m.createObjectNode().put("name", HOSTILE).toString();
        assertThat(hasRawControl(raw)).as("Jackson alone writes C1 and bidi controls raw").isTrue();
        String safe = TerminalText.json(raw);
        assertThat(hasRawControl(safe)).isFalse();
        assertThat(m.readTree(safe).get("name").asText()).isEqualTo(HOSTILE);
        assertThat(TerminalText.json("{\"a\":\"θ\"}")).isEqualTo("{\"a\":\"θ\"}");
    }
}
