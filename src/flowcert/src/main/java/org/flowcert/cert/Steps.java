package org.flowcert.cert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.io.Numbers;

/**
 * The step list a prover builds (certificate-format.md section 3): numbered JSON lines with
 * exact numbers as strings. {@link #mark()} and {@link #reset(int)} let a prover drop the
 * steps of a failed attempt, so no step of an unproved claim reaches a certificate.
 */
public final class Steps {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<ObjectNode> lines = new ArrayList<>();

    /** A new step object with its id and rule; the caller adds fields, then {@link #add}s it. */
    public ObjectNode step(String rule, long... from) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", lines.size() + 1);
        o.put("rule", rule);
        ArrayNode f = o.putArray("from");
        for (long id : from) {
            f.add(id);
        }
        return o;
    }

    /** Appends the step and returns its id. */
    public long add(ObjectNode step) {
        if (step.get("id").asLong() != lines.size() + 1) {
            throw new IllegalStateException("steps must be added in the order they were created");
        }
        lines.add(step);
        return lines.size();
    }

    public int mark() {
        return lines.size();
    }

    public void reset(int mark) {
        while (lines.size() > mark) {
            lines.remove(lines.size() - 1);
        }
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ObjectNode o : lines) {
            out.add(o.toString());
        }
        return out;
    }

    public static String num(BigFraction q) {
        return Numbers.format(q);
    }

    public static void putInterval(ObjectNode o, String name, BigFraction lo, BigFraction hi) {
        o.putArray(name).add(num(lo)).add(num(hi));
    }

    /** A box of binary64 intervals, each end written as its exact rational value. */
    public static void putBox(ObjectNode o, String name, Interval[] box) {
        ArrayNode a = o.putArray(name);
        for (Interval r : box) {
            a.addArray().add(num(r.lower())).add(num(r.upper()));
        }
    }
}
