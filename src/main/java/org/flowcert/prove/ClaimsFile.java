package org.flowcert.prove;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;

/**
 * Reads and validates a claims file (CONTRACT.md, claims table); every mistake is a {@link UserError}.
 * Every number, box ends included, may be written in any exact form (integer, decimal, rational
 * such as {@code "2/5"}, hex float); the claim is about that exact value. A prover that works on
 * binary64 boxes encloses the box outward and the checker checks the claim's exact box.
 */
public final class ClaimsFile {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
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

    /** The validated {@code claims} list. */
    public static JsonNode parse(String text, String file, int p) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UserError(file, null, "not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        JsonNode list = root == null ? null : root.get("claims");
        if (list == null || !list.isArray() || list.size() == 0) {
            throw new UserError(file, "claims", "expected a non-empty list of claims");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "claims[" + i + "]";
            JsonNode c = list.get(i);
            String type = c.path("type").asText();
            String[] need = FIELDS.get(type);
            if (need == null) {
                throw new UserError(file, at + ".type", "expected one of " + FIELDS.keySet() + ", found " + c.get("type"));
            }
            for (String f : need) {
                if (!c.has(f)) {
                    throw new UserError(file, at + "." + f, "missing (a " + type + " claim needs " + String.join(", ", need) + ")");
                }
            }
            c.fieldNames().forEachRemaining(f -> checkField(file, at + "." + f, f, c.get(f), p));
        }
        return list;
    }

    private static void checkField(String file, String at, String name, JsonNode v, int p) {
        switch (name) {
            case "type":
                return;
            case "region":
                if (v.isTextual() && v.asText().equals("everywhere")) {
                    return;
                }
                checkBox(file, at, v, p);
                return;
            case "box":
                checkBox(file, at, v, p);
                return;
            default:
                Numbers.parse(v.isTextual() ? v.asText() : v.toString(), file, at);
        }
    }

    private static void checkBox(String file, String at, JsonNode v, int p) {
        if (!v.isArray() || v.size() != p) {
            throw new UserError(file, at, "expected a box of " + p + " intervals [\"lo\", \"hi\"]");
        }
        for (int k = 0; k < p; k++) {
            JsonNode iv = v.get(k);
            if (!iv.isArray() || iv.size() != 2) {
                throw new UserError(file, at + "[" + k + "]", "expected an interval [\"lo\", \"hi\"]");
            }
            var lo = Numbers.parse(iv.get(0).asText(), file, at + "[" + k + "][0]");
            var hi = Numbers.parse(iv.get(1).asText(), file, at + "[" + k + "][1]");
            if (lo.subtract(hi).signum() > 0) {
                throw new UserError(file, at + "[" + k + "]", "expected lo <= hi, found [" + Numbers.format(lo) + ", "
                        + Numbers.format(hi) + "]");
            }
        }
    }
}
