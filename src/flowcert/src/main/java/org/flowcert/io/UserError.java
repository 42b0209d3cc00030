package org.flowcert.io;

/**
 * A mistake in the user's input: a file, a field in it, and what was expected there.
 *
 * <p>The command line maps it to exit code 2 and prints {@link #getMessage()} without a
 * stack trace. Everything a user can get wrong (a malformed number, a missing field, a
 * wrong parameter count, an unknown option value) is reported through this one type.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;
    private final String expected;

    /**
     * @param file the file the mistake is in, or {@code null} when it is on the command line
     * @param field the field (a JSON path such as {@code risk.target[1].poly[0]}, or an option name)
     * @param expected what was expected there, and ideally what was found
     */
    public UserError(String file, String field, String expected) {
        super(format(file, field, expected));
        this.file = file;
        this.field = field;
        this.expected = expected;
    }

    private static String format(String file, String field, String expected) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
        }
        if (field != null && !field.isEmpty()) {
            sb.append(sb.length() > 0 ? ": " : "").append(field);
        }
        sb.append(sb.length() > 0 ? ": " : "").append(expected);
        return sb.toString();
    }

    /** Returns the same error located in {@code newFile} (used when a parser did not know the file name). */
    public UserError inFile(String newFile) {
        return new UserError(newFile, field, expected);
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }

    public String expected() {
        return expected;
    }
}
