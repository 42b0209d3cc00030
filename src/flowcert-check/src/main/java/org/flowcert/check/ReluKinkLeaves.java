package org.flowcert.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The leaf tests of rule {@code critical-relu-kinks} (proofs-notes/critical-relu-kinks.md §2–§5, §8–§9): q
 * (Bernstein coefficients of the profile polynomial), w (piecewise affine residuals), j (continuity of the piecewise
 * fit), x (cell below the diagonal), B and C (three or four kinks, claims on a box: the box bounds the output
 * weights, §9.2, §11.4), z (three or four kinks, piecewise-constant target: critical-relu-triple.md, §12, §13.4).
 * Exact rationals only. Part of the trusted checker; public because the prover
 * ({@code prove.critical.ReluKinkProver}) searches with the same tests, so every leaf it records is accepted.
 */
public final class ReluKinkLeaves {
    /** The cases of §1 (H = 2): their tree names; kink counts and orientations (+1, −1) in SIGNS. */
    public static final List<String> CASES = List.of("A", "+-", "++", "--");
    /**
     * The further cases of §8 (H = 3; leaky relu too, §10), numbered after CASES: {@code x} (two kinks and x in the
     * basis) and the three-kink cases by orientation (+ units first, each orientation in increasing kink order).
     */
    public static final List<String> CASES3 = List.of("x", "+++", "++-", "+--", "---");
    /**
     * The further cases of §11 (H = 4; leaky relu too, §13), numbered after CASES3: {@code x3} (three kinks named in
     * increasing order and x in the basis: one flat active unit) and the four-kink cases by orientation.
     */
    public static final List<String> CASES4 = List.of("x3", "++++", "+++-", "++--", "+---", "----");
    private static final int[][] SIGNS = {{1}, {1, -1}, {1, 1}, {-1, -1}, {1, 1}, {1, 1, 1}, {1, 1, -1}, {1, -1, -1},
        {-1, -1, -1}, {1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, -1}, {-1, -1, -1, -1}};
    /** The case number of §8.2's case {@code x}: its basis holds x, like case A. */
    private static final int CASE_X = CASES.size();
    /** The case number of §11's case {@code x3}: three kinks and x in the basis. */
    private static final int CASE_X3 = CASES.size() + CASES3.size();
    /** Targets of higher degree are refused (kink polynomial exponents must stay below 2^8). */
    public static final int MAX_TARGET_DEGREE = 20;
    /** The largest number of t-ranges of a j leaf. */
    public static final int MAX_J = 4096;
    private static final BigFraction ZERO = BigFraction.ZERO;
    private static final BigFraction ONE = BigFraction.ONE;
    private static final BigFraction TWO = BigFraction.of(2);

    private final BigFraction[] ends;
    private final BigFraction[][] polys;
    private final BigFraction a;
    private final BigFraction b;
    private final BigFraction c;
    private final BigFraction normF;
    /** Per case and kink order: {det M, uᵀ adj(M) u}. */
    private final Map<String, KinkPoly[]> profiles = new ConcurrentHashMap<>();

    /** The activation's slope for z < 0: 0 for relu, α ∈ (0, 1) for leaky relu. */
    private final BigFraction alpha;
    /**
     * The bound A on every output coefficient a_j = v_j |w_j| of a kinked unit when the claim is about a box (B² for
     * a box inside [−B, B]^P, note §9.2), or null (everywhere: leaf B is refused).
     */
    private final BigFraction amp;
    /**
     * The target as given and the number of units of the net whose kink trees may use leaf z: 3 for a 1-3-1 relu or
     * leaky relu net (its three-kink trees: ReluKinkTriple, critical-relu-triple.md, leaky: note §13.4), 4 for a 1-4-1
     * net (its three- and four-kink trees, note §12, §13.4), 0 none.
     */
    private final List<BigFraction[]> fromList;
    private final List<BigFraction[]> polyList;
    private final int zKinks;

    /** For relu: the target pieces (from, to) and coefficients (as the checker's Net reads them) and the bound c. */
    public ReluKinkLeaves(List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction c) {
        this(from, poly, c, ZERO);
    }

    /** For leaky relu of slope alpha ∈ [0, 1) (0: relu); see {@link #slopeOk}. */
    public ReluKinkLeaves(List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction c, BigFraction alpha) {
        this(from, poly, c, alpha, null);
    }

    /**
     * For relu or leaky relu with, for a claim about a box, the bound amp ≥ 0 on every |v_j| |w_j| in the box (null:
     * everywhere, no leaf B).
     */
    public ReluKinkLeaves(List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction c, BigFraction alpha,
            BigFraction amp) {
        this(from, poly, c, alpha, amp, false);
    }

    /**
     * As above; leafZ: the net has exactly three units, so leaf z (three kinks, relu or leaky relu: note §13.4) may
     * be used in the trees +++, ++-, +-- and --- (critical-relu-triple.md); 1-4-1 nets use the constructor with the
     * unit count.
     */
    public ReluKinkLeaves(List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction c, BigFraction alpha,
            BigFraction amp, boolean leafZ) {
        this(from, poly, c, alpha, amp, leafZ ? 3 : 0);
    }

    /**
     * As above; zKinks: the net's number of units when leaf z may be used (3: the trees +++, ++-, +--, --- of a 1-3-1
     * relu or leaky relu net; 4: those and the four-kink trees of a 1-4-1 net, note §12, §13.4), else 0.
     */
    public ReluKinkLeaves(List<BigFraction[]> from, List<BigFraction[]> poly, BigFraction c, BigFraction alpha,
            BigFraction amp, int zKinks) {
        this.alpha = alpha;
        this.amp = amp;
        this.fromList = List.copyOf(from);
        this.polyList = List.copyOf(poly);
        this.zKinks = zKinks;
        int m = from.size();
        ends = new BigFraction[m + 1];
        polys = new BigFraction[m][];
        for (int i = 0; i < m; i++) {
            ends[i] = from.get(i)[0];
            polys[i] = Poly.trim(poly.get(i));
        }
        ends[m] = from.get(m - 1)[1];
        a = ends[0];
        b = ends[m];
        this.c = c;
        normF = integral(a, b, 0, true);
    }

    /** Whether the slope lies in [0, 1) (note §7: 1 − α ≠ 0 and 1 + α ≠ 0 are used). */
    public static boolean slopeOk(BigFraction alpha) {
        return alpha.signum() >= 0 && cmp(alpha, ONE) < 0;
    }

    /** Whether every target piece has degree at most {@link #MAX_TARGET_DEGREE}. */
    public boolean degreesOk() {
        return Arrays.stream(polys).allMatch(p -> p.length - 1 <= MAX_TARGET_DEGREE);
    }

    public BigFraction bound() {
        return c;
    }

    /** Whether leaf B may be used: the claim is about a box (note §9.2). */
    public boolean hasBox() {
        return amp != null;
    }

    public BigFraction lo() {
        return a;
    }

    public BigFraction hi() {
        return b;
    }

    /** The name of case kase (CASES, then CASES3, then CASES4). */
    public static String caseName(int kase) {
        return kase < CASES.size() ? CASES.get(kase) : kase < CASE_X3 ? CASES3.get(kase - CASES.size())
                : CASES4.get(kase - CASE_X3);
    }

    /** The number of cases (trees) for h units (2, 3 or 4). */
    public static int caseCount(int h) {
        return CASES.size() + (h >= 3 ? CASES3.size() : 0) + (h >= 4 ? CASES4.size() : 0);
    }

    /** Whether every unit of case kase is kinked (no x in the basis; three or four kinks): leaf B applies (§9.2). */
    public static boolean allKinked(int kase) {
        return kase > CASE_X && kase != CASE_X3;
    }

    /** Whether case kase is one of the four-kink cases of §11.3 (++++, +++-, ++--, +---, ----). */
    public static boolean fourKinks(int kase) {
        return kase > CASE_X3 && kase < SIGNS.length;
    }

    /** Whether the basis of case kase holds x (case A and §8.2's case x). */
    private static boolean withX(int kase) {
        return kase == 0 || kase == CASE_X || kase == CASE_X3;
    }

    /** Whether kinks i < j of case kase are named in increasing order (same orientation; cases ++, --, x, §8.3). */
    private static boolean ordered(int kase, int i, int j) {
        return kase >= 2 && SIGNS[kase][i] == SIGNS[kase][j];
    }

    /** The number of kink variables of case k. */
    public static int dims(int kase) {
        return SIGNS[kase].length;
    }

    /** The first target breakpoint strictly inside (lo, hi), or null. */
    public BigFraction breakIn(BigFraction lo, BigFraction hi) {
        for (int i = 1; i + 1 < ends.length; i++) {
            if (cmp(ends[i], lo) > 0 && cmp(ends[i], hi) < 0) {
                return ends[i];
            }
        }
        return null;
    }

    /**
     * Whether leaf {@code letter} (q, w, x or j with n t-ranges) holds on the cell [lo, hi] of case {@code kase}.
     */
    public boolean holds(int kase, char letter, int n, BigFraction[] lo, BigFraction[] hi) {
        if (kase < 0 || kase >= SIGNS.length || lo.length != dims(kase) || hi.length != lo.length) {
            return false;
        }
        return switch (letter) {
            case 'q' -> q(kase, lo, hi);
            case 'w' -> w(lo, hi);
            case 'x' -> outsideOrder(kase, lo, hi);
            case 'B' -> allKinked(kase) && amp != null && boxLeaf(kase, lo, hi, false);
            case 'C' -> allKinked(kase) && amp != null && boxLeaf(kase, lo, hi, true);
            // critical-relu-triple.md §3: three kinks, H = 3, piecewise-constant target (no box needed)
            // note §12: the four-kink trees of a 1-4-1 relu net by the same lemmas, and its three-kink trees (they
            // stand for critical points of the 1-3-1 net reached by (R1)/(R2), which the triple note excludes);
            // note §13.4: leaky units too, with the slope space λ'^⊥ of §10.2/§13.3
            case 'z' -> (zKinks >= 3 && kase > CASE_X && kase < CASE_X3 || zKinks == 4 && kase > CASE_X3) && n >= 1
                    && n <= ReluKinkTriple.MAX_PARTS && ReluKinkTriple.excludes(SIGNS[kase], alpha, fromList,
                    polyList, lo, hi, n);
            // §4 (H = 2, same orientation: outer fits of degrees 0/1) and §8.2 (case x: both outer fits affine);
            // and §8.3 (three kinks: continuity of the coupled fit)
            case 'j' -> n >= 1 && n <= MAX_J && (kase == 2 || kase == 3 || kase == CASE_X
                    ? j(kase == CASE_X || SIGNS[kase][0] < 0 ? 1 : 0, kase == CASE_X || SIGNS[kase][0] > 0 ? 1 : 0, n,
                    lo, hi) : kase > CASE_X && j3(kase, n, lo, hi));
            default -> false;
        };
    }

    /** Leaf x (§5, §8): some pair of kinks named in increasing order has lo_i ≥ hi_j, so no point of the case. */
    private static boolean outsideOrder(int kase, BigFraction[] lo, BigFraction[] hi) {
        for (int i = 0; i < lo.length; i++) {
            for (int j = i + 1; j < lo.length; j++) {
                if (ordered(kase, i, j) && cmp(lo[i], hi[j]) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The profile dist²(f, W(p)) of case kase at the kinks p (a diagnostic for the prover's messages, not a
     * test), or null where the Gram matrix is singular.
     */
    public BigFraction profileAt(int kase, BigFraction[] p) {
        int[] slot = new int[p.length];
        List<int[]> orders = new ArrayList<>();
        slots(0, slot, p, p, orders);
        for (int[] s : orders) {
            for (int[] perm : perms(p.length, kase, s, p, p)) {
                KinkPoly[] du = profiles.computeIfAbsent(kase + ":" + Arrays.toString(s) + Arrays.toString(perm),
                        z -> profile(kase, s, perm));
                BigFraction d = du[0].eval(p);
                return d.signum() == 0 ? null : normF.subtract(du[1].eval(p).divide(d));
            }
        }
        return null;
    }

    // ---- leaf B (§9.2, claims about a box only) ----

    /**
     * Leaf B: at the point p0 (kink i at lo_i + (i + 1)(hi_i − lo_i)/4) the exact least-squares problem gives
     * R_A(p0) ≥ R(p0) + max_j (|z*_j| − A)₊² / (M⁻¹)_jj, and every θ of the box with kinks p in the cell has
     * √L(θ) ≥ √R_A(p0) − A Σ_j d_j √len_j; the leaf holds when that is ≥ √c (square roots bounded by rationals).
     */
    private boolean boxLeaf(int kase, BigFraction[] lo, BigFraction[] hi, boolean exact) {
        int k = lo.length;
        BigFraction[] p0 = new BigFraction[k];
        for (int i = 0; i < k; i++) {
            p0[i] = lo[i].add(hi[i].subtract(lo[i]).multiply(i + 1).divide(4));
        }
        List<BigFraction> cuts = new ArrayList<>(Arrays.asList(ends));
        cuts.addAll(Arrays.asList(p0));
        cuts.sort(ReluKinkLeaves::cmp);
        int nb = k + 1;
        BigFraction[][] m = new BigFraction[nb][nb];
        BigFraction[] u = new BigFraction[nb];
        for (int i = 0; i < nb; i++) {
            u[i] = ZERO;
            Arrays.fill(m[i], ZERO);
        }
        for (int q = 0; q + 1 < cuts.size(); q++) {
            BigFraction l = cuts.get(q);
            BigFraction r = cuts.get(q + 1);
            if (cmp(r, l) <= 0) {
                continue;
            }
            BigFraction[] f = polys[piece(l, r)];
            BigFraction[][] e = new BigFraction[nb][];
            e[0] = new BigFraction[] {ONE};
            for (int i = 0; i < k; i++) {
                int sg = SIGNS[kase][i];
                boolean on = sg > 0 ? cmp(p0[i], l) <= 0 : cmp(p0[i], r) >= 0;
                BigFraction slope = on ? BigFraction.of(sg) : alpha.multiply(sg); // ψ_s(p0) = act(s(x − p0)), §10
                e[i + 1] = new BigFraction[] {p0[i].multiply(slope).negate(), slope};
            }
            for (int i = 0; i < nb; i++) {
                u[i] = u[i].add(definite(Poly.mul(e[i], f), l, r));
                for (int j = 0; j < nb; j++) {
                    m[i][j] = m[i][j].add(definite(Poly.mul(e[i], e[j]), l, r));
                }
            }
            Work.tick();
        }
        BigFraction[] z = solve(m, u);
        if (z == null) {
            return false; // M(p0) singular
        }
        BigFraction rA = normF;
        for (int i = 0; i < nb; i++) {
            rA = rA.subtract(u[i].multiply(z[i]));
        }
        BigFraction extra = ZERO;
        for (int j = 1; j < nb; j++) {
            BigFraction over = z[j].abs().subtract(amp);
            if (over.signum() > 0) {
                BigFraction[] unit = new BigFraction[nb];
                Arrays.fill(unit, ZERO);
                unit[j] = ONE;
                BigFraction diag = solve(m, unit)[j]; // (M⁻¹)_jj > 0
                extra = RationalInterval.max(extra, over.multiply(over).divide(diag));
            }
        }
        rA = exact ? boxMinimum(m, u) : rA.add(extra);
        BigFraction need = sqrtBound(c, true);
        // ‖ψ_s(p) − ψ_s(p0)‖ ≤ d (α √(b − a) + (1 − α) √len) (§9.2, §10: α s(x − p) plus (1 − α) relu(s(x − p)))
        BigFraction whole = alpha.signum() == 0 ? ZERO : alpha.multiply(sqrtBound(b.subtract(a), true));
        for (int i = 0; i < k; i++) {
            BigFraction d = RationalInterval.max(hi[i].subtract(p0[i]), p0[i].subtract(lo[i]));
            BigFraction len = SIGNS[kase][i] > 0 ? b.subtract(lo[i]) : hi[i].subtract(a);
            need = need.add(amp.multiply(d).multiply(whole.add(ONE.subtract(alpha).multiply(sqrtBound(len, true)))));
        }
        return rA.signum() > 0 && cmp(sqrtBound(rA, false), need) >= 0;
    }

    /**
     * Leaf C (§11.4): R_A(p0) = min {‖f‖² − 2uᵀz + zᵀMz : z_0 ∈ R, |z_j| ≤ A} exactly, M positive definite. A convex
     * quadratic's minimum over the box is the unconstrained minimum over the coordinates strictly inside the box with
     * the others at ±A, so it is the least value over the patterns (each z_j free, +A or −A) whose reduced solution
     * is feasible; every such value is attained by a feasible z, so the least is the minimum, not just a bound.
     */
    private BigFraction boxMinimum(BigFraction[][] m, BigFraction[] u) {
        int nb = u.length;
        int patterns = 1;
        for (int j = 1; j < nb; j++) {
            patterns *= 3;
        }
        BigFraction best = null;
        for (int pat = 0; pat < patterns; pat++) {
            BigFraction[] z = new BigFraction[nb];
            List<Integer> free = new ArrayList<>(List.of(0));
            int code = pat;
            for (int j = 1; j < nb; j++) {
                int c3 = code % 3;
                code /= 3;
                if (c3 == 0) {
                    free.add(j);
                } else {
                    z[j] = c3 == 1 ? amp : amp.negate();
                }
            }
            int nf = free.size();
            BigFraction[][] mf = new BigFraction[nf][nf];
            BigFraction[] rf = new BigFraction[nf];
            for (int i = 0; i < nf; i++) {
                int fi = free.get(i);
                rf[i] = u[fi];
                for (int j = 0; j < nb; j++) {
                    if (z[j] != null) {
                        rf[i] = rf[i].subtract(m[fi][j].multiply(z[j]));
                    }
                }
                for (int j = 0; j < nf; j++) {
                    mf[i][j] = m[fi][free.get(j)];
                }
            }
            BigFraction[] zf = solve(mf, rf);
            if (zf == null) {
                continue;
            }
            boolean feasible = true;
            for (int i = 0; i < nf; i++) {
                z[free.get(i)] = zf[i];
                feasible &= free.get(i) == 0 || cmp(zf[i].abs(), amp) <= 0;
            }
            if (!feasible) {
                continue;
            }
            BigFraction v = normF;
            for (int i = 0; i < nb; i++) {
                v = v.subtract(u[i].multiply(z[i]).multiply(2));
                for (int j = 0; j < nb; j++) {
                    v = v.add(z[i].multiply(m[i][j]).multiply(z[j]));
                }
            }
            best = best == null || cmp(v, best) < 0 ? v : best;
            Work.tick();
        }
        return best == null ? ZERO : best;
    }

    /** ∫_l^r g dx, exact. */
    private static BigFraction definite(BigFraction[] g, BigFraction l, BigFraction r) {
        BigFraction[] anti = anti(g);
        return Poly.eval(anti, r).subtract(Poly.eval(anti, l));
    }

    /** The solution of m z = u (m symmetric positive definite or singular), exact; null when m is singular. */
    private static BigFraction[] solve(BigFraction[][] m, BigFraction[] u) {
        int n = u.length;
        BigFraction[][] w = new BigFraction[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, w[i], 0, n);
            w[i][n] = u[i];
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            while (piv < n && w[piv][col].signum() == 0) {
                piv++;
            }
            if (piv == n) {
                return null;
            }
            BigFraction[] t = w[col];
            w[col] = w[piv];
            w[piv] = t;
            for (int i = 0; i < n; i++) {
                if (i != col && w[i][col].signum() != 0) {
                    BigFraction f = w[i][col].divide(w[col][col]);
                    for (int j = col; j <= n; j++) {
                        w[i][j] = w[i][j].subtract(f.multiply(w[col][j]));
                    }
                }
            }
        }
        BigFraction[] z = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            z[i] = w[i][n].divide(w[i][i]);
        }
        return z;
    }

    /** A rational bound on √x for x ≥ 0: above when up, else below (within 2^−64 relative to the denominator). */
    static BigFraction sqrtBound(BigFraction x, boolean up) {
        java.math.BigInteger d = x.getDenominator().abs().shiftLeft(64); // the library may keep both signs negative
        java.math.BigInteger s = x.getNumerator().abs().multiply(x.getDenominator().abs()).shiftLeft(128).sqrt();
        return BigFraction.of(up ? s.add(java.math.BigInteger.ONE) : s, d);
    }

    // ---- leaf w (§3) ----

    private boolean w(BigFraction[] lo, BigFraction[] hi) {
        // the gaps of [a, b] outside the union of the kink ranges
        Integer[] idx = new Integer[lo.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (i, j) -> cmp(lo[i], lo[j]));
        BigFraction at = a;
        BigFraction sum = ZERO;
        for (int i : idx) {
            if (cmp(lo[i], at) > 0) {
                sum = sum.add(residual(at, lo[i]));
            }
            at = cmp(hi[i], at) > 0 ? hi[i] : at;
        }
        if (cmp(b, at) > 0) {
            sum = sum.add(residual(at, b));
        }
        return cmp(sum, c) >= 0;
    }

    /** min over affine g of ∫_u^v (f − g)², exact. */
    BigFraction residual(BigFraction u, BigFraction v) {
        BigFraction len = v.subtract(u);
        BigFraction f0 = integral(u, v, 0, false);
        BigFraction g1 = integral(u, v, 1, false).subtract(u.add(v).divide(2).multiply(f0));
        return integral(u, v, 0, true).subtract(f0.multiply(f0).divide(len))
                .subtract(g1.multiply(g1).multiply(12).divide(len.pow(3)));
    }

    /** ∫_u^v x^e f (square: ∫_u^v f²), exact, for a ≤ u ≤ v ≤ b. */
    private BigFraction integral(BigFraction u, BigFraction v, int e, boolean square) {
        BigFraction s = ZERO;
        for (int i = 0; i < polys.length; i++) {
            BigFraction l = RationalInterval.max(u, ends[i]);
            BigFraction r = RationalInterval.min(v, ends[i + 1]);
            if (cmp(r, l) > 0) {
                BigFraction[] g = square ? Poly.mul(polys[i], polys[i]) : Poly.mul(polys[i], xPow(e));
                BigFraction[] anti = anti(g);
                s = s.add(Poly.eval(anti, r).subtract(Poly.eval(anti, l)));
            }
        }
        return s;
    }

    private static BigFraction[] xPow(int e) {
        BigFraction[] x = new BigFraction[e + 1];
        Arrays.fill(x, ZERO);
        x[e] = ONE;
        return x;
    }

    private static BigFraction[] anti(BigFraction[] g) {
        BigFraction[] r = new BigFraction[g.length + 1];
        r[0] = ZERO;
        for (int i = 0; i < g.length; i++) {
            r[i + 1] = g[i].divide(i + 1);
        }
        return r;
    }

    // ---- leaf q (§2) ----

    private boolean q(int kase, BigFraction[] lo, BigFraction[] hi) {
        int k = lo.length;
        List<int[]> orders = new ArrayList<>();
        // slots: kink i lies in [ends[s], ends[s + 1]]; the target's pieces numbered 0..m−1
        int[] slot = new int[k];
        slots(0, slot, lo, hi, orders);
        for (int[] s : orders) {
            for (int[] perm : perms(k, kase, s, lo, hi)) {
                String key = kase + ":" + Arrays.toString(s) + Arrays.toString(perm);
                KinkPoly[] du = profiles.computeIfAbsent(key, z -> profile(kase, s, perm));
                KinkPoly qp = du[0].scale(normF.subtract(c)).sub(du[1]);
                // a shortcut, not a test: the least Bernstein coefficient is at most Q at any point of the cell, so
                // Q < 0 at the centre already means that the coefficients below fail (same verdict, far cheaper)
                if (qp.eval(centre(lo, hi)).signum() < 0 || qp.toUnitBox(lo, hi).minBernstein(k).signum() < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static BigFraction[] centre(BigFraction[] lo, BigFraction[] hi) {
        BigFraction[] m = new BigFraction[lo.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = lo[i].add(hi[i]).divide(2);
        }
        return m;
    }

    private void slots(int i, int[] slot, BigFraction[] lo, BigFraction[] hi, List<int[]> out) {
        if (i == slot.length) {
            out.add(slot.clone());
            return;
        }
        for (int s = 0; s + 1 < ends.length; s++) {
            if (cmp(ends[s], hi[i]) <= 0 && cmp(ends[s + 1], lo[i]) >= 0) {
                slot[i] = s;
                slots(i + 1, slot, lo, hi, out);
            }
        }
    }

    /**
     * The orders of the kinks (a permutation, left to right) that a point of the cell with these slots may have:
     * every pair in the order must allow it (slot and range), and kinks named in increasing order (§1 case C, §8)
     * keep that order. Necessary conditions only, so every order of a point of the case is listed (k = 2: {0, 1}
     * before {1, 0}, as in the H = 2 rule's first version).
     */
    private static List<int[]> perms(int k, int kase, int[] slot, BigFraction[] lo, BigFraction[] hi) {
        List<int[]> out = new ArrayList<>();
        permute(new int[k], new boolean[k], 0, kase, slot, lo, hi, out);
        return out;
    }

    private static void permute(int[] perm, boolean[] used, int at, int kase, int[] slot, BigFraction[] lo,
            BigFraction[] hi, List<int[]> out) {
        if (at == perm.length) {
            out.add(perm.clone());
            return;
        }
        for (int i = 0; i < perm.length; i++) {
            if (used[i]) {
                continue;
            }
            boolean ok = true;
            for (int e = 0; e < at && ok; e++) { // perm[e] comes before i
                int j = perm[e];
                ok = slot[j] <= slot[i] && cmp(lo[j], hi[i]) <= 0 && !(i < j && ordered(kase, i, j));
            }
            if (ok) {
                used[i] = true;
                perm[at] = i;
                permute(perm, used, at + 1, kase, slot, lo, hi, out);
                used[i] = false;
            }
        }
    }

    /** {det M, uᵀ adj(M) u} of case kase for the kink order (slots, permutation), polynomials in the kinks. */
    private KinkPoly[] profile(int kase, int[] slot, int[] perm) {
        int k = slot.length;
        // the points in order: constants ends[0..m] and kinks (variable v + 1), merged
        List<KinkPoly> pts = new ArrayList<>();
        List<Integer> pieceOf = new ArrayList<>(); // target piece of the interval starting at each point
        List<Integer> kinkAt = new ArrayList<>(); // kink number at each point, −1 for a constant
        int next = 0;
        for (int s = 0; s + 1 < ends.length; s++) {
            pts.add(KinkPoly.constant(ends[s]));
            pieceOf.add(s);
            kinkAt.add(-1);
            for (; next < k && slot[perm[next]] == s; next++) {
                pts.add(KinkPoly.var(perm[next] + 1));
                pieceOf.add(s);
                kinkAt.add(perm[next]);
            }
        }
        pts.add(KinkPoly.constant(b));
        int nb = k + 1 + (withX(kase) ? 1 : 0);
        KinkPoly[][] m = new KinkPoly[nb][nb];
        KinkPoly[] u = new KinkPoly[nb];
        for (int i = 0; i < nb; i++) {
            u[i] = KinkPoly.zero();
            for (int j = 0; j < nb; j++) {
                m[i][j] = KinkPoly.zero();
            }
        }
        boolean[] left = new boolean[k]; // kink i lies left of the current interval
        KinkPoly x = KinkPoly.var(0);
        for (int p = 0; p + 1 < pts.size(); p++) {
            if (kinkAt.get(p) >= 0) {
                left[kinkAt.get(p)] = true;
            }
            KinkPoly[] e = new KinkPoly[nb];
            e[0] = KinkPoly.constant(ONE);
            for (int i = 0; i < k; i++) {
                KinkPoly d = x.sub(KinkPoly.var(i + 1)); // x − p_i
                int sg = SIGNS[kase][i];
                // the unit's function |w|⁻¹ act(s(x − p)): s(x − p) where it is on, α s(x − p) where it is off
                boolean on = sg > 0 ? left[i] : !left[i];
                e[i + 1] = d.scale(BigFraction.of(sg).multiply(on ? ONE : kase == 0 ? ZERO : alpha)); // A: relu
            }
            if (withX(kase)) {
                e[k + 1] = x;
            }
            KinkPoly f = KinkPoly.inX(polys[pieceOf.get(p)]);
            KinkPoly l = pts.get(p);
            KinkPoly r = pts.get(p + 1);
            for (int i = 0; i < nb; i++) {
                u[i] = u[i].add(e[i].mul(f).integrateX(l, r));
                for (int j = i; j < nb; j++) {
                    m[i][j] = m[i][j].add(e[i].mul(e[j]).integrateX(l, r));
                    m[j][i] = m[i][j];
                }
            }
        }
        KinkPoly uau = KinkPoly.zero();
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                KinkPoly adj = det(minor(m, j, i)); // adj(M)_ij = (−1)^(i+j) det M without row j, column i
                uau = uau.add(u[i].mul(adj).mul(u[j]).scale(BigFraction.of((i + j) % 2 == 0 ? 1 : -1)));
            }
        }
        return new KinkPoly[] {det(m), uau};
    }

    private static KinkPoly[][] minor(KinkPoly[][] m, int row, int col) {
        int n = m.length;
        KinkPoly[][] r = new KinkPoly[n - 1][n - 1];
        for (int i = 0, ri = 0; i < n; i++) {
            if (i != row) {
                for (int j = 0, rj = 0; j < n; j++) {
                    if (j != col) {
                        r[ri][rj++] = m[i][j];
                    }
                }
                ri++;
            }
        }
        return r;
    }

    private static KinkPoly det(KinkPoly[][] m) {
        int n = m.length;
        if (n == 0) {
            return KinkPoly.constant(ONE);
        }
        KinkPoly s = KinkPoly.zero();
        for (int j = 0; j < n; j++) {
            KinkPoly t = m[0][j].mul(det(minor(m, 0, j)));
            s = j % 2 == 0 ? s.add(t) : s.sub(t);
        }
        return s;
    }

    // ---- leaf j (§4) ----

    /** Leaf j (§4, §8.2) with outer least-squares fits of degrees dl (left of p_0) and dr (right of p_1). */
    private boolean j(int dl, int dr, int n, BigFraction[] lo, BigFraction[] hi) {
        // leaky relu (H = 2 only): the coupled fit of §7, its slopes set by the orientation (dl = 0 for +)
        // case x (§8.2, §10): with x in the space the outer fits are free affine fits, relu or leaky
        BigFraction[][] y = alpha.signum() == 0 || dl == 1 && dr == 1 ? new BigFraction[][] {fitEnd(true, dl, lo[0],
            hi[0]), fitEnd(false, dr, lo[1], hi[1])}
            : coupledEnds(dl == 0 ? alpha : ONE, dl == 0 ? ONE : alpha, lo, hi);
        BigFraction[] yl = y[0];
        BigFraction[] yr = y[1];
        if (yl == null || yr == null) {
            return false;
        }
        BigFraction[] ys = add(yl, yr);
        BigFraction[] y2 = add(sc(yl, BigFraction.of(1, 6)), sc(yr, BigFraction.of(1, 3)));
        BigFraction k = breakIn(lo[0], hi[1]);
        if (k == null) {
            int pc = piece(lo[0], hi[1]);
            BigFraction[] f = range(polys[pc], lo[0], hi[1]);
            return excludes0(sub(f, sc(ys, BigFraction.of(1, 2)))) || excludes0(sub(sc(f, BigFraction.of(1, 2)), y2));
        }
        if (cmp(hi[0], k) > 0 || cmp(lo[1], k) < 0 || breakIn(k, hi[1]) != null) {
            return false; // the breakpoint must separate the ranges, and only one may lie in the hull
        }
        BigFraction[] fl = range(polys[piece(lo[0], k)], lo[0], k);
        BigFraction[] fr = range(polys[piece(k, hi[1])], k, hi[1]);
        // t = (k − P)/(Q − P) decreases in P and in Q
        BigFraction tHi = cmp(lo[1], lo[0]) > 0 ? RationalInterval.min(ONE, k.subtract(lo[0]).divide(lo[1]
                .subtract(lo[0]))) : ONE;
        BigFraction tLo = cmp(hi[1], hi[0]) > 0 ? RationalInterval.max(ZERO, k.subtract(hi[0]).divide(hi[1]
                .subtract(hi[0]))) : ZERO;
        for (int i = 0; i < n; i++) {
            Work.tick();
            BigFraction[] t = {tLo.add(tHi.subtract(tLo).multiply(i).divide(n)),
                tLo.add(tHi.subtract(tLo).multiply(i + 1).divide(n))};
            BigFraction[] one = {ONE, ONE};
            BigFraction[] t2 = mul(t, t);
            BigFraction[] a1 = add(mul(t, fl), mul(sub(one, t), fr));
            BigFraction[] a2 = add(mul(sc(t2, BigFraction.of(1, 2)), fl), mul(sc(sub(one, t2), BigFraction.of(1, 2)),
                    fr));
            if (!excludes0(sub(a1, sc(ys, BigFraction.of(1, 2)))) && !excludes0(sub(a2, y2))) {
                return false;
            }
        }
        return true;
    }

    // ---- leaf j for three kinks (§8.3) ----

    /**
     * Leaf j n of §8.3 and §9.1: for every strict order of the kinks that a point of the case in the cell may have
     * (ties of opposite orientations are case x, §9.1), and on each of the n t-ranges (the interval holding a target
     * breakpoint, if any, cut into n equal parts of its relative position), the continuity equations of the coupled
     * least-squares fit have no solution: some residual E_i excludes 0 (§8.3), or the relations P_i = κ Q_i of §9.1
     * admit no common κ.
     */
    private boolean j3(int kase, int n, BigFraction[] lo, BigFraction[] hi) {
        List<int[]> orders = strictOrders(kase, lo, hi);
        for (int[] order : orders) {
            if (!j3(kase, n, lo, hi, order)) {
                return false;
            }
        }
        return true;
    }

    private boolean j3(int kase, int n, BigFraction[] lo, BigFraction[] hi, int[] order) {
        int k = order.length; // kinks; k + 1 intervals
        BigFraction[][] e = new BigFraction[k + 2][]; // the interval ends: a, the sorted kink ranges, b
        e[0] = point(a);
        e[k + 1] = point(b);
        // S' = λ^⊥ (§8.3 for relu, §10 for leaky relu, §11 for four kinks): μ_0 = 1 − α, μ_i = −α (+ unit at boundary
        // i) or 1 (−), μ_{k+1} = 0, λ_m = μ_m − μ_{m+1}; α = 0 gives §8.3's λ. Case x3 (§11: x in the space, every
        // slope free): λ = 0
        BigFraction[] mu = new BigFraction[k + 2];
        mu[0] = kase == CASE_X3 ? ZERO : ONE.subtract(alpha);
        mu[k + 1] = ZERO;
        for (int i = 0; i < k; i++) {
            e[i + 1] = new BigFraction[] {lo[order[i]], hi[order[i]]};
            mu[i + 1] = kase == CASE_X3 ? ZERO : SIGNS[kase][order[i]] > 0 ? alpha.negate() : ONE;
        }
        BigFraction[] lambda = new BigFraction[k + 1];
        for (int m = 0; m <= k; m++) {
            lambda[m] = mu[m].subtract(mu[m + 1]);
        }
        // the interval holding a breakpoint (relative position t), if any: its t-range is cut into n parts
        // the others that hold a breakpoint keep their whole t-range (§9.1)
        int cutAt = -1;
        BigFraction[] tr = null;
        BigFraction[][] whole = new BigFraction[k + 1][];
        for (int m = 0; m <= k; m++) {
            BigFraction kb = breakIn(e[m][0], e[m + 1][1]);
            if (kb != null) {
                whole[m] = tRange(e[m], e[m + 1], kb);
                if (cutAt < 0) {
                    cutAt = m;
                    tr = whole[m];
                }
            }
        }
        int parts = cutAt < 0 ? 1 : n;
        for (int i = 0; i < parts; i++) {
            Work.tick();
            BigFraction[] t = tr == null ? null : new BigFraction[] {tr[0].add(tr[1].subtract(tr[0]).multiply(i)
                .divide(parts)), tr[0].add(tr[1].subtract(tr[0]).multiply(i + 1).divide(parts))};
            BigFraction[][] ts = whole.clone();
            if (cutAt >= 0) {
                ts[cutAt] = t;
            }
            if (!discontinuous(e, lambda, ts)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The strict orders, left to right, that a point of case kase in the cell may have: i before j needs
     * lo_i < hi_j, and kinks named in increasing order (same orientation, §8.1) keep that order.
     */
    private static List<int[]> strictOrders(int kase, BigFraction[] lo, BigFraction[] hi) {
        List<int[]> out = new ArrayList<>();
        for (int[] perm : ReluKinkTriple.permutations(lo.length)) {
            boolean ok = true;
            for (int x = 0; x < perm.length && ok; x++) {
                for (int y = x + 1; y < perm.length && ok; y++) {
                    int i = perm[x];
                    int j = perm[y];
                    ok = cmp(lo[i], hi[j]) < 0 && !(j < i && ordered(kase, j, i));
                }
            }
            if (ok) {
                out.add(perm);
            }
        }
        return out;
    }


    /** Π ℓ_j³ over the intervals j with λ_j ≠ 0 other than k and skip (an enclosure; 1 for an empty product). */
    private static BigFraction[] cubesExcept(BigFraction[][] len, BigFraction[] lambda, int k, int skip) {
        BigFraction[] r = point(ONE);
        for (int j = 0; j < len.length; j++) {
            if (lambda[j].signum() != 0 && j != k && j != skip) {
                r = mul(r, mul(len[j], mul(len[j], len[j])));
            }
        }
        return r;
    }

    /** Whether §8.3 or §9.1 excludes a critical point when interval m holding a breakpoint has its t in ts[m]. */
    private boolean discontinuous(BigFraction[][] e, BigFraction[] lambda, BigFraction[][] ts) {
        int ni = lambda.length; // intervals
        BigFraction[][] mean = new BigFraction[ni][];
        BigFraction[][] h = new BigFraction[ni][];
        BigFraction[][] len = new BigFraction[ni][];
        for (int m = 0; m < ni; m++) {
            len[m] = sub(e[m + 1], e[m]); // ℓ_m > 0 at every point of the case: clamp the enclosure at 0
            len[m][0] = RationalInterval.max(len[m][0], ZERO);
            BigFraction[] enc = averages(e[m], e[m + 1], ts[m]);
            if (enc == null) {
                return false;
            }
            mean[m] = new BigFraction[] {enc[0], enc[1]};
            h[m] = new BigFraction[] {enc[2], enc[3]};
        }
        // coupling: S_m = σ_m ℓ_m/2 = h_m − C_m, C_m = λ_m ℓ_m⁻² (Σ_k λ_k h_k/ℓ_k)/(Σ_k λ_k² ℓ_k⁻³) (k over K, the
        // intervals with λ_k ≠ 0), multiplied out by Π_K ℓ_j³ so that only Σ_k λ_k² Π_{j ≠ k} ℓ_j³ divides:
        // C_m = λ_m (λ_m h_m Π_{j≠m} ℓ_j³ + Σ_{k≠m} λ_k h_k ℓ_k² ℓ_m Π_{j∉{k,m}} ℓ_j³)/(Σ_k λ_k² Π_{j≠k} ℓ_j³);
        // with one interval in K the constraint is σ_m = 0: S_m = 0
        int inK = 0;
        for (int k = 0; k < ni; k++) {
            inK += lambda[k].signum() != 0 ? 1 : 0;
        }
        BigFraction[] den = point(ZERO);
        for (int k = 0; k < ni; k++) {
            if (lambda[k].signum() != 0) {
                den = add(den, sc(cubesExcept(len, lambda, k, -1), lambda[k].multiply(lambda[k])));
            }
        }
        BigFraction[][] half = new BigFraction[ni][];
        for (int m = 0; m < ni; m++) {
            if (lambda[m].signum() == 0) {
                half[m] = h[m];
            } else if (inK == 1) {
                half[m] = point(ZERO);
            } else {
                BigFraction[] num = sc(mul(h[m], cubesExcept(len, lambda, m, -1)), lambda[m]);
                for (int k = 0; k < ni; k++) {
                    if (k != m && lambda[k].signum() != 0) {
                        num = add(num, sc(mul(mul(h[k], mul(len[k], len[k])), mul(len[m], cubesExcept(len, lambda,
                                k, m))), lambda[k]));
                    }
                }
                BigFraction[] c2 = div(sc(num, lambda[m]), den);
                if (c2 == null) {
                    // two intervals of the constraint may be empty together on the cell: §9.1's test alone
                    return noCommonKappa(mean, h, len, lambda);
                }
                half[m] = sub(h[m], c2);
            }
        }
        for (int i = 0; i + 1 < ni; i++) { // the fit's value left of kink i minus its value right of it
            BigFraction[] left = add(mean[i], half[i]);
            BigFraction[] right = sub(mean[i + 1], half[i + 1]);
            if (excludes0(sub(left, right))) {
                return true;
            }
        }
        return noCommonKappa(mean, h, len, lambda);
    }

    /**
     * §9.1: at a critical point, D_i g_i g_{i+1} = κ (λ_i g_{i+1} + λ_{i+1} g_i) for i = 0, 1, 2 (continuity at kink
     * i; D_i = F̄_{i+1} − h_{i+1} − F̄_i − h_i, g_m = ℓ_m² if λ_m ≠ 0, else 1) and
     * −Σ_K λ_k h_k ℓ_k² Π_{j≠k} ℓ_j³ = κ Σ_K λ_k² Π_{j≠k} ℓ_j³ (the slope constraint), for one real κ. True when the
     * sets of κ allowed by the enclosures of the four relations have an empty intersection. Nothing is divided by a
     * quantity whose enclosure holds 0: such a relation allows two rays or all of R.
     */
    private static boolean noCommonKappa(BigFraction[][] mean, BigFraction[][] h, BigFraction[][] len,
            BigFraction[] lambda) {
        int ni = lambda.length;
        BigFraction[][] g = new BigFraction[ni][];
        for (int m = 0; m < ni; m++) {
            g[m] = lambda[m].signum() != 0 ? mul(len[m], len[m]) : point(ONE);
        }
        List<BigFraction[]> allowed = new ArrayList<>();
        allowed.add(new BigFraction[] {null, null}); // all of R
        for (int i = 0; i + 1 < ni; i++) {
            BigFraction[] d = sub(sub(mean[i + 1], h[i + 1]), add(mean[i], h[i]));
            BigFraction[] pp = mul(d, mul(g[i], g[i + 1]));
            BigFraction[] qq = add(sc(g[i + 1], lambda[i]), sc(g[i], lambda[i + 1]));
            allowed = intersect(allowed, ratios(pp, qq));
            if (allowed.isEmpty()) {
                return true;
            }
        }
        BigFraction[] pp = point(ZERO);
        BigFraction[] qq = point(ZERO);
        for (int k = 0; k < ni; k++) {
            if (lambda[k].signum() != 0) {
                BigFraction[] rest = cubesExcept(len, lambda, k, -1);
                pp = sub(pp, sc(mul(h[k], mul(mul(len[k], len[k]), rest)), lambda[k]));
                qq = add(qq, sc(rest, lambda[k].multiply(lambda[k])));
            }
        }
        return intersect(allowed, ratios(pp, qq)).isEmpty();
    }

    /**
     * The set {κ : P = κ Q for some P ∈ p, Q ∈ q} (or a superset), as closed intervals whose null ends are infinite.
     */
    private static List<BigFraction[]> ratios(BigFraction[] p, BigFraction[] q) {
        if (q[0].signum() > 0 || q[1].signum() < 0) {
            BigFraction[] r = mul(p, new BigFraction[] {ONE.divide(q[1]), ONE.divide(q[0])});
            return List.<BigFraction[]>of(r);
        }
        if (p[0].signum() <= 0 && p[1].signum() >= 0) {
            return List.<BigFraction[]>of(new BigFraction[] {null, null});
        }
        // 0 ∈ q, 0 ∉ p: κ = P/Q with |P| ≥ m := min |p| > 0, sign(κ) = sign(P) sign(Q)
        BigFraction m = p[0].signum() > 0 ? p[0] : p[1].negate();
        int sp = p[0].signum() > 0 ? 1 : -1;
        List<BigFraction[]> out = new ArrayList<>();
        if (q[1].signum() > 0) { // Q ∈ (0, q_hi]: |κ| ≥ m/q_hi, sign sp
            BigFraction r = m.divide(q[1]);
            out.add(sp > 0 ? new BigFraction[] {r, null} : new BigFraction[] {null, r.negate()});
        }
        if (q[0].signum() < 0) { // Q ∈ [q_lo, 0): |κ| ≥ m/|q_lo|, sign −sp
            BigFraction r = m.divide(q[0].negate());
            out.add(sp > 0 ? new BigFraction[] {null, r.negate()} : new BigFraction[] {r, null});
        }
        return out;
    }

    /** The intersection of two unions of closed intervals (null ends infinite). */
    private static List<BigFraction[]> intersect(List<BigFraction[]> xs, List<BigFraction[]> ys) {
        List<BigFraction[]> out = new ArrayList<>();
        for (BigFraction[] x : xs) {
            for (BigFraction[] y : ys) {
                BigFraction l = x[0] == null ? y[0] : y[0] == null ? x[0] : RationalInterval.max(x[0], y[0]);
                BigFraction u = x[1] == null ? y[1] : y[1] == null ? x[1] : RationalInterval.min(x[1], y[1]);
                if (l == null || u == null || cmp(l, u) <= 0) {
                    out.add(new BigFraction[] {l, u});
                }
            }
        }
        return out;
    }

    /**
     * Enclosures {F̄lo, F̄hi, hlo, hhi} of the mean F̄ = (1/ℓ)∫_I f and of h = (6/ℓ²)∫_I (x − mid I) f =
     * 6∫_0^1 (s − 1/2) f(P + sℓ) ds over I = [P, Q], P ∈ p, Q ∈ q (§8.3). Without a breakpoint in the hull: f ∈ F,
     * F̄ ∈ F, h ∈ (3/4)(F − F). With one breakpoint k at relative position t ∈ tr: the weight s − 1/2 is split at 1/2
     * into sign-definite parts whose integrals are monotone in t. Null when not enclosed.
     */
    private BigFraction[] averages(BigFraction[] p, BigFraction[] q, BigFraction[] tr) {
        BigFraction k = breakIn(p[0], q[1]);
        if (k == null) {
            BigFraction[] f = range(polys[piece(p[0], q[1])], p[0], q[1]);
            BigFraction[] hh = sc(sub(f, f), BigFraction.of(3, 4));
            return new BigFraction[] {f[0], f[1], hh[0], hh[1]};
        }
        if (tr == null || cmp(p[1], k) > 0 || cmp(q[0], k) < 0 || breakIn(k, q[1]) != null) {
            return null;
        }
        BigFraction[] fl = range(polys[piece(p[0], k)], p[0], k);
        BigFraction[] fr = range(polys[piece(k, q[1])], k, q[1]);
        BigFraction[] one = point(ONE);
        BigFraction[] mean = add(mul(tr, fl), mul(sub(one, tr), fr));
        BigFraction halfQ = BigFraction.of(1, 2);
        // the t-range lies on one side of 1/2 or is split there by the caller's cut; enclose each weight integral by
        // its values at the t-range's ends (each is monotone on [0, 1/2] and on [1/2, 1])
        if (cmp(tr[0], halfQ) < 0 && cmp(tr[1], halfQ) > 0) {
            BigFraction[] a1 = averages(p, q, new BigFraction[] {tr[0], halfQ});
            BigFraction[] a2 = averages(p, q, new BigFraction[] {halfQ, tr[1]});
            return new BigFraction[] {RationalInterval.min(a1[0], a2[0]), RationalInterval.max(a1[1], a2[1]),
                RationalInterval.min(a1[2], a2[2]), RationalInterval.max(a1[3], a2[3])};
        }
        BigFraction[] wl1 = hull(weightLow(tr[0]), weightLow(tr[1])); // ∫_0^{min(t,1/2)} (s − 1/2) ≤ 0
        BigFraction[] wl2 = hull(weightHigh(tr[0]), weightHigh(tr[1])); // ∫_{1/2}^{max(t,1/2)} (s − 1/2) ≥ 0
        BigFraction[] wr1 = hull(weightLowRest(tr[0]), weightLowRest(tr[1])); // ∫_{min(t,1/2)}^{1/2} ≤ 0
        BigFraction[] wr2 = hull(weightHighRest(tr[0]), weightHighRest(tr[1])); // ∫_{max(t,1/2)}^1 ≥ 0
        BigFraction[] hh = sc(add(add(mul(wl1, fl), mul(wl2, fl)), add(mul(wr1, fr), mul(wr2, fr))), BigFraction.of(6));
        return new BigFraction[] {mean[0], mean[1], hh[0], hh[1]};
    }

    private static BigFraction[] hull(BigFraction x, BigFraction y) {
        return new BigFraction[] {RationalInterval.min(x, y), RationalInterval.max(x, y)};
    }

    /** ∫_0^m (s − 1/2) ds = (m² − m)/2, m = min(t, 1/2). */
    private static BigFraction weightLow(BigFraction t) {
        BigFraction m = RationalInterval.min(t, BigFraction.of(1, 2));
        return m.multiply(m).subtract(m).divide(2);
    }

    /** ∫_{1/2}^M (s − 1/2) ds = (M − 1/2)²/2, M = max(t, 1/2). */
    private static BigFraction weightHigh(BigFraction t) {
        BigFraction d = RationalInterval.max(t, BigFraction.of(1, 2)).subtract(BigFraction.of(1, 2));
        return d.multiply(d).divide(2);
    }

    /** ∫_m^{1/2} (s − 1/2) ds = −(1/2 − m)²/2, m = min(t, 1/2). */
    private static BigFraction weightLowRest(BigFraction t) {
        BigFraction d = BigFraction.of(1, 2).subtract(RationalInterval.min(t, BigFraction.of(1, 2)));
        return d.multiply(d).divide(-2);
    }

    /** ∫_M^1 (s − 1/2) ds = 1/8 − (M − 1/2)²/2, M = max(t, 1/2). */
    private static BigFraction weightHighRest(BigFraction t) {
        return BigFraction.of(1, 8).subtract(weightHigh(t));
    }

    /** The range of t = (k − P)/(Q − P) over P ∈ p, Q ∈ q with p ≤ k ≤ q (decreasing in P and in Q; as in §4). */
    private static BigFraction[] tRange(BigFraction[] p, BigFraction[] q, BigFraction k) {
        BigFraction tHi = cmp(q[0], p[0]) > 0 ? RationalInterval.min(ONE, k.subtract(p[0]).divide(q[0].subtract(p[0])))
                : ONE;
        BigFraction tLo = cmp(q[1], p[1]) > 0 ? RationalInterval.max(ZERO, k.subtract(p[1]).divide(q[1].subtract(p[1])))
                : ZERO;
        return new BigFraction[] {tLo, tHi};
    }

    /**
     * Leaky relu (note §7): the values at P and at Q of the least-squares fit of f on [a, P) ∪ [Q, b] by
     * c_L + κ_L s x on the left and c_R + κ_R s x on the right, enclosed over the cell; {null, null} when the
     * enclosure fails.
     */
    private BigFraction[][] coupledEnds(BigFraction kl, BigFraction kr, BigFraction[] lo, BigFraction[] hi) {
        BigFraction[] pl = polys[0];
        BigFraction[] pr = polys[polys.length - 1];
        if (cmp(ends[1], hi[0]) >= 0 && cmp(ends[polys.length - 1], lo[1]) <= 0 && pl.length <= 2 && pr.length <= 2) {
            BigFraction bl = pl.length == 2 ? pl[1] : ZERO;
            BigFraction br = pr.length == 2 ? pr[1] : ZERO;
            if (kr.multiply(bl).subtract(kl.multiply(br)).signum() == 0) { // f itself is in the fitting space
                return new BigFraction[][] {range(pl, lo[0], hi[0]), range(pr, lo[1], hi[1])};
            }
        }
        if (cmp(lo[0], a) <= 0 || cmp(hi[1], b) >= 0) {
            return new BigFraction[][] {null, null};
        }
        BigFraction[] p = {lo[0], hi[0]};
        BigFraction[] q = {lo[1], hi[1]};
        BigFraction[] lenL = sub(p, point(a));
        BigFraction[] lenR = sub(point(b), q);
        BigFraction[] f0L = cumulative(lo[0], hi[0], 0);
        BigFraction[] f0R = sub(point(integral(a, b, 0, false)), cumulative(lo[1], hi[1], 0));
        BigFraction[] gL = sub(cumulative(lo[0], hi[0], 1), mul(sc(add(p, point(a)), BigFraction.of(1, 2)), f0L));
        BigFraction[] gR = sub(sub(point(integral(a, b, 1, false)), cumulative(lo[1], hi[1], 1)), mul(sc(add(q,
                point(b)), BigFraction.of(1, 2)), f0R));
        BigFraction[] den = add(sc(mul(lenL, mul(lenL, lenL)), kl.multiply(kl).divide(12)), sc(mul(lenR, mul(lenR,
                lenR)), kr.multiply(kr).divide(12)));
        BigFraction[] s = div(add(sc(gL, kl), sc(gR, kr)), den);
        BigFraction[] mL = div(f0L, lenL);
        BigFraction[] mR = div(f0R, lenR);
        if (s == null || mL == null || mR == null) {
            return new BigFraction[][] {null, null};
        }
        return new BigFraction[][] {add(mL, sc(mul(s, lenL), kl.divide(2))), sub(mR, sc(mul(s, lenR), kr.divide(2)))};
    }

    /** The index of the target piece holding [u, v]. */
    private int piece(BigFraction u, BigFraction v) {
        for (int i = 0; i + 1 < ends.length; i++) {
            if (cmp(ends[i], u) <= 0 && cmp(ends[i + 1], v) >= 0) {
                return i;
            }
        }
        throw new IllegalStateException("no piece holds the range");
    }

    /**
     * The range of the least-squares fit of degree d's value at the free end e ∈ [lo, hi] of [a, e) (left) or
     * [e, b] (right); null when it cannot be enclosed (the free end reaches a or b).
     */
    private BigFraction[] fitEnd(boolean left, int d, BigFraction lo, BigFraction hi) {
        int pc = left ? 0 : polys.length - 1;
        boolean inPiece = left ? cmp(ends[1], hi) >= 0 : cmp(ends[polys.length - 1], lo) <= 0;
        if (inPiece && polys[pc].length - 1 <= d) {
            return range(polys[pc], lo, hi); // the fit is f itself
        }
        if (left ? cmp(lo, a) <= 0 : cmp(hi, b) >= 0) {
            return null;
        }
        BigFraction[] e = {lo, hi};
        BigFraction[] f0 = left ? cumulative(lo, hi, 0) : sub(point(integral(a, b, 0, false)), cumulative(lo, hi, 0));
        BigFraction[] len = left ? sub(e, point(a)) : sub(point(b), e);
        if (d == 0) {
            return div(f0, len);
        }
        BigFraction[] f1 = left ? cumulative(lo, hi, 1) : sub(point(integral(a, b, 1, false)), cumulative(lo, hi, 1));
        BigFraction[] mid = sc(add(e, point(left ? a : b)), BigFraction.of(1, 2));
        BigFraction[] g1 = sub(f1, mul(mid, f0));
        BigFraction[] h = sc(len, BigFraction.of(1, 2));
        BigFraction[] num = left ? add(mul(f0, h), sc(g1, BigFraction.of(3))) : sub(mul(f0, h), sc(g1,
                BigFraction.of(3)));
        return div(num, sc(mul(h, h), TWO));
    }

    /** The range of ∫_a^e x^p f over e ∈ [lo, hi] (hull over the pieces the range meets). */
    private BigFraction[] cumulative(BigFraction lo, BigFraction hi, int p) {
        BigFraction[] r = null;
        BigFraction before = ZERO;
        for (int i = 0; i < polys.length; i++) {
            BigFraction[] anti = anti(Poly.mul(polys[i], xPow(p)));
            BigFraction l = RationalInterval.max(lo, ends[i]);
            BigFraction u = RationalInterval.min(hi, ends[i + 1]);
            if (cmp(u, l) >= 0) {
                BigFraction[] v = add(point(before.subtract(Poly.eval(anti, ends[i]))), range(anti, l, u));
                r = r == null ? v : new BigFraction[] {RationalInterval.min(r[0], v[0]), RationalInterval.max(r[1],
                        v[1])};
            }
            before = before.add(Poly.eval(anti, ends[i + 1]).subtract(Poly.eval(anti, ends[i])));
        }
        return r;
    }

    // ---- interval arithmetic on {lo, hi} pairs (exact) ----

    /** A range of the polynomial over [lo, hi]: Horner in interval arithmetic about the midpoint. */
    private static BigFraction[] range(BigFraction[] p, BigFraction lo, BigFraction hi) {
        BigFraction m = lo.add(hi).divide(2);
        BigFraction[] shifted = taylorShift(p, m);
        BigFraction[] dx = {lo.subtract(m), hi.subtract(m)};
        BigFraction[] s = point(ZERO);
        for (int i = shifted.length - 1; i >= 0; i--) {
            s = add(mul(s, dx), point(shifted[i]));
        }
        return s;
    }

    /** The coefficients of p(m + y) in y. */
    private static BigFraction[] taylorShift(BigFraction[] p, BigFraction m) {
        BigFraction[] r = p.clone();
        for (int i = 0; i < r.length; i++) {
            for (int j = r.length - 2; j >= i; j--) {
                r[j] = r[j].add(m.multiply(r[j + 1]));
            }
        }
        return r;
    }

    private static BigFraction[] point(BigFraction q) {
        return new BigFraction[] {q, q};
    }

    private static BigFraction[] add(BigFraction[] x, BigFraction[] y) {
        return new BigFraction[] {x[0].add(y[0]), x[1].add(y[1])};
    }

    private static BigFraction[] sub(BigFraction[] x, BigFraction[] y) {
        return new BigFraction[] {x[0].subtract(y[1]), x[1].subtract(y[0])};
    }

    private static BigFraction[] sc(BigFraction[] x, BigFraction s) {
        BigFraction p = x[0].multiply(s);
        BigFraction q = x[1].multiply(s);
        return s.signum() >= 0 ? new BigFraction[] {p, q} : new BigFraction[] {q, p};
    }

    private static BigFraction[] mul(BigFraction[] x, BigFraction[] y) {
        BigFraction[] p = {x[0].multiply(y[0]), x[0].multiply(y[1]), x[1].multiply(y[0]), x[1].multiply(y[1])};
        BigFraction lo = p[0];
        BigFraction hi = p[0];
        for (BigFraction q : p) {
            lo = RationalInterval.min(lo, q);
            hi = RationalInterval.max(hi, q);
        }
        return new BigFraction[] {lo, hi};
    }

    /** x / y for y > 0 throughout (callers pass lengths that are positive on the range). */
    private static BigFraction[] div(BigFraction[] x, BigFraction[] y) {
        if (y[0].signum() <= 0) {
            return null; // no enclosure: the caller's leaf fails
        }
        return mul(x, new BigFraction[] {ONE.divide(y[1]), ONE.divide(y[0])});
    }

    private static boolean excludes0(BigFraction[] x) {
        return x != null && (x[0].signum() > 0 || x[1].signum() < 0);
    }

    /** The sign of x − y (exact; the library comparison is wrong for two negative numbers in Commons Numbers 1.2). */
    private static int cmp(BigFraction x, BigFraction y) {
        return x.subtract(y).signum();
    }
}
