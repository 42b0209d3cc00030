package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A first-order centred form over a box U of inner parameters (leaf p, proofs-notes/critical-profiled.md §4c): the
 * function q(u) on U is enclosed as q(u) ∈ c + Σ_l g_l Δ_l for every u ∈ U, with Δ_l = u_l − u''_l ∈ delta[l]
 * (u'' ∈ U fixed) and c, g_l rational intervals. Unlike a plain interval over U, the forms of two quantities that
 * move together with u keep that correlation in their g's, so sums and products in which those movements cancel
 * (the determinant of a nearly singular Gram matrix) are enclosed to first order exactly and to second order by
 * intervals. Every operation keeps the enclosure (the proofs are beside each one); {@link #hull()} is the interval
 * c + Σ g_l·delta[l], which contains q(u) for every u ∈ U.
 *
 * @param c     the constant part (an interval: it absorbs the second-order remainders)
 * @param g     the linear coefficients, or null when all are zero (a constant)
 * @param delta the ranges of Δ_l over U (shared by every form of one evaluation)
 */
public record CentredForm(RationalInterval c, RationalInterval[] g, RationalInterval[] delta)
        implements Scalar<CentredForm> {

    /** The variable u_l itself: u''_l + 1·Δ_l. */
    static CentredForm variable(BigFraction centre, int l, RationalInterval[] delta, int bits) {
        RationalInterval[] g = new RationalInterval[delta.length];
        for (int k = 0; k < g.length; k++) {
            g[k] = RationalInterval.of(k == l ? BigFraction.ONE : BigFraction.ZERO, bits);
        }
        return new CentredForm(RationalInterval.of(centre, bits), g, delta);
    }

    /** The interval c + Σ_l g_l·delta[l]: it contains q(u) for every u ∈ U. */
    public RationalInterval hull() {
        RationalInterval s = c;
        for (int l = 0; g != null && l < g.length; l++) {
            s = s.add(g[l].mul(delta[l]));
        }
        return s;
    }

    /** max over U of |Σ_l g_l Δ_l| ≤ Σ_l mag(g_l)·mag(delta_l). */
    private BigFraction linearMag() {
        BigFraction s = BigFraction.ZERO;
        for (int l = 0; g != null && l < g.length; l++) {
            s = s.add(g[l].mag().multiply(delta[l].mag()));
        }
        return s;
    }

    private RationalInterval[] lin(java.util.function.IntFunction<RationalInterval> f) {
        RationalInterval[] out = new RationalInterval[delta.length];
        for (int l = 0; l < out.length; l++) {
            out[l] = f.apply(l);
        }
        return out;
    }

    private RationalInterval zero() {
        return c.c(BigFraction.ZERO);
    }

    @Override
    public CentredForm c(BigFraction q) {
        return new CentredForm(c.c(q), null, delta);
    }

    /** (c + ΣgΔ) + (c' + Σg'Δ) = (c + c') + Σ(g + g')Δ: exact for each point Δ. */
    @Override
    public CentredForm add(CentredForm o) {
        if (g == null && o.g == null) {
            return new CentredForm(c.add(o.c), null, delta);
        }
        return new CentredForm(c.add(o.c), lin(l -> g == null ? o.g[l] : o.g == null ? g[l] : g[l].add(o.g[l])),
                delta);
    }

    @Override
    public CentredForm sub(CentredForm o) {
        if (g == null && o.g == null) {
            return new CentredForm(c.sub(o.c), null, delta);
        }
        return new CentredForm(c.sub(o.c), lin(l -> g == null ? o.g[l].neg() : o.g == null ? g[l]
                : g[l].sub(o.g[l])), delta);
    }

    @Override
    public CentredForm neg() {
        return new CentredForm(c.neg(), g == null ? null : lin(l -> g[l].neg()), delta);
    }

    /**
     * (c + A)(c' + A') ⊆ cc' + Σ_l (c g'_l + c' g_l)Δ_l + AA' (interval subdistributivity, Δ_l a point), where
     * A = ΣgΔ, |A| ≤ ρ = Σ mag(g_l) mag(delta_l), so AA' ∈ [−ρρ', ρρ'] (for a square, A² ∈ [0, ρ²] and c² by the
     * interval square) goes into the constant.
     */
    @Override
    public CentredForm mul(CentredForm o) {
        if (g == null && o.g == null) {
            return new CentredForm(o == this ? c.sqr() : c.mul(o.c), null, delta);
        }
        RationalInterval[] g2 = lin(l -> {
            RationalInterval a = o.g == null ? zero() : c.mul(o.g[l]);
            return g == null ? a : a.add(o.c.mul(g[l]));
        });
        BigFraction rho = linearMag().multiply(o.linearMag());
        RationalInterval quad = o == this ? RationalInterval.hull(BigFraction.ZERO, rho, c.bits())
                : RationalInterval.hull(rho.negate(), rho, c.bits());
        return new CentredForm((o == this ? c.sqr() : c.mul(o.c)).add(quad), g2, delta);
    }

    /**
     * σ^(k)(x) for k ≤ order by the mean value theorem about the rational c0 = mid c: for every u, x(u) and c0 lie
     * in X = hull(), so σ^(k)(x) = σ^(k)(c0) + σ^(k+1)(ξ)(x − c0) with ξ ∈ X, and x − c0 ∈ (c − c0) + ΣgΔ:
     * σ^(k)(x) ∈ [σ^(k)(c0) + σ^(k+1)(X)(c − c0)] + Σ_l (σ^(k+1)(X) g_l)Δ_l. Where σ^(k+1) has no enclosure (k = 3)
     * the form is the constant σ^(k)(X).
     */
    @Override
    public CentredForm[] act(Activation a, int order) throws Invalid {
        RationalInterval x = hull();
        BigFraction c0 = c.mid();
        RationalInterval[] sx = x.act(a, order + 1 < 3 ? order + 1 : 3); // σ''' is the highest enclosure
        RationalInterval[] s0 = RationalInterval.of(c0, c.bits()).act(a, order);
        RationalInterval off = c.sub(RationalInterval.of(c0, c.bits()));
        CentredForm[] out = new CentredForm[order + 1];
        for (int k = 0; k <= order; k++) {
            RationalInterval d = k + 1 < sx.length ? sx[k + 1] : null;
            Invalid.when(sx[k < sx.length ? k : sx.length - 1] == null || s0[k] == null,
                    "activation " + a.kind + ": no enclosure of derivative " + k);
            if (d == null) {
                out[k] = new CentredForm(sx[k], null, delta);
            } else {
                RationalInterval[] gk = g == null ? null : lin(l -> d.mul(g[l]));
                out[k] = new CentredForm(s0[k].add(d.mul(off)), gk, delta);
            }
        }
        return out;
    }

    /**
     * 1/x by the mean value theorem about c0 = mid c, X = hull() excluding 0: 1/x = 1/c0 − (x − c0)/ξ² with
     * ξ ∈ X, so 1/x ∈ [1/c0 + w(c − c0)] + Σ_l (w g_l)Δ_l with w = −(1/X)².
     */
    CentredForm reciprocal() throws Invalid {
        RationalInterval x = hull();
        BigFraction c0 = c.mid();
        Invalid.when(c0.signum() == 0, "reciprocal of a form about 0");
        RationalInterval w = ProfiledLossLeaf.reciprocal(x).sqr().neg();
        RationalInterval inv0 = ProfiledLossLeaf.reciprocal(RationalInterval.of(c0, c.bits()));
        RationalInterval off = c.sub(RationalInterval.of(c0, c.bits()));
        return new CentredForm(inv0.add(w.mul(off)), g == null ? null : lin(l -> w.mul(g[l])), delta);
    }
}
