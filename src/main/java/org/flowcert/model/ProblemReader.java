package org.flowcert.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;

/**
 * Reads problem files (CONTRACT.md section 1). Every mistake is a {@link UserError} naming
 * the file, the JSON path of the field ({@code risk.target[1].poly[0]}) and what was expected.
 */
public final class ProblemReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String file;

    private ProblemReader(String file) {
        this.file = file;
    }

    /** Reads and validates the problem file at {@code path}. */
    public static Problem read(Path path) {
        String name = path.toString();
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new UserError(name, null, "no such file");
        } catch (IOException e) {
            throw new UserError(name, null, "cannot read the file (" + e.getMessage() + ")");
        }
        return parse(text, name);
    }

    /** Parses problem JSON text; {@code name} is used in error messages. */
    public static Problem parse(String text, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UserError(name, null, "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null) {
            throw new UserError(name, null, "empty file: expected a JSON object with network, theta and risk");
        }
        return new ProblemReader(name).problem(root);
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
        int[] widths = new int[w.size()];
        for (int i = 0; i < widths.length; i++) {
            JsonNode e = w.get(i);
            String f = "network.widths[" + i + "]";
            BigFraction v = number(e, f);
            if (!v.getDenominator().equals(java.math.BigInteger.ONE) || v.signum() <= 0
                    || v.getNumerator().bitLength() > 20) {
                throw new UserError(file, f, "expected a positive integer below 2^20, found " + e);
            }
            widths[i] = v.intValue();
        }
        JsonNode a = require(net, "network", "activation");
        if (!a.isTextual()) {
            throw new UserError(file, "network.activation", "expected a string such as \"tanh\", found " + a);
        }
        Activation act = Activation.parse(a.asText(), file, "network.activation");
        Network network = new Network(widths, act);
        long p = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            p += (long) (widths[l] + 1) * widths[l + 1];
        }
        if (p > 50_000_000L) {
            throw new UserError(file, "network.widths", "expected at most 5e7 parameters, found " + p);
        }
        return network;
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
                throw new UserError(file, "risk.type", "expected \"data\" or \"integral\", found " + type);
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
                throw new UserError(file, "risk.reduction", "expected \"mean\" or \"half-sum\", found " + rd);
            }
        }
        return new Risk.Data(xs, ys, red);
    }

    private BigFraction[] vector(JsonNode node, String field, int width) {
        if (!node.isArray()) {
            if (width != 1) {
                throw new UserError(file, field, "expected a list of " + width + " numbers, found " + node);
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
        List<Risk.Piece> pieces = new ArrayList<>();
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
            JsonNode poly = require(pc, f, "poly");
            array(poly, f + ".poly", "a list of coefficients, constant term first");
            if (poly.size() == 0) {
                throw new UserError(file, f + ".poly", "expected at least one coefficient");
            }
            BigFraction[] c = new BigFraction[poly.size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = number(poly.get(k), f + ".poly[" + k + "]");
            }
            pieces.add(new Risk.Piece(from, to, c));
        }
        pieces.sort((p, q) -> Numbers.compare(p.from(), q.from()));
        // the pieces must cover [a, b]: sorted, no gaps (overlaps at endpoints are a null set)
        BigFraction reached = a;
        for (Risk.Piece pc : pieces) {
            if (Numbers.compare(pc.from(), reached) > 0) {
                throw new UserError(file, "risk.target", "the pieces leave [" + Numbers.format(reached) + ", "
                        + Numbers.format(pc.from()) + "] of the domain uncovered");
            }
            if (Numbers.compare(pc.from(), reached) < 0 && Numbers.compare(pc.from(), a) >= 0) {
                throw new UserError(file, "risk.target", "pieces overlap on more than an endpoint near "
                        + Numbers.format(pc.from()));
            }
            if (Numbers.compare(pc.to(), reached) > 0) {
                reached = pc.to();
            }
        }
        if (Numbers.compare(reached, b) < 0) {
            throw new UserError(file, "risk.target", "the pieces leave [" + Numbers.format(reached) + ", "
                    + Numbers.format(b) + "] of the domain uncovered");
        }
        return new Risk.Integral(a, b, pieces);
    }

    private BigFraction number(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new UserError(file, field, "expected a number, found nothing");
        }
        if (node.isTextual()) {
            return Numbers.parse(node.asText(), file, field);
        }
        if (node.isIntegralNumber()) {
            return BigFraction.of(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            // read with USE_BIG_DECIMAL_FOR_FLOATS: the JSON text's decimal value exactly
            return Numbers.ofDecimal(node.decimalValue());
        }
        throw new UserError(file, field, "expected a number (a string such as \"1/8\" or a JSON number), found "
                + node);
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
