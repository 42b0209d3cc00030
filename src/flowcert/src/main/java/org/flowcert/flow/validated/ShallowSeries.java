package org.flowcert.flow.validated;

import org.flowcert.arith.Dual;
import org.flowcert.arith.FastTanh;
import org.flowcert.eval.ShallowIntervalKernel;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Interval Taylor series of ∇L and ∇²L along a path θ(τ) for shallow 1-H-1 data risks (tanh or
 * relu, data exactly binary64), on primitive lo/hi arrays: the allocation-free replacement of the
 * generic passes over {@code Taylor<Interval>} and {@code Dual<Taylor<Interval>>} that the
 * validated integrator makes on every step (proofs-notes/validated-flow.md §8).
 *
 * <p><b>Accuracy contract</b> (the same as the generic passes'): if the input coefficients
 * [θ_ij] enclose the Taylor coefficients θ_j of the path at every expansion point of a set, the
 * outputs enclose the Taylor coefficients of ∇L(θ(τ)) and ∇²L(θ(τ)) at every such point. Every
 * step is a classical series recurrence (product = Cauchy convolution; u = tanh z by
 * k u_k = Σ_{j=1..k} j z_j σ'_{k−j}, σ' = 1 − u²; σ'' = −2uσ') evaluated in interval
 * arithmetic that rounds to nearest and then steps one ulp outward, branch-free (|fl(x) − x| ≤
 * ulp(fl(x)), proofs-notes/validated-flow.md §4 and §8: one ulp looser than exact directed
 * rounding, several times faster in these accumulation loops; optionally, for the low orders,
 * exact directed rounding, also branch-free), with tanh's value bounded by
 * {@link FastTanh} (proofs-notes/elementary-functions.md "tanh"). The closed forms used, with
 * residual r = N(x) − y and N = Σ_h v_h σ(w_h x + b_h) + c:
 * ∇L = s·Σ_samples r ∇N and ∇²L = s·Σ_samples (∇N ∇Nᵀ + r ∇²N), s = 2/n (mean) or 1 (half sum),
 * with ∂N/∂w_h = v_h σ'_h x, ∂N/∂b_h = v_h σ'_h, ∂N/∂v_h = σ_h, ∂N/∂c = 1 and the nonzero second
 * derivatives ∂²N/∂w_h² = v_h σ''_h x², ∂²N/∂w_h∂b_h = v_h σ''_h x, ∂²N/∂b_h² = v_h σ''_h,
 * ∂²N/∂w_h∂v_h = σ'_h x, ∂²N/∂b_h∂v_h = σ'_h. A result that is not finite (overflow, NaN) throws
 * {@link ArithmeticException}; a relu pre-activation that may be 0 throws {@link Dual.KinkException}
 * (as the generic series do).
 *
 * <p>Two rearrangements of the sums (neither widens the enclosure beyond rounding: interval
 * multiplication is subdistributive, and scaling by a point is exact on sets): v_h is factored out of the sample sums of ∂L/∂w_h and ∂L/∂b_h, and the
 * Hessian's pairs with w_h are the pairs with b_h times x (∂N/∂w_h = x ∂N/∂b_h).
 *
 * <p>Tests ({@code ShallowSeriesTest}) tie it to the generic passes: exact rational values
 * ({@code Taylor<Exact>}) inside on relu nets, 300-bit ball values inside on tanh nets.
 * Not thread-safe (scratch arrays).
 */
final class ShallowSeries {
    private final int hidden;
    private final boolean tanh;
    private final double[] xs;
    private final double[] ys;
    private final boolean mean;
    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;
    private final int p;
    private final double[] tb = new double[2];
    /**
     * Coefficients of order below this are computed with exact directed rounding (tightest, as
     * {@link org.flowcert.arith.Rounding}) instead of one-ulp steps: the low orders of the pass at
     * the step start set the defect floor. Every loop over the orders sets {@link #exact} by
     * {@link #at}; the rounding mode never affects soundness, only widths.
     */
    private final int exactBelow;
    /** The rounding mode of the operations being computed (set per order by {@link #at}). */
    private boolean exact;

    private ShallowSeries(Problem problem, int exactBelow) {
        this.exactBelow = exactBelow;
        Network net = problem.network();
        this.hidden = net.width(1);
        this.tanh = net.activation() instanceof Activation.Tanh;
        Risk.Data d = (Risk.Data) problem.risk();
        this.xs = new double[d.size()];
        this.ys = new double[d.size()];
        for (int s = 0; s < xs.length; s++) {
            // exact: ShallowIntervalKernel.applies checked that the data are binary64
            xs[s] = d.x()[s][0].doubleValue();
            ys[s] = d.y()[s][0].doubleValue();
        }
        this.mean = d.reduction() == Risk.Reduction.MEAN;
        this.w1 = net.weightOffset(0);
        this.b1 = net.biasOffset(0);
        this.w2 = net.weightOffset(1);
        this.b2 = net.biasOffset(1);
        this.p = net.parameterCount();
    }

    /** The kernel for this problem, or null when it does not apply (then the generic passes are used). */
    static ShallowSeries forProblem(Problem problem) {
        return forProblem(problem, 0);
    }

    /**
     * As {@link #forProblem(Problem)}; coefficients of order &lt; {@code exactBelow} with the
     * tightest directed rounding (slower; {@link Integer#MAX_VALUE}: all).
     */
    static ShallowSeries forProblem(Problem problem, int exactBelow) {
        return ShallowIntervalKernel.applies(problem) ? new ShallowSeries(problem, exactBelow) : null;
    }

    /** Series of ∇L: {@code g[0][j][i]} (lo) and {@code g[1][j][i]} (hi), j = 0..order. */
    double[][][] gradient(double[][] lo, double[][] hi, int order) {
        checkInput(lo, hi, order);
        Work w = new Work(order, false);
        double[][] gL = new double[order + 1][p];
        double[][] gH = new double[order + 1][p];
        for (int s = 0; s < xs.length; s++) {
            w.forward(lo, hi, s);
            w.backward(lo, hi, s, gL, gH);
        }
        w.finishGradient(gL, gH);
        scale(gL, gH);
        return new double[][][] {gL, gH};
    }

    /**
     * Series of ∇²L and ∇L: {@code hess[0][j][i][l]} (lo), {@code hess[1][j][i][l]} (hi) for
     * j = 0..order (symmetric in i, l), and the gradient as {@link #gradient}.
     */
    Result hessian(double[][] lo, double[][] hi, int order) {
        checkInput(lo, hi, order);
        Work w = new Work(order, true);
        int n1 = order + 1;
        double[][] gL = new double[n1][p];
        double[][] gH = new double[n1][p];
        // upper triangle accumulated as [pair][j]
        int pairs = p * (p + 1) / 2;
        double[][] aL = new double[pairs][n1];
        double[][] aH = new double[pairs][n1];
        int[] pairIndex = new int[p * p];
        for (int i = 0, q = 0; i < p; i++) {
            for (int l = i; l < p; l++, q++) {
                pairIndex[i * p + l] = q;
                pairIndex[l * p + i] = q;
            }
        }
        double[][] nL = new double[p][n1];
        double[][] nH = new double[p][n1];
        double[] tL = new double[n1];
        double[] tH = new double[n1];
        double[] qL = new double[n1];
        double[] qH = new double[n1];
        // this sample's products ∂N/∂θ_i ⊛ ∂N/∂θ_l (pairs without w)
        double[][] pL = new double[pairs][n1];
        double[][] pH = new double[pairs][n1];
        for (int s = 0; s < xs.length; s++) {
            double x = xs[s];
            w.forward(lo, hi, s);
            w.backward(lo, hi, s, gL, gH);
            // ∇N as series
            for (int h = 0; h < hidden; h++) {
                conv(w.vL[h], w.vH[h], w.dL[h], w.dH[h], order, nL[b1 + h], nH[b1 + h]);
                scalePoint(nL[b1 + h], nH[b1 + h], x, order, nL[w1 + h], nH[w1 + h]);
                System.arraycopy(w.uL[h], 0, nL[w2 + h], 0, n1);
                System.arraycopy(w.uH[h], 0, nH[w2 + h], 0, n1);
            }
            java.util.Arrays.fill(nL[b2], 0.0);
            java.util.Arrays.fill(nH[b2], 0.0);
            nL[b2][0] = 1.0;
            nH[b2][0] = 1.0;
            // ∇N ∇Nᵀ: the products among b, v, c; since ∂N/∂w_h = x ∂N/∂b_h, the pairs with w_h
            // are those with b_h times x (or x² for two w's)
            for (int i = 0; i < p; i++) {
                for (int l = i; l < p; l++) {
                    if (isW(i) || isW(l)) {
                        continue;
                    }
                    int q = pairIndex[i * p + l];
                    if (l == b2) {
                        System.arraycopy(nL[i], 0, pL[q], 0, n1);
                        System.arraycopy(nH[i], 0, pH[q], 0, n1);
                    } else if (i == l) {
                        java.util.Arrays.fill(pL[q], 0.0);
                        java.util.Arrays.fill(pH[q], 0.0);
                        convSquareAdd(nL[i], nH[i], order, pL[q], pH[q]);
                    } else {
                        conv(nL[i], nH[i], nL[l], nH[l], order, pL[q], pH[q]);
                    }
                    addTo(aL[q], aH[q], pL[q], pH[q], order);
                }
            }
            for (int i = 0; i < p; i++) {
                for (int l = i; l < p; l++) {
                    if (!isW(i) && !isW(l)) {
                        continue;
                    }
                    int q = pairIndex[i * p + l];
                    int src = pairIndex[(isW(i) ? i - w1 + b1 : i) * p + (isW(l) ? l - w1 + b1 : l)];
                    scalePoint(pL[src], pH[src], x, order, tL, tH);
                    if (isW(i) && isW(l)) {
                        scalePoint(tL, tH, x, order, qL, qH);
                        addTo(aL[q], aH[q], qL, qH, order);
                    } else {
                        addTo(aL[q], aH[q], tL, tH, order);
                    }
                }
            }
            // r ∇²N
            for (int h = 0; h < hidden; h++) {
                int wq = w1 + h;
                int bq = b1 + h;
                int vq = w2 + h;
                if (tanh) {
                    // e = v_h σ''_h, q = r e
                    conv(w.vL[h], w.vH[h], w.ddL[h], w.ddH[h], order, tL, tH);
                    conv(w.rL, w.rH, tL, tH, order, qL, qH);
                    addTo(aL[pairIndex[bq * p + bq]], aH[pairIndex[bq * p + bq]], qL, qH, order);
                    scalePoint(qL, qH, x, order, tL, tH);
                    addTo(aL[pairIndex[wq * p + bq]], aH[pairIndex[wq * p + bq]], tL, tH, order);
                    scalePoint(tL, tH, x, order, qL, qH);
                    addTo(aL[pairIndex[wq * p + wq]], aH[pairIndex[wq * p + wq]], qL, qH, order);
                }
                // r σ'_h
                conv(w.rL, w.rH, w.dL[h], w.dH[h], order, qL, qH);
                addTo(aL[pairIndex[bq * p + vq]], aH[pairIndex[bq * p + vq]], qL, qH, order);
                scalePoint(qL, qH, x, order, tL, tH);
                addTo(aL[pairIndex[wq * p + vq]], aH[pairIndex[wq * p + vq]], tL, tH, order);
            }
        }
        w.finishGradient(gL, gH);
        scale(gL, gH);
        double[][][] hL = new double[n1][p][p];
        double[][][] hH = new double[n1][p][p];
        for (int i = 0; i < p; i++) {
            for (int l = i; l < p; l++) {
                int q = pairIndex[i * p + l];
                for (int j = 0; j < n1; j++) {
                    at(j);
                    double[] b = scaled(aL[q][j], aH[q][j]);
                    hL[j][i][l] = b[0];
                    hH[j][i][l] = b[1];
                    hL[j][l][i] = b[0];
                    hH[j][l][i] = b[1];
                }
            }
        }
        return new Result(hL, hH, gL, gH);
    }

    private void checkInput(double[][] lo, double[][] hi, int order) {
        for (int j = 0; j <= order; j++) {
            for (int i = 0; i < p; i++) {
                if (!(lo[j][i] <= hi[j][i]) || !Double.isFinite(lo[j][i]) || !Double.isFinite(hi[j][i])) {
                    throw new ArithmeticException("input coefficient " + j + " of parameter " + i + " is not a finite"
                            + " interval: [" + lo[j][i] + ", " + hi[j][i] + "]");
                }
            }
        }
    }

    private boolean isW(int i) {
        return i >= w1 && i < w1 + hidden;
    }

    /** ∇²L series ({@code hLo[j][i][l]}, {@code hHi}) and ∇L series ({@code gLo[j][i]}, {@code gHi}). */
    record Result(double[][][] hLo, double[][][] hHi, double[][] gLo, double[][] gHi) {
    }

    // ---- the per-sample recurrences ------------------------------------------------------------

    /** Scratch of one pass: per hidden unit the series z, u = σ(z), d = σ'(z), dd = σ''(z); per sample r. */
    private final class Work {
        final int order;
        /** whether σ'' is needed (Hessian passes) */
        final boolean second;
        final double[][] uL;
        final double[][] uH;
        final double[][] dL;
        final double[][] dH;
        final double[][] ddL;
        final double[][] ddH;
        /** the parameter series v_h (second-layer weights), gathered once per pass */
        final double[][] vL;
        final double[][] vH;
        final double[] zL;
        final double[] zH;
        final double[] jzL;
        final double[] jzH;
        final double[] rL;
        final double[] rH;
        final double[] tL;
        final double[] tH;
        final double[] t2L;
        final double[] t2H;
        /** Σ_samples r σ'_h and Σ_samples x r σ'_h (per unit) */
        final double[][] sbL;
        final double[][] sbH;
        final double[][] swL;
        final double[][] swH;

        Work(int order, boolean second) {
            this.order = order;
            this.second = second;
            int n1 = order + 1;
            uL = new double[hidden][n1];
            uH = new double[hidden][n1];
            dL = new double[hidden][n1];
            dH = new double[hidden][n1];
            ddL = new double[hidden][n1];
            ddH = new double[hidden][n1];
            vL = new double[hidden][n1];
            vH = new double[hidden][n1];
            zL = new double[n1];
            zH = new double[n1];
            jzL = new double[n1];
            jzH = new double[n1];
            rL = new double[n1];
            rH = new double[n1];
            tL = new double[n1];
            tH = new double[n1];
            t2L = new double[n1];
            t2H = new double[n1];
            sbL = new double[hidden][n1];
            sbH = new double[hidden][n1];
            swL = new double[hidden][n1];
            swH = new double[hidden][n1];
        }

        /** u, d (and dd for tanh) for every unit, and the residual series r, at sample s. */
        void forward(double[][] lo, double[][] hi, int s) {
            int n1 = order + 1;
            double x = xs[s];
            for (int j = 0; j < n1; j++) {
                rL[j] = lo[j][b2];
                rH[j] = hi[j][b2];
            }
            for (int h = 0; h < hidden; h++) {
                for (int j = 0; j < n1; j++) {
                    at(j);
                    vL[h][j] = lo[j][w2 + h];
                    vH[h][j] = hi[j][w2 + h];
                    // z = w x + b (x a point)
                    double wl = lo[j][w1 + h];
                    double wh = hi[j][w1 + h];
                    double pl = x >= 0 ? mulDown(wl, x) : mulDown(wh, x);
                    double ph = x >= 0 ? mulUp(wh, x) : mulUp(wl, x);
                    zL[j] = addDown(pl, lo[j][b1 + h]);
                    zH[j] = addUp(ph, hi[j][b1 + h]);
                }
                if (!(Math.abs(zL[0]) <= Double.MAX_VALUE && Math.abs(zH[0]) <= Double.MAX_VALUE)) {
                    // tanh would map ±inf to a finite value: never let a non-finite bound through
                    throw new ArithmeticException("pre-activation not finite: [" + zL[0] + ", " + zH[0] + "]");
                }
                if (tanh) {
                    tanhSeries(h);
                } else {
                    reluSeries(h);
                }
                // N += v_h u_h
                convAdd(vL[h], vH[h], uL[h], uH[h], order, rL, rH);
            }
            at(0);
            rL[0] = subDown(rL[0], ys[s]);
            rH[0] = subUp(rH[0], ys[s]);
        }

        private void tanhSeries(int h) {
            double[] ul = uL[h];
            double[] uh = uH[h];
            double[] dl = dL[h];
            double[] dh = dH[h];
            FastTanh.bounds(zL[0], tb);
            double a = tb[0];
            if (zH[0] != zL[0]) {
                FastTanh.bounds(zH[0], tb);
            }
            double b = tb[1];
            at(0);
            ul[0] = Math.max(-1.0, a);
            uh[0] = Math.min(1.0, b);
            // σ' = 1 − u² with the tight square of u₀
            dl[0] = subDown(1.0, sqHi(ul[0], uh[0]));
            dh[0] = subUp(1.0, sqLo(ul[0], uh[0]));
            for (int j = 1; j <= order; j++) {
                at(j);
                jzL[j] = mulDown(zL[j], j);
                jzH[j] = mulUp(zH[j], j);
            }
            for (int k = 1; k <= order; k++) {
                at(k);
                // k u_k = Σ_{j=1..k} (j z_j) σ'_{k−j}
                double sl = 0;
                double sh = 0;
                for (int j = 1; j <= k; j++) {
                    sl = addDown(sl, mulLo(jzL[j], jzH[j], dl[k - j], dh[k - j]));
                    sh = addUp(sh, mulHi(jzL[j], jzH[j], dl[k - j], dh[k - j]));
                }
                ul[k] = divDown(sl, k);
                uh[k] = divUp(sh, k);
                // σ'_k = −(u²)_k
                squareCoefficient(ul, uh, k);
                dl[k] = -tb[1];
                dh[k] = -tb[0];
            }
            if (!second) {
                return;
            }
            // σ'' = −2 u σ'
            conv(ul, uh, dl, dh, order, ddL[h], ddH[h]);
            for (int k = 0; k <= order; k++) {
                at(k);
            at(k);
                double l = ddL[h][k];
                ddL[h][k] = mulDown(-2.0, ddH[h][k]);
                ddH[h][k] = mulUp(-2.0, l);
            }
        }

        private void reluSeries(int h) {
            boolean on;
            if (zL[0] > 0) {
                on = true;
            } else if (zH[0] < 0) {
                on = false;
            } else {
                throw new Dual.KinkException("relu is not analytic at 0 and the pre-activation's value [" + zL[0]
                        + ", " + zH[0] + "] may be 0 (a relu kink is reached)");
            }
            for (int k = 0; k <= order; k++) {
                at(k);
            at(k);
                uL[h][k] = on ? zL[k] : 0.0;
                uH[h][k] = on ? zH[k] : 0.0;
                dL[h][k] = on && k == 0 ? 1.0 : 0.0;
                dH[h][k] = on && k == 0 ? 1.0 : 0.0;
                ddL[h][k] = 0.0;
                ddH[h][k] = 0.0;
            }
        }

        /** Adds this sample's r ∇N to the (unscaled) gradient series. */
        void backward(double[][] lo, double[][] hi, int s, double[][] gL, double[][] gH) {
            double x = xs[s];
            for (int j = 0; j <= order; j++) {
                at(j);
                gL[j][b2] = addDown(gL[j][b2], rL[j]);
                gH[j][b2] = addUp(gH[j][b2], rH[j]);
            }
            for (int h = 0; h < hidden; h++) {
                // ∂/∂v_h: r u_h
                conv(rL, rH, uL[h], uH[h], order, tL, tH);
                addColumn(gL, gH, w2 + h, tL, tH);
                // ∂/∂b_h = v_h Σ r σ'_h and ∂/∂w_h = v_h Σ x r σ'_h: v_h (the same series for every
                // sample) is factored out of the sums, see finishGradient
                conv(rL, rH, dL[h], dH[h], order, t2L, t2H);
                addTo(sbL[h], sbH[h], t2L, t2H, order);
                scalePoint(t2L, t2H, x, order, tL, tH);
                addTo(swL[h], swH[h], tL, tH, order);
            }
        }

        /** After all samples: the w and b parts of the gradient, v_h ⊛ (the sums of backward). */
        void finishGradient(double[][] gL, double[][] gH) {
            for (int h = 0; h < hidden; h++) {
                conv(vL[h], vH[h], sbL[h], sbH[h], order, tL, tH);
                addColumn(gL, gH, b1 + h, tL, tH);
                conv(vL[h], vH[h], swL[h], swH[h], order, tL, tH);
                addColumn(gL, gH, w1 + h, tL, tH);
            }
        }

        private void addColumn(double[][] gL, double[][] gH, int i, double[] l, double[] u) {
            for (int j = 0; j <= order; j++) {
                at(j);
                gL[j][i] = addDown(gL[j][i], l[j]);
                gH[j][i] = addUp(gH[j][i], u[j]);
            }
        }
    }

    /** Coefficient k of u² as tb = {lo, hi}: 2 Σ_{i<k/2} u_i u_{k−i} (+ u_{k/2}² tight). */
    private void squareCoefficient(double[] ul, double[] uh, int k) {
        double sl = 0;
        double sh = 0;
        for (int i = 0; 2 * i < k; i++) {
            sl = addDown(sl, mulLo(ul[i], uh[i], ul[k - i], uh[k - i]));
            sh = addUp(sh, mulHi(ul[i], uh[i], ul[k - i], uh[k - i]));
        }
        sl = addDown(sl, sl);
        sh = addUp(sh, sh);
        if (k % 2 == 0) {
            sl = addDown(sl, sqLo(ul[k / 2], uh[k / 2]));
            sh = addUp(sh, sqHi(ul[k / 2], uh[k / 2]));
        }
        tb[0] = sl;
        tb[1] = sh;
    }

    /** The final factor: 2/n (mean) or 1 (half sum), as (g·2)/n like the generic path. */
    private void scale(double[][] gL, double[][] gH) {
        for (int j = 0; j < gL.length; j++) {
            at(j);
            for (int i = 0; i < p; i++) {
                double[] b = scaled(gL[j][i], gH[j][i]);
                gL[j][i] = b[0];
                gH[j][i] = b[1];
                if (!Double.isFinite(b[0]) || !Double.isFinite(b[1])) {
                    throw new ArithmeticException("gradient series not finite (coefficient " + j + ", parameter " + i
                            + ")");
                }
            }
        }
    }

    private double[] scaled(double l, double u) {
        if (!Double.isFinite(l) || !Double.isFinite(u)) {
            throw new ArithmeticException("loss series not finite: [" + l + ", " + u + "]");
        }
        if (!mean) {
            return new double[] {l, u};
        }
        double n = xs.length;
        return new double[] {divDown(mulDown(l, 2.0), n), divUp(mulUp(u, 2.0), n)};
    }

    // ---- interval helpers on lo/hi doubles ------------------------------------------------------

    /** out = a ⊛ b truncated at the order (Cauchy product, interval). */
    void conv(double[] aL, double[] aH, double[] bL, double[] bH, int order, double[] oL, double[] oH) {
        for (int k = 0; k <= order; k++) {
            at(k);
            productCoefficient(aL, aH, bL, bH, k);
            oL[k] = tb[0];
            oH[k] = tb[1];
        }
    }

    /** acc += a ⊛ b. */
    void convAdd(double[] aL, double[] aH, double[] bL, double[] bH, int order, double[] accL,
            double[] accH) {
        for (int k = 0; k <= order; k++) {
            at(k);
            productCoefficient(aL, aH, bL, bH, k);
            accL[k] = addDown(accL[k], tb[0]);
            accH[k] = addUp(accH[k], tb[1]);
        }
    }

    /** Coefficient k of a ⊛ b as tb = {lo, hi}: Σ_{i≤k} a_i b_{k−i}. */
    private void productCoefficient(double[] aL, double[] aH, double[] bL, double[] bH, int k) {
        double sl = mulLo(aL[0], aH[0], bL[k], bH[k]);
        double sh = mulHi(aL[0], aH[0], bL[k], bH[k]);
        for (int i = 1; i <= k; i++) {
            sl = addDown(sl, mulLo(aL[i], aH[i], bL[k - i], bH[k - i]));
            sh = addUp(sh, mulHi(aL[i], aH[i], bL[k - i], bH[k - i]));
        }
        tb[0] = sl;
        tb[1] = sh;
    }

    /** acc += a ⊛ a, with the tight square for the middle term. */
    void convSquareAdd(double[] aL, double[] aH, int order, double[] accL, double[] accH) {
        for (int k = 0; k <= order; k++) {
            at(k);
            squareCoefficient(aL, aH, k);
            accL[k] = addDown(accL[k], tb[0]);
            accH[k] = addUp(accH[k], tb[1]);
        }
    }

    void addTo(double[] accL, double[] accH, double[] l, double[] u, int order) {
        for (int k = 0; k <= order; k++) {
            at(k);
            accL[k] = addDown(accL[k], l[k]);
            accH[k] = addUp(accH[k], u[k]);
        }
    }

    /** out = a·x for a point x. */
    void scalePoint(double[] aL, double[] aH, double x, int order, double[] oL, double[] oH) {
        for (int k = 0; k <= order; k++) {
            at(k);
            if (x >= 0) {
                oL[k] = mulDown(aL[k], x);
                oH[k] = mulUp(aH[k], x);
            } else {
                double l = aL[k];
                oL[k] = mulDown(aH[k], x);
                oH[k] = mulUp(l, x);
            }
        }
    }

    // One-ulp outward steps after round-to-nearest (note §4): up(fl(x)) ≥ x ≥ dn(fl(x)) for every
    // real x whose rounded value is finite. Branch-free bit steps: up(+0) = MIN_VALUE, up(−inf) =
    // −MAX_VALUE, up(+inf) and up(NaN) are NaN. So a bound is always valid in the extended reals or
    // NaN; NaN and ±inf propagate through +, ×, min and max to the outputs, which must be finite
    // (else ArithmeticException), and the only operation that maps a non-finite input to a finite
    // value, tanh, refuses non-finite arguments (note §8).

    /** Sets the rounding mode for operations producing coefficient k. */
    private void at(int k) {
        exact = k < exactBelow;
    }

    static double up(double x) {
        long b = Double.doubleToRawLongBits(x + 0.0);
        return Double.longBitsToDouble(b + ((b >> 63) | 1));
    }

    static double dn(double x) {
        return -up(-x);
    }

    /** 2^-968: a product at least this large has an exact fma remainder (Rounding, interval-arithmetic.md). */
    private static final long TINY_BITS = Double.doubleToRawLongBits(0x1p-968);

    /**
     * The smallest double ≥ a + b (IEEE roundTowardPositive), branch-free: TwoSum's error e is
     * exact (no overflow), and fl(a + b) is stepped up one ulp iff e &gt; 0 (the mask is the sign
     * bit of 0 − e, which is set iff e &gt; 0; +0 − ±0 = +0). Overflow gives ±inf or NaN (note §8).
     */
    static double exactAddUp(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double e = (a - (s - bb)) + (b - bb);
        long bs = Double.doubleToRawLongBits(s + 0.0);
        long m = Double.doubleToRawLongBits(0.0 - e) >> 63;
        return Double.longBitsToDouble(bs + (((bs >> 63) | 1) & m));
    }

    /**
     * The smallest double ≥ a·b (for |a·b| ≥ 2^-968; below, possibly one ulp more), branch-free:
     * the fma remainder e = ab − fl(ab) is exact there, and fl(ab) is stepped up iff e &gt; 0 or
     * |fl(ab)| &lt; 2^-968 (where the remainder may underflow, the step is taken unconditionally).
     */
    static double exactMulUp(double a, double b) {
        double p = a * b;
        double e = Math.fma(a, b, -p);
        long bp = Double.doubleToRawLongBits(p + 0.0);
        long m = (Double.doubleToRawLongBits(0.0 - e) >> 63) | (((bp & 0x7fffffffffffffffL) - TINY_BITS) >> 63);
        return Double.longBitsToDouble(bp + (((bp >> 63) | 1) & m));
    }

    double addUp(double a, double b) {
        return exact ? exactAddUp(a, b) : up(a + b);
    }

    double addDown(double a, double b) {
        return exact ? -exactAddUp(-a, -b) : dn(a + b);
    }

    double subUp(double a, double b) {
        return exact ? exactAddUp(a, -b) : up(a - b);
    }

    double subDown(double a, double b) {
        return exact ? -exactAddUp(-a, b) : dn(a - b);
    }

    double mulUp(double a, double b) {
        return exact ? exactMulUp(a, b) : up(a * b);
    }

    double mulDown(double a, double b) {
        return exact ? -exactMulUp(-a, b) : dn(a * b);
    }

    double divUp(double a, double b) {
        return exact ? org.flowcert.arith.Rounding.divUp(a, b) : up(a / b);
    }

    double divDown(double a, double b) {
        return exact ? org.flowcert.arith.Rounding.divDown(a, b) : dn(a / b);
    }

    double sqLo(double l, double u) {
        // min x² over [l, u]: the distance of 0 to the interval, squared (NaN propagates)
        double m = Math.max(0.0, Math.max(l, -u));
        return mulDown(m, m);
    }

    double sqHi(double l, double u) {
        double m = Math.max(-l, u);
        return mulUp(m, m);
    }

    /** Lower bound of [al, ah]·[bl, bh]: the least corner product (NaN propagates through min). */
    double mulLo(double al, double ah, double bl, double bh) {
        if (exact) {
            return -Math.max(Math.max(exactMulUp(-al, bl), exactMulUp(-al, bh)),
                    Math.max(exactMulUp(-ah, bl), exactMulUp(-ah, bh)));
        }
        return dn(Math.min(Math.min(al * bl, al * bh), Math.min(ah * bl, ah * bh)));
    }

    /** Upper bound of [al, ah]·[bl, bh]. */
    double mulHi(double al, double ah, double bl, double bh) {
        if (exact) {
            return Math.max(Math.max(exactMulUp(al, bl), exactMulUp(al, bh)),
                    Math.max(exactMulUp(ah, bl), exactMulUp(ah, bh)));
        }
        return up(Math.max(Math.max(al * bl, al * bh), Math.max(ah * bl, ah * bh)));
    }
}
