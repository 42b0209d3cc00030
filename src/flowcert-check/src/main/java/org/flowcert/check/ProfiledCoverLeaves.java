package org.flowcert.check;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The leaf tests of rule {@code critical-profiled} (proofs-notes/critical-profiled.md, rules/critical-profiled.md):
 * a data risk of a smooth network is quadratic in the output layer's parameters a (the last (m + 1)·o entries of
 * θ), so at a critical point a solves the normal equations of the features Φ(u) of the inner parameters u. On a
 * leaf box B = U × A the tests first enclose every such a (§2: A'), then close B by one of
 * {@code a} (A' is empty), {@code r} (L ≥ c on U × A', dual least-squares bound), {@code g} (a component of ∇L
 * over U × A' excludes 0), {@code k} (a row of a preconditioned mean-value form of ∇L excludes 0) or, when the step
 * states a direction d over u, {@code d} (the mean-value form of ⟨z, ∇L⟩ with z = (d, z_a) excludes 0, §4a) or
 * {@code t} (its second-order Taylor form with a third-derivative remainder excludes 0, §4b) or {@code p} (the
 * profiled loss's Taylor form in u alone excludes critical points on the column over U, §4c: {@link ProfiledLossLeaf}).
 * Part of the trusted checker; public because the prover ({@code prove.critical.ProfiledCoverProver}) searches
 * its tree with these very tests, so every leaf it records is one the checker accepts. Nothing here calls the
 * prover.
 */
public final class ProfiledCoverLeaves {
    private static final BigFraction ZERO = BigFraction.ZERO;
    private final Net net;
    private final BigFraction c;
    private final int bits;
    private final int p;
    /** First index of the output layer's parameters a, and their number. */
    private final int a0;
    private final int na;
    /** The targets y in the order of {@link Net#residuals}. */
    private final BigFraction[] y;
    /** The direction d over the inner parameters u of leaf {@code d} (§4a), or null when the step has none. */
    private final BigFraction[] dir;
    /** Leaf {@code p} (§4c: the profiled loss's Taylor form in u alone), or null when the step has no direction. */
    private final ProfiledLossLeaf column;

    /**
     * What a test found: the leaf that holds (or null) and a split score per coordinate (for the prover; the output
     * layer's coordinates score zero when their enclosure A' was found, and 1/4 of it otherwise; after a failed
     * leaf d, each coordinate's part of that leaf's remainder).
     */
    public record Outcome(String leaf, BigFraction[] score) {
    }

    /** The tests for the net (a data risk, smooth activation), the bound c and the precision {@code bits} > 0. */
    public ProfiledCoverLeaves(Net net, BigFraction c, int bits) throws Invalid {
        this(net, c, bits, null);
    }

    /**
     * As above, with the direction d (one rational per inner parameter u, not all zero) of the directional leaf
     * {@code d}; null: no direction, leaf {@code d} never holds.
     */
    public ProfiledCoverLeaves(Net net, BigFraction c, int bits, BigFraction[] dir) throws Invalid {
        Invalid.when(!net.isData(), "critical-profiled needs a data risk");
        Invalid.when(net.act.kinked() || net.act.kind == Activation.Kind.POLY,
                "critical-profiled needs a smooth activation (tanh, logistic, softplus, gelu)");
        Invalid.when(bits <= 0, "critical-profiled needs bits > 0");
        this.net = net;
        this.c = c;
        this.bits = bits;
        p = net.parameterCount();
        int m = net.widths[net.widths.length - 2];
        int o = net.widths[net.widths.length - 1];
        na = (m + 1) * o;
        a0 = p - na;
        y = Arrays.stream(net.ys).flatMap(Arrays::stream).toArray(BigFraction[]::new);
        Invalid.when(dir != null && (dir.length != a0 || Arrays.stream(dir).allMatch(q -> q.signum() == 0)),
                "direction: expected " + a0 + " numbers (one per inner parameter), not all zero");
        this.dir = dir == null ? null : dir.clone();
        this.column = dir == null ? null : new ProfiledLossLeaf(net, c, bits, dir);
    }

    /** Parses the embedded problem's JSON text (for the prover); a problem the rule does not take is an error. */
    public static ProfiledCoverLeaves of(String problemJson, BigFraction c, int bits) {
        return of(problemJson, c, bits, null);
    }

    /** As above with the direction of leaf {@code d} (null: none). */
    public static ProfiledCoverLeaves of(String problemJson, BigFraction c, int bits, BigFraction[] dir) {
        try {
            return new ProfiledCoverLeaves(Net.parse(problemJson), c, bits, dir);
        } catch (Invalid e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The bound c on critical values these tests close boxes for. */
    public BigFraction bound() {
        return c;
    }

    /** The number of inner parameters u (the length of a direction). */
    public int innerCount() {
        return a0;
    }

    /** Whether leaf {@code leaf} (one of a, r, g, k, and d, t, p when a direction is given) holds on the box. */
    boolean holds(char leaf, RationalInterval[] box) throws Invalid {
        String one = String.valueOf(leaf);
        return (dir == null ? "argk" : "argkdtp").indexOf(leaf) >= 0 && one.equals(test(one, box).leaf);
    }

    /**
     * For the prover: the first of {@code leaves} (letters a, r, g, k, and d, t, p with a direction) that holds on
     * the box lo..hi, and split scores (the width of B' times the residuals' sensitivity, per coordinate; empty after
     * leaf a). An evaluation the checker refuses is an IllegalArgumentException with its reason.
     */
    public Outcome test(String leaves, BigFraction[] lo, BigFraction[] hi) {
        RationalInterval[] b = new RationalInterval[p];
        for (int k = 0; k < p; k++) {
            b[k] = RationalInterval.of(lo[k], hi[k], bits);
        }
        try {
            return test(leaves, b);
        } catch (Invalid e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Outcome test(String leaves, RationalInterval[] b) throws Invalid {
        if (column != null && leaves.indexOf('p') >= 0) { // §4c: the whole column over U, tried first
            Work.tick();
            ProfiledLossLeaf.Outcome o = column.test(Arrays.copyOf(b, a0));
            BigFraction[] score = Arrays.copyOf(o.score(), p);
            Arrays.fill(score, a0, p, ZERO); // the output layer is never split for leaf p
            if (o.holds() || leaves.equals("p")) {
                return new Outcome(o.holds() ? "p" : null, score);
            }
        }
        // §1: residual jets over B (Φ(U) = ∂r/∂a) and at the centre θm
        List<Jet<RationalInterval>> rb = net.residuals(b, 1);
        BigFraction[] mid = Arrays.stream(b).map(RationalInterval::mid).toArray(BigFraction[]::new);
        List<Jet<RationalInterval>> rm = net.residuals(Net.point(mid, bits), 1);
        int n = rb.size();
        RationalInterval[][] phi = new RationalInterval[n][na];
        BigFraction[][] f = new BigFraction[n][na];
        BigFraction[] rho = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            rho[i] = rm.get(i).v().mid();
            for (int l = 0; l < na; l++) {
                phi[i][l] = rb.get(i).g()[a0 + l];
                f[i][l] = rm.get(i).g()[a0 + l].mid();
            }
        }
        // §2: the normal equations at the centre (exact), then the enclosure A' of every stationary a over U
        BigFraction[] at = null;
        RationalInterval[] ap = Arrays.copyOfRange(b, a0, p);
        BigFraction[][] gram = new BigFraction[na][na];
        BigFraction[] rhs = new BigFraction[na];
        for (int k = 0; k < na; k++) {
            rhs[k] = ZERO;
            for (int i = 0; i < n; i++) {
                rhs[k] = rhs[k].add(f[i][k].multiply(rho[i]));
            }
            for (int l = 0; l < na; l++) {
                gram[k][l] = ZERO;
                for (int i = 0; i < n; i++) {
                    gram[k][l] = gram[k][l].add(f[i][k].multiply(f[i][l]));
                }
            }
        }
        BigFraction[][] cinv = inverse(gram, bits);
        boolean profiled = false;
        if (cinv != null) {
            at = new BigFraction[na];
            for (int k = 0; k < na; k++) {
                BigFraction d = ZERO;
                for (int l = 0; l < na; l++) {
                    d = d.add(cinv[k][l].multiply(rhs[l]));
                }
                at[k] = RationalInterval.up(mid[a0 + k].subtract(d), bits);
            }
            RationalInterval[] enc = stationary(phi, cinv, at);
            if (enc != null) {
                profiled = true;
                for (int k = 0; k < na; k++) {
                    BigFraction l = RationalInterval.max(enc[k].lo(), b[a0 + k].lo());
                    BigFraction h = RationalInterval.min(enc[k].hi(), b[a0 + k].hi());
                    if (l.subtract(h).signum() > 0) {
                        return new Outcome(leaves.indexOf('a') >= 0 ? "a" : null, new BigFraction[0]);
                    }
                    ap[k] = RationalInterval.of(l, h, bits);
                }
            }
        }
        RationalInterval[] bp = b.clone();
        System.arraycopy(ap, 0, bp, a0, na);
        // §3: residual jets over B' = U × A' (B itself when nothing was profiled)
        List<Jet<RationalInterval>> rp = profiled ? net.residuals(bp, 1) : rb;
        BigFraction[] score = new BigFraction[p];
        for (int k = 0; k < p; k++) {
            BigFraction s = ZERO;
            for (Jet<RationalInterval> r : rp) {
                s = s.add(r.g()[k].mag());
            }
            score[k] = RationalInterval.up(s.multiply(bp[k].rad()), 16);
        }
        // the output layer is enclosed from U (§2), so splitting U narrows A' too: the output layer's coordinates
        // are not split once A' is found, and weigh 1/4 before (a narrower A still helps leaf k)
        for (int k = a0; k < p; k++) {
            score[k] = profiled ? ZERO : score[k].multiply(BigFraction.of(1, 4));
        }
        Second second = null;
        for (char leaf : leaves.toCharArray()) {
            Work.tick();
            if ((leaf == 'k' || (leaf == 'd' || leaf == 't') && dir != null) && second == null) {
                second = second(bp);
            }
            boolean ok = switch (leaf) {
                case 'r' -> lossBound(rp, rm, rho, f, mid, at, bp);
                case 'g' -> gradientExcludes(rp);
                case 'k' -> newtonExcludes(bp, second);
                case 'd' -> dir != null && directionExcludes(bp, second, at, score);
                case 't' -> dir != null && taylorExcludes(bp, second, at, score);
                default -> false;
            };
            if (ok) {
                return new Outcome(String.valueOf(leaf), score);
            }
        }
        return new Outcome(null, score);
    }

    /**
     * §2: with C ≈ (FᵀF)⁻¹ and ã, every a with Φ(u)ᵀ(Φ(u)a − y) = 0 for some u ∈ U satisfies
     * e = a − ã = −q + M e, q = CΦᵀ(Φã − y), M = I − CΦᵀΦ; if β = max_k Σ_l |M_kl| < 1 then ‖e‖∞ ≤ δ =
     * max|q|/(1 − β) and e_k ∈ −q_k + Σ_l M_kl [−δ, δ]. Returns ã + that enclosure, or null when β ≥ 1.
     */
    private RationalInterval[] stationary(RationalInterval[][] phi, BigFraction[][] cinv, BigFraction[] at) {
        int n = phi.length;
        RationalInterval[] res = new RationalInterval[n];
        for (int i = 0; i < n; i++) {
            RationalInterval s = RationalInterval.of(y[i].negate(), bits);
            for (int l = 0; l < na; l++) {
                s = s.add(phi[i][l].mul(RationalInterval.of(at[l], bits)));
            }
            res[i] = s;
        }
        RationalInterval[] t = new RationalInterval[na];
        RationalInterval[][] g = new RationalInterval[na][na];
        for (int k = 0; k < na; k++) {
            RationalInterval s = RationalInterval.of(ZERO, bits);
            for (int i = 0; i < n; i++) {
                s = s.add(phi[i][k].mul(res[i]));
            }
            t[k] = s;
            for (int l = k; l < na; l++) {
                RationalInterval z = RationalInterval.of(ZERO, bits);
                for (int i = 0; i < n; i++) {
                    z = z.add(phi[i][k].mul(phi[i][l]));
                }
                g[k][l] = z;
                g[l][k] = z;
            }
        }
        RationalInterval[] q = new RationalInterval[na];
        BigFraction[] rowSum = new BigFraction[na];
        BigFraction beta = ZERO;
        BigFraction qmax = ZERO;
        for (int k = 0; k < na; k++) {
            RationalInterval qs = RationalInterval.of(ZERO, bits);
            BigFraction rs = ZERO;
            for (int l = 0; l < na; l++) {
                RationalInterval ck = RationalInterval.of(cinv[k][l], bits);
                qs = qs.add(ck.mul(t[l]));
                RationalInterval mkl = RationalInterval.of(k == l ? BigFraction.ONE : ZERO, bits);
                for (int j = 0; j < na; j++) {
                    mkl = mkl.sub(RationalInterval.of(cinv[k][j], bits).mul(g[j][l]));
                }
                rs = rs.add(mkl.mag());
            }
            q[k] = qs;
            rowSum[k] = rs;
            beta = RationalInterval.max(beta, rs);
            qmax = RationalInterval.max(qmax, qs.mag());
        }
        if (beta.subtract(BigFraction.ONE).signum() >= 0) {
            return null;
        }
        BigFraction delta = RationalInterval.up(qmax.divide(BigFraction.ONE.subtract(beta)), bits);
        RationalInterval[] out = new RationalInterval[na];
        for (int k = 0; k < na; k++) {
            BigFraction s = rowSum[k].multiply(delta);
            out[k] = RationalInterval.hull(at[k].subtract(q[k].hi()).subtract(s), at[k].subtract(q[k].lo()).add(s),
                    bits);
        }
        return out;
    }

    /**
     * Leaf r (§3): for λ the residual at (u_m, ã) rounded, ⟨λ, r(θ)⟩ ∈ s on B' by the mean-value form from
     * the centre θ' of B' (r(θ') = r(θm) + Φ(u_m)(a' − a_m): r is affine in a), and L ≥ κ s²/‖λ‖² by
     * Cauchy–Schwarz where 0 ∉ s; or the natural bound κ Σ mig(r_i(B'))² ≥ c.
     */
    private boolean lossBound(List<Jet<RationalInterval>> rp, List<Jet<RationalInterval>> rm, BigFraction[] rho,
            BigFraction[][] f, BigFraction[] mid, BigFraction[] at, RationalInterval[] bp) {
        int n = rp.size();
        BigFraction nat = ZERO;
        for (Jet<RationalInterval> r : rp) {
            RationalInterval v = r.v();
            BigFraction mig = v.lo().signum() > 0 ? v.lo() : v.hi().signum() < 0 ? v.hi().negate() : ZERO;
            nat = nat.add(mig.multiply(mig));
        }
        if (net.weight.multiply(nat).subtract(c).signum() >= 0) {
            return true;
        }
        BigFraction[] lambda = new BigFraction[n];
        BigFraction norm = ZERO;
        for (int i = 0; i < n; i++) {
            BigFraction q = rho[i];
            for (int l = 0; at != null && l < na; l++) {
                q = q.add(f[i][l].multiply(at[l].subtract(mid[a0 + l])));
            }
            lambda[i] = RationalInterval.up(q, bits);
            norm = norm.add(lambda[i].multiply(lambda[i]));
        }
        if (norm.signum() == 0) {
            return false;
        }
        // the centre θ' of B' = (u_m, a'): r(θ') = r(θm) + Φ(u_m)(a' − a_m), r being affine in a
        RationalInterval[] centre = Net.point(Arrays.stream(bp).map(RationalInterval::mid).toArray(BigFraction[]::new),
                bits);
        RationalInterval s = RationalInterval.of(ZERO, bits);
        for (int i = 0; i < n; i++) {
            RationalInterval ri = rm.get(i).v();
            for (int l = 0; l < na; l++) {
                ri = ri.add(rm.get(i).g()[a0 + l].mul(centre[a0 + l].sub(RationalInterval.of(mid[a0 + l], bits))));
            }
            s = s.add(RationalInterval.of(lambda[i], bits).mul(ri));
        }
        for (int k = 0; k < p; k++) {
            RationalInterval d = RationalInterval.of(ZERO, bits);
            for (int i = 0; i < n; i++) {
                d = d.add(RationalInterval.of(lambda[i], bits).mul(rp.get(i).g()[k]));
            }
            s = s.add(d.mul(bp[k].sub(centre[k])));
        }
        BigFraction mig = s.lo().signum() > 0 ? s.lo() : s.hi().signum() < 0 ? s.hi().negate() : null;
        return mig != null && net.weight.multiply(mig).multiply(mig).subtract(c.multiply(norm)).signum() >= 0;
    }

    /** Leaf g: some component of ∇L = 2κ Σ r_i ∇r_i over B' excludes 0. */
    private boolean gradientExcludes(List<Jet<RationalInterval>> rp) {
        for (int k = 0; k < p; k++) {
            RationalInterval s = RationalInterval.of(ZERO, bits);
            for (Jet<RationalInterval> r : rp) {
                s = s.add(r.v().mul(r.g()[k]));
            }
            if (s.lo().signum() > 0 || s.hi().signum() < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leaf k (§4): with θ' the centre of B', Y a rational approximate inverse of mid ∇²L(B'), every critical
     * θ ∈ B' has 0 = (Y∇L(θ))_k ∈ (Y∇L(θ'))_k + Σ_l (Y∇²L(B'))_kl (B'_l − θ'_l) (mean value theorem row by row
     * on the convex B'); the leaf holds when this excludes 0 for some k.
     */
    private boolean newtonExcludes(RationalInterval[] bp, Second s) {
        Jet<RationalInterval> j = s.hessian;
        RationalInterval[] centre = s.centre;
        RationalInterval[] g = s.gradient;
        BigFraction[][] hm = s.mid;
        BigFraction[][] yy = inverse(hm, bits);
        if (yy == null) {
            return false;
        }
        for (int k = 0; k < p; k++) {
            Work.tick();
            RationalInterval t = RationalInterval.of(ZERO, bits);
            for (int l = 0; l < p; l++) {
                t = t.add(RationalInterval.of(yy[k][l], bits).mul(g[l]));
            }
            for (int l = 0; l < p; l++) {
                RationalInterval row = RationalInterval.of(ZERO, bits);
                for (int m = 0; m < p; m++) {
                    row = row.add(RationalInterval.of(yy[k][m], bits).mul(j.h()[m][l]));
                }
                t = t.add(row.mul(bp[l].sub(centre[l])));
            }
            if (t.lo().signum() > 0 || t.hi().signum() < 0) {
                return true;
            }
        }
        return false;
    }

    /** The second-order data of leaves k and d on B': H(B'), the centre θ', ∇L(θ') and mid H(B'). */
    private record Second(Jet<RationalInterval> hessian, RationalInterval[] centre, RationalInterval[] gradient,
            BigFraction[][] mid) {
    }

    private Second second(RationalInterval[] bp) throws Invalid {
        Jet<RationalInterval> j = net.loss(bp, 2);
        BigFraction[] cm = Arrays.stream(bp).map(RationalInterval::mid).toArray(BigFraction[]::new);
        RationalInterval[] centre = Net.point(cm, bits);
        RationalInterval[] g = net.loss(centre, 1).g();
        BigFraction[][] hm = new BigFraction[p][p];
        for (int k = 0; k < p; k++) {
            for (int l = 0; l < p; l++) {
                hm[k][l] = j.h()[k][l].mid();
            }
        }
        return new Second(j, centre, g, hm);
    }

    /**
     * Leaf d (§4a): z = (d, z_a) with z_a ≈ −(mid H_aa)⁻¹ (mid H_au) d (rounded; zero when H_aa's midpoint is
     * singular), so that z's output-layer columns of mid ∇²L nearly cancel. Every critical θ ∈ B' has
     * 0 = ⟨z, ∇L(θ)⟩ ∈ ⟨z, ∇L(θ')⟩ + Σ_l (zᵀ∇²L(B'))_l (B'_l − θ'_l) (mean value theorem on the convex B'); the
     * leaf holds when this excludes 0. Any z is sound; d and z_a only make the form tight.
     */
    private boolean directionExcludes(RationalInterval[] bp, Second s, BigFraction[] at, BigFraction[] score)
            throws Invalid {
        BigFraction[] z = fullDirection(s);
        BigFraction[] pt = expansionPoint(bp, at);
        RationalInterval[] centre = Net.point(pt, bits);
        RationalInterval[] g = net.loss(centre, 1).g();
        RationalInterval t = RationalInterval.of(ZERO, bits);
        for (int l = 0; l < p; l++) {
            RationalInterval zl = RationalInterval.of(z[l], bits);
            t = t.add(zl.mul(g[l]));
        }
        BigFraction[] part = new BigFraction[p];
        for (int l = 0; l < p; l++) {
            Work.tick();
            RationalInterval col = RationalInterval.of(ZERO, bits);
            for (int m = 0; m < p; m++) {
                col = col.add(RationalInterval.of(z[m], bits).mul(s.hessian.h()[m][l]));
            }
            RationalInterval term = col.mul(bp[l].sub(centre[l]));
            part[l] = term.mag();
            t = t.add(term);
        }
        boolean ok = t.lo().signum() > 0 || t.hi().signum() < 0;
        if (!ok) { // for the prover: split where the remainder comes from
            for (int l = 0; l < p; l++) {
                score[l] = RationalInterval.up(part[l], 16);
            }
        }
        return ok;
    }

    /**
     * Leaf t (§4b): the second-order Taylor form of f = ⟨z, ∇L⟩ about θ'' with z and θ'' as in leaf d. For every
     * θ ∈ B', f(θ) = f(θ'') + Σ_l ∇f(θ'')_l Δ_l + Σ_{l,m} (∫₀¹ (1 − s) ∂_l∂_m f(θ'' + sΔ) ds) Δ_l Δ_m with
     * Δ = θ − θ'' (Taylor with integral remainder on the segment in the convex B'; L is C³), and each integral lies
     * in ½ T_lm, T ⊇ ∇²f(B') = ∇³L(B')[z]. f(θ'') and ∇f(θ'') = ∇²L(θ'')z are the ε-parts of the value and gradient
     * of L on the dual point θ'' + εz, T the ε-part of its Hessian on the dual box B' + εz ({@link Dual}). A critical
     * point has f = 0, so the leaf holds when the form excludes 0. Any z and θ'' ∈ B' are sound.
     */
    private boolean taylorExcludes(RationalInterval[] bp, Second s, BigFraction[] at, BigFraction[] score)
            throws Invalid {
        BigFraction[] z = fullDirection(s);
        BigFraction[] pt = expansionPoint(bp, at);
        Dual[] atPoint = new Dual[p];
        Dual[] overCell = new Dual[p];
        RationalInterval[] delta = new RationalInterval[p];
        for (int k = 0; k < p; k++) {
            RationalInterval zk = RationalInterval.of(z[k], bits);
            atPoint[k] = new Dual(RationalInterval.of(pt[k], bits), zk);
            overCell[k] = new Dual(bp[k], zk);
            delta[k] = bp[k].sub(RationalInterval.of(pt[k], bits));
        }
        Jet<Dual> point = net.dataLoss(atPoint, 1);
        Jet<Dual> cell = net.dataLoss(overCell, 2);
        RationalInterval half = RationalInterval.of(BigFraction.of(1, 2), bits);
        RationalInterval t = point.v().e();
        BigFraction[] part = new BigFraction[p];
        Arrays.fill(part, ZERO);
        for (int l = 0; l < p; l++) {
            Work.tick();
            RationalInterval linear = point.g()[l].e().mul(delta[l]);
            RationalInterval square = half.mul(cell.h()[l][l].e()).mul(delta[l].sqr());
            t = t.add(linear).add(square);
            part[l] = part[l].add(linear.mag()).add(square.mag());
            for (int m = l + 1; m < p; m++) { // the (l, m) and (m, l) terms of the symmetric remainder together
                RationalInterval cross = cell.h()[l][m].e().mul(delta[l].mul(delta[m]));
                t = t.add(cross);
                part[l] = part[l].add(cross.mag().divide(2));
                part[m] = part[m].add(cross.mag().divide(2));
            }
        }
        boolean ok = t.lo().signum() > 0 || t.hi().signum() < 0;
        if (!ok) { // for the prover: split where the form's spread comes from
            for (int l = 0; l < p; l++) {
                score[l] = RationalInterval.up(part[l], 16);
            }
        }
        return ok;
    }

    /**
     * z = (d, z_a) of leaves d and t: z_a ≈ −(mid H_aa)⁻¹ (mid H_au) d rounded to the step's bits (zero when H_aa's
     * midpoint is singular).
     */
    private BigFraction[] fullDirection(Second s) {
        BigFraction[] z = new BigFraction[p];
        System.arraycopy(dir, 0, z, 0, a0);
        BigFraction[][] haa = new BigFraction[na][na];
        BigFraction[] hd = new BigFraction[na];
        for (int k = 0; k < na; k++) {
            hd[k] = ZERO;
            for (int l = 0; l < a0; l++) {
                hd[k] = hd[k].add(s.mid[a0 + k][l].multiply(dir[l]));
            }
            for (int l = 0; l < na; l++) {
                haa[k][l] = s.mid[a0 + k][a0 + l];
            }
        }
        BigFraction[][] inv = inverse(haa, bits);
        for (int k = 0; k < na; k++) {
            BigFraction q = ZERO;
            for (int l = 0; inv != null && l < na; l++) {
                q = q.subtract(inv[k][l].multiply(hd[l]));
            }
            z[a0 + k] = RationalInterval.up(q, bits);
        }
        return z;
    }

    /** θ'' of leaves d and t: the centre of U and the centre's least-squares output layer ã, moved into A'. */
    private BigFraction[] expansionPoint(RationalInterval[] bp, BigFraction[] at) {
        BigFraction[] pt = Arrays.stream(bp).map(RationalInterval::mid).toArray(BigFraction[]::new);
        for (int k = 0; at != null && k < na; k++) {
            pt[a0 + k] = RationalInterval.min(RationalInterval.max(at[k], bp[a0 + k].lo()), bp[a0 + k].hi());
        }
        return pt;
    }

    /**
     * An approximate inverse of the square matrix m: Gauss–Jordan elimination with partial pivoting on rationals
     * rounded to bits + 32 at each operation, entries then rounded to {@code bits} (any matrix is sound where it
     * is used: it only preconditions or picks a point); null when a pivot column is zero.
     */
    static BigFraction[][] inverse(BigFraction[][] m, int bits) {
        int n = m.length;
        BigFraction[][] a = new BigFraction[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = RationalInterval.up(m[i][j], bits);
                a[i][n + j] = i == j ? BigFraction.ONE : ZERO;
            }
        }
        for (int col = 0; col < n; col++) {
            int piv = -1;
            BigFraction best = ZERO;
            for (int r = col; r < n; r++) {
                if (a[r][col].abs().subtract(best).signum() > 0) {
                    best = a[r][col].abs();
                    piv = r;
                }
            }
            if (piv < 0) {
                return null;
            }
            BigFraction[] tmp = a[piv];
            a[piv] = a[col];
            a[col] = tmp;
            BigFraction inv = BigFraction.ONE.divide(a[col][col]);
            for (int j = 0; j < 2 * n; j++) {
                a[col][j] = RationalInterval.up(a[col][j].multiply(inv), bits + 32);
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col].signum() != 0) {
                    BigFraction fct = a[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] = RationalInterval.up(a[r][j].subtract(fct.multiply(a[col][j])), bits + 32);
                    }
                }
            }
        }
        BigFraction[][] out = new BigFraction[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = RationalInterval.up(a[i][n + j], bits);
            }
        }
        return out;
    }
}
