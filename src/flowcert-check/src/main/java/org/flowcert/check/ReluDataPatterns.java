package org.flowcert.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The enumeration (note §2–§5, §8 for slope S ≠ 0). The sets are the threshold sets of the distinct sorted
 * inputs z_1 < … < z_m: 0 = all, 2g−1 = U_g = {x > z_g}, 2g = L_g = {x < z_{g+1}} (g = 1..m−1), and for S ≠ 0
 * last the empty set; generator columns: 0 = 1, 1 = x (ψ_all), then γ_A = (1−S)1_A, ψ_A = Sx + (1−S)x·1_A per
 * set A ≠ all, ∅, and ψ_∅ = Sx (S = 0: 1_A and x·1_A).
 *
 * <p>Part of the trusted checker (rule {@code critical-relu-data}); public because the prover
 * ({@code prove.critical.ReluDataCriticalProver}) finds the smallest critical value with this very enumeration,
 * so that it exists once. Nothing here calls the prover.
 */
public final class ReluDataPatterns {
    /** Families 𝒜 enumerated at most (note §6); Fourier–Motzkin systems above MAX_FORMS count as feasible (§5). */
    public static final long MAX_PATTERNS = 2_000_000L;
    static final int MAX_FORMS = 4096;
    private static final BigFraction ZERO = BigFraction.ZERO;
    private final int h;
    private final BigFraction k;
    private final int[] kind; // 0 all, 1 upper, -1 lower, 2 empty
    private final BigFraction[] inside;
    private final BigFraction[] outside;
    private final int[][] cols;
    private final BigFraction[][] gram;
    private final BigFraction[] gy;
    private final BigFraction yy;

    public ReluDataPatterns(BigFraction[] x, BigFraction[] y, BigFraction k, int h, BigFraction slope) {
        this.h = h;
        this.k = k;
        List<BigFraction> zs = new ArrayList<>(); // distinct inputs, sorted by the sign of differences
        for (BigFraction v : x) {
            if (zs.stream().noneMatch(u -> u.subtract(v).signum() == 0)) {
                zs.add(v);
            }
        }
        zs.sort((u, v) -> u.subtract(v).signum());
        int t = 2 * zs.size() - (slope.signum() == 0 ? 1 : 0);
        kind = new int[t];
        inside = new BigFraction[t];
        outside = new BigFraction[t];
        cols = new int[t][];
        cols[0] = new int[] {1};
        List<BigFraction[]> gen =
                new ArrayList<>(List.of(vector(x, null, false, slope), vector(x, null, true, slope)));
        for (int i = 1; i < 2 * zs.size() - 1; i++) {
            BigFraction lo = zs.get((i - 1) / 2);
            BigFraction hi = zs.get((i + 1) / 2);
            kind[i] = i % 2 == 1 ? 1 : -1;
            inside[i] = kind[i] > 0 ? hi : lo;
            outside[i] = kind[i] > 0 ? lo : hi;
            boolean[] in = new boolean[x.length];
            for (int j = 0; j < x.length; j++) {
                in[j] = kind[i] > 0 ? x[j].subtract(lo).signum() > 0 : x[j].subtract(hi).signum() < 0;
            }
            cols[i] = new int[] {gen.size(), gen.size() + 1};
            gen.add(vector(x, in, false, slope));
            gen.add(vector(x, in, true, slope));
        }
        if (slope.signum() != 0) {
            kind[t - 1] = 2;
            cols[t - 1] = new int[] {gen.size()};
            gen.add(vector(x, new boolean[x.length], true, slope));
        }
        gram = new BigFraction[gen.size()][gen.size()];
        gy = new BigFraction[gen.size()];
        for (int a = 0; a < gen.size(); a++) {
            for (int b = 0; b < gen.size(); b++) {
                gram[a][b] = dot(gen.get(a), gen.get(b));
            }
            gy[a] = dot(gen.get(a), y);
        }
        yy = dot(y, y);
    }

    /**
     * γ_A = (1−S)1_A, or ψ_A = Sx + (1−S)x·1_A when {@code times}; A = all points (1 and x) when {@code in}
     * is null.
     */
    private static BigFraction[] vector(BigFraction[] x, boolean[] in, boolean times, BigFraction slope) {
        BigFraction[] v = new BigFraction[x.length];
        BigFraction a = BigFraction.ONE.subtract(slope);
        for (int j = 0; j < x.length; j++) {
            v[j] = in == null ? (times ? x[j] : BigFraction.ONE) : in[j] ? (times ? x[j] : a)
                    : times ? slope.multiply(x[j]) : ZERO;
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

    /** Σ_{j ≤ H} C(T, j), the number of families; counting stops above MAX_PATTERNS (no overflow). */
    public long count() {
        return count(kind.length, h);
    }

    /**
     * The number of families for inputs {@code x}, H units and slope S, without building anything: T = 2m − 1
     * threshold sets for m distinct inputs (2m with the empty set when S ≠ 0), as the constructor lists them.
     */
    public static long count(BigFraction[] x, int h, BigFraction slope) {
        List<BigFraction> distinct = new ArrayList<>();
        for (BigFraction v : x) {
            Work.tick();
            if (distinct.stream().noneMatch(u -> u.subtract(v).signum() == 0)) {
                distinct.add(v);
            }
        }
        return count(2 * distinct.size() - (slope.signum() == 0 ? 1 : 0), h);
    }

    private static long count(int sets, int h) {
        long total = 0;
        long binom = 1;
        for (int j = 0; j <= h && j <= sets && total <= MAX_PATTERNS; j++) {
            total += binom;
            binom = binom * (sets - j) / (j + 1);
        }
        return total;
    }

    /** The first family with k·dist² < c that is realisable, described; null when none. */
    public String firstRealisableBelow(BigFraction c) {
        String[] bad = {null};
        visit((sets, value) -> {
            if (value.subtract(c).signum() < 0 && realisable(sets, solve(sets))) {
                bad[0] = "the activation pattern " + describe(sets) + " is realisable with critical value "
                        + value + " < " + c;
            }
            return bad[0] != null;
        });
        return bad[0];
    }

    /**
     * Every family of at most H sets, depth first (a child adds one set of higher index), with k·dist(y, S)²
     * by exact Gram–Schmidt on the Gram matrix: t_j = ⟨g, e_j⟩ = G(g, b_j) − Σ_{l<j} μ_jl t_l, ‖e‖² = G(g, g)
     * − Σ t_j²/‖e_j‖²; ‖e‖² = 0 means g is in the span (skipped); dist² drops by ⟨y, e⟩²/‖e‖². The visitor
     * returns true to stop.
     */
    public void visit(BiPredicate<int[], BigFraction> v) {
        int depth = h < kind.length ? h : kind.length;
        int q = 1 + 2 * depth;
        BigFraction[][] mu = new BigFraction[q][q];
        BigFraction[] norm = new BigFraction[q];
        BigFraction[] ye = new BigFraction[q];
        int[] basis = new int[q];
        norm[0] = gram[0][0];
        ye[0] = gy[0];
        dfs(v, new int[depth], 0, 0, 1, yy.subtract(ye[0].multiply(ye[0]).divide(norm[0])), mu, norm, ye, basis);
    }

    private boolean dfs(BiPredicate<int[], BigFraction> v, int[] chosen, int size, int next, int r,
            BigFraction dist2, BigFraction[][] mu, BigFraction[] norm, BigFraction[] ye, int[] basis) {
        Work.tick();
        if (v.test(Arrays.copyOf(chosen, size), k.multiply(dist2))) {
            return true;
        }
        for (int s = next; size < chosen.length && s < kind.length; s++) {
            chosen[size] = s;
            int r2 = r;
            BigFraction d2 = dist2;
            for (int g : cols[s]) {
                BigFraction[] t = new BigFraction[r2];
                BigFraction e = gram[g][g];
                BigFraction yg = gy[g];
                for (int j = 0; j < r2; j++) {
                    t[j] = gram[g][basis[j]];
                    for (int l = 0; l < j; l++) {
                        t[j] = t[j].subtract(mu[j][l].multiply(t[l]));
                    }
                    e = e.subtract(t[j].multiply(t[j]).divide(norm[j]));
                }
                if (e.signum() != 0) {
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
            }
            if (dfs(v, chosen, size + 1, s + 1, r2, d2, mu, norm, ye, basis)) {
                return true;
            }
        }
        return false;
    }

    /**
     * §5: exact Gauss–Jordan elimination of G p = Mᵀy on the family's columns (1, then each set's); the
     * solutions as affine forms in the free variables u: p_a = Σ_f forms[a][f] u_f + forms[a][d].
     */
    public BigFraction[][] solve(int[] sets) {
        int[] cs = new int[1 + 2 * sets.length];
        int q = 1;
        for (int s : sets) {
            for (int col : cols[s]) {
                cs[q++] = col;
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
        for (int col = 0; col < q; col++) {
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
                BigFraction f = a[i][col];
                for (int j = col; i != rank && f.signum() != 0 && j <= q; j++) {
                    a[i][j] = a[i][j].subtract(f.multiply(a[rank][j]));
                }
            }
            pivotOf[col] = rank++;
        }
        int[] free = new int[q - rank];
        for (int col = 0, nf = 0; col < q; col++) {
            if (pivotOf[col] < 0) {
                free[nf++] = col;
            }
        }
        BigFraction[][] forms = new BigFraction[q][free.length + 1];
        for (int col = 0; col < q; col++) {
            Arrays.fill(forms[col], ZERO);
            if (pivotOf[col] < 0) {
                forms[col][Arrays.binarySearch(free, col)] = BigFraction.ONE;
                continue;
            }
            forms[col][free.length] = a[pivotOf[col]][q];
            for (int f = 0; f < free.length; f++) {
                forms[col][f] = a[pivotOf[col]][free[f]].negate();
            }
        }
        return forms;
    }

    /**
     * §4: is some solution realised by units with exactly the active sets 𝒜, with the H − |𝒜| spare units
     * doubling some sets (doubled sets are unconstrained)? For every choice F of min(H − |𝒜|, |𝒜|) doubled
     * sets and signs s of the others (not all, none): s(α z_in + β) > 0, −s(α z_out + β) ≥ 0 by Fourier–Motzkin.
     */
    public boolean realisable(int[] sets, BigFraction[][] forms) {
        Work.tick();
        int doubled = h - sets.length < sets.length ? h - sets.length : sets.length;
        int[] first = new int[sets.length]; // column of γ_A (the set's first) in the family's columns
        for (int i = 0, at = 1; i < sets.length; at += cols[sets[i]].length, i++) {
            first[i] = at;
        }
        for (int mask = 0; mask < 1 << sets.length; mask++) {
            List<Integer> con = new ArrayList<>();
            for (int i = 0; i < sets.length; i++) {
                if ((mask >> i & 1) == 0 && kind[sets[i]] * kind[sets[i]] == 1) {
                    con.add(i);
                }
            }
            for (int signs = 0; Integer.bitCount(mask) == doubled && signs < 1 << con.size(); signs++) {
                List<BigFraction[]> sys = new ArrayList<>();
                List<Boolean> strict = new ArrayList<>();
                for (int j = 0; j < con.size(); j++) {
                    int i = con.get(j);
                    int col = first[i];
                    boolean neg = (signs >> j & 1) == 1;
                    sys.add(affine(forms[col + 1], forms[col], inside[sets[i]], neg));
                    strict.add(true);
                    sys.add(affine(forms[col + 1], forms[col], outside[sets[i]], !neg));
                    strict.add(false);
                }
                if (feasible(sys, strict, forms[0].length - 1)) {
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
            r[j] = negate ? alpha[j].multiply(zv).add(beta[j]).negate() : alpha[j].multiply(zv).add(beta[j]);
        }
        return r;
    }

    /**
     * Fourier–Motzkin elimination with strict inequalities (§5): whether some u ∈ R^d has form(u) > 0 (strict)
     * or ≥ 0 for every form; a positive combination is strict when either part is. Above MAX_FORMS: feasible.
     */
    public static boolean feasible(List<BigFraction[]> sys, List<Boolean> strict, int d) {
        for (int v = 0; v < d; v++) {
            List<BigFraction[]> next = new ArrayList<>();
            List<Boolean> nst = new ArrayList<>();
            Work.tick();
            for (int i = 0; i < sys.size(); i++) {
                BigFraction a = sys.get(i)[v];
                if (a.signum() == 0) {
                    next.add(sys.get(i));
                    nst.add(strict.get(i));
                }
                for (int j = 0; a.signum() > 0 && j < sys.size(); j++) {
                    BigFraction b = sys.get(j)[v].negate();
                    if (b.signum() > 0) {
                        BigFraction[] r = new BigFraction[d + 1];
                        for (int e = 0; e <= d; e++) {
                            r[e] = sys.get(i)[e].multiply(b).add(sys.get(j)[e].multiply(a));
                        }
                        next.add(r);
                        nst.add(strict.get(i) || strict.get(j));
                    }
                }
            }
            if (next.size() > MAX_FORMS) {
                return true;
            }
            sys = next;
            strict = nst;
        }
        for (int i = 0; i < sys.size(); i++) {
            if (sys.get(i)[d].signum() < 0 || sys.get(i)[d].signum() == 0 && strict.get(i)) {
                return false;
            }
        }
        return true;
    }

    public String describe(int[] sets) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < sets.length; i++) {
            int s = sets[i];
            String set = kind[s] == 0 ? "all"
                    : kind[s] == 2 ? "none" : (kind[s] > 0 ? "x > " : "x < ") + outside[s];
            b.append(i > 0 ? ", " : "").append(set);
        }
        return b.append("}").toString();
    }
}
