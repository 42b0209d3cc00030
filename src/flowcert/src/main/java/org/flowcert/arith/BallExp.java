package org.flowcert.arith;

import java.math.BigInteger;
import java.util.concurrent.ConcurrentHashMap;

/**
 * e^x at an exact point in fixed point on {@code BigInteger}s, with a running error bound
 * (proofs-notes/ball-arithmetic.md §4.1a). Units: a fixed-point number X stands for X·2^−W.
 *
 * <ol>
 * <li>x = k ln 2 + t: X = ⌊x·2^(W+64)⌋, T = ⌊(X − k·L)/2^64⌋ with L within 2 of ln2·2^(W+64), so
 * |T − t·2^W| &lt; (1 + 2|k|)/2^64 + 1 &lt; 2 for |k| &lt; 2^62.</li>
 * <li>t' = T·2^−W = a + b + d + c with a = j₁/2^8, b = j₂/2^16, d = j₃/2^24 (j's rounded), |c| ≤ 2^−25,
 * all exact.</li>
 * <li>Tables E₁[j₁] ≈ e^a, E₂[j₂] ≈ e^b, E₃[j₃] ≈ e^d within 2 units each (built once per W from
 * {@link BallElementary#expm1} at W + 24 bits and checked).</li>
 * <li>e^c − 1 = Σ_{j≥1} c^j/j!: A₁ = C exactly, A_j = trunc(⌊A_{j−1}·⌊C/2^q⌋/2^(W−q)⌋ / j) with
 * q = max(0, W − bitlen(A_{j−1})) (the truncated bits of C cost &lt; 1 unit), each A_j within
 * 4 units of c^j/j!; tail ≤ 2|c|^(N+1)/(N+1)!.</li>
 * <li>P = ⌊⌊E₁E₂/2^W⌋E₃/2^W⌋ (within 7 units of e^(a+b) after the first product, 11 of e^(a+b+d)
 * after the second), R = P + ⌊P·S/2^W⌋: within 12.01 + 1.44·δ_S + 1 units of e^t'
 * (e^(a+b+d) ≤ e^0.36 &lt; 1.44).</li>
 * <li>|e^t − e^t'| ≤ e^0.36·2 units; the result is 2^k·R·2^−W with that radius.</li>
 * </ol>
 */
final class BallExp {
    /** |t'| must stay below this for the table bounds (k = round(x/ln 2) gives |t| ≤ 0.3466 + tiny). */
    private static final double T_MAX = 0.36;
    private static final ConcurrentHashMap<Integer, Tables> TABLES = new ConcurrentHashMap<>();

    private BallExp() {
    }

    /** The tables and ln 2 at one fixed-point precision W. */
    private record Tables(int w, BigInteger ln2, BigInteger[] e1, BigInteger[] e2, BigInteger[] e3) {
    }

    private static final int J1 = 93; // |j1| <= round(0.36·256) = 92
    private static final int J2 = 128; // |j2| <= 128

    private static Tables tables(int w) {
        Tables t = TABLES.get(w);
        return t != null ? t : TABLES.computeIfAbsent(w, BallExp::build);
    }

    private static Tables build(int w) {
        Ball.Field hi = Ball.fieldUnchecked(w + 88);
        BigInteger ln2 = toFixed(BallElementary.ln2(hi), w + 64);
        Ball.Field f = Ball.fieldUnchecked(w + 24);
        BigInteger[] e1 = new BigInteger[2 * J1 + 1];
        for (int j = -J1; j <= J1; j++) {
            e1[j + J1] = toFixed(BallElementary.expm1(Ball.exact(BigInteger.valueOf(j), -8, f), f).add(f.one()), w);
        }
        BigInteger[] e2 = new BigInteger[2 * J2 + 1];
        BigInteger[] e3 = new BigInteger[2 * J2 + 1];
        for (int j = -J2; j <= J2; j++) {
            e2[j + J2] = toFixed(BallElementary.expm1(Ball.exact(BigInteger.valueOf(j), -16, f), f).add(f.one()), w);
            e3[j + J2] = toFixed(BallElementary.expm1(Ball.exact(BigInteger.valueOf(j), -24, f), f).add(f.one()), w);
        }
        return new Tables(w, ln2, e1, e2, e3);
    }

    /**
     * ⌊mid·2^w⌋ for a ball whose radius is at most 2^−(w+2) (checked), so that the result is
     * within rad·2^w + 1 ≤ 1.25 ≤ 2 units of the enclosed value.
     */
    private static BigInteger toFixed(Ball b, int w) {
        if (b.radius().compareTo(BallRadius.pow2(-w - 2)) > 0) {
            throw new IllegalStateException("exp table entry not accurate enough at " + w + " bits: " + b);
        }
        long sh = b.exp + w;
        return sh >= 0 ? b.man().shiftLeft((int) sh) : b.man().shiftRight((int) -sh);
    }

    /** The fixed-point precision used for results at {@code bits} bits (rounded up to limit the number of tables). */
    static int precision(int bits) {
        return ((bits + 12 + 31) / 32) * 32;
    }

    /** e^x for an exact point x with |x| &lt; 2^39, as a ball of w. */
    static Ball exp(Ball x, Ball.Field w) {
        int wb = precision(w.bits);
        Fixed e = expFixed(x, wb);
        return Ball.round(e.r, e.k - wb, BallRadius.of(e.delta, e.k - wb), w);
    }

    /** e^x ∈ 2^k·(r ± delta)·2^−W. */
    record Fixed(BigInteger r, long k, double delta) {
    }

    /**
     * tanh a for an exact point 2^−41 ≤ a &lt; 2^(w.bits/2) (not far in the saturated range), in
     * fixed point (note §4.4): a &lt; 1/2: E = e^(2a) = 2^k R (k ∈ {0, 1}) at W raised by −log2 a
     * bits, tanh a = (E − 1)/(E + 1), whose derivative in E is ≤ 0.51 on E ≥ 1 − 2^−W; a ≥ 1/2:
     * E = e^(−2a) = 2^k R (k ≤ −1), tanh a = (1 − E)/(1 + E), derivative ≤ 2 in magnitude. One
     * truncated integer division each.
     */
    static Ball tanhPositive(Ball a, Ball.Field w) {
        long sc = a.scale();
        if (sc <= -1) {
            int wb = precision(w.bits + 4 - (int) sc);
            Fixed e = expFixed(a.scalePow2(1), wb);
            if (e.k < 0 || e.k > 1) {
                throw new IllegalStateException("tanh reduction out of range: " + e.k);
            }
            BigInteger one = BigInteger.ONE.shiftLeft(wb);
            BigInteger ee = e.r.shiftLeft((int) e.k); // exact; error delta·2^k
            BigInteger q = ee.subtract(one).shiftLeft(wb).divide(ee.add(one));
            double err = Math.nextUp(Math.nextUp(Math.nextUp(e.delta * (1 << e.k)) * 0.51) + 1);
            return Ball.round(q, -wb, BallRadius.of(err, -wb), w);
        }
        int wb = precision(w.bits);
        Fixed e = expFixed(a.scalePow2(1).negate(), wb);
        if (e.k > -1) {
            throw new IllegalStateException("tanh reduction out of range: " + e.k);
        }
        BigInteger one = BigInteger.ONE.shiftLeft(wb);
        // E = floor(R·2^k): error delta·2^k + 1 <= delta/2 + 1
        BigInteger ee = -e.k >= wb + 2 ? BigInteger.ZERO : e.r.shiftRight((int) -e.k);
        BigInteger q = one.subtract(ee).shiftLeft(wb).divide(one.add(ee));
        double err = Math.nextUp(Math.nextUp(2 * Math.nextUp(e.delta / 2 + 1)) + 1);
        return Ball.round(q, -wb, BallRadius.of(err, -wb), w);
    }

    /** e^x for an exact point x with |x| &lt; 2^39 at W fraction bits. */
    static Fixed expFixed(Ball x, int wb) {
        Tables tb = tables(wb);
        long k = Math.round(x.approx() / 0.6931471805599453);
        // X = floor(x·2^(W+64)), error < 1 unit of 2^-(W+64)
        long sh = x.exp + wb + 64;
        BigInteger xx = sh >= 0 ? x.man().shiftLeft((int) sh) : x.man().shiftRight((int) -sh);
        BigInteger tt = (k == 0 ? xx : xx.subtract(tb.ln2.multiply(BigInteger.valueOf(k)))).shiftRight(64);
        // |T − t·2^W| < (1 + |k|)/2^64 + 1 < 2
        double tApprox = Ball.approx(tt, -wb);
        if (!(Math.abs(tApprox) <= T_MAX - 0.001)) {
            throw new IllegalStateException("exp reduction out of range: " + tApprox);
        }
        // t' = a + b + c
        long j1 = Math.round(tApprox * 256);
        BigInteger r1 = tt.subtract(BigInteger.valueOf(j1).shiftLeft(wb - 8));
        long j2 = Math.round(Ball.approx(r1, -wb) * 65536);
        if (Math.abs(j1) > J1 || Math.abs(j2) > J2) {
            throw new IllegalStateException("exp table index out of range: " + j1 + ", " + j2);
        }
        BigInteger r2 = r1.subtract(BigInteger.valueOf(j2).shiftLeft(wb - 16));
        long j3 = Math.round(Ball.approx(r2, -wb) * 16777216);
        if (Math.abs(j3) > J2) {
            throw new IllegalStateException("exp table index out of range: " + j3);
        }
        BigInteger c = r2.subtract(BigInteger.valueOf(j3).shiftLeft(wb - 24));
        // |c| <= 2^(W-25) up to the double rounding of the indices: bound it exactly for the tail
        int cBits = Ball.absBitLength(c);
        if (cBits > wb - 23) {
            throw new IllegalStateException("exp remainder out of range");
        }
        // series for e^c − 1: terms until 2|u|^(N+1)/(N+1)! < 2^-W with |u| < 2^(cBits − W)
        int lu = cBits - wb; // |u| < 2^lu, lu <= -23
        BigInteger sum = c;
        BigInteger a = c;
        int n = 1;
        double logFact = 0;
        while (c.signum() != 0) {
            // stop when the tail bound 2·2^(lu(n+1))/(n+1)! <= 2^-W (in units: <= 1)
            logFact += Math.log(n + 1) / Math.log(2);
            if (1 + (double) lu * (n + 1) - logFact + wb <= -1) { // a bit of margin for the doubles' rounding
                break;
            }
            n++;
            int q = Math.max(0, wb - Ball.absBitLength(a));
            BigInteger cq = q == 0 ? c : c.shiftRight(q);
            a = a.multiply(cq).shiftRight(wb - q).divide(BigInteger.valueOf(n));
            if (a.signum() == 0) {
                break;
            }
            sum = sum.add(a);
        }
        // δ_S: 4 units per computed term after the first (exact), plus the tail (<= 1 unit by the loop) plus slack
        double deltaS = 4.0 * n + 2;
        BigInteger p = tb.e1[(int) j1 + J1].multiply(tb.e2[(int) j2 + J2]).shiftRight(wb)
                .multiply(tb.e3[(int) j3 + J2]).shiftRight(wb);
        BigInteger r = p.add(p.multiply(sum).shiftRight(wb));
        // 12.01 + 1.44 δ_S + 1 for R, plus 1.44·2 for the reduction
        double delta = Math.nextUp(Math.nextUp(12.01 + Math.nextUp(1.44 * deltaS) + 1) + 2.88);
        return new Fixed(r, k, delta);
    }
}
