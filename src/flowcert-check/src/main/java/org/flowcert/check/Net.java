package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The embedded problem as the checker reads it (its own reader: CONTRACT.md section 1), and
 * the loss, its derivatives and the residuals over rational intervals
 * (proofs-notes/certificate-format.md section 5, rules/loss.md, rules/gradient.md).
 */
public final class Net {
    final int[] widths;
    final Activation act;
    /** The activation as written in the problem. */
    final String activationText;
    final BigFraction[] theta;
    /** Data risk: inputs, outputs and the factor c (1/n or 1/2); null for an integral risk. */
    final BigFraction[][] xs;
    final BigFraction[][] ys;
    final BigFraction weight;
    /** mean or half-sum (data risk); null for an integral risk. */
    final String reduction;
    /** Integral risk: the target pieces' ends {from, to} and coefficients; empty for a data risk. */
    final List<BigFraction[]> from = new ArrayList<>();
    final List<BigFraction[]> poly = new ArrayList<>();

    /** Reads the embedded problem JSON; anything unexpected is {@link Malformed}. */
    public static Net parse(String json) throws Malformed {
        return new Net(Json.read(json, "problem"));
    }

    private Net(JsonNode root) throws Malformed {
        JsonNode net = Json.field(root, "network", "problem");
        JsonNode w = Json.field(net, "widths", "problem: network");
        Malformed.when(!w.isArray() || w.size() < 2, "problem: network.widths: expected at least two widths");
        widths = new int[w.size()];
        for (int i = 0; i < widths.length; i++) {
            BigFraction v = Json.number(w.get(i), "problem: network.widths");
            Malformed.when(!v.getDenominator().equals(BigInteger.ONE) || v.signum() <= 0
                    || v.getNumerator().bitLength() > 16,
                    "problem: network.widths: expected positive integers below 2^16");
            widths[i] = v.intValue();
        }
        JsonNode a = Json.field(net, "activation", "problem: network");
        Malformed.when(!a.isTextual(), "problem: network.activation: expected a string");
        activationText = a.asText();
        act = Activation.parse(activationText);
        theta = Json.numbers(Json.field(root, "theta", "problem"), "problem: theta");
        Malformed.when(theta.length != parameterCount(), "problem: theta: expected " + parameterCount()
                + " parameters");
        JsonNode risk = Json.field(root, "risk", "problem");
        String type = Json.field(risk, "type", "problem: risk").asText();
        if (type.equals("data")) {
            JsonNode x = Json.field(risk, "x", "problem: risk");
            JsonNode y = Json.field(risk, "y", "problem: risk");
            Malformed.when(!x.isArray() || !y.isArray() || x.size() == 0 || x.size() != y.size(),
                    "problem: risk: expected x and y lists of the same positive length");
            xs = new BigFraction[x.size()][];
            ys = new BigFraction[x.size()][];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = vector(x.get(i), widths[0], "problem: risk.x");
                ys[i] = vector(y.get(i), widths[widths.length - 1], "problem: risk.y");
            }
            JsonNode red = risk.get("reduction");
            String r = red == null ? "mean" : red.asText();
            Malformed.when(!r.equals("mean") && !r.equals("half-sum"),
                    "problem: risk.reduction: expected mean or half-sum");
            weight = r.equals("mean") ? BigFraction.of(1, xs.length) : BigFraction.of(1, 2);
            reduction = r;
        } else if (type.equals("integral")) {
            Malformed.when(widths[0] != 1 || widths[widths.length - 1] != 1,
                    "problem: risk: an integral risk needs input and output width 1");
            BigFraction[] dom = Json.numbers(Json.field(risk, "domain", "problem: risk"), "problem: risk.domain");
            Malformed.when(dom.length != 2 || dom[0].subtract(dom[1]).signum() >= 0,
                    "problem: risk.domain: expected [a, b] with a < b");
            BigFraction at = dom[0];
            JsonNode target = Json.field(risk, "target", "problem: risk");
            Malformed.when(!target.isArray() || target.isEmpty(), "problem: risk.target: expected a non-empty list");
            long maxDegree = Work.limits().degree();
            for (int k = 0; k < target.size(); k++) {
                String where = "problem: risk.target[" + k + "]";
                JsonNode piece = target.get(k);
                Malformed.when(!piece.isObject(), where + ": expected an object with from, to and poly");
                BigFraction f = Json.number(Json.field(piece, "from", where), where + ".from");
                BigFraction t = Json.number(Json.field(piece, "to", where), where + ".to");
                Malformed.when(t.subtract(f).signum() <= 0, where + ": expected from < to");
                Malformed.when(!f.equals(at), where + ": expected from = " + (k == 0 ? "the domain's start " : "the "
                        + "previous piece's to ") + at + " (pieces sorted, meeting exactly, covering the domain)");
                Malformed.when(t.subtract(dom[1]).signum() > 0, where + ": to lies outside the domain");
                JsonNode pn = Json.field(piece, "poly", where);
                Malformed.when(!pn.isArray() || pn.isEmpty(), where + ".poly: expected a non-empty list of numbers");
                if (pn.size() - 1 > maxDegree) {
                    throw LimitExceeded.of(where + ".poly", "degree", "a polynomial of degree " + (pn.size() - 1),
                            maxDegree);
                }
                from.add(new BigFraction[] {f, t});
                poly.add(Json.numbers(pn, where + ".poly"));
                at = t;
            }
            Malformed.when(!at.equals(dom[1]), "problem: risk.target: the pieces end at " + at
                    + ", not at the domain's end " + dom[1]);
            xs = null;
            ys = null;
            weight = null;
            reduction = null;
        } else {
            throw new Malformed("problem: risk.type: expected data or integral");
        }
    }

    private static BigFraction[] vector(JsonNode n, int width, String where) throws Malformed {
        BigFraction[] v = n.isArray() ? Json.numbers(n, where) : new BigFraction[] {Json.number(n, where)};
        Malformed.when(v.length != width, where + ": expected vectors of length " + width);
        return v;
    }

    /** "data (N points, REDUCTION)" or "integral on [a, b] (K pieces)". */
    String riskText() {
        return isData() ? "data (" + xs.length + (xs.length == 1 ? " point, " : " points, ") + reduction + ")"
                : "integral on [" + Checker.rational(from.get(0)[0]) + ", "
                + Checker.rational(from.get(from.size() - 1)[1]) + "] (" + from.size()
                + (from.size() == 1 ? " piece)" : " pieces)");
    }

    public int parameterCount() {
        return IntStream.range(0, widths.length - 1).map(l -> (widths[l] + 1) * widths[l + 1]).sum();
    }

    public boolean isData() {
        return xs != null;
    }

    /** A point of parameter space as point intervals. */
    static RationalInterval[] point(BigFraction[] t, int bits) {
        return Arrays.stream(t).map(q -> RationalInterval.of(q, bits)).toArray(RationalInterval[]::new);
    }

    /** The forward pass: outputs of the network for one input, as jets in θ. */
    private <T extends Scalar<T>> List<Jet<T>> forward(List<Jet<T>> in, List<Jet<T>> params) throws Invalid {
        List<Jet<T>> act0 = in;
        int off = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            int nin = widths[l];
            int nout = widths[l + 1];
            List<Jet<T>> next = new ArrayList<>(nout);
            for (int o = 0; o < nout; o++) {
                Jet<T> z = params.get(off + nin * nout + o);
                for (int i = 0; i < nin; i++) {
                    z = z.add(params.get(off + o * nin + i).mul(act0.get(i)));
                }
                next.add(l + 2 < widths.length ? z.act(act) : z);
            }
            off += (nin + 1) * nout;
            act0 = next;
        }
        return act0;
    }

    /** The parameters θ_k over the box th as jets of the scalar kind T (gradient e_k). */
    private static <S, T extends Scalar<T>> List<Jet<T>> params(S[] th, Function<S, T> scalar, int order) {
        return IntStream.range(0, th.length).mapToObj(k -> Jet.variable(scalar.apply(th[k]), k, th.length, order))
                .toList();
    }

    /** Residuals N(x_i)_o − y_io (data risk) for all i and o, in that order, as jets over the box th. */
    public <T extends Scalar<T>> List<Jet<T>> residuals(T[] th, int order) throws Invalid {
        Invalid.when(!isData(), "this rule needs a data risk");
        List<Jet<T>> ps = params(th, t -> t, order);
        List<Jet<T>> out = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            List<Jet<T>> in = Arrays.stream(xs[i]).map(x -> Jet.constant(th[0].c(x), th.length, order)).toList();
            List<Jet<T>> n = forward(in, ps);
            for (int o = 0; o < n.size(); o++) {
                out.add(n.get(o).sub(Jet.constant(th[0].c(ys[i][o]), th.length, order)));
            }
        }
        return out;
    }

    /** L with ∇L (order ≥ 1) and ∇²L (order 2) over the box th (points for an evaluation at θ). */
    public Jet<RationalInterval> loss(RationalInterval[] th, int order) throws Invalid {
        if (isData()) {
            return dataLoss(th, order);
        }
        Jet<RationalInterval> sum = Jet.constant(RationalInterval.of(BigFraction.ZERO, th[0].bits()), th.length, order);
        for (int k = 0; k < from.size(); k++) {
            sum = sum.add(piece(from.get(k)[0], from.get(k)[1], poly.get(k), th, order, 0));
        }
        return sum;
    }

    /** c Σ r² with its derivatives, data risk, over any scalar kind (RationalInterval; fixed-point constants for
     * flow-taylor). */
    <T extends Scalar<T>> Jet<T> dataLoss(T[] th, int order) throws Invalid {
        Jet<T> sum = Jet.constant(th[0].c(BigFraction.ZERO), th.length, order);
        for (Jet<T> r : residuals(th, order)) {
            sum = sum.add(r.mul(r));
        }
        return sum.mul(Jet.constant(th[0].c(weight), th.length, order));
    }

    /** ∫_p^q (N − f)² and its gradient, splitting where a relu-type unit changes sign (rules/loss.md). */
    private Jet<RationalInterval> piece(BigFraction p, BigFraction q, BigFraction[] f, RationalInterval[] th, int order,
            int depth)
            throws Invalid {
        int bits = th[0].bits();
        try {
            List<Jet<XPoly>> ps = params(th, t -> XPoly.of(t, p, q), order);
            List<Jet<XPoly>> in = List.of(Jet.constant(XPoly.x(p, q, bits), th.length, order));
            Jet<XPoly> e = forward(in, ps).get(0).sub(Jet.constant(XPoly.of(f, p, q, bits), th.length, order));
            Jet<XPoly> sq = e.mul(e);
            // differentiation under the integral: the piece's ends do not depend on θ (rules/krawczyk.md, check 3)
            RationalInterval[] g = order >= 1 ? new RationalInterval[th.length] : null;
            RationalInterval[][] h = order >= 2 ? new RationalInterval[th.length][th.length] : null;
            for (int k = 0; g != null && k < g.length; k++) {
                g[k] = sq.g()[k].integral();
                for (int l = 0; h != null && l < g.length; l++) {
                    h[k][l] = sq.h()[k][l].integral();
                }
            }
            return new Jet<>(sq.v().integral(), g, h);
        } catch (XPoly.Split s) {
            // a kink that moves with θ adds boundary terms to ∇²L (Leibniz rule): order 2 is refused
            Invalid.when(order >= 2 || s.root.subtract(p).signum() <= 0 || s.root.subtract(q).signum() >= 0
                    || depth > 10_000,
                    "cannot split the integral at " + s.root + (order >= 2 ? " for second derivatives" : ""));
            return piece(p, s.root, f, th, order, depth + 1).add(piece(s.root, q, f, th, order, depth + 1));
        }
    }
}
