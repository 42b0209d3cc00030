package org.flowcert.check;

/**
 * The certificate is malformed or altered (hash mismatch): exit 2, no claim is judged. Inside a
 * step or claim the same parse failure only makes that step INVALID, hence the subclass.
 */
public final class Malformed extends Invalid {
    private static final long serialVersionUID = 1L;

    public Malformed(String reason) {
        super(reason);
    }

    /** Throws Malformed(reason) when {@code bad} holds (as {@link Invalid#when}). */
    static void when(boolean bad, String reason) throws Malformed {
        if (bad) {
            throw new Malformed(reason);
        }
    }
}
