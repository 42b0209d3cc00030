package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-relu-cells}: every critical point in the box K of a 1-H-1 relu net (H ≤ 2)
 * with an integral risk has L ≥ bound (proofs-notes/rules/critical-relu-cells.md and
 * critical-relu-reduction.md, whose section numbers the comments cite). Units with (w, b) ≠ 0 are
 * normalised to a point τ ∈ [0, 8] of the perimeter of [−1, 1]²; tree S (a bit mask) covers [0, 8]^S.
 */
public final class ReluCellRule implements Rule {
    private static final BigFraction ZERO = BigFraction.ZERO;

    @Override
    public Fact apply(Step st) throws Invalid {
        JsonNode trees = st.json().path("trees");
        if (!trees.isArray() || trees.size() != 1 << units(st.net())) {
            throw new Invalid("step " + st.id() + ": expected one tree per set of units");
        }
        for (int mask = 0; mask < trees.size(); mask++) {
            String t = trees.get(mask).asText();
            RI[] cell = new RI[Integer.bitCount(mask)];
            Arrays.fill(cell, RI.of(ZERO, BigFraction.of(8), st.bits()));
            int[] pos = {0};
            walk(st, t, pos, mask, cell, 0);
            if (pos[0] != t.length()) {
                throw new Invalid("step " + st.id() + ": text after the end of tree " + mask);
            }
        }
        return new Fact("critical-above", new RI[] {RI.of(st.number("bound"), 0)}, null, st.box("box", 0));
    }

    private static void walk(Step st, String t, int[] pos, int mask, RI[] cell, int depth) throws Invalid {
        if (pos[0] >= t.length() || depth > 200) {
            throw new Invalid("step " + st.id() + ": tree " + mask + " is truncated or too deep");
        }
        char ch = t.charAt(pos[0]++);
        int d = pos[0] < t.length() ? t.charAt(pos[0]) - '0' : -1;
        if (ch == 's' && d >= 0 && d < cell.length) { // halve dimension d, lower half first
            pos[0]++;
            RI[] lo = cell.clone();
            RI[] hi = cell.clone();
            lo[d] = RI.of(cell[d].lo(), cell[d].mid(), cell[d].bits());
            hi[d] = RI.of(cell[d].mid(), cell[d].hi(), cell[d].bits());
            walk(st, t, pos, mask, lo, depth + 1);
            walk(st, t, pos, mask, hi, depth + 1);
            return;
        }
        String leaf = ch == 'r' && pos[0] + cell.length <= t.length() ? "r" + t.substring(pos[0], pos[0] += cell.length) : "" + ch;
        if (close(st.net(), st.bits(), st.number("bound"), st.box("box", 0), mask, cell, List.of(leaf)) == null) {
            throw new Invalid("step " + st.id() + ": leaf " + leaf + " " + Arrays.toString(cell) + " of tree " + mask + " does not hold");
        }
    }

    /** H, for a 1-H-1 relu net (H ≤ 2) with an integral risk. */
    static int units(Net n) throws Invalid {
        if (n.widths.length != 3 || n.widths[0] != 1 || n.widths[2] != 1 || n.widths[1] > 2 || n.act.kind != Act.Kind.RELU || n.isData()) {
            throw new Invalid("critical-relu-cells needs a 1-H-1 relu network (H <= 2) with an integral risk");
        }
        return n.widths[1];
    }

    /** The first of the leaf rules that holds on the cell of tree {@code mask}, or null (the prover searches with this). */
    public static String close(Net net, int bits, BigFraction c, RI[] k, int mask, RI[] cell, List<String> leaves) throws Invalid {
        int h = units(net);
        int m = cell.length;
        if (leaves.contains("c") && center(net, bits, c, k, mask, cell)) {
            return "c";
        }
        RI[][] wb = new RI[m][];
        RI[] vb = new RI[m]; // §3: |normalised v_i| ≤ V_i
        List<BigFraction> cuts = new ArrayList<>(List.of(lo(net), hi(net)));
        net.from.forEach(ft -> cuts.add(ft[1]));
        for (int i = 0, j = 0; i < m; i++, j++) {
            j += (mask >> j & 1) == 0 ? 1 : 0;
            wb[i] = arc(m == 2 && i == 1 ? cell[0].add(cell[1]) : cell[i]); // §4: two units at σ and σ + η
            BigFraction v = k[2 * h + j].mag().multiply(RI.max(k[j].mag(), k[h + j].mag()));
            vb[i] = RI.of(v.negate(), v, 0);
            if (wb[i][0].lo().signum() > 0 || wb[i][0].hi().signum() < 0) { // kink range −b/w, clipped
                for (BigFraction bb : new BigFraction[] {wb[i][1].lo(), wb[i][1].hi()}) { // −b/w is monotone in each
                    for (BigFraction ww : new BigFraction[] {wb[i][0].lo(), wb[i][0].hi()}) {
                        cuts.add(RI.max(lo(net), RI.min(hi(net), bb.negate().divide(ww))));
                    }
                }
            }
        }
        cuts.sort((x, y) -> x.subtract(y).signum());
        if (leaves.contains("o") && offOn(net, wb, cuts).subtract(c).signum() >= 0) {
            return "o";
        }
        RI[] dwb = m == 2 ? shift(cell, bits) : null; // (w, b) of unit 1 minus unit 0's
        dwb = m == 2 && dwb == null ? new RI[] {wb[1][0].sub(wb[0][0]), wb[1][1].sub(wb[0][1])} : dwb;
        int nf = 3 * m + 4; // §4 functions: 1, φ_i, f, x, Δ = φ_1 − φ_0, H_i, x·H_i
        RI[][] p = new RI[nf][nf];
        List<Object[]> pcs = new ArrayList<>(); // per piece: the functions, then {t0, t1, length}
        BigFraction[][] len = new BigFraction[m][3]; // measure where unit i is not on, not off, units not both off
        boolean[] dead = new boolean[m];
        Arrays.fill(dead, true);
        for (BigFraction[] l : len) {
            Arrays.fill(l, ZERO);
        }
        RI zero = RI.of(ZERO, bits);
        for (int q = 0; q + 1 < cuts.size(); q++) {
            BigFraction x0 = cuts.get(q);
            BigFraction x1 = cuts.get(q + 1);
            BigFraction w = x1.subtract(x0);
            if (w.signum() <= 0) {
                continue;
            }
            BigFraction mid = x0.add(x1).divide(2); // polynomials in t = x − mid (a centred form)
            BigFraction t0 = x0.subtract(mid);
            BigFraction t1 = x1.subtract(mid);
            RI mi = RI.of(mid, bits);
            Object[] fn = new Object[nf + 1];
            pcs.add(fn);
            fn[nf] = new BigFraction[] {t0, t1, w};
            fn[0] = XPoly.of(RI.of(BigFraction.ONE, bits), t0, t1);
            fn[m + 2] = new XPoly(new RI[] {mi, RI.of(BigFraction.ONE, bits)}, t0, t1, bits);
            XPoly f = XPoly.of(zero, t0, t1);
            BigFraction[] fp = net.poly.get(piece(net, x1));
            for (int d = fp.length - 1; d >= 0; d--) {
                f = f.mul((XPoly) fn[m + 2]).add(f.c(fp[d]));
            }
            fn[m + 1] = f;
            boolean allOff = true;
            for (int i = 0; i < m; i++) {
                RI z0 = wb[i][0].mul(RI.of(x0, bits)).add(wb[i][1]);
                RI z1 = wb[i][0].mul(RI.of(x1, bits)).add(wb[i][1]);
                boolean on = z0.lo().signum() >= 0 && z1.lo().signum() >= 0;
                boolean off = z0.hi().signum() <= 0 && z1.hi().signum() <= 0;
                dead[i] &= off;
                allOff &= off;
                len[i][0] = on ? len[i][0] : len[i][0].add(w);
                len[i][1] = off ? len[i][1] : len[i][1].add(w);
                fn[1 + i] = on ? new XPoly(new RI[] {wb[i][0].mul(mi).add(wb[i][1]), wb[i][0]}, t0, t1, bits)
                        : off ? XPoly.of(zero, t0, t1) : RI.hull(ZERO, RI.max(ZERO, RI.max(z0.hi(), z1.hi())), bits);
                fn[m + 4 + i] = on ? fn[0] : off ? XPoly.of(zero, t0, t1) : RI.of(ZERO, BigFraction.ONE, bits);
                fn[2 * m + 4 + i] = on ? fn[m + 2] : off ? XPoly.of(zero, t0, t1) : RI.of(RI.min(ZERO, x0), RI.max(ZERO, x1), bits);
            }
            for (int i = 0; i < m; i++) {
                len[i][2] = allOff ? len[i][2] : len[i][2].add(w);
            }
            fn[m + 3] = XPoly.of(zero, t0, t1);
            if (m == 2 && fn[1] instanceof XPoly && fn[2] instanceof XPoly) {
                fn[m + 3] = ((XPoly) fn[2]).c.length == 2 && ((XPoly) fn[1]).c.length == 2
                        ? new XPoly(new RI[] {dwb[0].mul(mi).add(dwb[1]), dwb[0]}, t0, t1, bits) : ((XPoly) fn[2]).sub((XPoly) fn[1]);
            } else if (m == 2) { // relu is monotone and 1-Lipschitz: Δ lies between 0 and z_1 − z_0
                RI d0 = dwb[0].mul(RI.of(x0, bits)).add(dwb[1]);
                RI d1 = dwb[0].mul(RI.of(x1, bits)).add(dwb[1]);
                RI d = range(fn[2], t0, t1).sub(range(fn[1], t0, t1));
                fn[m + 3] = RI.hull(RI.max(d.lo(), RI.min(ZERO, RI.min(d0.lo(), d1.lo()))),
                        RI.min(d.hi(), RI.max(ZERO, RI.max(d0.hi(), d1.hi()))), bits);
            }
            for (int a = 0; a <= m + 3; a++) {
                for (int b = a; b < (leaves.contains("g") || leaves.contains("G") ? nf : m + 4); b++) {
                    RI v = ip(fn[a], fn[b], (BigFraction[]) fn[nf], bits);
                    p[a][b] = p[a][b] == null ? v : p[a][b].add(v);
                }
            }
        }
        for (String leaf : leaves) {
            if (leaf.charAt(0) == 'r' ? reduced(net, bits, c, leaf, p, pcs, wb, dwb, dead, len, vb)
                    : "vVgG".contains(leaf) && leaf.length() == 1 && profiled(leaf, p, pcs, m, bits, dead, vb, k[3 * h].mag())) {
                return leaf;
            }
        }
        return null;
    }

    /**
     * §6 rule c: ‖φ_j(τ) − φ_j(τ_c)‖ ≤ √(b − a)·max(1, |a|, |b|)·|τ − τ_c| (the perimeter has L¹ speed 1), so
     * L ≥ (√L*(τ_c) − Σ_j V_j·that)² on the cell; L*(τ_c) is the profile at the centre (rule r, all kept).
     */
    private static boolean center(Net net, int bits, BigFraction c, RI[] k, int mask, RI[] cell) throws Invalid {
        int h = units(net);
        RI[] mid = new RI[cell.length];
        BigFraction x = RI.max(BigFraction.ONE, RI.max(lo(net).abs(), hi(net).abs()));
        RI eps = RI.of(ZERO, bits);
        for (int i = 0, j = 0; i < cell.length; i++, j++) {
            j += (mask >> j & 1) == 0 ? 1 : 0;
            mid[i] = RI.of(cell[i].mid(), bits);
            BigFraction d = cell[i].rad().add(cell.length == 2 && i == 1 ? cell[0].rad() : ZERO);
            BigFraction v = k[2 * h + j].mag().multiply(RI.max(k[j].mag(), k[h + j].mag()));
            eps = eps.add(RI.of(sqrtUp(hi(net).subtract(lo(net)), bits).multiply(x).multiply(d).multiply(v), bits));
        }
        RI need = RI.of(sqrtUp(RI.max(c, ZERO), bits), bits).add(eps).sqr();
        return close(net, bits, need.hi(), k, mask, mid, List.of("r" + "k".repeat(cell.length))) != null;
    }

    /** §6 rules v, V, g, G from the profiled (c, v) (basis 1, φ, or 1, φ_0, Δ for V, G: v_0 = y_1 − y_2). */
    private static boolean profiled(String leaf, RI[][] p, List<Object[]> pcs, int m, int bits, boolean[] dead, RI[] vb,
            BigFraction cb) {
        boolean delta = leaf.equals("V") || leaf.equals("G");
        List<Integer> basis = new ArrayList<>(List.of(0));
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (!dead[i]) {
                live.add(i);
                basis.add(delta && i == 1 ? m + 3 : 1 + i);
            }
        }
        RI[] y = delta && live.size() != 2 ? null : solve(p, pcs, basis, m, bits);
        boolean v = leaf.equalsIgnoreCase("v");
        for (int l = 0; y != null && l < live.size(); l++) {
            int i = live.get(l);
            RI vi = delta && i == 0 ? y[1].sub(y[2]) : y[l + 1];
            if (v && (vi.lo().subtract(vb[i].hi()).signum() > 0 || vi.hi().subtract(vb[i].lo()).signum() < 0)) {
                return true;
            }
            for (int g = m + 4 + i; !v && excludes0(vi) && g < 3 * m + 4; g += m) { // G_b, G_w = 2v⟨H or xH, N − f⟩
                RI r = get(p, m + 1, g).neg();
                for (int l2 = 0; l2 < basis.size(); l2++) {
                    r = r.add(y[l2].mul(get(p, basis.get(l2), g)));
                }
                if (excludes0(r)) {
                    return true;
                }
            }
        }
        return y != null && v && (y[0].lo().subtract(cb).signum() > 0 || y[0].hi().add(cb).signum() < 0);
    }

    /** §6 rule r: L ≥ (√L' − Σ V_i ‖φ_i − replacement_i‖)² ≥ c, L' the profile over the reduced basis. */
    private static boolean reduced(Net net, int bits, BigFraction c, String leaf, RI[][] p, List<Object[]> pcs, RI[][] wb,
            RI[] dwb, boolean[] dead, BigFraction[][] len, RI[] vb) {
        int m = wb.length;
        if (leaf.length() != 1 + m) {
            return false;
        }
        List<Integer> basis = new ArrayList<>(List.of(0));
        RI eps = RI.of(ZERO, bits);
        for (int i = 0; i < m; i++) {
            char o = leaf.charAt(1 + i);
            RI za = wb[i][0].mul(RI.of(lo(net), bits)).add(wb[i][1]);
            RI zb = wb[i][0].mul(RI.of(hi(net), bits)).add(wb[i][1]);
            BigFraction sup = ZERO; // |φ_i − replacement| ≤ sup on a set of measure ≤ lambda
            BigFraction lambda = hi(net).subtract(lo(net));
            BigFraction norm = null; // or ‖φ_i − replacement‖² ≤ norm (from the table)
            if (o == 'd' && i == 1 && leaf.charAt(1) == 'k') {
                basis.add(m + 3);
            } else if (o == 'k' || dead[i]) {
                basis.add(dead[i] ? 0 : 1 + i);
            } else if (o == 'x') {
                sup = RI.max(ZERO, RI.max(za.lo().negate(), zb.lo().negate()));
                lambda = len[i][0];
                basis.add(m + 2);
            } else if (o == 'z') {
                sup = RI.max(ZERO, RI.max(za.hi(), zb.hi()));
                lambda = len[i][1];
                norm = get(p, 1 + i, 1 + i).hi();
            } else if (m == 2 && o == '0' + (1 - i) && leaf.charAt(2 - i) == 'k') {
                lambda = len[i][2];
                norm = get(p, 1, 1).add(get(p, 2, 2)).sub(get(p, 1, 2).add(get(p, 1, 2))).hi();
                sup = RI.max(dwb[0].mul(RI.of(lo(net), bits)).add(dwb[1]).mag(), dwb[0].mul(RI.of(hi(net), bits)).add(dwb[1]).mag());
            } else {
                return false;
            }
            BigFraction d = sqrtUp(lambda, bits).multiply(sup);
            d = norm == null ? d : RI.min(d, sqrtUp(RI.max(norm, ZERO), bits));
            eps = eps.add(RI.of(d, bits).mul(vb[i]));
        }
        RI[] y = solve(p, pcs, basis.stream().distinct().toList(), m, bits);
        RI need = eps.hi().signum() == 0 ? RI.of(c, bits) : RI.of(sqrtUp(RI.max(c, ZERO), bits), bits).add(eps).sqr();
        return y != null && y[y.length - 1].lo().subtract(need.hi()).signum() >= 0;
    }

    /**
     * §5: every solution y of M y = u (M = Gram(basis), u = ⟨basis, f⟩, all values in the cell's
     * intervals) lies in y[0..n) = ŷ + z; y[n] encloses min Q = ‖f − N̂‖² − rᵀz (r = ⟨basis, f − N̂⟩,
     * N̂ = Σŷ_l F_l, both integrated piece by piece); null if ‖I − R M‖∞ ≥ 1 after scaling.
     */
    private static RI[] solve(RI[][] p, List<Object[]> pcs, List<Integer> basis, int m, int bits) {
        int n = basis.size();
        BigFraction[] sc = new BigFraction[n]; // powers of two ≈ 1/‖F_i‖ (exact): β is not scale invariant
        BigFraction[][] a = new BigFraction[n][2 * n];
        for (int i = 0; i < n; i++) {
            BigFraction d = get(p, basis.get(i), basis.get(i)).mid();
            int e = d.signum() > 0 ? (d.getNumerator().bitLength() - d.getDenominator().bitLength()) / 2 : 0;
            sc[i] = e >= 0 ? BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(e)) : BigFraction.of(BigInteger.ONE.shiftLeft(-e));
        }
        RI[][] ms = new RI[n][n]; // the scaled Gram matrix
        for (int i = 0; i < n * n; i++) {
            ms[i / n][i % n] = get(p, basis.get(i / n), basis.get(i % n)).mul(RI.of(sc[i / n].multiply(sc[i % n]), bits));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2 * n; j++) {
                a[i][j] = j < n ? ms[i][j].mid() : BigFraction.of(i == j - n ? 1 : 0);
            }
        }
        for (int col = 0; col < n; col++) { // exact Gauss-Jordan on the midpoint: R ≈ mid(M)^(-1)
            int piv = col;
            while (piv < n && a[piv][col].signum() == 0) {
                piv++;
            }
            if (piv == n) {
                return null;
            }
            BigFraction[] t = a[piv];
            a[piv] = a[col];
            a[col] = t;
            for (int i = 0; i < n; i++) {
                BigFraction f = a[i][col].divide(a[col][col]);
                for (int j = 2 * n - 1; i != col && j >= col; j--) {
                    a[i][j] = a[i][j].subtract(f.multiply(a[col][j]));
                }
            }
        }
        RI[][] r = new RI[n][n];
        BigFraction[] yh = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            BigFraction s = ZERO;
            for (int l = 0; l < n; l++) {
                r[i][l] = RI.of(RI.down(a[i][n + l].divide(a[i][i]), bits), bits);
                s = s.add(r[i][l].lo().multiply(get(p, basis.get(l), m + 1).mid()).multiply(sc[l]));
            }
            yh[i] = RI.down(s, bits);
        }
        RI[] res = new RI[n]; // scaled r_i = s_i⟨F_i, f − N̂⟩, and q = ‖f − N̂‖²
        Arrays.fill(res, RI.of(ZERO, bits));
        RI q = res[0];
        for (Object[] fn : pcs) {
            BigFraction[] tt = (BigFraction[]) fn[fn.length - 1];
            Object rf = fn[m + 1];
            for (int l = 0; l < n; l++) {
                Object g = fn[basis.get(l)];
                BigFraction co = yh[l].multiply(sc[l]); // exactly the coefficient of F_l in N̂
                rf = rf instanceof XPoly && g instanceof XPoly ? ((XPoly) rf).sub(((XPoly) g).mul(((XPoly) g).c(co)))
                        : range(rf, tt[0], tt[1]).sub(range(g, tt[0], tt[1]).mul(RI.of(co, bits)));
            }
            q = q.add(ip(rf, rf, tt, bits));
            for (int i = 0; i < n; i++) {
                res[i] = res[i].add(ip(fn[basis.get(i)], rf, tt, bits).mul(RI.of(sc[i], bits)));
            }
        }
        RI[] rr = new RI[n];
        RI[][] e = new RI[n][n];
        BigFraction beta = ZERO;
        BigFraction rrMax = ZERO;
        for (int i = 0; i < n; i++) {
            rr[i] = RI.of(ZERO, bits);
            BigFraction row = ZERO;
            for (int j = 0; j < n; j++) {
                e[i][j] = RI.of(BigFraction.of(i == j ? 1 : 0), bits);
                for (int l = 0; l < n; l++) {
                    e[i][j] = e[i][j].sub(r[i][l].mul(ms[l][j]));
                }
                rr[i] = rr[i].add(r[i][j].mul(res[j]));
                row = row.add(e[i][j].mag());
            }
            beta = RI.max(beta, row);
            rrMax = RI.max(rrMax, rr[i].mag());
        }
        if (beta.subtract(BigFraction.ONE).signum() >= 0) {
            return null;
        }
        BigFraction eta = RI.up(rrMax.divide(BigFraction.ONE.subtract(beta)), bits);
        RI[] y = new RI[n + 1];
        for (int i = 0; i < n; i++) {
            RI z = rr[i];
            for (int j = 0; j < n; j++) {
                z = z.add(e[i][j].mul(RI.of(eta.negate(), eta, bits)));
            }
            y[i] = RI.of(yh[i], bits).add(z).mul(RI.of(sc[i], bits));
            q = q.sub(res[i].mul(z));
        }
        y[n] = q;
        return y;
    }

    /** §4: both units' arcs on one side q (or unit 1 a lap later): (w, b)_1 − (w, b)_0 = η·d_q (or (η − 8)·d_q). */
    private static RI[] shift(RI[] cell, int bits) {
        BigFraction eight = BigFraction.of(8);
        int[][] d = {{0, 1}, {-1, 0}, {0, -1}, {1, 0}};
        for (int lap = 0; lap < 2; lap++) {
            BigFraction lo = lap == 0 ? cell[0].lo() : cell[0].lo().add(cell[1].lo()).subtract(eight);
            BigFraction hi = lap == 0 ? cell[0].hi().add(cell[1].hi()) : cell[0].hi();
            int q = lo.signum() >= 0 ? lo.divide(2).intValue() : -1;
            if (q >= 0 && hi.subtract(BigFraction.of(2 * q + 2)).signum() <= 0) {
                RI e = lap == 0 ? cell[1] : cell[1].sub(RI.of(eight, bits));
                return new RI[] {e.mul(RI.of(BigFraction.of(d[q % 4][0]), bits)), e.mul(RI.of(BigFraction.of(d[q % 4][1]), bits))};
            }
        }
        return null;
    }

    /**
     * §6 rule o: on the pieces where every unit is off N is the constant c, on those where every
     * unit that is not off everywhere is on N is one affine function; the exact least-squares
     * residuals of f there (constant, resp. affine, fit) add up to a lower bound of L.
     */
    private static BigFraction offOn(Net net, RI[][] wb, List<BigFraction> cuts) {
        BigFraction[] m = new BigFraction[9]; // off: ∫1, ∫f, ∫f²; on: ∫1, ∫x, ∫x², ∫f, ∫xf, ∫f²
        Arrays.fill(m, ZERO);
        boolean[] everOn = new boolean[wb.length];
        for (int pass = 0; pass < 2; pass++) {
            for (int q = 0; q + 1 < cuts.size(); q++) {
                BigFraction x0 = cuts.get(q);
                BigFraction x1 = cuts.get(q + 1);
                boolean off = true;
                boolean on = true;
                for (int i = 0; i < wb.length; i++) {
                    RI z0 = wb[i][0].mul(RI.of(x0, 0)).add(wb[i][1]);
                    RI z1 = wb[i][0].mul(RI.of(x1, 0)).add(wb[i][1]);
                    boolean isOff = z0.hi().signum() <= 0 && z1.hi().signum() <= 0;
                    everOn[i] |= !isOff;
                    off &= isOff;
                    on &= (z0.lo().signum() >= 0 && z1.lo().signum() >= 0) || !everOn[i];
                }
                BigFraction[] f = net.poly.get(piece(net, x1));
                for (int k = 0; pass == 1 && x1.subtract(x0).signum() > 0 && (off || on) && k < 6; k++) {
                    BigFraction v = ZERO; // k = 0, 1, 2: ∫x^k; 3: ∫f; 4: ∫xf; 5: ∫f² over [x0, x1]
                    for (int i = 0; i < (k < 3 ? 1 : f.length); i++) {
                        for (int j = 0; j < (k < 5 ? 1 : f.length); j++) {
                            int deg = (k < 3 ? k : k == 3 ? i : k == 4 ? i + 1 : i + j) + 1;
                            BigFraction co = k < 3 ? BigFraction.ONE : k < 5 ? f[i] : f[i].multiply(f[j]);
                            v = v.add(co.multiply(x1.pow(deg).subtract(x0.pow(deg))).divide(deg));
                        }
                    }
                    int slot = off ? new int[] {0, -1, -1, 1, -1, 2}[k] : 3 + k;
                    if (slot >= 0) {
                        m[slot] = m[slot].add(v);
                    }
                }
            }
        }
        BigFraction lo = m[0].signum() > 0 ? m[2].subtract(m[1].pow(2).divide(m[0])) : ZERO;
        BigFraction det = m[3].multiply(m[5]).subtract(m[4].pow(2));
        return det.signum() <= 0 ? lo : lo.add(m[8]).subtract(m[5].multiply(m[6].pow(2)).subtract(m[4].multiply(m[6]).multiply(m[7]).multiply(2))
                .add(m[3].multiply(m[7].pow(2))).divide(det));
    }

    /** The target piece holding [x0, x1] (x1 its right end). */
    private static int piece(Net net, BigFraction x1) {
        int tp = 0;
        while (net.from.get(tp)[1].subtract(x1).signum() < 0) {
            tp++;
        }
        return tp;
    }

    /** ∫ over a piece of the product of two piece functions (exact for polynomials, else ranges × length). */
    private static RI ip(Object f, Object g, BigFraction[] tt, int bits) {
        return f instanceof XPoly && g instanceof XPoly ? ((XPoly) f).mul((XPoly) g).integral()
                : range(f, tt[0], tt[1]).mul(range(g, tt[0], tt[1])).mul(RI.of(tt[2], bits));
    }

    private static RI get(RI[][] p, int i, int j) {
        return i <= j ? p[i][j] : p[j][i];
    }

    private static boolean excludes0(RI r) {
        return r.lo().signum() > 0 || r.hi().signum() < 0;
    }

    /** The range of a piece's function: an interval, or a polynomial in t on [t0, t1] (Horner, inclusion). */
    private static RI range(Object f, BigFraction t0, BigFraction t1) {
        if (f instanceof RI) {
            return (RI) f;
        }
        XPoly q = (XPoly) f;
        RI acc = q.c[q.c.length - 1];
        for (int i = q.c.length - 2; i >= 0; i--) {
            acc = acc.mul(RI.of(t0, t1, q.bits)).add(q.c[i]);
        }
        return acc;
    }

    /** §3: the (w, b) box of the perimeter arc t ⊆ [0, 16] (τ = 0 at (1, −1), corners every 2, period 8). */
    static RI[] arc(RI t) {
        BigFraction[] lo = corner(t.lo());
        BigFraction[] hi = lo.clone();
        for (int s = 2; s <= 16; s += 2) {
            BigFraction q = s == 16 ? t.hi() : BigFraction.of(s);
            if (q.subtract(t.lo()).signum() > 0 && t.hi().subtract(q).signum() >= 0) {
                for (int i = 0; i < 2; i++) {
                    lo[i] = RI.min(lo[i], corner(q)[i]);
                    hi[i] = RI.max(hi[i], corner(q)[i]);
                }
            }
        }
        return new RI[] {RI.of(lo[0], hi[0], t.bits()), RI.of(lo[1], hi[1], t.bits())};
    }

    private static BigFraction[] corner(BigFraction t0) {
        BigFraction t = t0.subtract(8).signum() >= 0 ? t0.subtract(8) : t0;
        int side = t.divide(2).intValue() > 3 ? 3 : t.divide(2).intValue();
        BigFraction r = t.subtract(2 * side);
        BigFraction one = BigFraction.ONE;
        return side == 0 ? new BigFraction[] {one, r.subtract(1)} : side == 1 ? new BigFraction[] {one.subtract(r), one}
                : side == 2 ? new BigFraction[] {one.negate(), one.subtract(r)} : new BigFraction[] {r.subtract(1), one.negate()};
    }

    /** A rational ≥ √q (q ≥ 0): Newton steps from above stay above √q (AM-GM), rounded up. */
    private static BigFraction sqrtUp(BigFraction q, int bits) {
        BigFraction s = RI.max(q, BigFraction.ONE);
        for (int i = 0; i < 40 && q.signum() > 0; i++) {
            s = RI.up(s.add(q.divide(s)).divide(2), bits);
        }
        return q.signum() > 0 ? s : ZERO;
    }

    private static BigFraction lo(Net net) {
        return net.from.get(0)[0];
    }

    private static BigFraction hi(Net net) {
        return net.from.get(net.from.size() - 1)[1];
    }
}
