package org.flowcert.batch;

import java.io.Serializable;
import java.util.List;

/**
 * What one job gave.
 *
 * @param verdict       {@value #PROVED}, {@value #NOT_PROVED} or {@value #ERROR} (an internal error)
 * @param claimsProved  claims proved
 * @param claimsTotal   claims in the job's claims file
 * @param lines         the per-claim lines of certify ({@code PROVED ...} / {@code NOT PROVED ... (reason)}), or the
 *                      error
 * @param certificate   the certificate when every claim was proved, else null
 * @param nanos         the job's own time
 */
public record JobResult(String verdict, int claimsProved, int claimsTotal, List<String> lines, String certificate,
        long nanos) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Every claim proved (a certificate was written). */
    public static final String PROVED = "PROVED";
    /** Some claim not proved (no certificate). */
    public static final String NOT_PROVED = "NOT PROVED";
    /** An internal error in this job. */
    public static final String ERROR = "ERROR";
}
