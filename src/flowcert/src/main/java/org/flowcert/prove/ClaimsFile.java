package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.flowcert.io.Limits;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;
import org.flowcert.model.ProblemReader;

/**
 * Reads and validates a claims file (CONTRACT.md, claims table); every mistake is a {@link UserError}.
 * Every number, box ends included, may be written in any exact form (integer, decimal, rational
 * such as {@code "2/5"}, hex float); the claim is about that exact value. A prover that works on
 * binary64 boxes encloses the box outward and the checker checks the claim's exact box.
 */
public final class ClaimsFile {
    /** Required fields per claim type (numbers unless named box). */
    private static final Map<String, String[]> FIELDS = Map.of(
            "loss-enclosure", new String[] {"lo", "hi"},
            "loss-below", new String[] {"value"},
            "critical-point", new String[] {},
            "critical-values-above", new String[] {"value", "region"},
            "flow-enclosure", new String[] {"time", "box"},
            "leaves-ball", new String[] {"radius", "by"},
            "leaves-box", new String[] {"box"},
            "linear-convergence", new String[] {"rate"},
            "diverges", new String[] {});

    private ClaimsFile() {
    }

    /** The validated {@code claims} list, within the default limits. */
    public static JsonNode parse(String text, String file, int p) {
        return parse(text, file, p, Limits.DEFAULTS);
    }

    /** The validated {@code claims} list, within {@code limits} (examples/LIMITS.md). */
    public static JsonNode parse(String text, String file, int p, Limits limits) {
        limits.check("bytes", text.length(), file, "(file size)");
        JsonNode root = ProblemReader.readTree(text, file, limits);
        JsonNode list = root == null || !root.isObject() ? null : root.get("claims");
        if (list == null || !list.isArray() || list.size() == 0) {
            throw new UserError(file, "claims", "expected a non-empty list of claims");
        }
        limits.check("claims", list.size(), file, "claims (number of claims)");
        for (int i = 0; i < list.size(); i++) {
            String at = "claims[" + i + "]";
            JsonNode c = list.get(i);
            if (!c.isObject()) {
                throw new UserError(file, at, "expected a claim object {\"type\": ..., ...}");
            }
            String type = c.path("type").isTextual() ? c.path("type").asText() : "";
            String[] need = FIELDS.get(type);
            if (need == null) {
                throw new UserError(file, at + ".type", "expected one of " + new java.util.TreeSet<>(FIELDS.keySet())
                        + ", found " + (c.get("type") == null ? "nothing" : Limits.Text.shorten(c.get("type").toString())));
            }
            for (String f : need) {
                if (!c.has(f)) {
                    throw new UserError(file, at + "." + f, "missing (a " + type + " claim needs " + String.join(", ", need) + ")");
                }
            }
            c.fieldNames().forEachRemaining(f -> checkField(file, at + "." + f, f, c.get(f), p, limits));
            for (String f : new String[] {"time", "by"}) {
                if (c.has(f)) {
                    var t = Numbers.parse(text(c.get(f)), file, at + "." + f, limits);
                    if (Numbers.compare(t, org.apache.commons.numbers.fraction.BigFraction.of(limits.time())) > 0) {
                        throw limits.exceeded("time", Numbers.format(t), file, at + "." + f);
                    }
                }
            }
        }
        return list;
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.isNumber() ? v.toString() : "(" + v.getNodeType() + ")";
    }

    private static void checkField(String file, String at, String name, JsonNode v, int p, Limits limits) {
        switch (name) {
            case "type":
                return;
            case "region":
                if (v.isTextual() && v.asText().equals("everywhere")) {
                    return;
                }
                checkBox(file, at, v, p, limits);
                return;
            case "box":
                checkBox(file, at, v, p, limits);
                return;
            default:
                if (!v.isTextual() && !v.isNumber()) {
                    throw new UserError(file, at, "expected a number (a string such as \"1/8\"), found "
                            + Limits.Text.shorten(v.toString()));
                }
                Numbers.parse(text(v), file, at, limits);
        }
    }

    private static void checkBox(String file, String at, JsonNode v, int p, Limits limits) {
        if (!v.isArray() || v.size() != p) {
            throw new UserError(file, at, "expected a box of " + p + " intervals [\"lo\", \"hi\"]");
        }
        for (int k = 0; k < p; k++) {
            JsonNode iv = v.get(k);
            if (!iv.isArray() || iv.size() != 2) {
                throw new UserError(file, at + "[" + k + "]", "expected an interval [\"lo\", \"hi\"]");
            }
            var lo = Numbers.parse(text(iv.get(0)), file, at + "[" + k + "][0]", limits);
            var hi = Numbers.parse(text(iv.get(1)), file, at + "[" + k + "][1]", limits);
            if (Numbers.compare(lo, hi) > 0) {
                throw new UserError(file, at + "[" + k + "]", "expected lo <= hi, found [" + Numbers.format(lo) + ", "
                        + Numbers.format(hi) + "]");
            }
        }
    }
}
