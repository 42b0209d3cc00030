package org.flowcert.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checker's work limits (proofs-notes/certificate-format.md section 7): a certificate cannot choose the
 * checker's cost. Exceeding one ends the check with exit 2 and a message naming the field, the value and the
 * limit ({@link LimitExceeded}); it is never a verdict on a claim. {@code flowcert check --limit KEY=VALUE}
 * changes one.
 *
 * @param digits   most characters in one number of the certificate (its text, or a JSON number's digits)
 * @param exponent most |e| of a decimal's exponent or a hex number's binary exponent, after moving the point
 * @param bits     most precision bits a step may ask for
 * @param terms    most terms of one elementary-function series
 * @param nodes    most nodes of one step's bisection tree (critical-cover, critical-relu-cells)
 * @param depth    most depth of such a tree
 * @param degree   most degree of a target piece's or a polynomial activation's polynomial
 * @param size     most bits of one exact intermediate numerator or denominator
 * @param seconds  most wall-clock seconds for the whole check (a deadline checked in the loops)
 */
public record Limits(long digits, long exponent, long bits, long terms, long nodes, long depth, long degree,
        long size, long seconds) {
    /** The defaults: far above what every checked-in certificate needs, low enough to answer in seconds. */
    public static final Limits DEFAULT = new Limits(10_000, 10_000, 4096, 10_000, 2_000_000, 400, 100,
            4_000_000, 600);

    /** Each key with its value, in the documented order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("digits", digits);
        m.put("exponent", exponent);
        m.put("bits", bits);
        m.put("terms", terms);
        m.put("nodes", nodes);
        m.put("depth", depth);
        m.put("degree", degree);
        m.put("size", size);
        m.put("seconds", seconds);
        return m;
    }

    /**
     * These limits with {@code KEY=VALUE} applied (VALUE a positive integer).
     *
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    public Limits with(String keyValue) {
        int eq = keyValue.indexOf('=');
        Map<String, Long> m = asMap();
        String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
        if (eq < 0 || !m.containsKey(key)) {
            throw new IllegalArgumentException("expected KEY=VALUE with KEY one of " + m.keySet() + ", found \""
                    + Checker.escape(keyValue) + "\"");
        }
        String v = keyValue.substring(eq + 1);
        long n;
        try {
            n = v.matches("[0-9]{1,18}") ? Long.parseLong(v) : -1;
        } catch (NumberFormatException e) {
            n = -1;
        }
        // hard ceilings: bits (series lengths grow with it) and the sizes the exact arithmetic indexes with an int
        long ceiling = key.equals("bits") ? 1 << 20
                : key.equals("exponent") || key.equals("digits") ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (n <= 0 || n > ceiling) {
            throw new IllegalArgumentException("--limit " + key + ": expected a positive integer"
                    + (ceiling < Long.MAX_VALUE ? " up to " + ceiling : "") + ", found \"" + Checker.escape(v) + "\"");
        }
        m.put(key, n);
        return new Limits(m.get("digits"), m.get("exponent"), m.get("bits"), m.get("terms"), m.get("nodes"),
                m.get("depth"), m.get("degree"), m.get("size"), m.get("seconds"));
    }
}
