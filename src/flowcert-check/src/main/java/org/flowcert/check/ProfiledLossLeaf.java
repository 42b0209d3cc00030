package org.flowcert.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Leaf {@code p} of rule {@code critical-profiled} (proofs-notes/critical-profiled.md §4c): a Taylor form of the
 * PROFILED loss in the inner parameters u alone, which closes the whole column U × ℝ^{na} (every output layer a).
 *
 * <p>Lemma (§4c). Write L(u, a) = κ Σ_{i,o} (φ(x_i; u)·a_o − y_io)², with φ(x; u) the features of the output layer
 * (the last hidden layer's activations and the constant 1) and a_o the output layer's weights and bias of output
 * o. Let G(u) = Σ_i φ_i φ_iᵀ and r_o(u) = Σ_i y_io φ_i. If det G(u) > 0 on U then for every u ∈ U and every a:
 * ∇_{a_o} L = 2κ (G a_o − r_o) vanishes iff a_o = a*_o(u) = G⁻¹ r_o, and then ∇_u L(u, a*(u)) = ∇R(u) for the
 * profiled loss R(u) = L(u, a*(u)) = κ Σ_o (Σ_i y_io² − r_oᵀ G⁻¹ r_o) = κ Σ_o det M_o / det G, M_o the Gram matrix
 * of the features and the targets (the Schur complement), by the envelope theorem (the chain-rule term
 * J_{a*}ᵀ ∇_a L is zero). So a critical point (u, a) of L with u ∈ U has ∇R(u) = 0, hence
 * f(u) = ⟨d, ∇R(u)⟩ = 0, and L(u, a) = R(u). The leaf holds when det G(U) > 0 and either R(U) ≥ c or the
 * second-order Taylor form of f about the centre u'' of U, with remainder T ⊇ ∇²f(U), excludes 0 (the form of §4b).
 *
 * <p>Computed exactly with the order-2 {@link Jet} in the inner parameters only, over dual numbers u_k + ε d_k:
 * the ε-parts of R's value, gradient and Hessian enclose f, ∇f and ∇²f. At the point u'' the scalars are
 * {@link Dual} numbers over rational intervals; over the cell U they are {@link DualOf} numbers over first-order
 * centred forms ({@link CentredForm}: c + Σ g_l Δ_l, with its own product, activation and reciprocal rules), whose
 * hulls enclose the quantities over U. New operations: the reciprocal of the determinant (one per jet; an interval
 * reciprocal [1/hi, 1/lo] rounded outward where the enclosure excludes 0) and the centred forms' rules. Squares are
 * recognised by object identity ({@code o == this}), which is sound only because one object never stands for two
 * different functions of u (G's symmetric entries G_kl and G_lk are one object, so G_kl·G_lk is a square).
 */
final class ProfiledLossLeaf {
    private static final BigFraction ZERO = BigFraction.ZERO;
    private final Net net;
    private final BigFraction c;
    private final int bits;
    /** The direction d over the inner parameters u (length a0). */
    private final BigFraction[] dir;
    /** The number of inner parameters u, and the last hidden width m (features m + 1). */
    private final int a0;
    private final int m;

    /** What the leaf found: whether it holds, and a split score per inner coordinate (for the prover). */
    record Outcome(boolean holds, BigFraction[] score) {
    }

    ProfiledLossLeaf(Net net, BigFraction c, int bits, BigFraction[] dir) {
        this.net = net;
        this.c = c;
        this.bits = bits;
        this.dir = dir.clone();
        this.a0 = dir.length;
        this.m = net.widths[net.widths.length - 2];
    }

    /** The leaf on the column over the inner cell u (a0 intervals; the output layer's box plays no part). */
    Outcome test(RationalInterval[] u) throws Invalid {
        @SuppressWarnings("unchecked")
        DualOf<CentredForm>[] overCell = new DualOf[a0];
        Dual[] atPoint = new Dual[a0];
        RationalInterval[] delta = new RationalInterval[a0];
        BigFraction[] score = new BigFraction[a0];
        for (int k = 0; k < a0; k++) {
            RationalInterval dk = RationalInterval.of(dir[k], bits);
            BigFraction mid = u[k].mid();
            atPoint[k] = new Dual(RationalInterval.of(mid, bits), dk);
            delta[k] = u[k].sub(RationalInterval.of(mid, bits));
            score[k] = RationalInterval.up(u[k].rad(), 16); // where det G is not bounded away from 0: the widest
        }
        for (int k = 0; k < a0; k++) {
            CentredForm dk = new CentredForm(RationalInterval.of(dir[k], bits), null, delta);
            overCell[k] = new DualOf<>(CentredForm.variable(u[k].mid(), k, delta, bits), dk);
        }
        BigFraction[][] basis = basis(Net.point(Arrays.stream(u).map(RationalInterval::mid)
                .toArray(BigFraction[]::new), bits));
        Jet<DualOf<CentredForm>> cell = profiledLoss(overCell, 2, CENTRED, basis);
        if (cell == null) {
            return new Outcome(false, score);
        }
        if (cell.v().v().hull().lo().subtract(c).signum() >= 0) {
            return new Outcome(true, score); // L(u, a) ≥ R(u) ≥ c on the whole column
        }
        Jet<Dual> point = profiledLoss(atPoint, 1, DUAL, basis);
        if (point == null) {
            return new Outcome(false, score);
        }
        RationalInterval half = RationalInterval.of(BigFraction.of(1, 2), bits);
        RationalInterval t = point.v().e();
        BigFraction[] part = new BigFraction[a0];
        Arrays.fill(part, ZERO);
        for (int l = 0; l < a0; l++) {
            Work.tick();
            RationalInterval linear = point.g()[l].e().mul(delta[l]);
            RationalInterval square = half.mul(cell.h()[l][l].e().hull()).mul(delta[l].sqr());
            t = t.add(linear).add(square);
            part[l] = part[l].add(linear.mag()).add(square.mag());
            for (int k = l + 1; k < a0; k++) { // the (l, k) and (k, l) terms of the symmetric remainder together
                RationalInterval cross = cell.h()[l][k].e().hull().mul(delta[l].mul(delta[k]));
                t = t.add(cross);
                part[l] = part[l].add(cross.mag().divide(2));
                part[k] = part[k].add(cross.mag().divide(2));
            }
        }
        boolean ok = t.lo().signum() > 0 || t.hi().signum() < 0;
        for (int l = 0; l < a0; l++) { // for the prover: split where the form's spread comes from
            score[l] = RationalInterval.up(part[l].add(u[l].rad().divide(1 << 20)), 16); // > 0: never the a-coordinates
        }
        return new Outcome(ok, score);
    }

    /**
     * R(u) = κ Σ_o det M_o / det G as a jet of the given order over the dual inner parameters u, or null when the
     * enclosure of det G does not lie above 0.
     */
    <T extends Scalar<T>> Jet<T> profiledLoss(T[] u, int order, Ops<T> ops) throws Invalid {
        return profiledLoss(u, order, ops, null);
    }

    /**
     * As above with the features replaced by ψ = Bφ for a rational f × f matrix B (null: the identity). R is the same
     * function for every B with det B ≠ 0 (det G_ψ = det(B)² det G_φ and det M_ψ = det(B)² det M_φ), and det G_ψ > 0
     * implies det B ≠ 0, so B needs no check; a B with B G(u'') Bᵀ ≈ diagonal only removes the cancellation in the
     * determinants of nearly collinear features.
     */
    <T extends Scalar<T>> Jet<T> profiledLoss(T[] u, int order, Ops<T> ops, BigFraction[][] basis) throws Invalid {
        int f = m + 1;
        int outs = net.widths[net.widths.length - 1];
        List<List<Jet<T>>> phi = new ArrayList<>();
        for (BigFraction[] x : net.xs) {
            List<Jet<T>> raw = features(u, x, order);
            if (basis == null) {
                phi.add(raw);
                continue;
            }
            List<Jet<T>> psi = new ArrayList<>();
            for (int k = 0; k < f; k++) {
                Jet<T> s = zero(u, order);
                for (int j = 0; j <= k; j++) { // B is lower triangular
                    if (basis[k][j].signum() != 0) {
                        s = s.add(Jet.constant(u[0].c(basis[k][j]), a0, order).mul(raw.get(j)));
                    }
                }
                psi.add(s);
            }
            phi.add(psi);
        }
        Jet<T> zero = zero(u, order);
        // the Gram matrix of the features and, in row/column f, the targets of output o
        List<Jet<T>[][]> grams = new ArrayList<>();
        for (int o = 0; o < outs; o++) {
            @SuppressWarnings("unchecked")
            Jet<T>[][] g = new Jet[f + 1][f + 1];
            grams.add(g);
        }
        for (int k = 0; k <= f; k++) {
            for (int l = k; l <= f; l++) {
                if (k < f && l < f) {
                    Jet<T> s = zero;
                    for (List<Jet<T>> p : phi) {
                        s = s.add(p.get(k).mul(p.get(l))); // on the diagonal one object: a square (CentredForm)
                    }
                    for (Jet<T>[][] g : grams) {
                        g[k][l] = s;
                        g[l][k] = s;
                    }
                    continue;
                }
                for (int o = 0; o < outs; o++) {
                    Jet<T> s = zero;
                    for (int i = 0; i < phi.size(); i++) {
                        BigFraction yi = net.ys[i][o];
                        s = s.add(l == f && k == f ? Jet.constant(u[0].c(yi.multiply(yi)), a0, order)
                                : phi.get(i).get(k).mul(Jet.constant(u[0].c(yi), a0, order)));
                    }
                    grams.get(o)[k][l] = s;
                    grams.get(o)[l][k] = s;
                }
            }
        }
        Jet<T> detG = det(grams.get(0), f);
        if (ops.value(detG.v()).lo().signum() <= 0) {
            return null;
        }
        Jet<T> inv = reciprocal(detG, ops);
        Jet<T> sum = zero;
        for (Jet<T>[][] g : grams) {
            sum = sum.add(det(g, f + 1).mul(inv));
        }
        return sum.mul(Jet.constant(u[0].c(net.weight), a0, order));
    }

    private <T extends Scalar<T>> Jet<T> zero(T[] u, int order) {
        return Jet.constant(u[0].c(ZERO), a0, order);
    }

    /**
     * A lower triangular B with B G0 Bᵀ ≈ diagonal with entries in [1/4, 4): symmetric Gaussian elimination without
     * pivoting on the rational G0 = Gram matrix of the features' midpoints at u'' (rows rescaled by powers of 2,
     * entries rounded to the step's bits); null when a pivot is not positive. Any B is sound (profiledLoss).
     */
    BigFraction[][] basis(RationalInterval[] centre) throws Invalid {
        int f = m + 1;
        BigFraction[][] g = new BigFraction[f][f];
        for (BigFraction[] row : g) {
            Arrays.fill(row, ZERO);
        }
        for (BigFraction[] x : net.xs) {
            List<Jet<RationalInterval>> phi = features(centre, x, 0);
            for (int k = 0; k < f; k++) {
                for (int l = 0; l < f; l++) {
                    g[k][l] = g[k][l].add(phi.get(k).v().mid().multiply(phi.get(l).v().mid()));
                }
            }
        }
        BigFraction[][] e = new BigFraction[f][f];
        for (int k = 0; k < f; k++) {
            for (int l = 0; l < f; l++) {
                g[k][l] = RationalInterval.up(g[k][l], bits + 32);
                e[k][l] = k == l ? BigFraction.ONE : ZERO;
            }
        }
        for (int k = 0; k < f; k++) {
            BigFraction piv = g[k][k];
            if (piv.signum() <= 0) {
                return null;
            }
            for (int r = k + 1; r < f; r++) {
                BigFraction fct = RationalInterval.up(g[r][k].divide(piv), bits + 32);
                for (int j = 0; j < f; j++) {
                    g[r][j] = RationalInterval.up(g[r][j].subtract(fct.multiply(g[k][j])), bits + 32);
                    e[r][j] = RationalInterval.up(e[r][j].subtract(fct.multiply(e[k][j])), bits + 32);
                }
                for (int j = 0; j < f; j++) { // the symmetric column operation
                    g[j][r] = g[r][j];
                }
                g[r][k] = ZERO;
                g[k][r] = ZERO;
            }
        }
        BigFraction[][] b = new BigFraction[f][f];
        for (int k = 0; k < f; k++) {
            // 2^-s with 4^s ≈ the pivot: the row's Gram entry becomes ≈ 1
            int s = (g[k][k].getNumerator().bitLength() - g[k][k].getDenominator().bitLength()) / 2;
            BigFraction scale = s >= 0 ? BigFraction.of(java.math.BigInteger.ONE, java.math.BigInteger.ONE.shiftLeft(s))
                    : BigFraction.of(java.math.BigInteger.ONE.shiftLeft(-s));
            for (int j = 0; j < f; j++) {
                b[k][j] = RationalInterval.up(e[k][j].multiply(scale), bits);
            }
        }
        return b;
    }

    /** The features (σ(z_1), ..., σ(z_m), 1) of the last hidden layer at input x, as jets in the inner parameters. */
    private <T extends Scalar<T>> List<Jet<T>> features(T[] u, BigFraction[] x, int order) throws Invalid {
        List<Jet<T>> act = new ArrayList<>();
        for (BigFraction xi : x) {
            act.add(Jet.constant(u[0].c(xi), a0, order));
        }
        int off = 0;
        for (int l = 0; l + 2 < net.widths.length; l++) { // the hidden layers, as in Net.forward
            int nin = net.widths[l];
            int nout = net.widths[l + 1];
            List<Jet<T>> next = new ArrayList<>(nout);
            for (int o = 0; o < nout; o++) {
                Jet<T> z = Jet.variable(u[off + nin * nout + o], off + nin * nout + o, a0, order);
                for (int i = 0; i < nin; i++) {
                    int k = off + o * nin + i;
                    z = z.add(Jet.variable(u[k], k, a0, order).mul(act.get(i)));
                }
                next.add(z.act(net.act));
            }
            off += (nin + 1) * nout;
            act = next;
        }
        act.add(Jet.constant(u[0].c(BigFraction.ONE), a0, order));
        return act;
    }

    /** det of the leading n × n block of g by expansion along the first row (n ≤ 6 here: Laplace is exact). */
    private static <T extends Scalar<T>> Jet<T> det(Jet<T>[][] g, int n) {
        int[] cols = new int[n];
        for (int k = 0; k < n; k++) {
            cols[k] = k;
        }
        return minor(g, 0, cols);
    }

    private static <T extends Scalar<T>> Jet<T> minor(Jet<T>[][] g, int row, int[] cols) {
        if (cols.length == 1) {
            return g[row][cols[0]];
        }
        Jet<T> s = null;
        for (int j = 0; j < cols.length; j++) {
            int[] rest = new int[cols.length - 1];
            for (int k = 0, r = 0; k < cols.length; k++) {
                if (k != j) {
                    rest[r++] = cols[k];
                }
            }
            Jet<T> term = g[row][cols[j]].mul(minor(g, row + 1, rest));
            s = s == null ? term : j % 2 == 0 ? s.add(term) : s.sub(term);
        }
        return s;
    }

    /**
     * 1/D as a jet: value w = 1/D, gradient −w² ∇D, Hessian 2w³ ∇D∇Dᵀ − w² ∇²D (the derivatives of 1/x composed
     * with D), over dual numbers whose value part excludes 0.
     */
    static <T extends Scalar<T>> Jet<T> reciprocal(Jet<T> d, Ops<T> ops) throws Invalid {
        T w = ops.reciprocal(d.v());
        T w2 = w.mul(w);
        T w3 = w2.mul(w);
        T two = w.c(BigFraction.of(2));
        int p = d.g() == null ? 0 : d.g().length;
        T[] g = d.g() == null ? null : Jet.array(w, p);
        T[][] h = d.h() == null ? null : Jet.matrix(w, p);
        for (int i = 0; g != null && i < p; i++) {
            g[i] = w2.mul(d.g()[i]).neg();
            for (int j = i; h != null && j < p; j++) {
                h[i][j] = two.mul(w3).mul(d.g()[i].mul(d.g()[j])).sub(w2.mul(d.h()[i][j]));
                h[j][i] = h[i][j];
            }
        }
        return new Jet<>(w, g, h);
    }

    /** What leaf p needs of a scalar kind beyond {@link Scalar}: an interval of its value, and its reciprocal. */
    interface Ops<T> {
        /** An interval holding the (real part of the) value for every point the scalar stands for. */
        RationalInterval value(T x);

        /** An enclosure of 1/x (an error when x's value may be 0). */
        T reciprocal(T x) throws Invalid;
    }

    /** Dual numbers over rational intervals: the point evaluation at u''. */
    static final Ops<Dual> DUAL = new Ops<>() {
        @Override
        public RationalInterval value(Dual x) {
            return x.v();
        }

        @Override
        public Dual reciprocal(Dual x) throws Invalid {
            return ProfiledLossLeaf.reciprocal(x);
        }
    };

    /** Dual numbers over centred forms in u: the evaluation over the cell U. 1/(v + εe) = w − ε w²e, w = 1/v. */
    static final Ops<DualOf<CentredForm>> CENTRED = new Ops<>() {
        @Override
        public RationalInterval value(DualOf<CentredForm> x) {
            return x.v().hull();
        }

        @Override
        public DualOf<CentredForm> reciprocal(DualOf<CentredForm> x) throws Invalid {
            CentredForm w = x.v().reciprocal();
            return new DualOf<>(w, w.mul(w).mul(x.e()).neg());
        }
    };

    /** 1/(v + εe) = 1/v − ε e/v², v's enclosure excluding 0. */
    static Dual reciprocal(Dual x) throws Invalid {
        RationalInterval w = reciprocal(x.v());
        return new Dual(w, w.sqr().mul(x.e()).neg());
    }

    /** [1/hi, 1/lo] rounded outward, for an interval not containing 0. */
    static RationalInterval reciprocal(RationalInterval x) throws Invalid {
        Invalid.when(x.lo().signum() <= 0 && x.hi().signum() >= 0, "reciprocal of an interval containing 0");
        return RationalInterval.hull(BigFraction.ONE.divide(x.hi()), BigFraction.ONE.divide(x.lo()), x.bits());
    }
}
