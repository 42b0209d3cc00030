package org.flowcert.check;

/**
 * A work limit ({@link Limits}) was exceeded: the check ends with exit 2 and this message, which names the
 * field, the value and the limit. Unchecked, so that it passes through the rules' lambdas; no rule catches it.
 */
public final class LimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
        super(message, null, false, false);
    }

    /** "WHERE: VALUE exceeds the limit KEY = LIMIT". */
    static LimitExceeded of(String where, String key, Object value, long limit) {
        return new LimitExceeded(where + ": " + value + " exceeds the limit " + key + " = " + limit
                + " (raise it with --limit " + key + "=N)");
    }
}
