package org.flowcert.api;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Flowcert#certify} found: one line per claim ({@code PROVED claim i (type): ...} or
 * {@code NOT PROVED claim i (type) (reason)}) and, only when every claim is proved and flowcert's
 * checker has accepted the result, the certificate text. Nothing is written to disk.
 *
 * @param lines       the verdict lines, in claim order (unmodifiable)
 * @param certificate the certificate text (UTF-8 when saved), or null when a claim is not proved
 */
public record Certification(List<String> lines, String certificate) {
    /**
     * Copies the lines into an unmodifiable list.
     *
     * @param lines       the verdict lines, in claim order
     * @param certificate the certificate text, or null when a claim is not proved
     */
    public Certification {
        lines = List.copyOf(lines);
    }

    /**
     * Whether every claim was proved (then there is a certificate).
     *
     * @return true when {@link #certificate()} is not null
     */
    public boolean allProved() {
        return certificate != null;
    }

    /**
     * The certificate, when every claim was proved.
     *
     * @return the certificate text, or empty
     */
    public Optional<String> certificateText() {
        return Optional.ofNullable(certificate);
    }
}
