package org.flowcert.prove;

/** The result of one proof attempt: proved with a short description, or not proved with the reason. */
public record Outcome(boolean proved, String message) {
    public static Outcome proved(String message) {
        return new Outcome(true, message);
    }

    public static Outcome notProved(String reason) {
        return new Outcome(false, reason);
    }
}
