package org.flowcert.cli;

import org.flowcert.io.UserError;

/**
 * The one meaning of {@code --threads N} in every command: a whole number from 1 to {@value #MAX}.
 * Each command uses at most as many threads as its work can share (flow's loss kernel splits the
 * data in two halves, so it uses at most 2) and its results never depend on N.
 */
final class Threads {
    /** The documented upper bound of {@code --threads}. */
    static final int MAX = 256;

    private Threads() {
    }

    /** The thread count in {@code text}, or a {@link UserError} naming {@code --threads}. */
    static int parse(String text) {
        String s = text.trim();
        if (s.matches("\\+?[0-9]{1,9}")) {
            int n = Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
            if (n >= 1 && n <= MAX) {
                return n;
            }
        }
        throw new UserError(null, "--threads", "expected a number of threads from 1 to " + MAX + ", found \"" + text + "\"");
    }
}
