package org.flowcert.check;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Leaf z of rule {@code critical-relu-kinks} for three or four kinked relu units (proofs-notes/critical-relu-triple.md;
 * four kinks: critical-relu-kinks.md §12):
 * where two neighbouring intervals of the kinks lie in one constant piece of the target, the continuity relation
 * between them says 0 = κ c_i with c_i ≠ 0, so the multiplier κ of §9.1 of critical-relu-kinks.md is 0; then every
 * relation holds with κ = 0, which only needs the lengths to be positive, never bounded below. This closes the cells
 * at which the kinks meet (at the jump or next to it) and where a unit turns flat while two opposite kinks
 * meet, where the profile tends to 0 along non-critical kinks and the multiplied-out relations of §9.1 lose their
 * information (a factor ℓ² whose enclosure holds 0). Also (note §3): one interval carrying the slope constraint
 * (Lemma 3), and, where κ is not forced, §9.1's κ test with these enclosures (several target breakpoints per
 * interval, the widest relative-position range cut), which closes two kinks meeting at a breakpoint of a bump.
 *
 * <p>Exact rationals only; piecewise-constant targets only (any other target: the leaf does not hold). Leaky relu
 * (slope α ∈ (0, 1), critical-relu-kinks.md §13.4): the same lemmas with the slope space λ'^⊥ of §10.2/§13.3
 * (μ' = (1 − α, −α or 1, …, 0)); α = 0 gives relu's λ and the same verdicts as before. Part of the trusted checker.
 */
public final class ReluKinkTriple {
    private static final BigFraction ZERO = BigFraction.ZERO;
    private static final BigFraction ONE = BigFraction.ONE;
    /** The largest number of t-ranges. */
    public static final int MAX_PARTS = 4096;

    private ReluKinkTriple() {
    }

    /**
     * The orientations (+1, −1) of a three- or four-kink case's units from its tree name ({@code "++-"} → {1, 1, −1}).
     */
    public static int[] signsOf(String kase) {
        int[] s = new int[kase.length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = kase.charAt(i) == '+' ? 1 : kase.charAt(i) == '-' ? -1 : 0;
            if (s[i] == 0) {
                throw new IllegalArgumentException("not a kink case: " + kase);
            }
        }
        return s;
    }

    /**
     * Whether no critical point of the three- or four-kink case with these unit orientations (units of one
     * orientation named in increasing kink order, note §8.1) and pairwise distinct kinks has its kinks in the cell
     * [lo, hi] (note critical-relu-triple.md §3; four kinks: critical-relu-kinks.md §12). The target is given as
     * the checker's Net holds it: pieces [from_i, to_i] with coefficients poly_i; the leaf holds only for pieces of
     * degree 0. The target breakpoint whose relative position t
     * in its interval has the widest range is cut into parts equal ranges.
     */
    public static boolean excludes(int[] signs, List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction[] lo,
            BigFraction[] hi, int parts) {
        return excludes(signs, ZERO, from, poly, lo, hi, parts);
    }

    /**
     * As above for units of slope alpha ∈ [0, 1) on the negative side (0: relu; leaky relu: critical-relu-kinks.md
     * §13.4, the relations with λ' of §10.2/§13.3).
     */
    public static boolean excludes(int[] signs, BigFraction alpha, List<BigFraction[]> from, List<BigFraction[]> poly,
            BigFraction[] lo, BigFraction[] hi, int parts) {
        if (alpha.signum() < 0 || cmp(alpha, ONE) >= 0) {
            return false; // 1 − α ≠ 0 and 1 + α ≠ 0 are used (note §7, §10.2)
        }
        int nk = signs.length; // three kinks (note §1-§3) or four (critical-relu-kinks.md §12: the same lemmas)
        if (nk < 3 || nk > 4 || lo.length != nk || hi.length != nk || parts < 1 || parts > MAX_PARTS) {
            return false;
        }
        int m = from.size();
        BigFraction[] ends = new BigFraction[m + 1];
        BigFraction[] values = new BigFraction[m];
        for (int i = 0; i < m; i++) {
            BigFraction[] p = Poly.trim(poly.get(i));
            for (int d = 1; d < p.length; d++) {
                if (p[d].signum() != 0) {
                    return false; // not constant: the leaf is written for piecewise-constant targets
                }
            }
            ends[i] = from.get(i)[0];
            values[i] = p.length == 0 ? ZERO : p[0];
        }
        ends[m] = from.get(m - 1)[1];
        for (int i = 0; i < nk; i++) {
            if (cmp(lo[i], ends[0]) < 0 || cmp(hi[i], ends[m]) > 0 || cmp(lo[i], hi[i]) > 0) {
                return false; // not a cell of the kink space [a, b]^k
            }
        }
        for (int[] order : strictOrders(signs, lo, hi)) {
            if (!excludes(signs, alpha, ends, values, lo, hi, parts, order)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The strict orders (left to right) a point of the case in the cell may have: i before j needs lo_i &lt; hi_j,
     * and units of one orientation keep their names' order (the same list as ReluKinkLeaves' j3 leaf).
     */
    static List<int[]> strictOrders(int[] signs, BigFraction[] lo, BigFraction[] hi) {
        List<int[]> out = new ArrayList<>();
        int nk = signs.length;
        for (int[] perm : permutations(nk)) {
            boolean ok = true;
            for (int x = 0; x < nk && ok; x++) {
                for (int y = x + 1; y < nk && ok; y++) {
                    int i = perm[x];
                    int j = perm[y];
                    ok = cmp(lo[i], hi[j]) < 0 && !(j < i && signs[i] == signs[j]);
                }
            }
            if (ok) {
                out.add(perm);
            }
        }
        return out;
    }

    /** Every permutation of 0..n−1 in lexicographic order (for n = 3 the six orders the leaf always listed). */
    static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] perm, boolean[] used, int at, List<int[]> out) {
        if (at == perm.length) {
            out.add(perm.clone());
            return;
        }
        for (int i = 0; i < perm.length; i++) {
            if (!used[i]) {
                used[i] = true;
                perm[at] = i;
                permute(perm, used, at + 1, out);
                used[i] = false;
            }
        }
    }

    /** §3 for one order: on every t-range, κ = 0 is forced and then some relation fails. */
    private static boolean excludes(int[] signs, BigFraction alpha, BigFraction[] ends, BigFraction[] values,
            BigFraction[] lo, BigFraction[] hi, int parts, int[] order) {
        BigFraction a = ends[0];
        BigFraction b = ends[ends.length - 1];
        int nk = order.length; // nk kinks, nk + 1 intervals
        int ni = nk + 1;
        BigFraction[][] e = new BigFraction[nk + 2][]; // the interval ends as ranges: a, the sorted kinks, b
        e[0] = new BigFraction[] {a, a};
        e[nk + 1] = new BigFraction[] {b, b};
        // λ' (critical-relu-kinks.md §10.2, §13.3): μ'_0 = 1 − α, μ'_{i+1} = −α (+ unit at boundary i) or 1 (−),
        // μ'_{nk+1} = 0, λ'_m = μ'_m − μ'_{m+1}; α = 0: relu's λ ∈ {−1, 0, 1} (§8.3)
        BigFraction[] mu = new BigFraction[nk + 2];
        mu[0] = ONE.subtract(alpha);
        mu[nk + 1] = ZERO;
        for (int i = 0; i < nk; i++) {
            e[i + 1] = new BigFraction[] {lo[order[i]], hi[order[i]]};
            mu[i + 1] = signs[order[i]] > 0 ? alpha.negate() : ONE;
        }
        BigFraction[] lambda = new BigFraction[ni];
        for (int k = 0; k < ni; k++) {
            lambda[k] = mu[k].subtract(mu[k + 1]);
        }
        // per interval: the target breakpoints strictly inside its hull (each must lie between the two kink ranges),
        // their t-ranges and the values of the r + 1 pieces the interval meets (note §2)
        BigFraction[][][] ts = new BigFraction[ni][][];
        BigFraction[][] vs = new BigFraction[ni][];
        for (int k = 0; k < ni; k++) {
            List<Integer> inside = new ArrayList<>();
            for (int i = 1; i + 1 < ends.length; i++) {
                if (cmp(ends[i], e[k][0]) > 0 && cmp(ends[i], e[k + 1][1]) < 0) {
                    inside.add(i);
                }
            }
            ts[k] = new BigFraction[inside.size()][];
            vs[k] = new BigFraction[inside.size() + 1];
            vs[k][0] = values[piece(ends, e[k][0], inside.isEmpty() ? e[k + 1][1] : ends[inside.get(0)])];
            for (int j = 0; j < inside.size(); j++) {
                BigFraction brk = ends[inside.get(j)];
                if (cmp(e[k][1], brk) > 0 || cmp(e[k + 1][0], brk) < 0) {
                    return false; // a breakpoint inside a kink range: not enclosed here
                }
                ts[k][j] = tRange(e[k], e[k + 1], brk);
                vs[k][j + 1] = values[inside.get(j)];
            }
        }
        // the breakpoint whose relative position has the widest range is cut into parts (the others keep theirs)
        int cutAt = -1;
        int cutJ = -1;
        BigFraction widest = ZERO;
        for (int k = 0; k < ni; k++) {
            for (int j = 0; j < ts[k].length; j++) {
                BigFraction w = ts[k][j][1].subtract(ts[k][j][0]);
                if (cutAt < 0 || cmp(w, widest) > 0) {
                    cutAt = k;
                    cutJ = j;
                    widest = w;
                }
            }
        }
        int n = cutAt < 0 ? 1 : parts;
        for (int part = 0; part < n; part++) {
            Work.tick();
            BigFraction[][] mean = new BigFraction[ni][];
            BigFraction[][] h = new BigFraction[ni][];
            for (int k = 0; k < ni; k++) {
                BigFraction[][] t = ts[k].clone();
                if (k == cutAt) { // part `part` of n of the widest t-range
                    BigFraction[] r = t[cutJ];
                    BigFraction w = r[1].subtract(r[0]);
                    t[cutJ] = new BigFraction[] {r[0].add(w.multiply(part).divide(n)), r[0].add(w.multiply(part + 1)
                        .divide(n))};
                }
                mean[k] = mean(vs[k], t);
                h[k] = rise(vs[k], t);
            }
            if (!noSolution(e, lambda, mean, h)) {
                return false;
            }
        }
        return true;
    }

    /**
     * With enclosures of F̄_m and h_m: whether a relation with c_i = 0 fails, or K has one element and (S) fixes κ
     * so that a relation fails (Lemma 3), or κ = 0 is forced (Lemma 1) and then some relation fails (Lemma 2).
     * Only the signs of lengths are used: every ℓ_m > 0 at a point of the case.
     */
    private static boolean noSolution(BigFraction[][] e, BigFraction[] lambda, BigFraction[][] mean,
            BigFraction[][] h) {
        int ni = lambda.length; // intervals; ni − 1 kinks and continuity relations
        BigFraction[][] d = new BigFraction[ni - 1][];
        for (int i = 0; i + 1 < ni; i++) { // D_i = F̄_{i+1} − h_{i+1} − F̄_i − h_i
            d[i] = sub(sub(mean[i + 1], h[i + 1]), add(mean[i], h[i]));
        }
        for (int i = 0; i + 1 < ni; i++) { // λ_i = λ_{i+1} = 0: c_i = 0, so D_i = 0 whatever κ is
            if (lambda[i].signum() == 0 && lambda[i + 1].signum() == 0 && excludesZero(d[i])) {
                return true;
            }
        }
        int only = -1; // K = {only}: (S) gives κ λ_k/ℓ_k² = −h_k, so D_i = −h_k next to interval k, 0 elsewhere
        int inK = 0;
        for (int k = 0; k < ni; k++) {
            if (lambda[k].signum() != 0) {
                inK++;
                only = k;
            }
        }
        if (inK == 1) {
            for (int i = 0; i + 1 < ni; i++) {
                BigFraction[] rest = i == only - 1 || i == only ? add(d[i], h[only]) : d[i];
                if (excludesZero(rest)) {
                    return true;
                }
            }
        }
        boolean kappaZero = false;
        for (int i = 0; i + 1 < ni && !kappaZero; i++) {
            kappaZero = isZero(d[i]) && coefficientNonZero(e, lambda, i);
        }
        boolean allFlat = true; // the slope relation: Σ_K λ_k h_k/ℓ_k = −κ Σ_K λ_k²/ℓ_k³, the sum on the right > 0
        for (int k = 0; k < ni; k++) {
            allFlat &= lambda[k].signum() == 0 || isZero(h[k]);
        }
        if (!kappaZero && !allFlat) {
            return noCommonKappa(e, lambda, d, h);
        }
        // κ = 0: D_i = 0 for every i and Σ_K λ_k h_k/ℓ_k = 0
        for (int i = 0; i + 1 < ni; i++) {
            if (excludesZero(d[i])) {
                return true;
            }
        }
        int positive = 0;
        int negative = 0;
        int unknown = 0;
        for (int k = 0; k < ni; k++) {
            if (lambda[k].signum() != 0 && !isZero(h[k])) { // the sign of λ_k h_k is the sign of term
                BigFraction[] term = lambda[k].signum() > 0 ? h[k]
                    : new BigFraction[] {h[k][1].negate(), h[k][0].negate()};
                if (term[0].signum() > 0) {
                    positive++;
                } else if (term[1].signum() < 0) {
                    negative++;
                } else {
                    unknown++;
                }
            }
        }
        return unknown == 0 && (positive == 0) != (negative == 0) || noCommonKappa(e, lambda, d, h);
    }

    /**
     * Note §3 step 4, the test of critical-relu-kinks.md §9.1 with these enclosures: the relations multiplied out,
     * P_i = D_i g_i g_{i+1} = κ (λ_i g_{i+1} + λ_{i+1} g_i) (g_m = ℓ_m² if λ_m ≠ 0, else 1) and
     * −Σ_K λ_k h_k ℓ_k² Π_{j∈K, j≠k} ℓ_j³ = κ Σ_K λ_k² Π_{j∈K, j≠k} ℓ_j³, admit no common κ. Length enclosures are
     * clamped at 0 (every ℓ_m > 0 at a point of the case); a relation whose factor of κ may vanish allows rays or all
     * of R, so nothing is divided by a quantity that may be 0.
     */
    private static boolean noCommonKappa(BigFraction[][] e, BigFraction[] lambda, BigFraction[][] d,
            BigFraction[][] h) {
        int ni = lambda.length;
        BigFraction[][] len = new BigFraction[ni][];
        BigFraction[][] g = new BigFraction[ni][];
        for (int m = 0; m < ni; m++) {
            len[m] = sub(e[m + 1], e[m]);
            len[m][0] = max(len[m][0], ZERO);
            g[m] = lambda[m].signum() != 0 ? mul(len[m], len[m]) : new BigFraction[] {ONE, ONE};
        }
        List<BigFraction[]> allowed = new ArrayList<>();
        allowed.add(new BigFraction[] {null, null}); // all of R
        for (int i = 0; i + 1 < ni; i++) {
            BigFraction[] pp = mul(d[i], mul(g[i], g[i + 1]));
            BigFraction[] qq = add(scale(g[i + 1], lambda[i]), scale(g[i], lambda[i + 1]));
            allowed = intersect(allowed, ratios(pp, qq));
            if (allowed.isEmpty()) {
                return true;
            }
        }
        BigFraction[] pp = {ZERO, ZERO};
        BigFraction[] qq = {ZERO, ZERO};
        for (int k = 0; k < ni; k++) {
            if (lambda[k].signum() != 0) {
                BigFraction[] rest = {ONE, ONE};
                for (int j = 0; j < ni; j++) {
                    if (lambda[j].signum() != 0 && j != k) {
                        rest = mul(rest, mul(len[j], mul(len[j], len[j])));
                    }
                }
                pp = sub(pp, scale(mul(h[k], mul(mul(len[k], len[k]), rest)), lambda[k]));
                qq = add(qq, scale(rest, lambda[k].multiply(lambda[k]))); // relu: λ_k² = 1
            }
        }
        return intersect(allowed, ratios(pp, qq)).isEmpty();
    }

    /** The set {κ : P = κ Q for some P ∈ p, Q ∈ q} (or a superset): closed intervals, null ends infinite. */
    private static List<BigFraction[]> ratios(BigFraction[] p, BigFraction[] q) {
        if (q[0].signum() > 0 || q[1].signum() < 0) {
            return List.<BigFraction[]>of(mul(p, new BigFraction[] {ONE.divide(q[1]), ONE.divide(q[0])}));
        }
        if (p[0].signum() <= 0 && p[1].signum() >= 0) {
            return List.<BigFraction[]>of(new BigFraction[] {null, null});
        }
        // 0 ∈ q, 0 ∉ p: |κ| ≥ m/|Q| with m = min |p| > 0 and sign(κ) = sign(P) sign(Q)
        BigFraction m = p[0].signum() > 0 ? p[0] : p[1].negate();
        boolean up = p[0].signum() > 0;
        List<BigFraction[]> out = new ArrayList<>();
        if (q[1].signum() > 0) {
            BigFraction r = m.divide(q[1]);
            out.add(up ? new BigFraction[] {r, null} : new BigFraction[] {null, r.negate()});
        }
        if (q[0].signum() < 0) {
            BigFraction r = m.divide(q[0].negate());
            out.add(up ? new BigFraction[] {null, r.negate()} : new BigFraction[] {r, null});
        }
        return out;
    }

    /** The intersection of two unions of closed intervals (null ends infinite). */
    private static List<BigFraction[]> intersect(List<BigFraction[]> xs, List<BigFraction[]> ys) {
        List<BigFraction[]> out = new ArrayList<>();
        for (BigFraction[] x : xs) {
            for (BigFraction[] y : ys) {
                BigFraction l = x[0] == null ? y[0] : y[0] == null ? x[0] : max(x[0], y[0]);
                BigFraction u = x[1] == null ? y[1] : y[1] == null ? x[1] : min(x[1], y[1]);
                if (l == null || u == null || cmp(l, u) <= 0) {
                    out.add(new BigFraction[] {l, u});
                }
            }
        }
        return out;
    }

    private static BigFraction[] mul(BigFraction[] x, BigFraction[] y) {
        BigFraction[] p = {x[0].multiply(y[0]), x[0].multiply(y[1]), x[1].multiply(y[0]), x[1].multiply(y[1])};
        BigFraction lo = p[0];
        BigFraction hi = p[0];
        for (BigFraction v : p) {
            lo = min(lo, v);
            hi = max(hi, v);
        }
        return new BigFraction[] {lo, hi};
    }

    /**
     * Whether c_i = λ_i/ℓ_i² + λ_{i+1}/ℓ_{i+1}² ≠ 0 at every point of the cell with this order: λ's of one sign (not
     * both 0); λ_i λ_{i+1} = −1 (relu) with ℓ_i − ℓ_{i+1} = 2 q_{i+1} − q_i − q_{i+2} excluding 0 (q: the interval
     * ends); other opposite signs (leaky, §13.4) with λ_i ℓ_{i+1}² + λ_{i+1} ℓ_i² = c_i ℓ_i² ℓ_{i+1}² excluding 0.
     */
    private static boolean coefficientNonZero(BigFraction[][] e, BigFraction[] lambda, int i) {
        BigFraction l0 = lambda[i];
        BigFraction l1 = lambda[i + 1];
        if (l0.signum() == 0 && l1.signum() == 0) {
            return false;
        }
        if (l0.signum() * l1.signum() >= 0) {
            return true;
        }
        // λ_i λ_{i+1} = −1 with |λ| = 1 (relu): c_i = ±(1/ℓ_i² − 1/ℓ_{i+1}²)
        if (cmp(l0.abs(), ONE) == 0 && cmp(l1.abs(), ONE) == 0) {
            BigFraction[] diff = sub(sub(add(e[i + 1], e[i + 1]), e[i]), e[i + 2]);
            return excludesZero(diff);
        }
        BigFraction[] li = sub(e[i + 1], e[i]); // ℓ_i > 0 at every point of the case: clamp the enclosures at 0
        BigFraction[] lj = sub(e[i + 2], e[i + 1]);
        li[0] = max(li[0], ZERO);
        lj[0] = max(lj[0], ZERO);
        return excludesZero(add(scale(mul(lj, lj), l0), scale(mul(li, li), l1)));
    }

    /**
     * F̄ = Σ_j v_j (t_{j+1} − t_j) (t_0 = 0, t_{r+1} = 1) = v_r + Σ_{j≥1} (v_{j−1} − v_j) t_j, each term over its own
     * t-range (exact for one breakpoint, an enclosure for several).
     */
    private static BigFraction[] mean(BigFraction[] v, BigFraction[][] t) {
        int r = t.length;
        BigFraction[] s = {v[r], v[r]};
        for (int j = 1; j <= r; j++) {
            s = add(s, scale(t[j - 1], v[j - 1].subtract(v[j])));
        }
        return s;
    }

    /**
     * h = 6 Σ_j v_j ∫_{t_j}^{t_{j+1}} (s − 1/2) ds = 3 (v_r − v_0)/4 + 3 Σ_{j≥1} (v_{j−1} − v_j)(t_j − 1/2)²; for one
     * breakpoint this is 3 t (1 − t)(v_1 − v_0), exact over the t-range.
     */
    private static BigFraction[] rise(BigFraction[] v, BigFraction[][] t) {
        int r = t.length;
        BigFraction three = BigFraction.of(3);
        BigFraction c = v[r].subtract(v[0]).multiply(three).divide(4);
        BigFraction[] s = {c, c};
        for (int j = 1; j <= r; j++) {
            s = add(s, scale(squareAboutHalf(t[j - 1]), v[j - 1].subtract(v[j]).multiply(three)));
        }
        return s;
    }

    /** The range of (t − 1/2)² over t ∈ [t_lo, t_hi]: 0 when 1/2 lies inside, the larger at the farther end. */
    private static BigFraction[] squareAboutHalf(BigFraction[] t) {
        BigFraction half = BigFraction.of(1, 2);
        BigFraction u = t[0].subtract(half).multiply(t[0].subtract(half));
        BigFraction w = t[1].subtract(half).multiply(t[1].subtract(half));
        BigFraction lo = cmp(t[0], half) <= 0 && cmp(t[1], half) >= 0 ? ZERO : min(u, w);
        return new BigFraction[] {lo, max(u, w)};
    }

    private static BigFraction[] scale(BigFraction[] x, BigFraction s) {
        BigFraction p = x[0].multiply(s);
        BigFraction q = x[1].multiply(s);
        return cmp(p, q) <= 0 ? new BigFraction[] {p, q} : new BigFraction[] {q, p};
    }

    /** The range of t = (k − P)/(Q − P) over P ∈ p, Q ∈ q with p ≤ k ≤ q (decreasing in P and in Q). */
    private static BigFraction[] tRange(BigFraction[] p, BigFraction[] q, BigFraction k) {
        BigFraction tHi = cmp(q[0], p[0]) > 0 ? min(ONE, k.subtract(p[0]).divide(q[0].subtract(p[0]))) : ONE;
        BigFraction tLo = cmp(q[1], p[1]) > 0 ? max(ZERO, k.subtract(p[1]).divide(q[1].subtract(p[1]))) : ZERO;
        return new BigFraction[] {tLo, tHi};
    }

    /** The target piece holding [u, v]. */
    private static int piece(BigFraction[] ends, BigFraction u, BigFraction v) {
        for (int i = 0; i + 1 < ends.length; i++) {
            if (cmp(ends[i], u) <= 0 && cmp(ends[i + 1], v) >= 0) {
                return i;
            }
        }
        throw new IllegalStateException("no piece holds the range");
    }

    private static boolean isZero(BigFraction[] x) {
        return x[0].signum() == 0 && x[1].signum() == 0;
    }

    private static boolean excludesZero(BigFraction[] x) {
        return x[0].signum() > 0 || x[1].signum() < 0;
    }

    private static BigFraction[] add(BigFraction[] x, BigFraction[] y) {
        return new BigFraction[] {x[0].add(y[0]), x[1].add(y[1])};
    }

    private static BigFraction[] sub(BigFraction[] x, BigFraction[] y) {
        return new BigFraction[] {x[0].subtract(y[1]), x[1].subtract(y[0])};
    }

    private static BigFraction min(BigFraction x, BigFraction y) {
        return cmp(x, y) <= 0 ? x : y;
    }

    private static BigFraction max(BigFraction x, BigFraction y) {
        return cmp(x, y) >= 0 ? x : y;
    }

    /** The sign of x − y (exact; see ReluKinkLeaves.cmp on the library's comparison of negative fractions). */
    private static int cmp(BigFraction x, BigFraction y) {
        return x.subtract(y).signum();
    }
}
