package org.flowcert.eval;

import static org.flowcert.arith.Rounding.addDown;
import static org.flowcert.arith.Rounding.addUp;
import static org.flowcert.arith.Rounding.divDown;
import static org.flowcert.arith.Rounding.divUp;
import static org.flowcert.arith.Rounding.mulDown;
import static org.flowcert.arith.Rounding.mulUp;
import static org.flowcert.arith.Rounding.subDown;
import static org.flowcert.arith.Rounding.subUp;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.FastTanh;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * A specialised interval kernel for the shallow data risk (1-H-1, tanh or relu, data exactly
 * binary64): L and ∇L on primitive double arrays, parameters given as boxes [lo, hi]
 * (points when lo = hi). It follows the canonical W1 order of ../shared/peers/WORKLOADS.md
 * with two tightenings (proofs-notes/loss-gradient.md §5):
 * <ul>
 * <li>the network output c + Σ v_j a_j and the sum of squared residuals are accumulated
 * <em>without intermediate rounding</em> of the products: each bound product is split exactly
 * (TwoProduct via fma) and added with TwoSum, and only the running error term is rounded
 * (outward). So the residual's width is Σ|v_j|·width(a_j) plus one rounding, as with Octave's
 * exact accumulation;</li>
 * <li>everything else rounds outward per operation with {@link org.flowcert.arith.Rounding}.</li>
 * </ul>
 * Tests tie it to the generic {@link LossGradient} path in {@code Interval} arithmetic (the
 * kernel's enclosures intersect the generic ones and both contain the 256-bit reference).
 * Not thread-safe: one instance per thread.
 */
public final class ShallowIntervalKernel {
    /** Below 2^-960 a product's fma remainder may underflow (Rounding's note): no exact split there. */
    private static final double TINY = 0x1p-960;
    private final int h;
    private final boolean tanh;
    private final double[] x;
    private final double[] y;
    private final int n;
    private final boolean mean;
    private final double[] aLo;
    private final double[] aHi;
    private final double[] dLo;
    private final double[] dHi;
    private final double[] sra;
    private final double[] sre;
    private final double[] srex;
    /** Scratch for {@link FastTanh#bounds}. */
    private final double[] tb = new double[2];

    private ShallowIntervalKernel(int h, boolean tanh, double[] x, double[] y, boolean mean) {
        this.h = h;
        this.tanh = tanh;
        this.x = x;
        this.y = y;
        this.n = x.length;
        this.mean = mean;
        aLo = new double[h];
        aHi = new double[h];
        dLo = new double[h];
        dHi = new double[h];
        sra = new double[2 * h];
        sre = new double[2 * h];
        srex = new double[2 * h];
    }

    /** Whether the kernel applies: shallow 1-H-1, tanh or relu, data risk with binary64 data. */
    public static boolean applies(Problem p) {
        Network net = p.network();
        if (!net.isShallowScalar() || !(p.risk() instanceof Risk.Data d)) {
            return false;
        }
        if (!(net.activation() instanceof Activation.Tanh) && !(net.activation() instanceof Activation.Relu)) {
            return false;
        }
        for (int i = 0; i < d.size(); i++) {
            if (!isDouble(d.x()[i][0]) || !isDouble(d.y()[i][0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDouble(BigFraction q) {
        double v = q.doubleValue();
        return Double.isFinite(v) && BigFraction.from(v).equals(q);
    }

    /** The kernel for {@code p} ({@link #applies} must hold). */
    public static ShallowIntervalKernel of(Problem p) {
        if (!applies(p)) {
            throw new IllegalArgumentException("the shallow interval kernel does not apply to " + p.source());
        }
        Risk.Data d = (Risk.Data) p.risk();
        double[] x = new double[d.size()];
        double[] y = new double[d.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.x()[i][0].doubleValue();
            y[i] = d.y()[i][0].doubleValue();
        }
        return new ShallowIntervalKernel(p.network().width(1), p.network().activation() instanceof Activation.Tanh,
                x, y, d.reduction() == Risk.Reduction.MEAN);
    }

    /**
     * Encloses L and ∇L over the box [lo, hi] (length P = 3H + 1 each, layout
     * [w, b, v, c]). Writes {@code out[0..1]} = L's bounds and {@code out[2+2k], out[3+2k]} = the
     * bounds of ∂L/∂θ_k; out has length 2 + 2P.
     */
    public void evaluate(double[] lo, double[] hi, double[] out) {
        final int hh = h;
        java.util.Arrays.fill(sra, 0.0);
        java.util.Arrays.fill(sre, 0.0);
        java.util.Arrays.fill(srex, 0.0);
        double sLo = 0;
        double eLo = 0;
        double sHi = 0;
        double eHi = 0;
        double srLo = 0;
        double srHi = 0;
        final double cLo = lo[3 * hh];
        final double cHi = hi[3 * hh];
        for (int i = 0; i < n; i++) {
            final double xi = x[i];
            // output accumulated as (s + e): s by TwoSum (exact), e the rounded error terms
            double oLo = cLo;
            double oeLo = 0;
            double oHi = cHi;
            double oeHi = 0;
            for (int j = 0; j < hh; j++) {
                // z = w x + b (x a point)
                double zLo;
                double zHi;
                if (xi >= 0) {
                    zLo = addDown(mulDown(lo[j], xi), lo[hh + j]);
                    zHi = addUp(mulUp(hi[j], xi), hi[hh + j]);
                } else {
                    zLo = addDown(mulDown(hi[j], xi), lo[hh + j]);
                    zHi = addUp(mulUp(lo[j], xi), hi[hh + j]);
                }
                double al;
                double ah;
                if (tanh) {
                    // FastTanh: both rigorous bounds from one allocation-free evaluation
                    // (proofs-notes/elementary-functions.md "tanh"); a point z needs one call
                    FastTanh.bounds(zLo, tb);
                    al = tb[0];
                    if (zHi != zLo) {
                        FastTanh.bounds(zHi, tb);
                    }
                    ah = tb[1];
                    al = Math.max(-1.0, al);
                    ah = Math.min(1.0, ah);
                    // tanh' = 1 − a², with a tight square of [al, ah]
                    double sqLo;
                    double sqHi;
                    if (al >= 0) {
                        sqLo = mulDown(al, al);
                        sqHi = mulUp(ah, ah);
                    } else if (ah <= 0) {
                        sqLo = mulDown(ah, ah);
                        sqHi = mulUp(al, al);
                    } else {
                        sqLo = 0;
                        sqHi = mulUp(Math.max(-al, ah), Math.max(-al, ah));
                    }
                    dLo[j] = subDown(1.0, sqHi);
                    dHi[j] = subUp(1.0, sqLo);
                } else {
                    al = Math.max(zLo, 0.0);
                    ah = Math.max(zHi, 0.0);
                    // relu'(0) = 0: [1,1] if z > 0, [0,0] if z ≤ 0, [0,1] otherwise
                    dLo[j] = zLo > 0 ? 1.0 : 0.0;
                    dHi[j] = zHi > 0 ? 1.0 : 0.0;
                }
                aLo[j] = al;
                aHi[j] = ah;
                // exact bound products of v·a, added without rounding the product
                final double vl = lo[2 * hh + j];
                final double vh = hi[2 * hh + j];
                double pl;
                double ql;
                double ph;
                double qh;
                if (vl >= 0) {
                    pl = al >= 0 ? vl : vh;
                    ql = al;
                    ph = ah >= 0 ? vh : vl;
                    qh = ah;
                } else if (vh <= 0) {
                    pl = ah >= 0 ? vl : vh;
                    ql = ah;
                    ph = al >= 0 ? vh : vl;
                    qh = al;
                } else {
                    // v straddles 0 (rare): the rounded bounds, as exact "products" b·1
                    pl = Math.min(mulDown(vl, ah), mulDown(vh, al));
                    ql = 1.0;
                    ph = Math.max(mulUp(vl, al), mulUp(vh, ah));
                    qh = 1.0;
                }
                double p = pl * ql;
                double pe = Math.fma(pl, ql, -p);
                if (Math.abs(p) < TINY) {
                    // the fma remainder may underflow: use the rounded-down product alone
                    p = mulDown(pl, ql);
                    pe = 0;
                }
                double s = oLo + p;
                double bb = s - oLo;
                double err = (oLo - (s - bb)) + (p - bb);
                oLo = s;
                oeLo = addDown(oeLo, addDown(err, pe));
                p = ph * qh;
                pe = Math.fma(ph, qh, -p);
                if (Math.abs(p) < TINY) {
                    p = mulUp(ph, qh);
                    pe = 0;
                }
                s = oHi + p;
                bb = s - oHi;
                err = (oHi - (s - bb)) + (p - bb);
                oHi = s;
                oeHi = addUp(oeHi, addUp(err, pe));
            }
            // r = out − y, rounded once per bound
            final double yi = y[i];
            final double rLo = subDown(addDown(oLo, oeLo), yi);
            final double rHi = subUp(addUp(oHi, oeHi), yi);
            // S += r², r² tight, each square split exactly and summed with TwoSum
            double qLo;
            double qHi;
            if (rLo >= 0) {
                qLo = rLo;
                qHi = rHi;
            } else if (rHi <= 0) {
                qLo = -rHi;
                qHi = -rLo;
            } else {
                qLo = 0;
                qHi = Math.max(-rLo, rHi);
            }
            double p = qLo * qLo;
            double pe = Math.fma(qLo, qLo, -p);
            if (Math.abs(p) < TINY) {
                p = mulDown(qLo, qLo);
                pe = 0;
            }
            double s = sLo + p;
            double bb = s - sLo;
            double err = (sLo - (s - bb)) + (p - bb);
            sLo = s;
            eLo = addDown(eLo, addDown(err, pe));
            p = qHi * qHi;
            pe = Math.fma(qHi, qHi, -p);
            if (Math.abs(p) < TINY) {
                p = mulUp(qHi, qHi);
                pe = 0;
            }
            s = sHi + p;
            bb = s - sHi;
            err = (sHi - (s - bb)) + (p - bb);
            sHi = s;
            eHi = addUp(eHi, addUp(err, pe));
            srLo = addDown(srLo, rLo);
            srHi = addUp(srHi, rHi);
            // backward, canonical: e = r d; sra += r a; sre += e; srex += e x
            for (int j = 0; j < hh; j++) {
                final double dl = dLo[j];
                final double dh = dHi[j];
                // d ≥ 0 for tanh and relu
                final double el = rLo >= 0 ? mulDown(rLo, dl) : mulDown(rLo, dh);
                final double eh = rHi >= 0 ? mulUp(rHi, dh) : mulUp(rHi, dl);
                final double al = aLo[j];
                final double ah = aHi[j];
                sra[2 * j] = addDown(sra[2 * j], mulLo(rLo, rHi, al, ah));
                sra[2 * j + 1] = addUp(sra[2 * j + 1], mulHi(rLo, rHi, al, ah));
                sre[2 * j] = addDown(sre[2 * j], el);
                sre[2 * j + 1] = addUp(sre[2 * j + 1], eh);
                if (xi >= 0) {
                    srex[2 * j] = addDown(srex[2 * j], mulDown(el, xi));
                    srex[2 * j + 1] = addUp(srex[2 * j + 1], mulUp(eh, xi));
                } else {
                    srex[2 * j] = addDown(srex[2 * j], mulDown(eh, xi));
                    srex[2 * j + 1] = addUp(srex[2 * j + 1], mulUp(el, xi));
                }
            }
        }
        // L = S/n (mean) or S/2; ∇ = 2G/n or G, with G_w = v·srex, G_b = v·sre, G_v = sra, G_c = sr
        final double sumLo = addDown(sLo, eLo);
        final double sumHi = addUp(sHi, eHi);
        final double lossDiv = mean ? n : 2.0;
        final double gradDiv = mean ? n * 0.5 : 1.0; // n/2 exact for n < 2^53
        out[0] = divDown(sumLo, lossDiv);
        out[1] = divUp(sumHi, lossDiv);
        for (int j = 0; j < hh; j++) {
            final double vl = lo[2 * hh + j];
            final double vh = hi[2 * hh + j];
            set(out, j, divDown(mulLo(vl, vh, srex[2 * j], srex[2 * j + 1]), gradDiv),
                    divUp(mulHi(vl, vh, srex[2 * j], srex[2 * j + 1]), gradDiv));
            set(out, hh + j, divDown(mulLo(vl, vh, sre[2 * j], sre[2 * j + 1]), gradDiv),
                    divUp(mulHi(vl, vh, sre[2 * j], sre[2 * j + 1]), gradDiv));
            set(out, 2 * hh + j, divDown(sra[2 * j], gradDiv), divUp(sra[2 * j + 1], gradDiv));
        }
        set(out, 3 * hh, divDown(srLo, gradDiv), divUp(srHi, gradDiv));
    }

    /** [l, u] as an interval; NaN bounds (an overflow inside the kernel) give the whole line. */
    static org.flowcert.arith.Interval bounds(double l, double u) {
        if (Double.isNaN(l) || Double.isNaN(u)) {
            return org.flowcert.arith.Interval.ENTIRE;
        }
        return org.flowcert.arith.Interval.of(l, u);
    }

    private static void set(double[] out, int k, double l, double u) {
        out[2 + 2 * k] = l;
        out[3 + 2 * k] = u;
    }

    /** Lower bound of [al, ah]·[bl, bh]: the smallest rounded-down corner (RD is monotone). */
    static double mulLo(double al, double ah, double bl, double bh) {
        if (al >= 0) {
            return bl >= 0 ? mulDown(al, bl) : mulDown(ah, bl);
        }
        if (ah <= 0) {
            return bh <= 0 ? mulDown(ah, bh) : mulDown(al, bh);
        }
        if (bl >= 0) {
            return mulDown(al, bh);
        }
        if (bh <= 0) {
            return mulDown(ah, bl);
        }
        return Math.min(mulDown(al, bh), mulDown(ah, bl));
    }

    /** Upper bound of [al, ah]·[bl, bh]. */
    static double mulHi(double al, double ah, double bl, double bh) {
        if (al >= 0) {
            return bh >= 0 ? mulUp(ah, bh) : mulUp(al, bh);
        }
        if (ah <= 0) {
            return bl <= 0 ? mulUp(al, bl) : mulUp(ah, bl);
        }
        if (bl >= 0) {
            return mulUp(ah, bh);
        }
        if (bh <= 0) {
            return mulUp(al, bl);
        }
        return Math.max(mulUp(al, bl), mulUp(ah, bh));
    }
}
