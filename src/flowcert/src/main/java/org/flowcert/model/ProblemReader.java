package org.flowcert.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Limits;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;

/**
 * Reads problem files (CONTRACT.md section 1). Every mistake is a {@link UserError} naming
 * the file, the JSON path of the field ({@code risk.target[1].poly[0]}) and what was expected.
 * Every input dimension is bounded by {@link Limits} (examples/LIMITS.md), checked before the
 * work it would cost.
 *
 * <p>A valid integral target (the definition shared with the checker, tested on the corpus in
 * src/test/resources/validity): pieces listed in increasing order of {@code from}, each with
 * {@code from < to}, consecutive pieces meeting exactly ({@code to_i = from_{i+1}}), the first
 * {@code from} the domain's start, the last {@code to} its end, each {@code poly} non-empty.
 */
public final class ProblemReader {
    private final String file;
    private final Limits limits;

    private ProblemReader(String file, Limits limits) {
        this.file = file;
        this.limits = limits;
    }

    /** Reads and validates the problem file at {@code path} within the default limits. */
    public static Problem read(Path path) {
        return read(path, Limits.DEFAULTS);
    }

    /** Reads and validates the problem file at {@code path} within {@code limits}. */
    public static Problem read(Path path, Limits limits) {
        String name = path.toString();
        return parse(readText(path, limits), name, limits);
    }

    /** The text of a JSON input file, refused (UserError) when missing, unreadable or above the bytes limit. */
    public static String readText(Path path, Limits limits) {
        String name = path.toString();
        try {
            long size = Files.size(path);
            limits.check("bytes", size, name, "(file size)");
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new UserError(name, null, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserError(name, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new UserError(name, null, "cannot read the file (" + e.getMessage() + ")");
        }
    }

    /** Parses problem JSON text within the default limits; {@code name} is used in error messages. */
    public static Problem parse(String text, String name) {
        return parse(text, name, Limits.DEFAULTS);
    }

    /** Parses problem JSON text within {@code limits}; {@code name} is used in error messages. */
    public static Problem parse(String text, String name, Limits limits) {
        limits.check("bytes", text.length(), name, "(file size)");
        JsonNode root = readTree(text, name, limits);
        if (root == null) {
            throw new UserError(name, null, "empty file: expected a JSON object with network, theta and risk");
        }
        return new ProblemReader(name, limits).problem(root);
    }

    /**
     * A JSON tree read strictly (no duplicate keys, nothing after the value, exact decimals) with
     * the nesting and number-length limits applied by the parser itself.
     */
    public static JsonNode readTree(String text, String name, Limits limits) {
        ObjectMapper mapper = MAPPERS.computeIfAbsent(List.of(limits.nesting(), limits.digits(), limits.bytes()),
                k -> mapper(limits));
        try {
            return mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            String key = m.contains("esting") ? "nesting" : m.contains("umber") ? "digits" : "bytes";
            throw new UserError(name, where(e).trim(), "the JSON exceeds the limit " + key + " = " + limits.get(key)
                    + " (" + Limits.KEYS.get(key) + "; raise it with --limit " + key + "=N; examples/LIMITS.md)");
        } catch (JsonProcessingException e) {
            throw new UserError(name, null, "not valid JSON" + where(e) + ": " + e.getOriginalMessage());
        }
    }

    /** Mappers by (nesting, digits, bytes) limits: an ObjectMapper is thread-safe once configured. */
    private static final java.util.Map<List<Long>, ObjectMapper> MAPPERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static ObjectMapper mapper(Limits limits) {
        StreamReadConstraints c = StreamReadConstraints.builder()
                .maxNestingDepth((int) Math.min(Integer.MAX_VALUE, limits.nesting()))
                .maxNumberLength((int) Math.min(Integer.MAX_VALUE, limits.digits()))
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(limits.bytes(), 1000)))
                .build();
        JsonFactory f = JsonFactory.builder().streamReadConstraints(c).build();
        return new ObjectMapper(f)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private Problem problem(JsonNode root) {
        object(root, "", "a JSON object with fields network, theta and risk");
        allowOnly(root, "", "network", "theta", "risk");
        JsonNode net = require(root, "", "network");
        Network network = network(net);
        JsonNode th = require(root, "", "theta");
        array(th, "theta", "a list of " + network.parameterCount() + " numbers");
        int p = network.parameterCount();
        if (th.size() != p) {
            throw new UserError(file, "theta", "expected " + p + " parameters for widths "
                    + java.util.Arrays.toString(network.widths()) + " (P = sum of (in+1)*out), found " + th.size());
        }
        BigFraction[] theta = new BigFraction[p];
        for (int i = 0; i < p; i++) {
            theta[i] = number(th.get(i), "theta[" + i + "]");
        }
        Risk risk = risk(require(root, "", "risk"), network);
        return new Problem(file, network, theta, risk);
    }

    private Network network(JsonNode net) {
        object(net, "network", "an object with widths and activation");
        allowOnly(net, "network", "widths", "activation");
        JsonNode w = require(net, "network", "widths");
        array(w, "network.widths", "a list of at least two positive integers, input first");
        if (w.size() < 2) {
            throw new UserError(file, "network.widths", "expected at least two widths (input and output), found "
                    + w.size());
        }
        limits.check("depth", w.size() - 1L, file, "network.widths");
        int[] widths = new int[w.size()];
        for (int i = 0; i < widths.length; i++) {
            JsonNode e = w.get(i);
            String f = "network.widths[" + i + "]";
            BigFraction v = number(e, f);
            if (!v.getDenominator().equals(java.math.BigInteger.ONE) || v.signum() <= 0
                    || v.getNumerator().bitLength() > 20) {
                throw new UserError(file, f, "expected a positive integer below 2^20, found " + shortText(e));
            }
            widths[i] = v.intValue();
            limits.check("width", widths[i], file, f);
        }
        long p = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            p += (long) (widths[l] + 1) * widths[l + 1];
        }
        limits.check("params", p, file, "network.widths (P = sum of (in+1)*out)");
        JsonNode a = require(net, "network", "activation");
        if (!a.isTextual()) {
            throw new UserError(file, "network.activation", "expected a string such as \"tanh\", found "
                    + shortText(a));
        }
        Activation act = Activation.parse(a.asText(), file, "network.activation", limits);
        return new Network(widths, act);
    }

    private Risk risk(JsonNode r, Network network) {
        object(r, "risk", "an object with a type (\"data\" or \"integral\")");
        JsonNode type = require(r, "risk", "type");
        String t = type.isTextual() ? type.asText() : "";
        switch (t) {
            case "data":
                allowOnly(r, "risk", "type", "x", "y", "reduction");
                return data(r, network);
            case "integral":
                allowOnly(r, "risk", "type", "domain", "target");
                return integral(r, network);
            default:
                throw new UserError(file, "risk.type", "expected \"data\" or \"integral\", found " + shortText(type));
        }
    }

    private Risk.Data data(JsonNode r, Network network) {
        JsonNode x = require(r, "risk", "x");
        JsonNode y = require(r, "risk", "y");
        array(x, "risk.x", "a list of input vectors");
        array(y, "risk.y", "a list of outputs");
        if (x.size() == 0) {
            throw new UserError(file, "risk.x", "expected at least one data point");
        }
        limits.check("data", x.size(), file, "risk.x (data points)");
        if (x.size() != y.size()) {
            throw new UserError(file, "risk.y", "expected " + x.size() + " outputs (one per input in risk.x), found "
                    + y.size());
        }
        int n = x.size();
        BigFraction[][] xs = new BigFraction[n][];
        BigFraction[][] ys = new BigFraction[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = vector(x.get(i), "risk.x[" + i + "]", network.inputWidth());
            ys[i] = vector(y.get(i), "risk.y[" + i + "]", network.outputWidth());
        }
        Risk.Reduction red = Risk.Reduction.MEAN;
        JsonNode rd = r.get("reduction");
        if (rd != null) {
            String s = rd.isTextual() ? rd.asText() : "";
            if (s.equals("mean")) {
                red = Risk.Reduction.MEAN;
            } else if (s.equals("half-sum")) {
                red = Risk.Reduction.HALF_SUM;
            } else {
                throw new UserError(file, "risk.reduction", "expected \"mean\" or \"half-sum\", found " + shortText(rd));
            }
        }
        return new Risk.Data(xs, ys, red);
    }

    private BigFraction[] vector(JsonNode node, String field, int width) {
        if (!node.isArray()) {
            if (width != 1) {
                throw new UserError(file, field, "expected a list of " + width + " numbers, found " + shortText(node));
            }
            return new BigFraction[] {number(node, field)};
        }
        if (node.size() != width) {
            throw new UserError(file, field, "expected " + width + " numbers (the layer width), found " + node.size());
        }
        BigFraction[] v = new BigFraction[width];
        for (int k = 0; k < width; k++) {
            v[k] = number(node.get(k), field + "[" + k + "]");
        }
        return v;
    }

    private Risk.Integral integral(JsonNode r, Network network) {
        if (network.inputWidth() != 1 || network.outputWidth() != 1) {
            throw new UserError(file, "risk.type", "an integral risk needs input and output width 1, found widths "
                    + java.util.Arrays.toString(network.widths()));
        }
        JsonNode d = require(r, "risk", "domain");
        array(d, "risk.domain", "[a, b] with a < b");
        if (d.size() != 2) {
            throw new UserError(file, "risk.domain", "expected two numbers [a, b], found " + d.size());
        }
        BigFraction a = number(d.get(0), "risk.domain[0]");
        BigFraction b = number(d.get(1), "risk.domain[1]");
        if (Numbers.compare(a, b) >= 0) {
            throw new UserError(file, "risk.domain", "expected a < b, found [" + Numbers.format(a) + ", "
                    + Numbers.format(b) + "]");
        }
        JsonNode tg = require(r, "risk", "target");
        array(tg, "risk.target", "a list of pieces {from, to, poly}");
        if (tg.size() == 0) {
            throw new UserError(file, "risk.target", "expected at least one piece");
        }
        limits.check("pieces", tg.size(), file, "risk.target (pieces)");
        List<Risk.Piece> pieces = new ArrayList<>();
        BigFraction reached = a;
        for (int i = 0; i < tg.size(); i++) {
            String f = "risk.target[" + i + "]";
            JsonNode pc = tg.get(i);
            object(pc, f, "an object {from, to, poly}");
            allowOnly(pc, f, "from", "to", "poly");
            BigFraction from = number(require(pc, f, "from"), f + ".from");
            BigFraction to = number(require(pc, f, "to"), f + ".to");
            if (Numbers.compare(from, to) >= 0) {
                throw new UserError(file, f, "expected from < to, found from = " + Numbers.format(from) + ", to = "
                        + Numbers.format(to));
            }
            // the pieces partition [a, b] in order: each starts exactly where the previous one ended
            int gap = Numbers.compare(from, reached);
            if (gap != 0) {
                String expected = "expected from = " + Numbers.format(reached) + (i == 0 ? " (the domain's start)"
                        : " (where risk.target[" + (i - 1) + "] ends)") + ": pieces are listed in increasing order"
                        + " and meet exactly";
                String found = gap > 0 ? (i == 0 ? "; the pieces leave [" : "; they leave [") + Numbers.format(reached)
                        + ", " + Numbers.format(from) + "] uncovered"
                        : i == 0 ? "; the piece starts before the domain"
                        : Numbers.compare(to, reached) <= 0 || Numbers.compare(from, a) < 0
                                ? "; the pieces are out of order or outside the domain"
                                : "; it overlaps risk.target[" + (i - 1) + "] on [" + Numbers.format(from) + ", "
                                        + Numbers.format(reached) + "]";
                throw new UserError(file, f + ".from", expected + ", found " + Numbers.format(from) + found);
            }
            if (Numbers.compare(to, b) > 0) {
                throw new UserError(file, f + ".to", "expected at most the domain's end " + Numbers.format(b)
                        + ", found " + Numbers.format(to) + " (the piece lies partly outside the domain)");
            }
            reached = to;
            JsonNode poly = require(pc, f, "poly");
            array(poly, f + ".poly", "a list of coefficients, constant term first");
            if (poly.size() == 0) {
                throw new UserError(file, f + ".poly", "expected at least one coefficient (write [\"0\"] for f = 0)");
            }
            limits.check("degree", poly.size() - 1L, file, f + ".poly (degree)");
            BigFraction[] c = new BigFraction[poly.size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = number(poly.get(k), f + ".poly[" + k + "]");
            }
            pieces.add(new Risk.Piece(from, to, c));
        }
        if (Numbers.compare(reached, b) != 0) {
            throw new UserError(file, "risk.target[" + (tg.size() - 1) + "].to", "expected the domain's end "
                    + Numbers.format(b) + ", found " + Numbers.format(reached) + " (the pieces leave ["
                    + Numbers.format(reached) + ", " + Numbers.format(b) + "] uncovered)");
        }
        return new Risk.Integral(a, b, pieces);
    }

    private BigFraction number(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new UserError(file, field, "expected a number, found nothing");
        }
        if (node.isTextual()) {
            return Numbers.parse(node.asText(), file, field, limits);
        }
        if (node.isIntegralNumber()) {
            return BigFraction.of(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            // read with USE_BIG_DECIMAL_FOR_FLOATS: the JSON text's decimal value exactly; its digits
            // are bounded by the parser (digits limit), its exponent here, before 10^scale is formed
            java.math.BigDecimal d = node.decimalValue();
            if (Math.abs((long) d.scale()) > limits.exponent()) {
                throw new UserError(file, field, "decimal exponent " + -(long) d.scale() + " of the JSON number "
                        + shortText(node) + " exceeds the limit " + limits.exponent()
                        + " (raise it with --limit exponent=N; examples/LIMITS.md)");
            }
            return Numbers.ofDecimal(d);
        }
        throw new UserError(file, field, "expected a number (a string such as \"1/8\" or a JSON number), found "
                + shortText(node));
    }

    /** At most 60 characters of a node's JSON text, control characters escaped (for messages). */
    static String shortText(JsonNode node) {
        return Limits.Text.shorten(node.toString());
    }

    private JsonNode require(JsonNode obj, String path, String name) {
        JsonNode n = obj.get(name);
        if (n == null) {
            throw new UserError(file, path.isEmpty() ? name : path + "." + name, "missing (required field)");
        }
        return n;
    }

    private void object(JsonNode n, String path, String expected) {
        if (!n.isObject()) {
            throw new UserError(file, path.isEmpty() ? "(top level)" : path, "expected " + expected + ", found "
                    + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void array(JsonNode n, String path, String expected) {
        if (!n.isArray()) {
            throw new UserError(file, path, "expected " + expected + ", found "
                    + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void allowOnly(JsonNode obj, String path, String... names) {
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!List.of(names).contains(f) && !f.startsWith("_") && !f.equals("comment")) {
                throw new UserError(file, path.isEmpty() ? f : path + "." + f, "unknown field (expected one of "
                        + String.join(", ", names) + ")");
            }
        }
    }
}
