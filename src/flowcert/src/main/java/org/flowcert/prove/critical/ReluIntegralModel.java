package org.flowcert.prove.critical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * L and ∇L of a shallow relu net N(x) = c + Σ_j v_j relu(w_j x + b_j) (widths [1, H, 1])
 * under the integral risk L = ∫_a^b (N − f)² with a piecewise-polynomial target, over a
 * box of parameters, by splitting the domain into cells (proofs-notes/critical-relu-bnb.md):
 * <ul>
 * <li>on a cell where every unit has a decided sign for every θ in the box (z ≥ 0 with w or
 * b ≠ 0, or z ≤ 0) and one target piece applies, N − f is a polynomial in x whose
 * coefficients are interval expressions of θ, integrated exactly in x with outward rounding;
 * <li>on a cell where a unit's sign is undecided the integrand is bounded by its interval
 * range times the cell length.
 * </ul>
 * Cell edges are the ends of each unit's kink range −b/w over the box (when w excludes 0),
 * the target's breakpoints, and a uniform grid of {@code grid} cells when some unit has w ∋ 0.
 * Also an exact evaluation at a rational θ. Gradient convention relu'(0) = 0.
 */
public final class ReluIntegralModel {
    final int h;
    final double a;
    final double b;
    /** Target pieces as doubles (breakpoints must be binary64 numbers, checked). */
    final double[] pieceFrom;
    final double[] pieceTo;
    final double[][] piecePoly;
    final Risk.Integral risk;

    private ReluIntegralModel(int h, Risk.Integral risk) {
        this.h = h;
        this.risk = risk;
        this.a = exactDouble(risk.a());
        this.b = exactDouble(risk.b());
        int n = risk.target().size();
        pieceFrom = new double[n];
        pieceTo = new double[n];
        piecePoly = new double[n][];
        for (int i = 0; i < n; i++) {
            Risk.Piece p = risk.target().get(i);
            pieceFrom[i] = exactDouble(p.from());
            pieceTo[i] = exactDouble(p.to());
            piecePoly[i] = new double[p.poly().length];
            for (int k = 0; k < p.poly().length; k++) {
                piecePoly[i][k] = exactDouble(p.poly()[k]);
            }
        }
    }

    private static double exactDouble(BigFraction q) {
        double d = q.doubleValue();
        if (!Double.isFinite(d) || Numbers.compare(Numbers.ofDouble(d), q) != 0) {
            throw new IllegalArgumentException("the relu branch and bound needs domain, target breakpoints and"
                    + " target coefficients that are binary64 numbers; " + Numbers.format(q) + " is not");
        }
        return d;
    }

    /** Why the problem is outside this model, or null. */
    public static String unsupportedReason(Problem p) {
        int[] w = p.network().widths();
        if (w.length != 3 || w[0] != 1 || w[2] != 1) {
            return "the relu branch and bound covers shallow 1-H-1 networks only";
        }
        if (!(p.network().activation() instanceof Activation.Relu)) {
            return "the relu branch and bound needs the relu activation";
        }
        if (!(p.risk() instanceof Risk.Integral)) {
            return "the relu branch and bound needs an integral risk";
        }
        try {
            new ReluIntegralModel(w[1], (Risk.Integral) p.risk());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    public static ReluIntegralModel of(Problem p) {
        String why = unsupportedReason(p);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return new ReluIntegralModel(p.network().widths()[1], (Risk.Integral) p.risk());
    }

    public int units() {
        return h;
    }

    public int parameterCount() {
        return 3 * h + 1;
    }

    /** Loss and gradient enclosures over a box. */
    public record Enclosure(DI loss, DI[] grad) {
    }

    /**
     * Encloses L and ∇L over the box θ_i ∈ [lo_i, hi_i]. {@code grid} ≥ 1 is the number of
     * uniform cells used when a unit's w interval contains 0.
     */
    Enclosure evaluate(double[] lo, double[] hi, int grid) {
        DI[] w = new DI[h];
        DI[] bb = new DI[h];
        DI[] v = new DI[h];
        for (int j = 0; j < h; j++) {
            w[j] = DI.of(lo[j], hi[j]);
            bb[j] = DI.of(lo[h + j], hi[h + j]);
            v[j] = DI.of(lo[2 * h + j], hi[2 * h + j]);
        }
        DI c = DI.of(lo[3 * h], hi[3 * h]);
        TreeSet<Double> edges = new TreeSet<>();
        edges.add(a);
        edges.add(b);
        for (int i = 0; i < pieceFrom.length; i++) {
            addEdge(edges, pieceFrom[i]);
            addEdge(edges, pieceTo[i]);
        }
        boolean flatUnit = false;
        for (int j = 0; j < h; j++) {
            if (w[j].lo > 0 || w[j].hi < 0) {
                // kink −b/w ranges over the quotient interval; its ends need not be exact:
                // any double edge is fine, classification below is rigorous per cell
                double k1 = -bb[j].lo / w[j].lo;
                double k2 = -bb[j].lo / w[j].hi;
                double k3 = -bb[j].hi / w[j].lo;
                double k4 = -bb[j].hi / w[j].hi;
                addEdge(edges, Math.nextDown(Math.min(Math.min(k1, k2), Math.min(k3, k4))));
                addEdge(edges, Math.nextUp(Math.max(Math.max(k1, k2), Math.max(k3, k4))));
            } else {
                flatUnit = true;
            }
        }
        if (flatUnit && grid > 1) {
            for (int g = 1; g < grid; g++) {
                addEdge(edges, a + (b - a) * g / grid);
            }
        }
        Double[] e = edges.toArray(new Double[0]);
        DI loss = DI.ZERO;
        DI[] grad = new DI[3 * h + 1];
        Arrays.fill(grad, DI.ZERO);
        int[] status = new int[h];
        for (int k = 0; k + 1 < e.length; k++) {
            double x0 = e[k];
            double x1 = e[k + 1];
            DI xs = DI.of(x0, x1);
            boolean decided = true;
            for (int j = 0; j < h; j++) {
                DI z = w[j].mul(xs).add(bb[j]);
                if (z.hi <= 0) {
                    status[j] = 0;
                } else if (z.lo >= 0 && (w[j].lo > 0 || w[j].hi < 0 || bb[j].lo > 0)) {
                    status[j] = 1;
                } else {
                    status[j] = 2;
                    decided = false;
                }
            }
            int piece = pieceOf(x0, x1);
            if (decided && piece >= 0) {
                // g(x) = N(x) − f(x) = Σ_k g_k x^k
                double[] f = piecePoly[piece];
                int deg = Math.max(1, f.length - 1);
                DI[] gk = new DI[deg + 1];
                Arrays.fill(gk, DI.ZERO);
                DI g0 = c;
                DI g1 = DI.ZERO;
                for (int j = 0; j < h; j++) {
                    if (status[j] == 1) {
                        g0 = g0.add(v[j].mul(bb[j]));
                        g1 = g1.add(v[j].mul(w[j]));
                    }
                }
                gk[0] = g0;
                gk[1] = g1;
                for (int q = 0; q < f.length; q++) {
                    gk[q] = gk[q].sub(DI.point(f[q]));
                }
                DI[] m = powerIntegrals(x0, x1, 2 * deg + 1);
                DI l = DI.ZERO;
                for (int p = 0; p <= deg; p++) {
                    l = l.add(gk[p].sqr().mul(m[2 * p]));
                    for (int q = p + 1; q <= deg; q++) {
                        l = l.add(gk[p].mul(gk[q]).mul(m[p + q]).mul(2));
                    }
                }
                loss = loss.add(l.lo < 0 ? DI.of(0, l.hi) : l);
                DI i0 = DI.ZERO;
                DI i1 = DI.ZERO;
                for (int p = 0; p <= deg; p++) {
                    i0 = i0.add(gk[p].mul(m[p]));
                    i1 = i1.add(gk[p].mul(m[p + 1]));
                }
                grad[3 * h] = grad[3 * h].add(i0.mul(2));
                for (int j = 0; j < h; j++) {
                    if (status[j] == 1) {
                        grad[2 * h + j] = grad[2 * h + j].add(w[j].mul(i1).add(bb[j].mul(i0)).mul(2));
                        grad[j] = grad[j].add(v[j].mul(i1).mul(2));
                        grad[h + j] = grad[h + j].add(v[j].mul(i0).mul(2));
                    }
                }
            } else {
                // crude: every integrand's range over cell × box, times the cell length
                DI len = DI.point(x1).sub(DI.point(x0));
                DI n = c;
                DI[] r = new DI[h];
                DI[] s = new DI[h];
                for (int j = 0; j < h; j++) {
                    DI z = w[j].mul(xs).add(bb[j]);
                    r[j] = z.relu();
                    s[j] = status[j] == 1 ? DI.point(1) : status[j] == 0 ? DI.ZERO : DI.of(0, 1);
                    n = n.add(v[j].mul(r[j]));
                }
                DI g = n.sub(targetRange(x0, x1));
                loss = loss.add(g.sqr().mul(len));
                DI g2 = g.mul(len).mul(2);
                grad[3 * h] = grad[3 * h].add(g2);
                for (int j = 0; j < h; j++) {
                    grad[2 * h + j] = grad[2 * h + j].add(g2.mul(r[j]));
                    DI vs = v[j].mul(s[j]);
                    grad[j] = grad[j].add(g2.mul(vs).mul(xs));
                    grad[h + j] = grad[h + j].add(g2.mul(vs));
                }
            }
        }
        return new Enclosure(loss, grad);
    }

    private void addEdge(TreeSet<Double> edges, double x) {
        if (x > a && x < b) {
            edges.add(x + 0.0);
        }
    }

    /** The target piece covering [x0, x1] entirely, or −1. */
    private int pieceOf(double x0, double x1) {
        for (int i = 0; i < pieceFrom.length; i++) {
            if (pieceFrom[i] <= x0 && x1 <= pieceTo[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Hull of the target's values on [x0, x1] (every piece meeting it). */
    private DI targetRange(double x0, double x1) {
        DI xs = DI.of(x0, x1);
        DI out = null;
        for (int i = 0; i < pieceFrom.length; i++) {
            if (pieceTo[i] < x0 || pieceFrom[i] > x1) {
                continue;
            }
            DI xi = DI.of(Math.max(x0, pieceFrom[i]), Math.min(x1, pieceTo[i]));
            double[] f = piecePoly[i];
            DI acc = DI.point(f[f.length - 1]);
            for (int q = f.length - 2; q >= 0; q--) {
                acc = acc.mul(xi).add(DI.point(f[q]));
            }
            out = out == null ? acc : out.hull(acc);
            xs = xi;
        }
        return out;
    }

    /** ∫_{x0}^{x1} x^n dx for n = 0..maxN, enclosed. */
    private static DI[] powerIntegrals(double x0, double x1, int maxN) {
        DI[] m = new DI[maxN + 1];
        DI p0 = DI.point(x0);
        DI p1 = DI.point(x1);
        DI q0 = p0;
        DI q1 = p1;
        for (int n = 0; n <= maxN; n++) {
            // x1^(n+1) − x0^(n+1), divided by n + 1
            DI d = q1.sub(q0);
            double inv = 1.0 / (n + 1);
            m[n] = d.mul(DI.of(Math.nextDown(inv), Math.nextUp(inv)));
            q0 = q0.mul(p0);
            q1 = q1.mul(p1);
        }
        return m;
    }

    // ---- exact evaluation at a rational θ ----

    /** L(θ) and ∇L(θ) exactly (a.e. gradient with relu'(0) = 0), for a rational θ. */
    public BigFraction[] exactLossAndGradient(BigFraction[] theta) {
        TreeSet<BigFraction> cuts = new TreeSet<>(Numbers.ORDER);
        cuts.add(risk.a());
        cuts.add(risk.b());
        for (Risk.Piece p : risk.target()) {
            addCut(cuts, p.from());
            addCut(cuts, p.to());
        }
        for (int j = 0; j < h; j++) {
            if (theta[j].signum() != 0) {
                addCut(cuts, theta[h + j].negate().divide(theta[j]));
            }
        }
        BigFraction[] out = new BigFraction[3 * h + 2];
        Arrays.fill(out, BigFraction.ZERO);
        List<BigFraction> e = new ArrayList<>(cuts);
        for (int k = 0; k + 1 < e.size(); k++) {
            BigFraction x0 = e.get(k);
            BigFraction x1 = e.get(k + 1);
            BigFraction xm = x0.add(x1).divide(2);
            RationalPolynomial f = null;
            for (Risk.Piece p : risk.target()) {
                if (Numbers.compare(p.from(), x0) <= 0 && Numbers.compare(x1, p.to()) <= 0) {
                    f = RationalPolynomial.of(p.poly());
                    break;
                }
            }
            RationalPolynomial g = RationalPolynomial.constant(theta[3 * h]).subtract(f);
            boolean[] on = new boolean[h];
            for (int j = 0; j < h; j++) {
                // the sign of w x + b is constant on the open cell; test at its midpoint
                on[j] = theta[j].multiply(xm).add(theta[h + j]).signum() > 0;
                if (on[j]) {
                    g = g.add(RationalPolynomial.of(theta[h + j], theta[j]).scale(theta[2 * h + j]));
                }
            }
            out[0] = out[0].add(MonomialProfile.integrate(g.multiply(g), x0, x1));
            BigFraction i0 = MonomialProfile.integrate(g, x0, x1);
            BigFraction i1 = MonomialProfile.integrate(g.multiply(RationalPolynomial.X), x0, x1);
            out[1 + 3 * h] = out[1 + 3 * h].add(i0.multiply(2));
            for (int j = 0; j < h; j++) {
                if (on[j]) {
                    out[1 + 2 * h + j] = out[1 + 2 * h + j].add(theta[j].multiply(i1).add(theta[h + j].multiply(i0))
                            .multiply(2));
                    out[1 + j] = out[1 + j].add(theta[2 * h + j].multiply(i1).multiply(2));
                    out[1 + h + j] = out[1 + h + j].add(theta[2 * h + j].multiply(i0).multiply(2));
                }
            }
        }
        return out;
    }

    private void addCut(TreeSet<BigFraction> cuts, BigFraction x) {
        if (Numbers.compare(x, risk.a()) > 0 && Numbers.compare(x, risk.b()) < 0) {
            cuts.add(x);
        }
    }
}
