package org.flowcert.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A power series Σ a_j s^j, coefficients [lo, hi]·2^−f (BigInteger ends, exact dyadics) computed on demand
 * from lower ones (rules/flow-taylor.md, "Series arithmetic"): sums exact, sums of products rounded outward.
 */
record TaylorSeries(int f, boolean constant, IntFunction<BigInteger[]> rule,
        List<BigInteger[]> co) implements Scalar<TaylorSeries> {
    /** constant: a_j = 0 for j ≥ 1; co: the coefficients computed so far. */
    TaylorSeries(int f, boolean constant, IntFunction<BigInteger[]> rule) {
        this(f, constant, rule, new ArrayList<>());
    }

    /** a_0 = r rounded outward to 2^−f; a_j = rule(j) for j ≥ 1 (rule null: a constant). */
    static TaylorSeries of(RationalInterval r, int f, IntFunction<BigInteger[]> rule) {
        BigInteger[] a0 = {div(r.lo().getNumerator().shiftLeft(f), r.lo().getDenominator(), false),
            div(r.hi().getNumerator().shiftLeft(f), r.hi().getDenominator(), true)};
        return new TaylorSeries(f, rule == null, j -> j == 0 ? a0 : rule == null ? new BigInteger[] {BigInteger.ZERO,
                BigInteger.ZERO} : rule.apply(j));
    }

    /** a_j·2^f. */
    BigInteger[] at(int j) {
        while (co.size() <= j) {
            co.add(rule.apply(co.size()));
        }
        return co.get(j);
    }

    /** a_j as a rational interval (exact). */
    RationalInterval ri(int j, int bits) {
        return RationalInterval.of(BigFraction.of(at(j)[0], BigInteger.ONE.shiftLeft(f)), BigFraction.of(at(j)[1],
                BigInteger.ONE.shiftLeft(f)), bits);
    }

    /** a/b rounded down or up (BigFraction may keep a negative denominator). */
    private static BigInteger div(BigInteger a, BigInteger b, boolean up) {
        if (b.signum() < 0) {
            return div(a.negate(), b.negate(), up);
        }
        BigInteger[] qr = a.divideAndRemainder(b); // truncates toward 0
        return qr[0].add(BigInteger.valueOf(up ? (qr[1].signum() > 0 ? 1 : 0) : (qr[1].signum() < 0 ? -1 : 0)));
    }

    /**
     * Σ_{i<n} w_i·[x_(a+i)]·[y_(b−i)] (ends scaled by 4^f; w_i = i + 1 when {@code weighted}, else 1) divided by
     * d·2^f, rounded outward. The coefficients are read from the memo lists, no function call per term.
     */
    private BigInteger[] sum(int n, TaylorSeries x, int a, TaylorSeries y, int b, boolean weighted, int d) {
        Work.tick();
        x.at(a + n - 1); // computes x_a .. x_(a+n−1) and y_(b−n+1) .. y_b once, in order
        y.at(b);
        BigInteger lo = BigInteger.ZERO, hi = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger[] xi = x.co.get(a + i);
            BigInteger k = BigInteger.valueOf(i + 1);
            BigInteger[] u = weighted ? new BigInteger[] {xi[0].multiply(k), xi[1].multiply(k)} : xi;
            BigInteger[] v = y.co.get(b - i);
            int su = u[0].signum() >= 0 ? 1 : u[1].signum() <= 0 ? -1 : 0;
            int sv = v[0].signum() >= 0 ? 1 : v[1].signum() <= 0 ? -1 : 0;
            if (su != 0 && sv != 0) { // one sign each: uv is monotone in u and in v, the ends are known
                int l = sv > 0 ? 0 : 1, m = su > 0 ? 0 : 1;
                lo = lo.add(u[l].multiply(v[m]));
                hi = hi.add(u[1 - l].multiply(v[1 - m]));
                continue;
            }
            BigInteger[] p = {u[0].multiply(v[0]), u[0].multiply(v[1]), u[1].multiply(v[0]), u[1].multiply(v[1])};
            lo = lo.add(p[0].min(p[1]).min(p[2].min(p[3]))); // u or v straddles 0: all four products
            hi = hi.add(p[0].max(p[1]).max(p[2].max(p[3])));
        }
        Work.size(lo, "a series coefficient");
        Work.size(hi, "a series coefficient");
        BigInteger den = BigInteger.valueOf(d).shiftLeft(f); // d = 1: floor and ceiling by shifts (faster)
        return d == 1 ? new BigInteger[] {lo.shiftRight(f), hi.negate().shiftRight(f).negate()}
                : new BigInteger[] {div(lo, den, false), div(hi, den, true)};
    }

    /** −a_(j−1)/j, rounded outward (y' = −g: y_j = −g_(j−1)/j). */
    BigInteger[] negOver(int j) {
        BigInteger d = BigInteger.valueOf(j);
        return new BigInteger[] {div(at(j - 1)[1].negate(), d, false), div(at(j - 1)[0].negate(), d, true)};
    }

    /** Whether this is the constant 0 (sums and products with it need no new series). */
    private boolean zero() {
        return constant && at(0)[0].signum() == 0 && at(0)[1].signum() == 0;
    }

    @Override
    public TaylorSeries c(BigFraction q) {
        return of(RationalInterval.of(q, 0), f, null);
    }

    @Override
    public TaylorSeries add(TaylorSeries o) {
        return zero() || o.zero() ? (zero() ? o : this)
                : new TaylorSeries(f, constant && o.constant, j -> new BigInteger[] {at(j)[0].add(o.at(j)[0]),
                        at(j)[1].add(o.at(j)[1])});
    }

    @Override
    public TaylorSeries neg() {
        return new TaylorSeries(f, constant, j -> new BigInteger[] {at(j)[1].negate(), at(j)[0].negate()});
    }

    /** The Cauchy product (ab)_j = Σ_{i≤j} a_i b_{j−i}. */
    @Override
    public TaylorSeries mul(TaylorSeries o) {
        if (zero() || o.zero() || constant || o.constant) {
            TaylorSeries s = constant ? o : this;
            TaylorSeries k = constant ? this : o;
            return zero() || o.zero() ? (zero() ? this : o)
                    : new TaylorSeries(f, s.constant, j -> sum(1, s, j, k, 0, false, 1));
        }
        return new TaylorSeries(f, false, j -> sum(j + 1, this, 0, o, j, false, 1));
    }

    /** σ, σ' along this series by u' = σ'(z) z' (rules/flow-taylor.md); a constant: σ..σ^(order) of a_0. */
    @Override
    public TaylorSeries[] act(Activation a, int order) throws Invalid {
        if (a.kind == Activation.Kind.POLY || constant) {
            return a.kind == Activation.Kind.POLY ? poly(a, order) : Arrays.stream(ri(0, f).act(a, order)).map(v
                    -> of(v, f, null)).toArray(TaylorSeries[]::new);
        }
        if (order > 1 || (a.kind != Activation.Kind.TANH && a.kind != Activation.Kind.LOGISTIC
                && a.kind != Activation.Kind.SOFTPLUS)) {
            throw new Invalid("no Taylor series for activation " + a.kind);
        }
        RationalInterval[] s0 = ri(0, f).act(a, 1); // σ(z_0), σ'(z_0); softplus: σ' is the logistic λ, λ' = λ − λ²
        TaylorSeries[] u = ode(a.kind == Activation.Kind.SOFTPLUS ? s0[1] : s0[0],
                a.kind == Activation.Kind.TANH ? v -> c(BigFraction.ONE).sub(v.mul(v)) : v -> v.sub(v.mul(v)));
        return Scalar.upTo(order, a.kind == Activation.Kind.SOFTPLUS ? ode(s0[0], v -> u[0])[0] : u[0],
                a.kind == Activation.Kind.SOFTPLUS ? u[0] : u[1]);
    }

    /** {u, d}: u_0 = u0, j u_j = Σ_{i=1}^{j} i z_i d_{j−i} with z = this and d = dOf(u) (so u' = d z'). */
    private TaylorSeries[] ode(RationalInterval u0, UnaryOperator<TaylorSeries> dOf) {
        TaylorSeries[] ud = new TaylorSeries[2];
        ud[0] = of(u0, f, j -> sum(j, this, 1, ud[1], j - 1, true, j));
        ud[1] = dOf.apply(ud[0]);
        return ud;
    }
}
