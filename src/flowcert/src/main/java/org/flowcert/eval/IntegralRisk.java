package org.flowcert.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The integral risk L = ∫_a^b (N(x) − f(x))² dx and its gradient 2∫(N − f) ∂N/∂θ dx
 * (proofs-notes/loss-gradient.md §2–§4).
 *
 * <ul>
 * <li><b>Piecewise-polynomial activations, decided kinks</b> (every arithmetic): [a, b] is cut at
 * the target's breakpoints and at every kink x = −b_j/w_j of a shallow net; the kinks are kept as
 * numbers of the arithmetic (so a dual-number type differentiates through them). On each cell
 * every unit is one polynomial branch and the loss and gradient integrands are polynomials in x,
 * integrated exactly (exact mode: exactly; sets: enclosed).</li>
 * <li><b>Undecided kinks</b> (parameter boxes; rigorous set arithmetics only): cells with exact
 * rational endpoints (the pieces' ends and the kinks' rational enclosures), bisected where a unit with w ∋ 0 is undecided; decided cells are
 * integrated exactly with set coefficients, the others enclosed by width × integrand enclosure.</li>
 * <li><b>Smooth activations</b>: {@code double} by composite Gauss–Legendre (not rigorous); rigorous
 * set arithmetics by width × integrand enclosure on {@value #SMOOTH_CELLS} cells per piece (first
 * order: the enclosure width shrinks like 1/cells).</li>
 * </ul>
 */
final class IntegralRisk {
    /** Cells per target piece for the rigorous enclosure of smooth integrands. */
    static final int SMOOTH_CELLS = 2048;
    /** Gauss–Legendre: nodes per panel and panels per target piece (double mode). */
    static final int GL_NODES = 20;
    static final int GL_PANELS = 32;

    private IntegralRisk() {
    }

    static <T extends Num<T>> LossGradient.Result<T> evaluate(Problem pr, NumField<T> f, T[] theta,
            BiFunction<BigFraction, BigFraction, T> hull) {
        Network net = pr.network();
        Risk.Integral risk = (Risk.Integral) pr.risk();
        Activation act = net.activation();
        int hidden = net.layers() - 1;
        boolean kinked = hidden > 0 && (act instanceof Activation.Relu || act instanceof Activation.LeakyRelu);
        boolean polynomial = hidden == 0 || act.isPiecewisePolynomial();
        Acc<T> acc = new Acc<>(f, net.parameterCount());
        if (polynomial && kinked && hidden > 1) {
            if (f.rigorous()) {
                throw new UserError(pr.source(), "network.widths", "an integral risk with a kinked activation ("
                        + act.spec() + ") needs a shallow network [1, H, 1] in " + f.name()
                        + " arithmetic: the kinks of deeper nets are not at -b/w (use a data risk, "
                        + "a polynomial activation, or --arith double)");
            }
            for (Risk.Piece pc : pieces(risk)) {
                gaussLegendre(net, f, theta, pc, acc);
            }
        } else if (polynomial) {
            for (Risk.Piece pc : pieces(risk)) {
                if (!decidedPiece(net, f, theta, pc, kinked, acc)) {
                    if (hull == null) {
                        throw new UserError(pr.source(), "theta", "the kink positions -b/w of the integral risk"
                                + " cannot be ordered in " + f.name() + " arithmetic (parameter sets too wide);"
                                + " use --arith interval or ball:BITS");
                    }
                    subdivided(net, f, theta, pc, kinked, hull, acc);
                }
            }
        } else if (!f.rigorous()) {
            for (Risk.Piece pc : pieces(risk)) {
                gaussLegendre(net, f, theta, pc, acc);
            }
        } else {
            if (hull == null) {
                throw new UserError(pr.source(), "network.activation", "an integral risk with activation "
                        + act.spec() + " needs --arith interval, ball:BITS or double");
            }
            for (Risk.Piece pc : pieces(risk)) {
                crudeCells(net, f, theta, pc, hull, acc);
            }
        }
        T two = f.of(2);
        T[] g = f.newArray(acc.g.length);
        for (int k = 0; k < g.length; k++) {
            g[k] = acc.g[k] == null ? f.zero() : acc.g[k].multiply(two);
        }
        return new LossGradient.Result<>(acc.s == null ? f.zero() : acc.s, g);
    }

    /** The target pieces clipped to the domain (non-empty ones only). */
    private static List<Risk.Piece> pieces(Risk.Integral risk) {
        List<Risk.Piece> out = new ArrayList<>();
        for (Risk.Piece pc : risk.target()) {
            BigFraction s = max(pc.from(), risk.a());
            BigFraction t = min(pc.to(), risk.b());
            if (Numbers.compare(s, t) < 0) {
                out.add(new Risk.Piece(s, t, pc.poly()));
            }
        }
        return out;
    }

    /** Running sums S = ∫R² and G = ∫R ∂N/∂θ. */
    static final class Acc<T extends Num<T>> {
        final NumField<T> f;
        T s;
        final T[] g;

        Acc(NumField<T> f, int p) {
            this.f = f;
            this.g = f.newArray(p);
        }

        void addLoss(T v) {
            s = s == null ? v : s.add(v);
        }

        void addGrad(int k, T v) {
            g[k] = g[k] == null ? v : g[k].add(v);
        }
    }

    // ---------------------------------------------------------------- decided kinks, exact cells

    private record Kink<T>(T x, BigFraction lo, BigFraction hi) {
    }

    /**
     * Cuts the piece at the kinks when their order is decided in this arithmetic and integrates
     * every cell exactly. Returns false (adding nothing) when something is undecided.
     */
    private static <T extends Num<T>> boolean decidedPiece(Network net, NumField<T> f, T[] theta, Risk.Piece pc,
            boolean kinked, Acc<T> acc) {
        BigFraction s = pc.from();
        BigFraction t = pc.to();
        List<Kink<T>> inside = new ArrayList<>();
        int h = net.width(1);
        if (kinked) {
            for (int j = 0; j < h; j++) {
                T w = theta[j];
                T b = theta[h + j];
                if (isZero(w)) {
                    continue; // z_j = b_j on all of [a, b]: no kink
                }
                if (!w.isPositive() && !w.isNegative()) {
                    return false;
                }
                T k = b.divide(w).negate();
                BigFraction lo = k.lower();
                BigFraction hi = k.upper();
                if (Numbers.compare(hi, s) <= 0 || Numbers.compare(lo, t) >= 0) {
                    continue;
                }
                if (Numbers.compare(lo, s) < 0 || Numbers.compare(hi, t) > 0) {
                    return false;
                }
                inside.add(new Kink<>(k, lo, hi));
            }
            inside.sort((p, q) -> Numbers.compare(p.lo, q.lo) != 0 ? Numbers.compare(p.lo, q.lo)
                    : Numbers.compare(p.hi, q.hi));
            for (int i = 0; i + 1 < inside.size(); i++) {
                if (Numbers.compare(inside.get(i).hi, inside.get(i + 1).lo) > 0) {
                    return false;
                }
            }
        }
        List<T> cuts = new ArrayList<>();
        cuts.add(f.of(s));
        for (Kink<T> k : inside) {
            cuts.add(k.x);
        }
        cuts.add(f.of(t));
        // decide each cell's branches first, so that nothing is added when one is undecided
        List<Branch[]> branches = new ArrayList<>();
        T half = f.of(BigFraction.of(1, 2));
        for (int i = 0; i + 1 < cuts.size(); i++) {
            T l = cuts.get(i);
            T r = cuts.get(i + 1);
            if (emptyCell(l, r)) {
                branches.add(null);
                continue;
            }
            Branch[] br = null;
            if (kinked) {
                T mid = l.add(r).multiply(half);
                br = new Branch[h];
                for (int j = 0; j < h; j++) {
                    T z = theta[j].multiply(mid).add(theta[h + j]);
                    br[j] = Branch.of(z);
                    if (br[j] == null) {
                        return false;
                    }
                }
            }
            branches.add(br);
        }
        BigFraction[] target = pc.poly();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            if (branches.get(i) == null && kinked) {
                continue;
            }
            if (!kinked && emptyCell(cuts.get(i), cuts.get(i + 1))) {
                continue;
            }
            polynomialCell(net, f, theta, cuts.get(i), cuts.get(i + 1), target, branches.get(i), acc);
        }
        return true;
    }

    private static <T extends Num<T>> boolean isZero(T w) {
        return w.lower().signum() == 0 && w.upper().signum() == 0;
    }

    /** Whether the cell [l, r] is exactly empty (both ends the same single rational). */
    private static <T extends Num<T>> boolean emptyCell(T l, T r) {
        return l.lower().equals(l.upper()) && r.lower().equals(r.upper()) && l.lower().equals(r.lower())
                && l.exactValue().isPresent() && r.exactValue().isPresent();
    }

    /** The sign branch of a kinked unit on a cell: z &gt; 0 or z ≤ 0 there. */
    enum Branch {
        POSITIVE, NONPOSITIVE;

        /** The branch of every point of z, or null when undecided. */
        static <T extends Num<T>> Branch of(T z) {
            if (z.isPositive()) {
                return POSITIVE;
            }
            if (z.upper().signum() <= 0) {
                return NONPOSITIVE;
            }
            return null;
        }
    }

    /** σ on one branch as polynomial coefficients (constant first). */
    private static BigFraction[] branchPoly(Activation act, Branch br) {
        if (act instanceof Activation.Poly p) {
            return p.coefficients();
        }
        if (br == Branch.POSITIVE) {
            return new BigFraction[] {BigFraction.ZERO, BigFraction.ONE};
        }
        if (act instanceof Activation.LeakyRelu lr) {
            return new BigFraction[] {BigFraction.ZERO, lr.slope()};
        }
        return new BigFraction[] {BigFraction.ZERO};
    }

    private static BigFraction[] derivative(BigFraction[] a) {
        if (a.length == 1) {
            return new BigFraction[] {BigFraction.ZERO};
        }
        BigFraction[] d = new BigFraction[a.length - 1];
        for (int k = 1; k < a.length; k++) {
            d[k - 1] = a[k].multiply(k);
        }
        return d;
    }

    /** Integration limits with their powers, extended on demand. */
    private static final class Span<T extends Num<T>> {
        final T l;
        final T r;
        final List<T> lp = new ArrayList<>();
        final List<T> rp = new ArrayList<>();
        final NumField<T> f;

        Span(NumField<T> f, T l, T r) {
            this.f = f;
            this.l = l;
            this.r = r;
            lp.add(f.one());
            rp.add(f.one());
        }

        T integrate(XPoly<T> p) {
            int need = p.degree() + 1;
            while (lp.size() <= need) {
                lp.add(lp.get(lp.size() - 1).multiply(l));
                rp.add(rp.get(rp.size() - 1).multiply(r));
            }
            T[] a = f.newArray(need + 1);
            T[] b = f.newArray(need + 1);
            for (int k = 0; k <= need; k++) {
                a[k] = lp.get(k);
                b[k] = rp.get(k);
            }
            return p.integrate(a, b);
        }
    }

    /**
     * One cell [l, r] on which every unit is polynomial: forward pass with polynomials in x,
     * backward pass with polynomial adjoints, each gradient entry the integral of a product
     * (proofs-notes/loss-gradient.md §2). {@code br} gives the first hidden layer's branches
     * (null for a polynomial activation).
     */
    private static <T extends Num<T>> void polynomialCell(Network net, NumField<T> f, T[] theta, T l, T r,
            BigFraction[] target, Branch[] br, Acc<T> acc) {
        int layers = net.layers();
        Activation act = net.activation();
        Span<T> span = new Span<>(f, l, r);
        @SuppressWarnings("unchecked")
        XPoly<T>[][] a = new XPoly[layers + 1][];
        @SuppressWarnings("unchecked")
        XPoly<T>[][] d = new XPoly[layers + 1][];
        a[0] = new XPoly[] {XPoly.identity(f)};
        for (int ll = 0; ll < layers; ll++) {
            int in = net.width(ll);
            int out = net.width(ll + 1);
            int wOff = net.weightOffset(ll);
            int bOff = net.biasOffset(ll);
            @SuppressWarnings("unchecked")
            XPoly<T>[] next = new XPoly[out];
            @SuppressWarnings("unchecked")
            XPoly<T>[] der = ll + 1 < layers ? new XPoly[out] : null;
            for (int o = 0; o < out; o++) {
                XPoly<T> z = XPoly.constant(f, theta[bOff + o]);
                for (int k = 0; k < in; k++) {
                    z = z.add(a[ll][k].scale(theta[wOff + o * in + k]));
                }
                if (der != null) {
                    BigFraction[] sigma = branchPoly(act, br == null ? null : br[o]);
                    next[o] = z.compose(sigma);
                    der[o] = z.compose(derivative(sigma));
                } else {
                    next[o] = z;
                }
            }
            a[ll + 1] = next;
            d[ll + 1] = der;
        }
        XPoly<T> res = a[layers][0].subtract(XPoly.ofRationals(f, target));
        acc.addLoss(span.integrate(res.multiply(res)));
        @SuppressWarnings("unchecked")
        XPoly<T>[] delta = new XPoly[] {res};
        for (int ll = layers - 1; ll >= 0; ll--) {
            int in = net.width(ll);
            int out = net.width(ll + 1);
            int wOff = net.weightOffset(ll);
            int bOff = net.biasOffset(ll);
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < in; k++) {
                    acc.addGrad(wOff + o * in + k, span.integrate(delta[o].multiply(a[ll][k])));
                }
                acc.addGrad(bOff + o, span.integrate(delta[o]));
            }
            if (ll > 0) {
                @SuppressWarnings("unchecked")
                XPoly<T>[] prev = new XPoly[in];
                for (int k = 0; k < in; k++) {
                    XPoly<T> t = delta[0].scale(theta[wOff + k]);
                    for (int o = 1; o < out; o++) {
                        t = t.add(delta[o].scale(theta[wOff + o * in + k]));
                    }
                    prev[k] = t.multiply(d[ll][k]);
                }
                delta = prev;
            }
        }
    }

    // ---------------------------------------------------------------- boxes: exact-endpoint cells

    /**
     * Boxes: cells with exact rational endpoints (the piece's ends and the rational bounds of
     * every kink enclosure), bisected where a unit with w ∋ 0 is undecided;
     * decided cells are integrated exactly, the rest enclosed crudely (§3 of the note).
     */
    private static <T extends Num<T>> void subdivided(Network net, NumField<T> f, T[] theta, Risk.Piece pc,
            boolean kinked, BiFunction<BigFraction, BigFraction, T> hull, Acc<T> acc) {
        BigFraction s = pc.from();
        BigFraction t = pc.to();
        List<BigFraction> cuts = new ArrayList<>();
        cuts.add(s);
        cuts.add(t);
        int h = kinked ? net.width(1) : 0;
        // per unit: the sign of w (+1, −1, 0 exactly zero, 2 undecided) and the kink's rational enclosure
        int[] wSign = new int[h];
        BigFraction[] kLo = new BigFraction[h];
        BigFraction[] kHi = new BigFraction[h];
        for (int j = 0; j < h; j++) {
            T w = theta[j];
            if (w.isPositive() || w.isNegative()) {
                wSign[j] = w.isPositive() ? 1 : -1;
                T k = theta[h + j].divide(w).negate();
                kLo[j] = k.lower();
                kHi[j] = k.upper();
                for (BigFraction q : new BigFraction[] {kLo[j], kHi[j]}) {
                    if (Numbers.compare(q, s) > 0 && Numbers.compare(q, t) < 0) {
                        cuts.add(q);
                    }
                }
            } else {
                wSign[j] = isZero(w) ? 0 : 2;
            }
        }
        cuts.sort(Numbers.ORDER);
        Kinks k = new Kinks(wSign, kLo, kHi);
        for (int i = 0; i + 1 < cuts.size(); i++) {
            if (Numbers.compare(cuts.get(i), cuts.get(i + 1)) < 0) {
                cell(net, f, theta, cuts.get(i), cuts.get(i + 1), pc.poly(), kinked ? k : null, hull, acc, 0);
            }
        }
    }

    /** The first layer's w signs and kink enclosures (see {@link #subdivided}). */
    private record Kinks(int[] wSign, BigFraction[] lo, BigFraction[] hi) {
    }

    /** Bisection depth for cells where a unit with w ∋ 0 is undecided. */
    static final int W_ZERO_DEPTH = 8;

    private static <T extends Num<T>> void cell(Network net, NumField<T> f, T[] theta, BigFraction l,
            BigFraction r, BigFraction[] target, Kinks kinks, BiFunction<BigFraction, BigFraction, T> hull,
            Acc<T> acc, int depth) {
        Branch[] br = null;
        boolean decided = true;
        boolean bisectable = false;
        if (kinks != null) {
            int h = net.width(1);
            br = new Branch[h];
            for (int j = 0; j < h; j++) {
                int sg = kinks.wSign[j];
                if (sg == 1 || sg == -1) {
                    // every kink k(θ) lies in [lo, hi]; an open cell left or right of that range has
                    // z = w (x − k) of one sign throughout, for every θ (the cell ends are a null set)
                    if (Numbers.compare(r, kinks.lo[j]) <= 0) {
                        br[j] = sg > 0 ? Branch.NONPOSITIVE : Branch.POSITIVE;
                    } else if (Numbers.compare(l, kinks.hi[j]) >= 0) {
                        br[j] = sg > 0 ? Branch.POSITIVE : Branch.NONPOSITIVE;
                    } else {
                        decided = false; // the cell lies inside the kink's range: bisection cannot help
                    }
                } else if (sg == 0) {
                    br[j] = Branch.of(theta[h + j]);
                    decided &= br[j] != null;
                } else {
                    // w ∋ 0: z is affine in x for each θ, so a sign shared by both ends holds on the cell
                    Branch bl = Branch.of(theta[j].multiply(f.of(l)).add(theta[h + j]));
                    Branch bR = Branch.of(theta[j].multiply(f.of(r)).add(theta[h + j]));
                    if (bl != null && bl == bR) {
                        br[j] = bl;
                    } else {
                        decided = false;
                        bisectable = true;
                    }
                }
            }
        }
        if (decided) {
            polynomialCell(net, f, theta, f.of(l), f.of(r), target, br, acc);
        } else if (bisectable && depth < W_ZERO_DEPTH) {
            BigFraction m = l.add(r).divide(2);
            cell(net, f, theta, l, m, target, kinks, hull, acc, depth + 1);
            cell(net, f, theta, m, r, target, kinks, hull, acc, depth + 1);
        } else {
            crude(net, f, theta, l, r, target, hull, acc);
        }
    }

    /**
     * ∫_X g ∈ |X|·g(X): the integrand enclosed over the whole cell (x as a set), times the width.
     * Sound for any integrand the backprop encloses; first order only.
     */
    private static <T extends Num<T>> void crude(Network net, NumField<T> f, T[] theta, BigFraction l,
            BigFraction r, BigFraction[] target, BiFunction<BigFraction, BigFraction, T> hull, Acc<T> acc) {
        T x = hull.apply(l, r);
        T[] xv = f.newArray(1);
        xv[0] = x;
        T[] yv = f.newArray(1);
        yv[0] = XPoly.ofRationals(f, target).at(x);
        T[] wv = f.newArray(1);
        wv[0] = f.of(r.subtract(l));
        Backprop<T> bp = Backprop.run(net, f, theta, wrap(xv), wrap(yv), wv);
        acc.addLoss(bp.sum);
        for (int k = 0; k < bp.g.length; k++) {
            acc.addGrad(k, bp.g[k]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Num<T>> T[][] wrap(T[] v) {
        T[][] m = (T[][]) java.lang.reflect.Array.newInstance(v.getClass(), 1);
        m[0] = v;
        return m;
    }

    private static <T extends Num<T>> void crudeCells(Network net, NumField<T> f, T[] theta, Risk.Piece pc,
            BiFunction<BigFraction, BigFraction, T> hull, Acc<T> acc) {
        BigFraction s = pc.from();
        BigFraction w = pc.to().subtract(s).divide(SMOOTH_CELLS);
        for (int i = 0; i < SMOOTH_CELLS; i++) {
            crude(net, f, theta, s.add(w.multiply(i)), s.add(w.multiply(i + 1)), pc.poly(), hull, acc);
        }
    }

    // ---------------------------------------------------------------- double: Gauss–Legendre

    private static <T extends Num<T>> void gaussLegendre(Network net, NumField<T> f, T[] theta, Risk.Piece pc,
            Acc<T> acc) {
        double[][] nw = GaussLegendre.rule(GL_NODES);
        double s = pc.from().doubleValue();
        double t = pc.to().doubleValue();
        double h = (t - s) / GL_PANELS;
        int n = GL_NODES * GL_PANELS;
        T[][] xs = wrapMany(f, n);
        T[][] ys = wrapMany(f, n);
        T[] ws = f.newArray(n);
        XPoly<T> target = XPoly.ofRationals(f, pc.poly());
        int q = 0;
        for (int p = 0; p < GL_PANELS; p++) {
            double c = s + (p + 0.5) * h;
            for (int i = 0; i < GL_NODES; i++) {
                T x = f.of(BigFraction.from(c + 0.5 * h * nw[0][i]));
                xs[q][0] = x;
                ys[q][0] = target.at(x);
                ws[q] = f.of(BigFraction.from(0.5 * h * nw[1][i]));
                q++;
            }
        }
        Backprop<T> bp = Backprop.run(net, f, theta, xs, ys, ws);
        acc.addLoss(bp.sum);
        for (int k = 0; k < bp.g.length; k++) {
            acc.addGrad(k, bp.g[k]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Num<T>> T[][] wrapMany(NumField<T> f, int n) {
        T[] one = f.newArray(1);
        T[][] m = (T[][]) java.lang.reflect.Array.newInstance(one.getClass(), n);
        for (int i = 0; i < n; i++) {
            m[i] = f.newArray(1);
        }
        return m;
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return Numbers.compare(a, b) >= 0 ? a : b;
    }

    private static BigFraction min(BigFraction a, BigFraction b) {
        return Numbers.compare(a, b) <= 0 ? a : b;
    }
}
