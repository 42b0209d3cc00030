package org.flowcert.check;

/** A rule that does not hold: the step (and every claim resting on it) is INVALID with this reason. */
public class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    public Invalid(String reason) {
        super(reason, null, false, false);
    }

    /** Throws Invalid(reason) when {@code bad} holds; the reason is built first, so keep it cheap and safe. */
    static void when(boolean bad, String reason) throws Invalid {
        if (bad) {
            throw new Invalid(reason);
        }
    }
}
