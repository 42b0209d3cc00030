package org.flowcert.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The leaf tests of rule {@code critical-relu-cells} (proofs-notes/rules/critical-relu-cells.md, §4–§6 of
 * proofs-notes/critical-relu-reduction.md): on a cell of perimeter positions, each test is an exact evaluation
 * at one reference point plus an explicit remainder ({@code t}, {@code d}, {@code D}) or interval arithmetic
 * ({@code j}). Part of the trusted checker; public because the prover ({@code prove.critical.ReluCellProver})
 * searches its tree with these very tests, so that every leaf it records is one the checker accepts. The
 * prover only calls this code; nothing here calls the prover.
 */
public final class ReluCellLeaves {
    private static final BigFraction ZERO = BigFraction.ZERO;
    private static final BigFraction ONE = BigFraction.ONE;
    private final List<BigFraction[]> from; // target pieces {from, to} covering [a, b], and their coefficients
    private final List<BigFraction[]> poly;
    private final BigFraction a;
    private final BigFraction b;
    private final BigFraction xm; // X = max(1, |a|, |b|)
    private final BigFraction c;
    private final BigFraction[][] pre; // ∫_a^{from_i} f and ∫_a^{from_i} x f
    private final BigFraction polySup; // max over pieces of Σ_k |f_k| X^k (≥ sup |f| on [a, b]; §6's R)
    private final BigFraction sqrtC; // an upper bound of √c (§5)

    /**
     * The leaf tests for the integral risk with target pieces {@code from} ({from, to} covering [a, b]) and
     * coefficients {@code poly}, and the bound {@code c} on critical values.
     */
    public ReluCellLeaves(List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction c) {
        this.from = from;
        this.poly = poly;
        this.c = c;
        a = from.get(0)[0];
        b = from.get(from.size() - 1)[1];
        xm = max(ONE, max(a.abs(), b.abs()));
        pre = new BigFraction[][] {{ZERO}, {ZERO}};
        for (int i = 0; i < 2 * from.size(); i++) {
            pre[i % 2] = Arrays.copyOf(pre[i % 2], i / 2 + 2);
            pre[i % 2][i / 2 + 1] = pre[i % 2][i / 2].add(integral(poly.get(i / 2), new BigFraction[] {ONE}, i % 2,
                    from.get(i / 2)[0],
                    from.get(i / 2)[1]));
        }
        BigFraction sup = ZERO;
        for (BigFraction[] p : poly) {
            BigFraction t = ZERO;
            for (int k = 0; k < p.length; k++) {
                t = t.add(p[k].abs().multiply(xm.pow(k)));
            }
            sup = max(sup, t);
        }
        polySup = sup;
        sqrtC = sqrtUp(c);
    }

    /** The bound c on critical values these tests close cells for. */
    public BigFraction bound() {
        return c;
    }


    /** The first leaf of {@code leaves} that holds on the cell lo..hi of perimeter positions, or null. */
    public String close(String leaves, BigFraction[] lo, BigFraction[] hi, BigFraction[] vs) {
        Reference centre = null;
        for (char ch : leaves.toCharArray()) {
            Reference s = ch == 'j' || ch == 'D' && lo.length != 2 ? null : ch == 'D' ? at(lo, hi, true)
                    : centre != null ? centre : (centre = at(lo, hi, false));
            if (ch == 'j' ? jump(lo, hi) : s != null && test(ch == 't', s, vs)) {
                return "" + ch;
            }
        }
        return null;
    }

    /**
     * A cell's reference point (§4): {@code point} holds the rows τ*, ρ, w, b, λ (one column per unit) and
     * {@code products} the exact inner products g of the functions listed at {@link #at}.
     */
    private record Reference(BigFraction[][] point, BigFraction[][] products) {
    }

    /**
     * §4: the reference point τ* (the centre; for D the diagonal point τ*_0 = τ*_1 = mean) with
     * ρ_i ≥ |τ_i − τ*_i| on the cell, (w, b) at τ*, λ_i = |{x ∈ [a, b] : |z_i^*(x)| ≤ ρ_i X}| and the exact
     * inner products g of the functions 0: 1, 1: f, 2 + 3i: H_i^*, 3 + 3i: x H_i^*, 4 + 3i: φ_i^*.
     */
    private Reference at(BigFraction[] lo, BigFraction[] hi, boolean diagonal) {
        int m = lo.length;
        BigFraction[][] r = new BigFraction[5][m]; // τ*, ρ, w, b, λ
        List<BigFraction> cuts = new ArrayList<>();
        from.forEach(p -> cuts.add(p[0]));
        cuts.add(b);
        for (int i = 0; i < m; i++) {
            r[0][i] = diagonal ? lo[0].add(hi[0]).add(lo[1]).add(hi[1]).divide(4) : lo[i].add(hi[i]).divide(2);
            r[1][i] = hi[i].subtract(lo[i]).divide(2).add(lo[i].add(hi[i]).divide(2).subtract(r[0][i]).abs());
            BigFraction[] p = corner(r[0][i]);
            r[2][i] = p[0];
            r[3][i] = p[1];
            BigFraction e = r[1][i].multiply(xm);
            BigFraction k = p[0].signum() == 0 ? null : p[1].negate().divide(p[0]);
            if (k != null && compare(k, a) > 0 && compare(b, k) > 0) {
                cuts.add(k);
            }
            r[4][i] = k != null
                    ? max(ZERO, min(b, k.add(e.divide(p[0].abs()))).subtract(max(a, k.subtract(e.divide(p[0].abs())))))
                    : p[1].abs().subtract(e).signum() <= 0 ? b.subtract(a) : ZERO;
        }
        cuts.sort(ReluCellLeaves::compare);
        int nf = 2 + 3 * m;
        BigFraction[][] g = new BigFraction[nf][nf];
        for (BigFraction[] row : g) {
            Arrays.fill(row, ZERO);
        }
        for (int q = 0; q + 1 < cuts.size(); q++) {
            BigFraction x0 = cuts.get(q);
            BigFraction x1 = cuts.get(q + 1);
            BigFraction mid = x0.add(x1).divide(2);
            BigFraction[][] fn = new BigFraction[nf][];
            fn[0] = new BigFraction[] {ONE};
            fn[1] = poly.get(piece(mid));
            for (int i = 0; i < m; i++) { // H_i^* is constant on the piece (its kink is a cut)
                BigFraction on = r[2][i].multiply(mid).add(r[3][i]).signum() > 0 ? ONE : ZERO;
                fn[2 + 3 * i] = new BigFraction[] {on};
                fn[3 + 3 * i] = new BigFraction[] {ZERO, on};
                fn[4 + 3 * i] = new BigFraction[] {r[3][i].multiply(on), r[2][i].multiply(on)};
            }
            if (compare(x1, x0) <= 0) {
                continue;
            }
            BigFraction[] mom = moments(0, x0, x1, Integer.max(3, 2 * fn[1].length - 1)); // products of degree ≤ 2, f²
            for (int p = 0; p < nf; p++) {
                for (int s = p; s < nf && !isZero(fn[p]); s++) {
                    g[p][s] = isZero(fn[s]) ? g[p][s] : g[p][s].add(integral(fn[p], fn[s], mom));
                    g[s][p] = g[p][s];
                }
            }
        }
        return new Reference(r, g);
    }

    /**
     * §5 rule t: dist²(f, span{1, H_i^*, x H_i^*}) ≥ (√c + Σ V_i ρ_i X √λ_i)². §6 rules d, D: with r* = f − N*
     * the least-squares residual on 1, φ_i^* and L* = ‖r*‖² > 0, A = L* − Σ V_i ρ_i (max(|⟨H_i^*, r*⟩|,
     * |⟨x H_i^*, r*⟩|) + X λ_i R) > 0 (R ≥ sup|r*|) and A² ≥ c L*.
     */
    private boolean test(boolean tangent, Reference s, BigFraction[] vs) {
        BigFraction[][] r = s.point();
        BigFraction[][] g = s.products();
        int m = vs.length;
        int[] bs = new int[tangent ? 1 + 2 * m : 1 + m];
        BigFraction eps = ZERO;
        for (int i = 0; i < m; i++) {
            bs[tangent ? 1 + 2 * i : 1 + i] = tangent ? 2 + 3 * i : 4 + 3 * i;
            bs[tangent ? 2 + 2 * i : 0] = tangent ? 3 + 3 * i : 0;
            eps = tangent ? eps.add(vs[i].multiply(r[1][i]).multiply(xm).multiply(sqrtUp(r[4][i]))) : eps;
        }
        BigFraction[] y = solve(g, bs);
        if (tangent || y == null || y[m + 1].signum() <= 0) {
            return tangent && y != null && y[bs.length].subtract(sqrtC.add(eps).pow(2)).signum() >= 0;
        }
        // R = max_pieces Σ|f_k| X^k + |y_0| + Σ |y_i| max(0, z_i^*(a), z_i^*(b))
        BigFraction sup = polySup.add(y[0].abs());
        for (int i = 0; i < m; i++) {
            BigFraction zMax = max(r[2][i].multiply(a), r[2][i].multiply(b)).add(r[3][i]);
            sup = sup.add(y[1 + i].abs().multiply(max(ZERO, zMax)));
        }
        BigFraction big = y[m + 1];
        for (int i = 0; i < m; i++) {
            BigFraction hr = ZERO; // max(|⟨H_i^*, r*⟩|, |⟨x H_i^*, r*⟩|)
            for (int e = 2 + 3 * i; e < 4 + 3 * i; e++) {
                BigFraction t = g[e][1];
                for (int l = 0; l < bs.length; l++) {
                    t = t.subtract(y[l].multiply(g[e][bs[l]]));
                }
                hr = max(hr, t.abs());
            }
            big = big.subtract(vs[i].multiply(r[1][i]).multiply(hr.add(xm.multiply(r[4][i]).multiply(sup))));
        }
        return big.signum() > 0 && big.pow(2).subtract(c.multiply(y[m + 1])).signum() >= 0;
    }

    /**
     * §7 rule j: two units both on side 0 (τ ∈ [0, 2]: kink 1 − τ, on to its right) or both on side 2
     * (τ ∈ [4, 6]: kink 5 − τ, on to its left), kink ranges inside (a, b) and disjoint (P < Q); the
     * piecewise least-squares fit (constant where no unit is on, affine elsewhere) jumps at P or Q.
     */
    private boolean jump(BigFraction[] lo, BigFraction[] hi) {
        int side = lo.length == 2 && hi[0].subtract(BigFraction.of(2)).signum() <= 0 ? 0 : 2;
        BigFraction[][] k = new BigFraction[2][];
        for (int i = 0; i < 2; i++) {
            BigFraction base = BigFraction.of(side + 1 + side);
            if (lo.length != 2 || lo[i].subtract(BigFraction.of(2 * side)).signum() < 0
                    || hi[i].subtract(BigFraction.of(2 * side + 2)).signum() > 0) {
                return false;
            }
            k[i] = new BigFraction[] {base.subtract(hi[i]), base.subtract(lo[i])};
        }
        int low = k[0][1].subtract(k[1][0]).signum() < 0 ? 0 : 1;
        BigFraction[] p = k[low];
        BigFraction[] q = k[1 - low];
        if (p[0].subtract(a).signum() <= 0 || q[0].subtract(p[1]).signum() <= 0 || b.subtract(q[1]).signum() <= 0) {
            return false;
        }
        BigFraction[][] left = fit(new BigFraction[] {a, a}, p, side == 2, true);
        BigFraction[][] midL = fit(p, q, true, false);
        BigFraction[][] midR = fit(p, q, true, true);
        BigFraction[][] right = fit(q, new BigFraction[] {b, b}, side == 0, false);
        return excludes0(sub(mul(left[0], midL[1]), mul(midL[0], left[1])))
                || excludes0(sub(mul(midR[0], right[1]), mul(right[0], midR[1])));
    }

    /**
     * §7: the least-squares constant (or affine) fit of f on [u, v] at v ({@code atV}) or u, as an
     * interval numerator over a positive interval denominator: F0/(2h), (F0 h ± 3 G1)/(2h²), with
     * F0 = ∫f, G1 = ∫(x − μ) f = ∫(x − x0) f − (μ − x0) F0 (x0 exact, near the centre μ; h the half-length).
     */
    private BigFraction[][] fit(BigFraction[] u, BigFraction[] v, boolean affine, boolean atV) {
        BigFraction x0 = u[0].add(u[1]).add(v[0]).add(v[1]).divide(4);
        BigFraction[] h = sc(sub(v, u), BigFraction.of(1, 2));
        BigFraction[] f0 = sub(anti(0, v, x0), anti(0, u, x0));
        BigFraction[] mu = sc(add(u, v), BigFraction.of(1, 2));
        BigFraction[] g1 = sub(sub(anti(1, v, x0), anti(1, u, x0)), mul(sub(mu, new BigFraction[] {x0, x0}), f0));
        BigFraction two = BigFraction.of(2);
        return affine ? new BigFraction[][] {add(mul(f0, h), sc(g1, BigFraction.of(atV ? 3 : -3))), sc(mul(h, h), two)}
                : new BigFraction[][] {f0, sc(h, two)};
    }

    /** An interval holding ∫_a^x (t − x0)^e f(t) dt for all x in xs (f written in u = t − x0 on each piece met). */
    private BigFraction[] anti(int e, BigFraction[] xs, BigFraction x0) {
        BigFraction[] out = null;
        for (int i = 0; i < from.size(); i++) {
            BigFraction l = max(xs[0], from.get(i)[0]);
            BigFraction r = min(xs[1], from.get(i)[1]);
            if (compare(r, l) < 0) {
                continue;
            }
            BigFraction k = e == 0 ? pre[0][i] : pre[1][i].subtract(x0.multiply(pre[0][i]));
            BigFraction[] acc = {k, k};
            BigFraction[] p = poly.get(i);
            BigFraction[] q = new BigFraction[p.length + e]; // u^e p(u + x0), by Horner
            Arrays.fill(q, ZERO);
            for (int d = p.length - 1; d >= 0; d--) {
                for (int j = q.length - 1; j >= 0; j--) {
                    q[j] = (j > 0 ? q[j - 1] : ZERO).add(q[j].multiply(x0));
                }
                q[e] = q[e].add(p[d]);
            }
            BigFraction s = from.get(i)[0].subtract(x0);
            for (int d = 0; d < q.length; d++) {
                BigFraction[] un = ipow(new BigFraction[] {l.subtract(x0), r.subtract(x0)}, d + 1);
                acc = add(acc, sc(sub(un, new BigFraction[] {s.pow(d + 1), s.pow(d + 1)}), q[d].divide(d + 1)));
            }
            out = out == null ? acc : new BigFraction[] {min(out[0], acc[0]), max(out[1], acc[1])};
        }
        return out;
    }

    private int piece(BigFraction x) {
        int i = 0;
        while (i + 1 < from.size() && compare(from.get(i)[1], x) < 0) {
            i++;
        }
        return i;
    }

    /** ∫_{x0}^{x1} x^e p(x) q(x) dx, exactly. */
    private static BigFraction integral(BigFraction[] p, BigFraction[] q, int e, BigFraction x0, BigFraction x1) {
        return integral(p, q, moments(e, x0, x1, p.length + q.length - 1));
    }

    /**
     * ∫ p(x) q(x) w(x) dx from the moments {@code mom[n]} = ∫ x^n w(x) dx (n < p.length + q.length − 1), summed
     * as one unreduced numerator over one denominator (no gcd per term) and reduced once.
     */
    private static BigFraction integral(BigFraction[] p, BigFraction[] q, BigFraction[] mom) {
        BigInteger numerator = BigInteger.ZERO, denominator = BigInteger.ONE;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < q.length; j++) {
                if (p[i].signum() == 0 || q[j].signum() == 0) {
                    continue;
                }
                BigFraction m = mom[i + j]; // any sign of the denominators: n1/d1 + n2/d2 = (n1 d2 + n2 d1)/(d1 d2)
                BigInteger n = p[i].getNumerator().multiply(q[j].getNumerator()).multiply(m.getNumerator());
                BigInteger d = p[i].getDenominator().multiply(q[j].getDenominator()).multiply(m.getDenominator());
                if (d.equals(denominator)) {
                    numerator = numerator.add(n);
                } else {
                    numerator = numerator.multiply(d).add(n.multiply(denominator));
                    denominator = denominator.multiply(d);
                }
            }
        }
        return BigFraction.of(numerator, denominator);
    }

    /** The moments ∫_{x0}^{x1} x^(e+n) dx = (x1^(e+n+1) − x0^(e+n+1))/(e+n+1), n = 0 .. count − 1, exactly. */
    private static BigFraction[] moments(int e, BigFraction x0, BigFraction x1, int count) {
        BigFraction[] mom = new BigFraction[count];
        for (int n = 0; n < count; n++) {
            mom[n] = x1.pow(e + n + 1).subtract(x0.pow(e + n + 1)).divide(e + n + 1);
        }
        return mom;
    }

    private static boolean isZero(BigFraction[] p) {
        for (BigFraction x : p) {
            if (x.signum() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The sign of x − y from the cross products n_x d_y − n_y d_x, without a gcd (BigFraction may keep a
     * negative denominator, and its own comparison then answers wrongly: commons-numbers-fraction 1.2 orders
     * −3/2 below −5/3).
     */
    static int compare(BigFraction x, BigFraction y) {
        return x.getNumerator().multiply(y.getDenominator()).subtract(y.getNumerator().multiply(x.getDenominator()))
                .signum() * x.getDenominator().signum() * y.getDenominator().signum();
    }

    private static BigFraction min(BigFraction x, BigFraction y) {
        return compare(x, y) <= 0 ? x : y;
    }

    private static BigFraction max(BigFraction x, BigFraction y) {
        return compare(x, y) >= 0 ? x : y;
    }

    /**
     * §4: y with M y = u (M = Gram(basis), u = ⟨basis, f⟩), verified exactly; y[n] = ⟨f, f⟩ − uᵀy = dist²(f, span).
     * Null if M y = u fails. Fraction-free: each equation is scaled to integers ({@link #integerRows}) and solved
     * by {@link #bareiss}; the solution's one denominator is the last pivot.
     */
    private static BigFraction[] solve(BigFraction[][] g, int[] bs) {
        int n = bs.length;
        BigFraction[][] m = new BigFraction[n][n + 1];
        for (int i = 0; i < n * (n + 1); i++) {
            m[i / (n + 1)][i % (n + 1)] = g[bs[i / (n + 1)]][i % (n + 1) < n ? bs[i % (n + 1)] : 1];
        }
        BigInteger[][] rows = integerRows(m);
        BigInteger[][] a = bareiss(rows);
        if (a == null) {
            return null;
        }
        BigInteger det = BigInteger.ONE; // the last nonzero pivot: every pivot row ends as det·y_i = a[i][n]
        for (int i = 0; i < n; i++) {
            det = a[i][i].signum() != 0 ? a[i][i] : det;
        }
        BigInteger[] numerators = new BigInteger[n]; // y_i = numerators[i]/det (0 for a free variable)
        for (int i = 0; i < n; i++) {
            numerators[i] = a[i][i].signum() == 0 ? BigInteger.ZERO : a[i][n];
        }
        for (int i = 0; i < n; i++) { // verified in the integer rows: Σ_j row_ij y_j = row_in, times det
            BigInteger r = rows[i][n].multiply(det);
            for (int j = 0; j < n; j++) {
                r = r.subtract(rows[i][j].multiply(numerators[j]));
            }
            if (r.signum() != 0) {
                return null;
            }
        }
        BigFraction[] y = new BigFraction[n + 1];
        y[n] = g[1][1];
        for (int i = 0; i < n; i++) {
            y[i] = BigFraction.of(numerators[i], det);
            y[n] = y[n].subtract(g[bs[i]][1].multiply(y[i]));
        }
        return y;
    }

    /** Each row of m times the positive common multiple of its denominators: integer rows, the same solutions. */
    private static BigInteger[][] integerRows(BigFraction[][] m) {
        BigInteger[][] rows = new BigInteger[m.length][];
        for (int i = 0; i < m.length; i++) {
            BigInteger common = BigInteger.ONE;
            for (BigFraction q : m[i]) {
                BigInteger d = q.getDenominator().abs();
                common = common.divide(common.gcd(d)).multiply(d);
            }
            rows[i] = new BigInteger[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                BigInteger[] nd = RationalInterval.nd(m[i][j]);
                rows[i][j] = nd[0].multiply(common.divide(nd[1]));
            }
        }
        return rows;
    }

    /**
     * Fraction-free Gauss-Jordan (Bareiss) on the diagonal of the augmented n × (n + 1) integer matrix:
     * a_ij ← (a_kk a_ij − a_ik a_kj)/p for every row i ≠ k, p the previous nonzero pivot; every division is exact
     * (Sylvester's identity; a remainder answers null, never a guess). M is positive semidefinite up to positive
     * row scales, so a zero pivot leaves a zero row and column (that step is skipped; its variable is free, 0)
     * unless the row's right side is nonzero: then there is no solution (null). Each pivot row ends as
     * pivot·y_i = a_in with the last pivot.
     */
    private static BigInteger[][] bareiss(BigInteger[][] rows) {
        int n = rows.length;
        BigInteger[][] a = Arrays.stream(rows).map(BigInteger[]::clone).toArray(BigInteger[][]::new);
        BigInteger previous = BigInteger.ONE;
        for (int k = 0; k < n; k++) {
            if (a[k][k].signum() == 0) {
                if (a[k][n].signum() != 0) {
                    return null;
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (i == k) {
                    continue;
                }
                BigInteger factor = a[i][k];
                for (int j = 0; j <= n; j++) {
                    BigInteger[] qr = j == k ? null : a[k][k].multiply(a[i][j]).subtract(factor.multiply(a[k][j]))
                            .divideAndRemainder(previous);
                    if (qr != null && qr[1].signum() != 0) {
                        return null; // not a semidefinite system (never for a Gram matrix): no solution is claimed
                    }
                    a[i][j] = qr == null ? a[i][j] : qr[0];
                }
                a[i][k] = BigInteger.ZERO;
            }
            previous = a[k][k];
        }
        return a;
    }

    /** §3: (w, b) at perimeter position t ∈ [0, 8] (τ = 0 at (1, −1), counter-clockwise, corners every 2). */
    private static BigFraction[] corner(BigFraction t) {
        int side = t.divide(2).intValue() > 3 ? 3 : t.divide(2).intValue();
        BigFraction r = t.subtract(2 * side);
        return side == 0 ? new BigFraction[] {ONE, r.subtract(1)} : side == 1 ? new BigFraction[] {ONE.subtract(r), ONE}
                : side == 2 ? new BigFraction[] {ONE.negate(), ONE.subtract(r)}
                : new BigFraction[] {r.subtract(1), ONE.negate()};
    }

    /** A dyadic rational ≥ √q: (⌊√⌊q 4^40⌋⌋ + 1)/2^40 (0 for q ≤ 0). */
    private static BigFraction sqrtUp(BigFraction q) {
        return q.signum() <= 0 ? ZERO
                : BigFraction.of(q.getNumerator().abs().shiftLeft(80).divide(q.getDenominator().abs()).sqrt()
                        .add(BigInteger.ONE), BigInteger.ONE.shiftLeft(40));
    }

    /** Interval helpers on {lo, hi} pairs of exact rationals. */
    private static BigFraction[] ipow(BigFraction[] x, int n) {
        BigFraction l = x[0].pow(n);
        BigFraction h = x[1].pow(n);
        return n % 2 == 1 || x[0].signum() >= 0 ? new BigFraction[] {l, h}
                : x[1].signum() <= 0 ? new BigFraction[] {h, l}
                : new BigFraction[] {ZERO, max(l, h)};
    }

    private static BigFraction[] add(BigFraction[] x, BigFraction[] y) {
        return new BigFraction[] {x[0].add(y[0]), x[1].add(y[1])};
    }

    private static BigFraction[] sub(BigFraction[] x, BigFraction[] y) {
        return add(x, new BigFraction[] {y[1].negate(), y[0].negate()});
    }

    private static BigFraction[] sc(BigFraction[] x, BigFraction s) {
        return mul(x, new BigFraction[] {s, s});
    }

    private static BigFraction[] mul(BigFraction[] x, BigFraction[] y) {
        BigFraction[] p = {x[0].multiply(y[0]), x[0].multiply(y[1]), x[1].multiply(y[0]), x[1].multiply(y[1])};
        return new BigFraction[] {min(min(p[0], p[1]), min(p[2], p[3])), max(max(p[0], p[1]), max(p[2], p[3]))};
    }

    private static boolean excludes0(BigFraction[] x) {
        return x[0].signum() > 0 || x[1].signum() < 0;
    }
}
