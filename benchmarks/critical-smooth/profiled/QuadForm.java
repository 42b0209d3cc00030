package org.flowcert.check;

import java.util.function.IntFunction;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Measurement only (session 10, not in the checker): a second-order Taylor form over a box U of inner parameters: the
 * function q(u) on U is enclosed as q(u) ∈ c + Σ_l g_l Δ_l + Σ_{l≤m} h_lm Δ_l Δ_m for every u ∈ U, with
 * Δ_l = u_l − u''_l ∈ delta[l] (u'' ∈ U fixed) and c, g_l, h_lm rational intervals. Two quantities that move together
 * with u keep that correlation to second order in their g's and h's, so sums and products in which those movements
 * cancel (the determinant of a nearly singular Gram matrix) are enclosed exactly to second order and by intervals
 * from the third order on. Every operation keeps the enclosure (the proof is beside each one); {@link #hull()} is
 * an interval that contains q(u) for every u ∈ U.
 *
 * @param c     the constant part (an interval: it absorbs the remainders of order ≥ 3)
 * @param g     the linear coefficients, or null when q is a constant (then h is null too)
 * @param h     the quadratic coefficients h[l][m] for l ≤ m (entries below the diagonal unused), or null
 * @param delta the ranges of Δ_l over U (shared by every form of one evaluation)
 */
record QuadForm(RationalInterval c, RationalInterval[] g, RationalInterval[][] h, RationalInterval[] delta)
        implements Scalar<QuadForm> {

    /** The variable u_l itself: u''_l + 1·Δ_l. */
    static QuadForm variable(BigFraction centre, int l, RationalInterval[] delta, int bits) {
        int n = delta.length;
        RationalInterval zero = RationalInterval.of(BigFraction.ZERO, bits);
        RationalInterval[] g = new RationalInterval[n];
        RationalInterval[][] h = new RationalInterval[n][n];
        for (int k = 0; k < n; k++) {
            g[k] = k == l ? RationalInterval.of(BigFraction.ONE, bits) : zero;
            for (int m = k; m < n; m++) {
                h[k][m] = zero;
            }
        }
        return new QuadForm(RationalInterval.of(centre, bits), g, h, delta);
    }

    /** The interval c + Σ_l g_l·delta_l + Σ_l h_ll·delta_l² + Σ_{l<m} h_lm·delta_l·delta_m ∋ q(u) on U. */
    public RationalInterval hull() {
        RationalInterval s = c;
        for (int l = 0; g != null && l < g.length; l++) {
            s = s.add(g[l].mul(delta[l])).add(h[l][l].mul(delta[l].sqr()));
            for (int m = l + 1; m < g.length; m++) {
                s = s.add(h[l][m].mul(delta[l].mul(delta[m])));
            }
        }
        return s;
    }

    /** max over U of |Σ_l g_l Δ_l|. */
    private BigFraction linearMag() {
        BigFraction s = BigFraction.ZERO;
        for (int l = 0; g != null && l < g.length; l++) {
            s = s.add(g[l].mag().multiply(delta[l].mag()));
        }
        return s;
    }

    /** max over U of |Σ_{l≤m} h_lm Δ_l Δ_m|. */
    private BigFraction quadraticMag() {
        BigFraction s = BigFraction.ZERO;
        for (int l = 0; h != null && l < h.length; l++) {
            for (int m = l; m < h.length; m++) {
                s = s.add(h[l][m].mag().multiply(delta[l].mag()).multiply(delta[m].mag()));
            }
        }
        return s;
    }

    private RationalInterval[] lin(IntFunction<RationalInterval> f) {
        RationalInterval[] out = new RationalInterval[delta.length];
        for (int l = 0; l < out.length; l++) {
            out[l] = f.apply(l);
        }
        return out;
    }

    private interface Entry {
        RationalInterval at(int l, int m);
    }

    private RationalInterval[][] quad(Entry f) {
        int n = delta.length;
        RationalInterval[][] out = new RationalInterval[n][n];
        for (int l = 0; l < n; l++) {
            for (int m = l; m < n; m++) {
                out[l][m] = f.at(l, m);
            }
        }
        return out;
    }

    @Override
    public QuadForm c(BigFraction q) {
        return new QuadForm(c.c(q), null, null, delta);
    }

    /** Sums term by term: (x + y)·p = x·p + y·p for intervals x, y and each point Δ-monomial p. */
    @Override
    public QuadForm add(QuadForm o) {
        if (g == null || o.g == null) {
            QuadForm f = g == null ? o : this;
            return new QuadForm(c.add(o.c), f.g, f.h, delta);
        }
        return new QuadForm(c.add(o.c), lin(l -> g[l].add(o.g[l])), quad((l, m) -> h[l][m].add(o.h[l][m])), delta);
    }

    @Override
    public QuadForm sub(QuadForm o) {
        return add(o.neg());
    }

    @Override
    public QuadForm neg() {
        return new QuadForm(c.neg(), g == null ? null : lin(l -> g[l].neg()),
                g == null ? null : quad((l, m) -> h[l][m].neg()), delta);
    }

    /** s·q for an interval s: ⊆ sc + Σ (s g_l)Δ_l + Σ (s h_lm)Δ_lΔ_m (subdistributivity, point monomials). */
    QuadForm scale(RationalInterval s) {
        return new QuadForm(s.mul(c), g == null ? null : lin(l -> s.mul(g[l])),
                g == null ? null : quad((l, m) -> s.mul(h[l][m])), delta);
    }

    /**
     * (c + A1 + A2)(c' + A1' + A2') with A1 = ΣgΔ, A2 = ΣhΔΔ ⊆ cc' + (cA1' + c'A1) + (cA2' + c'A2 + A1A1') + E
     * (subdistributivity), A1A1' ⊆ Σ_l g_l g'_l Δ_l² + Σ_{l<m} (g_l g'_m + g_m g'_l) Δ_l Δ_m, and the terms of
     * order ≥ 3, E = A1A2' + A2A1' + A2A2', bounded by |E| ≤ ρ1ρ2' + ρ2ρ1' + ρ2ρ2' (ρ1, ρ2: the magnitudes of A1, A2
     * on U), which goes into the constant.
     */
    @Override
    public QuadForm mul(QuadForm o) {
        boolean square = o == this;
        RationalInterval cc = square ? c.sqr() : c.mul(o.c);
        if (g == null && o.g == null) {
            return new QuadForm(cc, null, null, delta);
        }
        if (g == null) {
            return o.scale(c);
        }
        if (o.g == null) {
            return scale(o.c);
        }
        RationalInterval[] g2 = lin(l -> c.mul(o.g[l]).add(o.c.mul(g[l])));
        RationalInterval[][] h2 = quad((l, m) -> {
            RationalInterval s = c.mul(o.h[l][m]).add(o.c.mul(h[l][m]));
            return l == m ? s.add(square ? g[l].sqr() : g[l].mul(o.g[l]))
                    : s.add(g[l].mul(o.g[m])).add(g[m].mul(o.g[l]));
        });
        BigFraction r1 = linearMag();
        BigFraction r2 = quadraticMag();
        BigFraction s1 = square ? r1 : o.linearMag();
        BigFraction s2 = square ? r2 : o.quadraticMag();
        BigFraction e = r1.multiply(s2).add(r2.multiply(s1)).add(r2.multiply(s2));
        return new QuadForm(cc.add(RationalInterval.hull(e.negate(), e, c.bits())), g2, h2, delta);
    }

    /**
     * σ^(k)(x) for k ≤ order by Taylor's formula about the rational c0 = mid c: x(u) and c0 lie in X = hull(), and
     * x − c0 ∈ δ := (c − c0) + A1 + A2, so σ^(k)(x) ∈ σ^(k)(c0) + σ^(k+1)(c0)·δ + ½σ^(k+2)(X)·δ² (Lagrange remainder)
     * when σ^(k+2) has an enclosure (k + 2 ≤ 3), else σ^(k)(c0) + σ^(k+1)(X)·δ (mean value) when k + 1 ≤ 3, else the
     * constant σ^(k)(X).
     */
    @Override
    public QuadForm[] act(Activation a, int order) throws Invalid {
        RationalInterval x = hull();
        BigFraction c0 = c.mid();
        RationalInterval[] sx = x.act(a, Math.min(order + 2, 3));
        RationalInterval[] s0 = RationalInterval.of(c0, c.bits()).act(a, Math.min(order + 1, 3));
        QuadForm dlt = new QuadForm(c.sub(RationalInterval.of(c0, c.bits())), g, h, delta);
        QuadForm dlt2 = g == null ? null : dlt.mul(dlt);
        QuadForm[] out = new QuadForm[order + 1];
        RationalInterval half = RationalInterval.of(BigFraction.of(1, 2), c.bits());
        for (int k = 0; k <= order; k++) {
            Invalid.when(k >= sx.length || sx[k] == null, "activation " + a.kind + ": no enclosure of derivative " + k);
            if (k + 1 >= sx.length || sx[k + 1] == null) {
                out[k] = new QuadForm(sx[k], null, null, delta);
            } else if (k + 2 >= sx.length || sx[k + 2] == null || dlt2 == null) {
                out[k] = new QuadForm(s0[k], null, null, delta).add(dlt.scale(sx[k + 1]));
            } else {
                out[k] = new QuadForm(s0[k], null, null, delta).add(dlt.scale(s0[k + 1]))
                        .add(dlt2.scale(half.mul(sx[k + 2])));
            }
        }
        return out;
    }

    /**
     * 1/x by Taylor's formula about c0 = mid c, X = hull() excluding 0: 1/x = 1/c0 − δ/c0² + δ²/ξ³ with ξ ∈ X
     * (Lagrange remainder of 1/x: (2/ξ³)/2), δ = x − c0 as in {@link #act}.
     */
    QuadForm reciprocal() throws Invalid {
        RationalInterval x = hull();
        BigFraction c0 = c.mid();
        Invalid.when(c0.signum() == 0, "reciprocal of a form about 0");
        RationalInterval ix = ProfiledLossLeaf.reciprocal(x);
        RationalInterval i0 = ProfiledLossLeaf.reciprocal(RationalInterval.of(c0, c.bits()));
        QuadForm dlt = new QuadForm(c.sub(RationalInterval.of(c0, c.bits())), g, h, delta);
        QuadForm out = new QuadForm(i0, null, null, delta).add(dlt.scale(i0.sqr().neg()));
        return g == null && c.isPoint() ? out : out.add(dlt.mul(dlt).scale(ix.sqr().mul(ix)));
    }
}
