package org.flowcert.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Diagnostics for leaf p (measurement only): PDiag PROBLEM H N R D1,D2,... [nobasis]: on N random grid cells of
 * radius R in the inner parameters of θ ± H, f(u''), the linear part, the remainder as enclosed by first-order and
 * second-order forms, and the true second-order term at the centre (point jets).
 */
public class PDiag {
    /** Dual numbers over second-order forms (the variant measured in session 10 and not kept in the checker). */
    static final ProfiledLossLeaf.Ops<DualOf<QuadForm>> QUAD = new ProfiledLossLeaf.Ops<>() {
        @Override
        public RationalInterval value(DualOf<QuadForm> x) {
            return x.v().hull();
        }

        @Override
        public DualOf<QuadForm> reciprocal(DualOf<QuadForm> x) throws Invalid {
            QuadForm w = x.v().reciprocal();
            return new DualOf<>(w, w.mul(w).mul(x.e()).neg());
        }
    };

    public static void main(String[] a) throws Exception {
        Net net = Net.parse(Files.readString(Path.of(a[0])));
        BigFraction h = BigFraction.parse(a[1]);
        int samples = Integer.parseInt(a[2]);
        BigFraction r = BigFraction.parse(a[3]);
        BigFraction[] dir = Arrays.stream(a[4].split(",")).map(BigFraction::parse).toArray(BigFraction[]::new);
        int a0 = dir.length;
        ProfiledLossLeaf leaf = new ProfiledLossLeaf(net, BigFraction.of(1, 5), 64, dir);
        Random rnd = new Random(7);
        for (int s = 0; s < samples; s++) {
            RationalInterval[] u = new RationalInterval[a0];
            @SuppressWarnings("unchecked") DualOf<CentredForm>[] cell = new DualOf[a0];
            RationalInterval[] delta = new RationalInterval[a0];
            Dual[] pt = new Dual[a0];
            for (int k = 0; k < a0; k++) {
                long steps = h.subtract(r).multiply(2).divide(r).longValue();
                long j = steps <= 0 ? 0 : (long) (rnd.nextDouble() * (steps + 1));
                BigFraction c = net.theta[k].subtract(h).add(r).add(r.multiply(j));
                u[k] = RationalInterval.of(c.subtract(r), c.add(r), 64);
                delta[k] = u[k].sub(RationalInterval.of(c, 64));
                pt[k] = new Dual(RationalInterval.of(c, 64), RationalInterval.of(dir[k], 64));
            }
            for (int k = 0; k < a0; k++) cell[k] = new DualOf<>(CentredForm.variable(u[k].mid(), k, delta, 64),
                    new CentredForm(RationalInterval.of(dir[k], 64), null, delta));
            BigFraction[][] basis = a.length > 5 ? null : leaf.basis(java.util.Arrays.stream(u).map(x -> RationalInterval.of(x.mid(), 64)).toArray(RationalInterval[]::new));
            @SuppressWarnings("unchecked") DualOf<QuadForm>[] qcell = new DualOf[a0];
            for (int k = 0; k < a0; k++) qcell[k] = new DualOf<>(QuadForm.variable(u[k].mid(), k, delta, 64),
                    new QuadForm(RationalInterval.of(dir[k], 64), null, null, delta));
            long t0 = System.nanoTime();
            Jet<DualOf<QuadForm>> jq = leaf.profiledLoss(qcell, 2, QUAD, basis);
            double remq = 0;
            for (int l = 0; jq != null && l < a0; l++) for (int k = 0; k < a0; k++)
                remq += 0.5 * jq.h()[l][k].e().hull().mag().doubleValue() * r.doubleValue() * r.doubleValue();
            System.out.printf("  second-order form: rem %.3g, R(U) %s, %.0f ms%n", remq, jq == null ? "det<=0" : d(jq.v().v().hull()), (System.nanoTime() - t0) / 1e6);
            Jet<DualOf<CentredForm>> jc = leaf.profiledLoss(cell, 2, ProfiledLossLeaf.CENTRED, basis);
            Jet<Dual> jp = leaf.profiledLoss(pt, 1, ProfiledLossLeaf.DUAL, basis);
            double lin = 0, rem = 0, rem0 = 0;
            Jet<Dual> jp2 = leaf.profiledLoss(pt, 2, ProfiledLossLeaf.DUAL, basis);
            for (int l = 0; l < a0; l++) for (int k = 0; k < a0; k++)
                rem0 += 0.5 * jp2.h()[l][k].e().mag().doubleValue() * r.doubleValue() * r.doubleValue();
            if (jp != null) {
                for (int l = 0; l < a0; l++) lin += jp.g()[l].e().mag().doubleValue() * r.doubleValue();
            }
            if (jc != null) {
                for (int l = 0; l < a0; l++) for (int k = 0; k < a0; k++)
                    rem += 0.5 * jc.h()[l][k].e().hull().mag().doubleValue() * r.doubleValue() * r.doubleValue();
            }
            System.out.printf("cell %d: f(u'') %s  lin %.3g  rem %.3g (at the point %.3g)  R(U) %s%n", s,
                    jp == null ? "det?" : d(jp.v().e()), lin, rem, rem0, jc == null ? "det<=0" : d(jc.v().v().hull()));
        }
    }

    static String d(RationalInterval x) {
        return String.format("[%.4g, %.4g]", x.lo().doubleValue(), x.hi().doubleValue());
    }
}
