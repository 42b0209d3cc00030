package org.flowcert.check;

/** The certificate is malformed or altered (hash mismatch): exit 2, no claim is judged. */
public final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    public Malformed(String reason) {
        super(reason, null, false, false);
    }
}
