package org.flowcert.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bounds on every input dimension that can blow up time, memory or disk (examples/LIMITS.md).
 * Readers refuse input beyond a bound with a {@link UserError} naming the file, the field, the
 * value and the limit, before doing work proportional to it. Each bound has a default and can
 * be raised with {@code --limit KEY=VALUE} (repeatable) on {@code eval}, {@code flow} and
 * {@code certify}.
 *
 * @param bytes size of a problem or claims file in bytes
 * @param digits characters of one number (its digits, sign, point, exponent and slash)
 * @param exponent |decimal exponent| of one number (the power of ten after normalising the
 *     point away: {@code 1e-400} and {@code 0.00…01} with 400 decimals are both 400); hex
 *     floats: |binary exponent| up to exponent·log2(10)
 * @param nesting JSON nesting depth
 * @param width neurons in one layer
 * @param depth layers (entries of {@code widths} minus one)
 * @param params parameters P
 * @param data data points of a data risk
 * @param degree degree of a polynomial (target piece, {@code poly:} activation)
 * @param pieces pieces of an integral risk's target
 * @param bits ball precision of {@code --arith ball:BITS}
 * @param claims claims in a claims file
 * @param time time horizon of a flow claim ({@code time}, {@code by}) and of {@code flow --to}
 */
public record Limits(long bytes, long digits, long exponent, long nesting, long width, long depth, long params,
        long data, long degree, long pieces, long bits, long claims, long time) {

    /** The defaults (examples/LIMITS.md gives the reason for each). */
    public static final Limits DEFAULTS = new Limits(64L << 20, 1000, 400, 64, 65_536, 64, 1_000_000, 100_000,
            64, 1000, 4096, 1000, 1_000_000);

    /** Hard ceilings that {@code --limit} cannot exceed (beyond them the implementation itself breaks down). */
    private static final Limits CEILINGS = new Limits(1L << 31, 1_000_000, 100_000, 10_000, 1 << 20, 10_000,
            50_000_000, 50_000_000, 100_000, 10_000_000, 100_000, 1_000_000, 1_000_000_000_000L);

    /** The keys of {@code --limit}, in order, with what each bounds. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bytes", "size of a problem or claims file in bytes");
        m.put("digits", "characters of one number");
        m.put("exponent", "|decimal exponent| of one number");
        m.put("nesting", "JSON nesting depth");
        m.put("width", "neurons in one layer");
        m.put("depth", "layers");
        m.put("params", "parameters P");
        m.put("data", "data points");
        m.put("degree", "degree of a polynomial");
        m.put("pieces", "pieces of an integral target");
        m.put("bits", "ball precision in bits");
        m.put("claims", "claims in a claims file");
        m.put("time", "time horizon of a flow");
        return m;
    }

    /** The value of limit {@code key}. */
    public long get(String key) {
        switch (key) {
            case "bytes": return bytes;
            case "digits": return digits;
            case "exponent": return exponent;
            case "nesting": return nesting;
            case "width": return width;
            case "depth": return depth;
            case "params": return params;
            case "data": return data;
            case "degree": return degree;
            case "pieces": return pieces;
            case "bits": return bits;
            case "claims": return claims;
            case "time": return time;
            default: throw new IllegalArgumentException("no limit " + key);
        }
    }

    /** These limits with {@code key} set to {@code value}. */
    public Limits with(String key, long value) {
        long[] v = new long[KEYS.size()];
        int i = 0;
        for (String k : KEYS.keySet()) {
            v[i++] = k.equals(key) ? value : get(k);
        }
        return new Limits(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
    }

    /** The largest |binary exponent| of a hex float: ceil(exponent · log2 10). */
    public long binaryExponent() {
        return (long) Math.ceil(exponent * 3.321928094887362) + 1;
    }

    /**
     * The defaults changed by {@code --limit KEY=VALUE} options (null or empty: the defaults).
     *
     * @throws UserError naming {@code --limit} for an unknown key, a value that is not a positive
     *     integer, or a value beyond the key's ceiling
     */
    public static Limits parse(List<String> options) {
        Limits l = DEFAULTS;
        if (options == null) {
            return l;
        }
        for (String o : options) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (eq < 0 || !KEYS.containsKey(key)) {
                throw new UserError(null, "--limit", "expected KEY=VALUE with KEY one of " + String.join(", ",
                        KEYS.keySet()) + " (examples/LIMITS.md), found \"" + Text.shorten(o) + "\"");
            }
            String value = o.substring(eq + 1).trim();
            long v;
            try {
                v = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -1;
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 1) {
                throw new UserError(null, "--limit " + key, "expected a positive integer, found \""
                        + Text.shorten(value) + "\"");
            }
            if (v > CEILINGS.get(key)) {
                throw new UserError(null, "--limit " + key, "at most " + CEILINGS.get(key) + " (a hard ceiling of"
                        + " the implementation), found " + v);
            }
            l = l.with(key, v);
        }
        return l;
    }

    /**
     * Refuses {@code value} above limit {@code key}: the error names the file, the field, the value
     * and the limit, and how to raise it.
     */
    public void check(String key, long value, String file, String field) {
        long max = get(key);
        if (value > max) {
            throw exceeded(key, Long.toString(value), file, field);
        }
    }

    /** The error for {@code value} (text) beyond limit {@code key}. */
    public UserError exceeded(String key, String value, String file, String field) {
        return new UserError(file, field, KEYS.get(key) + " " + value + " exceeds the limit " + get(key)
                + " (raise it with --limit " + key + "=N; examples/LIMITS.md)");
    }

    /** Small text helpers for messages about hostile input. */
    public static final class Text {
        private Text() {
        }

        /** At most 60 characters of s, control characters shown as \\uXXXX. */
        public static String shorten(String s) {
            String t = s.length() > 60 ? s.substring(0, 57) + "..." : s;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }
}
