package org.flowcert.prove.critical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The activation-pattern enumeration of proofs-notes/critical-relu-data.md (§2–§6) on the prover
 * side: a verbatim copy of {@code check.ReluDataRule.Patterns} (the checker shares no code with the
 * prover), plus {@link #smallest()}, the exact smallest critical value.
 */
public final class ReluDataPatterns {
    /** Fourier–Motzkin systems larger than this are not decided: the pattern counts as realisable (as the checker). */
    static final int MAX_CONSTRAINTS = 4096;
    private static final BigFraction ZERO = BigFraction.ZERO;
    private final int h;
    private final BigFraction k;
    /** Per set: kind (0 all, 1 upper, -1 lower), its inside and outside point, its generator columns. */
    private final int[] kind;
    private final BigFraction[] inside;
    private final BigFraction[] outside;
    private final int[][] cols;
    private final BigFraction[][] gram;
    private final BigFraction[] gy;
    private final BigFraction yy;

    ReluDataPatterns(BigFraction[] x, BigFraction[] y, BigFraction k, int h) {
        this.h = h;
        this.k = k;
        BigFraction[] z = distinctSorted(x);
        int m = z.length;
        int t = 2 * m - 1;
        kind = new int[t];
        inside = new BigFraction[t];
        outside = new BigFraction[t];
        cols = new int[t][];
        List<BigFraction[]> gen = new ArrayList<>();
        gen.add(vector(x, null, false));
        kind[0] = 0;
        cols[0] = new int[] {gen.size()};
        gen.add(vector(x, null, true));
        for (int g = 1; g < m; g++) {
            for (int s = 0; s < 2; s++) {
                int i = 2 * g - 1 + s;
                kind[i] = s == 0 ? 1 : -1;
                BigFraction lo = z[g - 1];
                BigFraction hi = z[g];
                inside[i] = s == 0 ? hi : lo;
                outside[i] = s == 0 ? lo : hi;
                boolean[] in = new boolean[x.length];
                for (int j = 0; j < x.length; j++) {
                    in[j] = s == 0 ? x[j].subtract(lo).signum() > 0 : x[j].subtract(hi).signum() < 0;
                }
                cols[i] = new int[] {gen.size(), gen.size() + 1};
                gen.add(vector(x, in, false));
                gen.add(vector(x, in, true));
            }
        }
        int q = gen.size();
        gram = new BigFraction[q][q];
        gy = new BigFraction[q];
        for (int a = 0; a < q; a++) {
            for (int b = 0; b <= a; b++) {
                gram[a][b] = dot(gen.get(a), gen.get(b));
                gram[b][a] = gram[a][b];
            }
            gy[a] = dot(gen.get(a), y);
        }
        yy = dot(y, y);
    }

    /** The distinct inputs in increasing order (BigFraction.compareTo is not used: it misorders negatives). */
    private static BigFraction[] distinctSorted(BigFraction[] x) {
        List<BigFraction> z = new ArrayList<>();
        for (BigFraction v : x) {
            if (z.stream().noneMatch(u -> u.subtract(v).signum() == 0)) {
                z.add(v);
            }
        }
        z.sort((u, v) -> u.subtract(v).signum());
        return z.toArray(new BigFraction[0]);
    }

    /** 1_A (or x·1_A when {@code times}) on the data; A = all points when {@code in} is null. */
    private static BigFraction[] vector(BigFraction[] x, boolean[] in, boolean times) {
        BigFraction[] v = new BigFraction[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = in != null && !in[j] ? ZERO : times ? x[j] : BigFraction.ONE;
        }
        return v;
    }

    private static BigFraction dot(BigFraction[] u, BigFraction[] v) {
        BigFraction s = ZERO;
        for (int j = 0; j < u.length; j++) {
            s = s.add(u[j].multiply(v[j]));
        }
        return s;
    }

    /** Σ_{j ≤ H} C(T, j): the number of sets 𝒜 enumerated (capped above at Long.MAX_VALUE / 4). */
    long count() {
        long total = 0;
        long binom = 1;
        int t = kind.length;
        for (int j = 0; j <= Math.min(h, t); j++) {
            total += binom;
            if (total > Long.MAX_VALUE / 4 || binom > Long.MAX_VALUE / 4 / Math.max(1, t)) {
                return Long.MAX_VALUE / 4;
            }
            binom = binom * (t - j) / (j + 1);
        }
        return total;
    }

    /** The first set 𝒜 (in enumeration order) with k·dist² < c that is realisable, described; null when none. */
    String firstRealisableBelow(BigFraction c) {
        String[] bad = {null};
        visit((sets, value) -> {
            if (value.subtract(c).signum() < 0) {
                Solution sol = solve(sets);
                if (realisable(sets, sol)) {
                    bad[0] = "the activation pattern " + describe(sets) + " is realisable with critical value "
                            + sol.value + " < " + c;
                }
            }
            return bad[0] != null;
        });
        return bad[0];
    }

    /** Receives each family 𝒜 with its value k·dist(y, S_𝒜)²; returns true to stop the enumeration. */
    interface Visitor {
        boolean visit(int[] sets, BigFraction value);
    }

    /**
     * Every family of at most H distinct sets, depth first, with k·dist(y, S_𝒜)² computed incrementally:
     * exact Gram–Schmidt on the Gram matrix (t_j = ⟨g, e_j⟩ = G(g, c_j) − Σ_{l<j} μ_{jl} t_l, ‖e‖² =
     * G(g, g) − Σ t_j²/‖e_j‖²; a generator with ‖e‖² = 0 lies in the span and is skipped;
     * dist² drops by ⟨y, e⟩²/‖e‖²). Same value as {@link #solve}, in O(q²) per family.
     */
    void visit(Visitor v) {
        int qmax = 1 + 2 * Math.min(h, kind.length);
        BigFraction[][] mu = new BigFraction[qmax][qmax];
        BigFraction[] norm = new BigFraction[qmax];
        BigFraction[] ye = new BigFraction[qmax];
        int[] basis = new int[qmax];
        basis[0] = 0;
        norm[0] = gram[0][0];
        ye[0] = gy[0];
        BigFraction d0 = yy.subtract(ye[0].multiply(ye[0]).divide(norm[0]));
        dfs(v, new int[Math.min(h, kind.length)], 0, 0, 1, d0, mu, norm, ye, basis);
    }

    private boolean dfs(Visitor v, int[] chosen, int size, int next, int r, BigFraction dist2, BigFraction[][] mu,
            BigFraction[] norm, BigFraction[] ye, int[] basis) {
        if (v.visit(Arrays.copyOf(chosen, size), k.multiply(dist2))) {
            return true;
        }
        for (int s = next; size < chosen.length && s < kind.length; s++) {
            chosen[size] = s;
            int r2 = r;
            BigFraction d2 = dist2;
            for (int g : cols[s]) {
                BigFraction[] t = new BigFraction[r2];
                BigFraction e = gram[g][g];
                for (int j = 0; j < r2; j++) {
                    BigFraction tj = gram[g][basis[j]];
                    for (int l = 0; l < j; l++) {
                        tj = tj.subtract(mu[j][l].multiply(t[l]));
                    }
                    t[j] = tj;
                    e = e.subtract(tj.multiply(tj).divide(norm[j]));
                }
                if (e.signum() == 0) {
                    continue; // g is in the span of the generators before it
                }
                BigFraction yg = gy[g];
                for (int j = 0; j < r2; j++) {
                    mu[r2][j] = t[j].divide(norm[j]);
                    yg = yg.subtract(mu[r2][j].multiply(ye[j]));
                }
                basis[r2] = g;
                norm[r2] = e;
                ye[r2] = yg;
                d2 = d2.subtract(yg.multiply(yg).divide(e));
                r2++;
            }
            if (dfs(v, chosen, size + 1, s + 1, r2, d2, mu, norm, ye, basis)) {
                return true;
            }
        }
        return false;
    }

    /** The exact value k·dist(y, S)² of a pattern and the parametrisation of the normal equations' solutions. */
    record Solution(BigFraction value, int[] columns, BigFraction[][] forms) {
    }

    /**
     * Gauss–Jordan elimination of the normal equations G p = Mᵀy on the pattern's columns (§3): rank,
     * a particular solution p₀ (free variables 0) and the null space, as affine forms in the free
     * variables u: p_a = Σ_f forms[a][f] u_f + forms[a][d].
     */
    Solution solve(int[] sets) {
        int q = 1;
        for (int s : sets) {
            q += cols[s].length;
        }
        int[] cs = new int[q];
        int at = 1;
        for (int s : sets) {
            for (int col : cols[s]) {
                cs[at++] = col;
            }
        }
        BigFraction[][] a = new BigFraction[q][q + 1];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                a[i][j] = gram[cs[i]][cs[j]];
            }
            a[i][q] = gy[cs[i]];
        }
        int[] pivotOf = new int[q];
        Arrays.fill(pivotOf, -1);
        int rank = 0;
        for (int col = 0; col < q && rank < q; col++) {
            int r = rank;
            while (r < q && a[r][col].signum() == 0) {
                r++;
            }
            if (r == q) {
                continue;
            }
            BigFraction[] tmp = a[r];
            a[r] = a[rank];
            a[rank] = tmp;
            BigFraction piv = a[rank][col];
            for (int j = col; j <= q; j++) {
                a[rank][j] = a[rank][j].divide(piv);
            }
            for (int i = 0; i < q; i++) {
                if (i != rank && a[i][col].signum() != 0) {
                    BigFraction f = a[i][col];
                    for (int j = col; j <= q; j++) {
                        a[i][j] = a[i][j].subtract(f.multiply(a[rank][j]));
                    }
                }
            }
            pivotOf[col] = rank++;
        }
        int d = q - rank;
        int[] free = new int[d];
        int nf = 0;
        for (int col = 0; col < q; col++) {
            if (pivotOf[col] < 0) {
                free[nf++] = col;
            }
        }
        BigFraction[][] forms = new BigFraction[q][d + 1];
        BigFraction dist2 = yy;
        for (int col = 0; col < q; col++) {
            Arrays.fill(forms[col], ZERO);
            if (pivotOf[col] >= 0) {
                BigFraction[] row = a[pivotOf[col]];
                forms[col][d] = row[q];
                for (int f = 0; f < d; f++) {
                    forms[col][f] = row[free[f]].negate();
                }
                dist2 = dist2.subtract(row[q].multiply(gy[cs[col]]));
            } else {
                forms[col][Arrays.binarySearch(free, col)] = BigFraction.ONE;
            }
        }
        return new Solution(k.multiply(dist2), cs, forms);
    }

    /**
     * §4: is some solution of the normal equations realised by units with exactly the active sets
     * 𝒜, using the H − |𝒜| spare units to double some sets (doubled sets are unconstrained)?
     */
    boolean realisable(int[] sets, Solution sol) {
        int spare = h - sets.length;
        int doubled = Math.min(spare, sets.length);
        int d = sol.forms[0].length - 1;
        // position of the first column of each set in the pattern's column list
        int[] first = new int[sets.length];
        int at = 1;
        for (int i = 0; i < sets.length; i++) {
            first[i] = at;
            at += cols[sets[i]].length;
        }
        if (d == 0) {
            // unique coefficients: the sets' conditions are independent; realisable iff the sets with no
            // admissible sign can all be doubled (the same answer as the loop below, faster)
            int bad = 0;
            for (int i = 0; i < sets.length; i++) {
                int s = sets[i];
                if (kind[s] != 0) {
                    BigFraction lin = sol.forms[first[i] + 1][0].multiply(inside[s]).add(sol.forms[first[i]][0]);
                    BigFraction lout = sol.forms[first[i] + 1][0].multiply(outside[s]).add(sol.forms[first[i]][0]);
                    bad += lin.signum() != 0 && lin.signum() * lout.signum() <= 0 ? 0 : 1;
                }
            }
            return bad <= doubled;
        }
        for (int mask = 0; mask < 1 << sets.length; mask++) {
            if (Integer.bitCount(mask) != doubled) {
                continue;
            }
            List<Integer> constrained = new ArrayList<>();
            for (int i = 0; i < sets.length; i++) {
                if ((mask >> i & 1) == 0 && kind[sets[i]] != 0) {
                    constrained.add(i);
                }
            }
            for (int signs = 0; signs < 1 << constrained.size(); signs++) {
                List<BigFraction[]> sys = new ArrayList<>();
                List<Boolean> strict = new ArrayList<>();
                for (int j = 0; j < constrained.size(); j++) {
                    int i = constrained.get(j);
                    int s = sets[i];
                    BigFraction[] beta = sol.forms[first[i]]; // coefficient of 1_A
                    BigFraction[] alpha = sol.forms[first[i] + 1]; // coefficient of x·1_A
                    boolean neg = (signs >> j & 1) == 1;
                    // s·(α z_in + β) > 0 and −s·(α z_out + β) ≥ 0
                    sys.add(affine(alpha, beta, inside[s], neg));
                    strict.add(true);
                    sys.add(affine(alpha, beta, outside[s], !neg));
                    strict.add(false);
                }
                if (feasible(sys, strict, d)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** ±(α·zv + β) as an affine form in the free variables. */
    private static BigFraction[] affine(BigFraction[] alpha, BigFraction[] beta, BigFraction zv, boolean negate) {
        BigFraction[] r = new BigFraction[alpha.length];
        for (int j = 0; j < r.length; j++) {
            BigFraction v = alpha[j].multiply(zv).add(beta[j]);
            r[j] = negate ? v.negate() : v;
        }
        return r;
    }

    /**
     * Fourier–Motzkin elimination with strict inequalities (§5): whether some u ∈ R^d has
     * form(u) > 0 (strict) or ≥ 0 for every form. Systems above MAX_CONSTRAINTS count as feasible.
     */
    static boolean feasible(List<BigFraction[]> sys, List<Boolean> strict, int d) {
        for (int v = 0; v < d; v++) {
            List<BigFraction[]> pos = new ArrayList<>();
            List<Boolean> ps = new ArrayList<>();
            List<BigFraction[]> neg = new ArrayList<>();
            List<Boolean> ns = new ArrayList<>();
            List<BigFraction[]> next = new ArrayList<>();
            List<Boolean> nxs = new ArrayList<>();
            for (int i = 0; i < sys.size(); i++) {
                int sg = sys.get(i)[v].signum();
                (sg > 0 ? pos : sg < 0 ? neg : next).add(sys.get(i));
                (sg > 0 ? ps : sg < 0 ? ns : nxs).add(strict.get(i));
            }
            for (int i = 0; i < pos.size(); i++) {
                for (int j = 0; j < neg.size(); j++) {
                    BigFraction a = pos.get(i)[v];
                    BigFraction b = neg.get(j)[v].negate();
                    BigFraction[] r = new BigFraction[d + 1];
                    for (int e = 0; e <= d; e++) {
                        r[e] = pos.get(i)[e].multiply(b).add(neg.get(j)[e].multiply(a));
                    }
                    r[v] = ZERO;
                    next.add(r);
                    nxs.add(ps.get(i) || ns.get(j));
                }
            }
            if (next.size() > MAX_CONSTRAINTS) {
                return true;
            }
            sys = next;
            strict = nxs;
        }
        for (int i = 0; i < sys.size(); i++) {
            int sg = sys.get(i)[d].signum();
            if (sg < 0 || sg == 0 && strict.get(i)) {
                return false;
            }
        }
        return true;
    }

    String describe(int[] sets) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < sets.length; i++) {
            int s = sets[i];
            b.append(i > 0 ? ", " : "").append(kind[s] == 0 ? "all" : kind[s] > 0 ? "x > " + outside[s]
                    : "x < " + outside[s]);
        }
        return b.append("}").toString();
    }

    /** The smallest value over realisable patterns (the exact smallest critical value, §4 Theorem) and its pattern. */
    record Smallest(BigFraction value, String pattern) {
    }

    /** The exact smallest critical value of L over R^P and a pattern attaining it. */
    Smallest smallest() {
        Smallest[] best = {null};
        visit((sets, value) -> {
            if ((best[0] == null || value.subtract(best[0].value()).signum() < 0) && realisable(sets, solve(sets))) {
                best[0] = new Smallest(value, describe(sets));
            }
            return false;
        });
        return best[0];
    }
}
