package org.flowcert.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
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

    /** Σ_{i<n} m(i)·[x(i)]·[y(i)] (ends scaled by 4^f) divided by d·2^f, rounded outward. */
    private BigInteger[] sum(int n, IntFunction<BigInteger[]> x, IntFunction<BigInteger[]> y, IntUnaryOperator m,
            int d) {
        Work.tick();
        BigInteger lo = BigInteger.ZERO, hi = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger k = BigInteger.valueOf(m.applyAsInt(i));
            BigInteger[] a = k.equals(BigInteger.ONE) ? x.apply(i) : new BigInteger[] {x.apply(i)[0].multiply(k),
                    x.apply(i)[1].multiply(k)};
            BigInteger[] b = y.apply(i);
            int sa = a[0].signum() >= 0 ? 1 : a[1].signum() <= 0 ? -1 : 0;
            int sb = b[0].signum() >= 0 ? 1 : b[1].signum() <= 0 ? -1 : 0;
            if (sa != 0 && sb != 0) { // one sign each: ab is monotone in a and in b, the ends are known
                int u = sb > 0 ? 0 : 1, v = sa > 0 ? 0 : 1;
                lo = lo.add(a[u].multiply(b[v]));
                hi = hi.add(a[1 - u].multiply(b[1 - v]));
                continue;
            }
            BigInteger[] p = {a[0].multiply(b[0]), a[0].multiply(b[1]), a[1].multiply(b[0]), a[1].multiply(b[1])};
            lo = lo.add(p[0].min(p[1]).min(p[2].min(p[3]))); // a or b straddles 0: all four products
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
            return zero() || o.zero() ? (zero() ? this : o) : new TaylorSeries(f, s.constant, j -> sum(1, i -> s.at(j),
                    i -> k.at(0), i -> 1, 1));
        }
        return new TaylorSeries(f, false, j -> sum(j + 1, this::at, i -> o.at(j - i), i -> 1, 1));
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
        ud[0] = of(u0, f, j -> sum(j, i -> at(i + 1), i -> ud[1].at(j - 1 - i), i -> i + 1, j));
        ud[1] = dOf.apply(ud[0]);
        return ud;
    }
}
