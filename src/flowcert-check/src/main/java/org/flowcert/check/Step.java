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

    /** The precision hint: 0 = exact, else outward rounding to that many bits (at most the limit bits). */
    int bits() throws Invalid {
        BigFraction b = number("bits");
        when(b.getDenominator().bitLength() > 1 || b.signum() < 0, "bits: expected a non-negative integer");
        long limit = Work.limits().bits();
        if (b.subtract(BigFraction.of(limit)).signum() > 0) {
            throw LimitExceeded.of("step " + id + ": bits", "bits", Checker.rational(b), limit);
        }
        return b.intValue();
    }

    /** The text of a bisection tree, within the limit {@code nodes} (each node is one character or more). */
    String tree(String text) {
        long limit = Work.limits().nodes();
        if (text.length() > limit) {
            throw LimitExceeded.of("step " + id + ": tree", "nodes", "a tree of " + text.length() + " characters",
                    limit);
        }
        return text;
    }

    /** Ends the check when a tree is deeper than the limit {@code depth}; else checks the deadline. */
    void depth(int depth) {
        long limit = Work.limits().depth();
        if (depth > limit) {
            throw LimitExceeded.of("step " + id + ": tree", "depth", "depth " + depth, limit);
        }
        Work.tick();
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

    RationalInterval[] box(String name, int bits) throws Invalid {
        return Json.box(Json.field(json, name, "step " + id), net.parameterCount(), bits, "step " + id + ": " + name);
    }

    /** The cited facts, which must be of exactly these kinds in this order (none: the step cites nothing). */
    List<Fact> cites(String... kinds) throws Invalid {
        when(!cited.stream().map(Fact::kind).toList().equals(List.of(kinds)),
                "must cite facts of the kinds " + List.of(kinds) + " in this order");
        return cited;
    }
}
