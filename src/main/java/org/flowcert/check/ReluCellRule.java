package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-relu-cells}: every critical point in the box K of a 1-H-1 relu net with an
 * integral risk has L ≥ bound (proofs-notes/rules/critical-relu-cells.md, critical-relu-reduction.md).
 * Units with (w, b) ≠ 0 are normalised to max(|w|, |b|) = 1, a point τ ∈ [0, 8] of the square's
 * perimeter; tree number S (a bit mask) covers [0, 8]^S. Leaves: {@code v}, {@code g}, {@code r} + one
 * letter per unit of S ({@code k} keep, {@code x} its affine extension, {@code z} zero, a digit i: unit i of S).
 */
public final class ReluCellRule implements Rule {
    static final boolean DEBUG = Boolean.getBoolean("relu.debug");
    @Override
    public Fact apply(Step st) throws Invalid {
        int bits = st.bits();
        RI[] k = st.box("box", 0);
        JsonNode trees = st.json().path("trees");
        if (!trees.isArray() || trees.size() != 1 << units(st.net())) {
            throw new Invalid("step " + st.id() + ": expected one tree per set of units");
        }
        for (int mask = 0; mask < trees.size(); mask++) {
            String t = trees.get(mask).asText();
            RI[] cell = new RI[Integer.bitCount(mask)];
            Arrays.fill(cell, RI.of(BigFraction.ZERO, BigFraction.of(8), bits));
            int[] pos = {0};
            walk(st, t, pos, mask, cell, 0);
            if (pos[0] != t.length()) {
                throw new Invalid("step " + st.id() + ": text after the end of tree " + mask);
            }
        }
        return new Fact("critical-above", new RI[] {RI.of(st.number("bound"), 0)}, null, k);
    }

    private static void walk(Step st, String t, int[] pos, int mask, RI[] cell, int depth) throws Invalid {
        if (pos[0] >= t.length() || depth > 200) {
            throw new Invalid("step " + st.id() + ": tree " + mask + " is truncated or too deep");
        }
        char ch = t.charAt(pos[0]++);
        if (ch == 's' && pos[0] < t.length() && t.charAt(pos[0]) - '0' >= 0 && t.charAt(pos[0]) - '0' < cell.length) {
            int d = t.charAt(pos[0]++) - '0';
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

    /** H, for a 1-H-1 relu net (H ≤ 4) with an integral risk. */
    static int units(Net n) throws Invalid {
        if (n.widths.length != 3 || n.widths[0] != 1 || n.widths[2] != 1 || n.widths[1] > 4 || n.act.kind != Act.Kind.RELU || n.isData()) {
            throw new Invalid("critical-relu-cells needs a 1-H-1 relu network (H <= 4) with an integral risk");
        }
        return n.widths[1];
    }

    /** The first of the leaf rules that holds on the cell of tree {@code mask}, or null (the prover searches with this). */
    public static String close(Net net, int bits, BigFraction c, RI[] k, int mask, RI[] cell, List<String> leaves) throws Invalid {
        int h = units(net);
        int m = cell.length;
        int[] unit = new int[m];
        for (int j = 0, i = 0; j < h; j++) {
            if ((mask >> j & 1) == 1) {
                unit[i++] = j;
            }
        }
        RI[][] wb = new RI[m][];
        List<BigFraction> cuts = new ArrayList<>(List.of(net.a, net.b));
        for (BigFraction[] ft : net.from) {
            cuts.add(ft[1]);
        }
        for (int i = 0; i < m; i++) {
            wb[i] = arc(m == 2 && i == 1 ? cell[0].add(cell[1]) : cell[i], bits); // two units: τ_1 = σ + η (mod 8)
            if (wb[i][0].lo().signum() > 0 || wb[i][0].hi().signum() < 0) { // kink range −b/w
                RI kink = wb[i][1].neg().mul(wb[i][0].inv());
                cuts.addAll(List.of(RI.max(net.a, RI.min(net.b, kink.lo())), RI.max(net.a, RI.min(net.b, kink.hi()))));
            }
        }
        cuts.sort((x, y) -> x.subtract(y).signum());
        if (leaves.contains("o") && offOn(net, wb, cuts, bits).subtract(c).signum() >= 0) {
            return "o";
        }
        int nf = 3 * m + 4; // functions: 1, φ_i, f, x, Δ = φ_1 − φ_0 (m = 2), H_i, x·H_i
        RI[][] p = new RI[nf][nf];
        List<Object[]> pcs = new ArrayList<>(); // per piece: the functions, then {t0, t1, length}
        boolean[] dead = new boolean[m];
        BigFraction[][] both = new BigFraction[m][m]; // measure where units i and j are not both decided off
        Arrays.fill(dead, true);
        BigFraction[][] len = new BigFraction[m][]; // measure where unit i is not decided on, not decided off
        for (int i = 0; i < m; i++) {
            len[i] = new BigFraction[] {BigFraction.ZERO, BigFraction.ZERO};
            Arrays.fill(both[i], BigFraction.ZERO);
        }
        RI zero = RI.of(BigFraction.ZERO, bits);
        for (int q = 0; q + 1 < cuts.size(); q++) {
            BigFraction x0 = cuts.get(q);
            BigFraction x1 = cuts.get(q + 1);
            if (x1.subtract(x0).signum() <= 0) {
                continue;
            }
            int tp = 0;
            while (net.from.get(tp)[1].subtract(x1).signum() < 0) {
                tp++;
            }
            Object[] fn = new Object[nf + 1];
            pcs.add(fn);
            // polynomials in t = x − mid on [t0, t1] (a centred form: far less dependency than powers of x)
            BigFraction mid = x0.add(x1).divide(2);
            BigFraction t0 = x0.subtract(mid);
            BigFraction t1 = x1.subtract(mid);
            RI mi = RI.of(mid, bits);
            fn[nf] = new BigFraction[] {t0, t1, x1.subtract(x0)};
            fn[0] = XPoly.of(RI.of(BigFraction.ONE, bits), t0, t1);
            fn[m + 2] = new XPoly(new RI[] {mi, RI.of(BigFraction.ONE, bits)}, t0, t1, bits);
            XPoly f = XPoly.of(zero, t0, t1);
            for (int d = net.poly.get(tp).length - 1; d >= 0; d--) {
                f = f.mul((XPoly) fn[m + 2]).add(f.c(net.poly.get(tp)[d]));
            }
            fn[m + 1] = f;
            for (int i = 0; i < m; i++) {
                RI z0 = wb[i][0].mul(RI.of(x0, bits)).add(wb[i][1]);
                RI z1 = wb[i][0].mul(RI.of(x1, bits)).add(wb[i][1]);
                boolean on = z0.lo().signum() >= 0 && z1.lo().signum() >= 0;
                boolean off = z0.hi().signum() <= 0 && z1.hi().signum() <= 0;
                dead[i] &= off;
                len[i][0] = on ? len[i][0] : len[i][0].add(x1.subtract(x0));
                len[i][1] = off ? len[i][1] : len[i][1].add(x1.subtract(x0));
                fn[1 + i] = on ? new XPoly(new RI[] {wb[i][0].mul(mi).add(wb[i][1]), wb[i][0]}, t0, t1, bits) : off ? XPoly.of(zero, t0, t1)
                        : RI.hull(BigFraction.ZERO, RI.max(BigFraction.ZERO, RI.max(z0.hi(), z1.hi())), bits);
                fn[m + 4 + i] = on ? fn[0] : off ? XPoly.of(zero, t0, t1) : RI.of(BigFraction.ZERO, BigFraction.ONE, bits);
                fn[2 * m + 4 + i] = on ? fn[m + 2] : off ? XPoly.of(zero, t0, t1)
                        : RI.of(RI.min(BigFraction.ZERO, x0), RI.max(BigFraction.ZERO, x1), bits);
            }
            fn[m + 3] = XPoly.of(zero, t0, t1);
            if (m == 2 && fn[1] instanceof XPoly && fn[2] instanceof XPoly) {
                fn[m + 3] = ((XPoly) fn[2]).sub((XPoly) fn[1]);
            } else if (m == 2) { // relu is monotone and 1-Lipschitz: Δ lies between 0 and z_1 − z_0
                RI dw = wb[1][0].sub(wb[0][0]);
                RI d0 = dw.mul(RI.of(x0, bits)).add(wb[1][1].sub(wb[0][1]));
                RI d1 = dw.mul(RI.of(x1, bits)).add(wb[1][1].sub(wb[0][1]));
                RI d = range(fn[2], t0, t1).sub(range(fn[1], t0, t1)); // also φ_1's range minus φ_0's: intersect
                fn[m + 3] = RI.hull(RI.max(d.lo(), RI.min(BigFraction.ZERO, RI.min(d0.lo(), d1.lo()))),
                        RI.min(d.hi(), RI.max(BigFraction.ZERO, RI.max(d0.hi(), d1.hi()))), bits);
            }
            for (int i = 0; i < m * m; i++) {
                both[i / m][i % m] = fn[1 + i / m] instanceof XPoly && ((XPoly) fn[1 + i / m]).c.length == 1 && fn[1 + i % m] instanceof XPoly
                        && ((XPoly) fn[1 + i % m]).c.length == 1 ? both[i / m][i % m] : both[i / m][i % m].add(x1.subtract(x0));
            }
            for (int a = 0; a <= m + 3; a++) {
                for (int b = a; b < (leaves.contains("g") || leaves.contains("G") ? nf : m + 4); b++) {
                    RI v = ip(fn[a], fn[b], (BigFraction[]) fn[nf], bits);
                    p[a][b] = p[a][b] == null ? v : p[a][b].add(v);
                }
            }
        }
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (!dead[i]) {
                live.add(i);
            }
        }
        RI[] vBound = new RI[m];
        for (int i = 0; i < m; i++) {
            BigFraction v = k[2 * h + unit[i]].mag().multiply(RI.max(k[unit[i]].mag(), k[h + unit[i]].mag()));
            vBound[i] = RI.of(v.negate(), v, 0);
        }
        for (String leaf : leaves) {
            if (holds(net, bits, c, k, h, leaf, p, pcs, wb, dead, len, both, vBound, live)) {
                return leaf;
            }
        }
        return null;
    }

    private static boolean holds(Net net, int bits, BigFraction c, RI[] k, int h, String leaf, RI[][] p, List<Object[]> pcs, RI[][] wb,
            boolean[] dead, BigFraction[][] len, BigFraction[][] both, RI[] vBound, List<Integer> live) throws Invalid {
        int m = wb.length;
        int nf = 3 * m + 4;
        RI zero = RI.of(BigFraction.ZERO, bits);
        if (leaf.charAt(0) != 'r') {
            // V, G: the basis 1, φ_0, Δ (better conditioned when the kinks are close); v_0 = y_1 − y_2, v_1 = y_2
            boolean delta = leaf.equals("V") || leaf.equals("G");
            List<Integer> basis = new ArrayList<>(List.of(0));
            live.forEach(i -> basis.add(delta && i == 1 ? m + 3 : 1 + i));
            RI[] y = delta && live.size() != 2 ? null : solve(p, pcs, basis, m, bits);
            for (int l = 0; y != null && l < live.size(); l++) {
                int i = live.get(l);
                RI v = delta && i == 0 ? y[1].sub(y[2]) : y[l + 1];
                if (leaf.equalsIgnoreCase("v") && (v.lo().subtract(vBound[i].hi()).signum() > 0 || v.hi().subtract(vBound[i].lo()).signum() < 0)) {
                    return true;
                }
                for (int g = m + 4 + i; leaf.equalsIgnoreCase("g") && excludes0(v) && g < nf; g += m) { // G_b, G_w = 2 v ⟨H or xH, N − f⟩
                    RI r = get(p, m + 1, g).neg();
                    for (int l2 = 0; l2 < basis.size(); l2++) {
                        r = r.add(y[l2].mul(get(p, basis.get(l2), g)));
                    }
                    if (excludes0(r)) {
                        return true;
                    }
                }
            }
            BigFraction cb = k[3 * h].mag();
            return y != null && leaf.equalsIgnoreCase("v") && (y[0].lo().subtract(cb).signum() > 0 || y[0].hi().add(cb).signum() < 0);
        }
        if (leaf.length() != 1 + m) {
            return false;
        }
        // r: L ≥ (dist(f, span of the reduced basis) − Σ ε_i)², ε_i = V_i · √(b − a) · sup |φ_i − replacement|
        List<Integer> basis = new ArrayList<>(List.of(0));
        RI eps = zero;
        for (int i = 0; i < m; i++) {
            char o = leaf.charAt(1 + i);
            RI za = wb[i][0].mul(RI.of(net.a, bits)).add(wb[i][1]);
            RI zb = wb[i][0].mul(RI.of(net.b, bits)).add(wb[i][1]);
            BigFraction sup;
            BigFraction lambda = net.b.subtract(net.a); // |φ_i − replacement| ≤ sup on a set of measure ≤ lambda
            BigFraction norm = null; // or an upper bound of ‖φ_i − replacement‖² from the table
            if (o == 'd' && i == 1 && m == 2 && leaf.charAt(1) == 'k') {
                sup = BigFraction.ZERO;
                basis.add(m + 3);
            } else if (o == 'k' || dead[i]) {
                sup = BigFraction.ZERO;
                basis.add(dead[i] ? 0 : 1 + i);
            } else if (o == 'x') {
                sup = RI.max(BigFraction.ZERO, RI.max(za.lo().negate(), zb.lo().negate()));
                lambda = len[i][0];
                basis.add(m + 2);
            } else if (o == 'z') {
                sup = RI.max(BigFraction.ZERO, RI.max(za.hi(), zb.hi()));
                lambda = len[i][1];
                norm = get(p, 1 + i, 1 + i).hi();
            } else if (o - '0' >= 0 && o - '0' < m && o - '0' != i && leaf.charAt(1 + o - '0') == 'k') {
                int j = o - '0';
                lambda = both[i][j];
                norm = get(p, 1 + i, 1 + i).add(get(p, 1 + j, 1 + j)).sub(get(p, 1 + i, 1 + j).add(get(p, 1 + i, 1 + j))).hi();
                sup = RI.max(za.sub(wb[j][0].mul(RI.of(net.a, bits)).add(wb[j][1])).mag(),
                        zb.sub(wb[j][0].mul(RI.of(net.b, bits)).add(wb[j][1])).mag());
            } else {
                return false;
            }
            RI d = RI.of(sup, bits).mul(sqrtUp(lambda, bits));
            d = norm == null ? d : RI.of(RI.min(d.hi(), sqrtUp(RI.max(norm, BigFraction.ZERO), bits).hi()), bits);
            eps = eps.add(d.mul(vBound[i]));
        }
        List<Integer> uniq = basis.stream().distinct().toList();
        RI[] y = solve(p, pcs, uniq, m, bits);
        if (y == null) {
            return false;
        }
        RI l = y[uniq.size()];
        RI need = eps.hi().signum() == 0 ? RI.of(c, bits) : RI.of(sqrtUp(RI.max(c, BigFraction.ZERO), bits).hi(), bits).add(eps).sqr();
        if (DEBUG) {
            System.err.println(leaf + " L'=" + l.lo().doubleValue() + ".." + l.hi().doubleValue() + " eps=" + eps.hi().doubleValue() + " need=" + need.hi().doubleValue());
        }
        return l.lo().subtract(need.hi()).signum() >= 0;
    }

    /**
     * Every solution y of M y = u (M = Gram(basis), u = ⟨basis, f⟩, any values in the cell's
     * intervals) lies in y[0..n): y = ŷ + z, ŷ the midpoint solution, M z = u − M ŷ enclosed with an
     * approximate inverse R (‖I − R M‖ ≤ β < 1); y[n] encloses min Q = Q(ŷ) − (u − Mŷ)ᵀz. Null if β ≥ 1.
     */
    private static RI[] solve(RI[][] p0, List<Object[]> pcs, List<Integer> basis0, int m0, int bits) {
        int m = m0;
        // scale basis function i by a power of two s_i ≈ 1/‖F_i‖ (exact; the ∞-norm bound β is not scale invariant)
        int n = basis0.size();
        RI[][] p = new RI[n + 1][n + 1];
        BigFraction[] sc = new BigFraction[n + 1];
        for (int i = 0; i <= n; i++) {
            BigFraction d = get(p0, i < n ? basis0.get(i) : m + 1, i < n ? basis0.get(i) : m + 1).mid();
            int e = d.signum() > 0 ? (d.getNumerator().bitLength() - d.getDenominator().bitLength()) / 2 : 0;
            sc[i] = i < n ? (e >= 0 ? BigFraction.of(1, 1).divide(BigFraction.of(java.math.BigInteger.ONE.shiftLeft(e))) : BigFraction.of(java.math.BigInteger.ONE.shiftLeft(-e))) : BigFraction.ONE;
        }
        for (int i = 0; i <= n; i++) {
            for (int j = i; j <= n; j++) {
                p[i][j] = get(p0, i < n ? basis0.get(i) : m + 1, j < n ? basis0.get(j) : m + 1).mul(RI.of(sc[i].multiply(sc[j]), bits));
            }
        }
        List<Integer> basis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            basis.add(i);
        }
        m = n - 1;
        BigFraction[][] a = new BigFraction[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2 * n; j++) {
                a[i][j] = j < n ? get(p, basis.get(i), basis.get(j)).mid() : BigFraction.of(i == j - n ? 1 : 0);
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
        RI[] yh = new RI[n];
        for (int i = 0; i < n; i++) {
            BigFraction s = BigFraction.ZERO;
            for (int l = 0; l < n; l++) {
                r[i][l] = RI.of(RI.down(a[i][n + l].divide(a[i][i]), bits), bits);
                s = s.add(r[i][l].lo().multiply(get(p, basis.get(l), m + 1).mid()));
            }
            yh[i] = RI.of(RI.down(s, bits), bits);
        }
        // the residual f − N̂ piece by piece (no cancellation): res_i = s_i⟨F_i, f − N̂⟩, Q(ŷ) = ‖f − N̂‖²
        RI[] res = new RI[n];
        Arrays.fill(res, RI.of(BigFraction.ZERO, bits));
        RI q = res[0];
        for (Object[] fn : pcs) {
            BigFraction[] tt = (BigFraction[]) fn[fn.length - 1];
            Object rf = fn[m0 + 1];
            for (int l = 0; l < n; l++) {
                Object g = fn[basis0.get(l)];
                BigFraction co = yh[l].lo().multiply(sc[l]); // exactly the coefficient of F_l in N̂ (yh[l] is a point)
                rf = rf instanceof XPoly && g instanceof XPoly ? ((XPoly) rf).sub(((XPoly) g).mul(((XPoly) g).c(co)))
                        : range(rf, tt[0], tt[1]).sub(range(g, tt[0], tt[1]).mul(RI.of(co, bits)));
            }
            q = q.add(ip(rf, rf, tt, bits));
            for (int i = 0; i < n; i++) {
                res[i] = res[i].add(ip(fn[basis0.get(i)], rf, tt, bits).mul(RI.of(sc[i], bits)));
            }
        }
        RI[] rr = new RI[n];
        RI[][] e = new RI[n][n];
        BigFraction beta = BigFraction.ZERO;
        BigFraction rrMax = BigFraction.ZERO;
        for (int i = 0; i < n; i++) {
            rr[i] = RI.of(BigFraction.ZERO, bits);
            BigFraction row = BigFraction.ZERO;
            for (int j = 0; j < n; j++) {
                e[i][j] = RI.of(BigFraction.of(i == j ? 1 : 0), bits);
                for (int l = 0; l < n; l++) {
                    e[i][j] = e[i][j].sub(r[i][l].mul(get(p, basis.get(l), basis.get(j))));
                }
                rr[i] = rr[i].add(r[i][j].mul(res[j]));
                row = row.add(e[i][j].mag());
            }
            beta = RI.max(beta, row);
            rrMax = RI.max(rrMax, rr[i].mag());
        }
        if (DEBUG) {
            System.err.println("solve " + basis + " beta=" + beta.doubleValue());
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
            y[i] = yh[i].add(z).mul(RI.of(sc[i], bits));
            q = q.sub(res[i].mul(z));
        }
        y[n] = q;
        return y;
    }

    /**
     * Rule o: on the pieces where every unit is decided off N is the constant c, on those where
     * every unit not off on the whole domain is decided on N is affine, so L ≥ the two exact
     * least-squares residuals (constant, resp. affine, fit of f on those pieces).
     */
    private static BigFraction offOn(Net net, RI[][] wb, List<BigFraction> cuts, int bits) {
        BigFraction[] m = new BigFraction[12]; // off: ∫1, ∫f, ∫f²; on: ∫1, ∫x, ∫x², ∫f, ∫xf, ∫f²
        Arrays.fill(m, BigFraction.ZERO);
        boolean[][] st = new boolean[cuts.size()][2 * wb.length];
        boolean[] everOn = new boolean[wb.length];
        for (int pass = 0; pass < 2; pass++) {
            for (int q = 0; q + 1 < cuts.size(); q++) {
                BigFraction x0 = cuts.get(q);
                BigFraction x1 = cuts.get(q + 1);
                boolean off = true;
                boolean on = true;
                for (int i = 0; i < wb.length; i++) {
                    RI z0 = wb[i][0].mul(RI.of(x0, bits)).add(wb[i][1]);
                    RI z1 = wb[i][0].mul(RI.of(x1, bits)).add(wb[i][1]);
                    boolean isOff = z0.hi().signum() <= 0 && z1.hi().signum() <= 0;
                    everOn[i] |= !isOff;
                    off &= isOff;
                    on &= (z0.lo().signum() >= 0 && z1.lo().signum() >= 0) || !everOn[i];
                }
                int tp = 0;
                while (net.from.get(tp)[1].subtract(x1).signum() < 0) {
                    tp++;
                }
                BigFraction[] f = net.poly.get(tp);
                for (int k = 0; pass == 1 && x1.subtract(x0).signum() > 0 && (off || on) && k < 6; k++) {
                    BigFraction v = BigFraction.ZERO; // ∫ x^(k mod 3) f^(k / 3) over [x0, x1], k = 0..5 with f^0 = 1
                    for (int d = 0; d < (k < 3 ? 1 : f.length); d++) {
                        for (int e = 0; e < (k < 5 ? 1 : f.length); e++) {
                            int deg = (k < 3 ? k : k == 3 ? d : k == 4 ? d + 1 : d + e) + 1;
                            BigFraction co = k < 3 ? BigFraction.ONE : k < 5 ? f[d] : f[d].multiply(f[e]);
                            v = v.add(co.multiply(x1.pow(deg).subtract(x0.pow(deg))).divide(deg));
                        }
                    }
                    int[] slot = {0, -1, -1, 1, -1, 2};
                    if (off && slot[k] >= 0) {
                        m[slot[k]] = m[slot[k]].add(v);
                    }
                    if (on && !off) {
                        m[3 + k] = m[3 + k].add(v);
                    }
                }
            }
        }
        BigFraction lo = m[0].signum() > 0 ? m[2].subtract(m[1].pow(2).divide(m[0])) : BigFraction.ZERO;
        BigFraction det = m[3].multiply(m[5]).subtract(m[4].pow(2));
        return det.signum() <= 0 ? lo : lo.add(m[8]).subtract(m[5].multiply(m[6].pow(2)).subtract(m[4].multiply(m[6]).multiply(m[7]).multiply(2))
                .add(m[3].multiply(m[7].pow(2))).divide(det));
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

    /** The range of a piece's function: an interval, or a polynomial on [x0, x1] (Horner, inclusion). */
    private static RI range(Object f, BigFraction x0, BigFraction x1) {
        if (f instanceof RI) {
            return (RI) f;
        }
        XPoly q = (XPoly) f;
        RI acc = q.c[q.c.length - 1];
        for (int i = q.c.length - 2; i >= 0; i--) {
            acc = acc.mul(RI.of(x0, x1, q.bits)).add(q.c[i]);
        }
        return acc;
    }

    /** The box of (w, b) over the perimeter arc τ ∈ t (τ = 0 at (1, −1), corners at 2, 4, 6). */
    static RI[] arc(RI t, int bits) {
        BigFraction[] lo = corner(t.lo());
        BigFraction[] hi = lo.clone();
        for (BigFraction s : new BigFraction[] {BigFraction.of(2), BigFraction.of(4), BigFraction.of(6), BigFraction.of(8),
            BigFraction.of(10), BigFraction.of(12), BigFraction.of(14), t.hi()}) {
            if (s.subtract(t.lo()).signum() > 0 && t.hi().subtract(s).signum() >= 0) {
                BigFraction[] q = corner(s);
                for (int i = 0; i < 2; i++) {
                    lo[i] = RI.min(lo[i], q[i]);
                    hi[i] = RI.max(hi[i], q[i]);
                }
            }
        }
        return new RI[] {RI.of(lo[0], hi[0], bits), RI.of(lo[1], hi[1], bits)};
    }

    private static BigFraction[] corner(BigFraction t0) {
        BigFraction t = t0.subtract(8).signum() >= 0 ? t0.subtract(8) : t0; // the perimeter has period 8 (t0 < 16)
        int side = Math.min(3, t.divide(2).intValue());
        BigFraction r = t.subtract(2 * side);
        BigFraction one = BigFraction.ONE;
        return side == 0 ? new BigFraction[] {one, r.subtract(1)} : side == 1 ? new BigFraction[] {one.subtract(r), one}
                : side == 2 ? new BigFraction[] {one.negate(), one.subtract(r)} : new BigFraction[] {r.subtract(1), one.negate()};
    }

    /** A rational ≥ √q (q ≥ 0): Newton steps from above stay above √q (AM-GM), rounded up. */
    private static RI sqrtUp(BigFraction q, int bits) {
        BigFraction s = RI.max(q, BigFraction.ONE);
        for (int i = 0; i < 60 && q.signum() > 0; i++) {
            s = RI.up(s.add(q.divide(s)).divide(2), bits);
        }
        return RI.of(q.signum() > 0 ? s : BigFraction.ZERO, bits);
    }
}
