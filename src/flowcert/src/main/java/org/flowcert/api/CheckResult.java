package org.flowcert.api;

import java.util.List;

/**
 * The verdict of flowcert's trusted checker ({@code org.flowcert.check.Checker}) on a
 * certificate, as {@code flowcert check} prints it.
 *
 * @param exitCode 0 valid, 1 INVALID (a claim or step refused), 2 not a well-formed certificate
 * @param lines    the checker's report lines (unmodifiable)
 */
public record CheckResult(int exitCode, List<String> lines) {
    /**
     * Copies the lines into an unmodifiable list.
     *
     * @param exitCode 0 valid, 1 INVALID, 2 not a well-formed certificate
     * @param lines    the checker's report lines
     */
    public CheckResult {
        lines = List.copyOf(lines);
    }

    /**
     * Whether the certificate is valid: every step and claim checked.
     *
     * @return true exactly when {@link #exitCode()} is 0
     */
    public boolean valid() {
        return exitCode == 0;
    }
}
