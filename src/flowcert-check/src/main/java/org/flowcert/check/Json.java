package org.flowcert.check;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.commons.numbers.fraction.BigFraction;

/** JSON parsing primitives for the checker: exact numbers only (decimals as BigDecimal). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    static JsonNode read(String text, String where) throws Malformed {
        try {
            JsonNode n = MAPPER.readTree(text);
            Malformed.when(n == null || !n.isObject(), where + ": expected a JSON object");
            return n;
        } catch (IOException e) {
            throw new Malformed(where + ": not valid JSON");
        }
    }

    static JsonNode field(JsonNode n, String name, String where) throws Malformed {
        JsonNode f = n == null ? null : n.get(name);
        Malformed.when(f == null || f.isNull(), where + ": missing field " + name);
        return f;
    }

    /**
     * An exact number: a JSON string in a CONTRACT.md form, or a JSON number read as its decimal text, both by
     * the checker's own {@link ExactNumbers} within the limits digits and exponent.
     */
    static BigFraction number(JsonNode n, String where) throws Malformed {
        if (n != null && n.isTextual()) {
            return ExactNumbers.parse(n.asText(), where);
        }
        if (n != null && n.isIntegralNumber()) {
            return ExactNumbers.parse(n.bigIntegerValue().toString(), where);
        }
        if (n != null && n.isBigDecimal()) {
            return ExactNumbers.parse(n.decimalValue().toString(), where);
        }
        throw new Malformed(where + ": expected an exact number, found " + (n == null ? "nothing" : n.getNodeType()));
    }

    static BigFraction[] numbers(JsonNode n, String where) throws Malformed {
        Malformed.when(n == null || !n.isArray(), where + ": expected a list of numbers");
        BigFraction[] r = new BigFraction[n.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = number(n.get(i), where);
        }
        return r;
    }

    /** An interval ["lo", "hi"] with lo ≤ hi. */
    static RationalInterval interval(JsonNode n, int bits, String where) throws Malformed {
        BigFraction[] v = numbers(n, where);
        Malformed.when(v.length != 2 || v[0].subtract(v[1]).signum() > 0,
                where + ": expected an interval [lo, hi] with lo <= hi");
        return RationalInterval.of(v[0], v[1], bits);
    }

    /** A box of exactly p intervals. */
    static RationalInterval[] box(JsonNode n, int p, int bits, String where) throws Malformed {
        Malformed.when(n == null || !n.isArray() || n.size() != p, where + ": expected a box of " + p + " intervals");
        RationalInterval[] r = new RationalInterval[p];
        for (int i = 0; i < p; i++) {
            r[i] = interval(n.get(i), bits, where);
        }
        return r;
    }
}
