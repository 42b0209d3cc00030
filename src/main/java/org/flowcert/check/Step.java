package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/** One step line as a rule sees it: its JSON, the facts it cites (in order), the problem and claims. */
public record Step(long id, JsonNode json, List<Fact> cited, Net net, JsonNode claims) {

    /** Throws Invalid("step ID: reason") when {@code bad} holds (as {@link Invalid#when}). */
    void when(boolean bad, String reason) throws Invalid {
        Invalid.when(bad, "step " + id + ": " + reason);
    }

    /** The precision hint: 0 = exact, else outward rounding to that many bits (at most 4096). */
    int bits() throws Invalid {
        return index("bits", 4096);
    }

    /** An integer field in [0, max]. */
    int index(String name, int max) throws Invalid {
        BigFraction b = number(name);
        when(b.getDenominator().bitLength() > 1 || b.signum() < 0 || b.subtract(BigFraction.of(max)).signum() > 0,
                name + ": expected an integer in [0, " + max + "]");
        return b.intValue();
    }

    BigFraction number(String name) throws Invalid {
        return Json.number(Json.field(json, name, "step " + id), "step " + id + ": " + name);
    }

    BigFraction[] numbers(String name) throws Invalid {
        return Json.numbers(Json.field(json, name, "step " + id), "step " + id + ": " + name);
    }

    RI[] box(String name, int bits) throws Invalid {
        return Json.box(Json.field(json, name, "step " + id), net.parameterCount(), bits, "step " + id + ": " + name);
    }

    /** The cited facts, which must be of exactly these kinds in this order (none: the step cites nothing). */
    List<Fact> cites(String... kinds) throws Invalid {
        when(!cited.stream().map(Fact::kind).toList().equals(List.of(kinds)),
                "must cite facts of the kinds " + List.of(kinds) + " in this order");
        return cited;
    }
}
