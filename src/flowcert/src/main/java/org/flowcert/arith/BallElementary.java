package org.flowcert.arith;

import java.math.BigInteger;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Elementary functions at an exact point, enclosed in ball arithmetic (proofs-notes/
 * ball-arithmetic.md §4). exp and expm1 run a fixed-point Taylor series on {@code BigInteger}s
 * with a running error bound ({@link #expm1}, note §4.1); log, atanh and erf run series in
 * ball arithmetic whose truncation remainder is bounded by hand and added to the radius, all
 * other roundings being enclosed by the ball operations themselves.
 *
 * <p>Each function takes an exact argument (a ball of radius 0, any number of bits) and a
 * working field; the result is a ball of that field (callers round it to their own precision).
 */
final class BallElementary {
    private static final double LOG2_E_DOWN = 1.4426; // < 1/ln 2 = 1.44269504...
    private static final ConcurrentHashMap<Integer, Ball> LN2 = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Ball> PI = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Ball> TWO_OVER_SQRT_PI = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Ball> COEFFICIENTS = new ConcurrentHashMap<>();

    private BallElementary() {
    }

    // ------------------------------------------------------------------ coefficients and constants

    private static Ball coefficient(int kind, int n, Ball.Field w, BigFraction q) {
        long key = ((long) w.bits << 24) ^ ((long) kind << 20) ^ n;
        Ball c = COEFFICIENTS.get(key);
        return c != null ? c : COEFFICIENTS.computeIfAbsent(key, k -> w.of(q));
    }

    /** 1/(2k+1) */
    private static Ball invOdd(int k, Ball.Field w) {
        return coefficient(2, k, w, BigFraction.of(1, 2 * k + 1));
    }

    /** (-1)^n / (n! (2n+1)) */
    private static Ball erfCoefficient(int n, Ball.Field w) {
        BigInteger d = factorial(n).multiply(BigInteger.valueOf(2L * n + 1));
        return coefficient(3, n, w, BigFraction.of((n & 1) == 0 ? BigInteger.ONE : BigInteger.ONE.negate(), d));
    }

    private static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int j = 2; j <= n; j++) {
            f = f.multiply(BigInteger.valueOf(j));
        }
        return f;
    }

    /** ln 2 = 2 atanh(1/3). */
    static Ball ln2(Ball.Field w) {
        Ball c = LN2.get(w.bits);
        return c != null ? c : LN2.computeIfAbsent(w.bits, b -> {
            Ball.Field x = Ball.fieldUnchecked(b + 16);
            return oddSeries(x.of(BigFraction.of(1, 3)), 1, x).scalePow2(1).in(w);
        });
    }

    /** π = 16 atan(1/5) − 4 atan(1/239) (Machin). */
    static Ball pi(Ball.Field w) {
        return PI.computeIfAbsent(w.bits, b -> {
            Ball.Field x = Ball.fieldUnchecked(b + 16);
            Ball a5 = oddSeries(x.of(BigFraction.of(1, 5)), -1, x);
            Ball a239 = oddSeries(x.of(BigFraction.of(1, 239)), -1, x);
            return a5.scalePow2(2).subtract(a239).scalePow2(2).in(w);
        });
    }

    static Ball twoOverSqrtPi(Ball.Field w) {
        return TWO_OVER_SQRT_PI.computeIfAbsent(w.bits, b -> {
            Ball.Field x = Ball.fieldUnchecked(b + 16);
            return x.of(2).divide(pi(x).sqrt()).in(w);
        });
    }

    // ------------------------------------------------------------------ series

    /**
     * Σ_{k≥0} (sign·u²)^k u/(2k+1): atanh(u) for sign = +1, atan(u) for sign = −1, for every
     * point of the ball u with |u|² ≤ 1/2. Remainder (note §4.3): the tail after k = K is at
     * most U^(2K+3)/(2K+3) · 1/(1 − U²) ≤ 2 U^(2K+3)/(2K+3).
     */
    static Ball oddSeries(Ball u, int sign, Ball.Field w) {
        BallRadius big = u.absUpper();
        if (big.isZero()) {
            return w.zero();
        }
        if (big.compareTo(BallRadius.of(0.7071)) > 0) {
            throw new IllegalStateException("odd series argument too large: " + u);
        }
        double lu = log2(big);
        int kk = 0;
        while ((2 * kk + 3) * lu - Math.log(2 * kk + 3) / Math.log(2) > -(w.bits + 8.0) + Math.min(0, lu)) {
            kk++;
        }
        Ball v = u.square();
        if (sign < 0) {
            v = v.negate();
        }
        Ball s = invOdd(kk, w);
        for (int k = kk - 1; k >= 0; k--) {
            s = s.multiply(v).add(invOdd(k, w));
        }
        s = s.multiply(u);
        BallRadius tail = big.pow(2 * kk + 3).mul(Math.nextUp(1.0 / (2 * kk + 3))).mulPow2(1);
        return s.widen(tail);
    }

    /** log2 of a radius' value (approximate: only used to choose term counts). */
    private static double log2(BallRadius r) {
        return r.e + Math.log(r.m) / Math.log(2);
    }

    /**
     * e^t − 1 on every point of the ball t, |t| ≤ 1.1 (note §4.1). Fixed point with W fraction
     * bits: T = ⌊mid(t)·2^W⌋, u = T·2^−(W+s) with |u| ≤ 2^−s·1.1; terms A_1 = ⌊T/2^s⌋,
     * A_j = trunc(⌊A_{j−1}T/2^(W+s)⌋ / j), each within 4 units of u^j/j!; S = Σ A_j; tail
     * ≤ 2|u|^(N+1)/(N+1)!. Then s times E ← ⌊E(E + 2·2^W)/2^W⌋ (e^(2v) − 1 = E(E + 2)), with the
     * error bound δ ← δ(2B + 2 + δ·2^−W) + 1, B ≥ e^|t| − 1, carried in a double rounded up.
     * Finally the argument's own error |t − T·2^−W| ≤ rad(t) + 2^−W times e^|t| ≤ 1 + B.
     * W grows with −log2|t| so that small results keep their relative accuracy.
     */
    static Ball expm1(Ball t, Ball.Field w) {
        BallRadius big = t.absUpper();
        if (big.isZero()) {
            return w.zero();
        }
        double tb = Math.nextUp(big.toDoubleUp() + 0x1p-60); // >= |t| and |T·2^-W| (W >= 60)
        if (!(tb <= 1.1)) {
            throw new IllegalStateException("expm1 argument too large: " + t);
        }
        long lead = -big.e; // |t| < 2^(1 - lead)
        if (lead > w.bits + 8L) {
            // |e^t − 1 − t| <= t²·e^|t|/2 <= t² for |t| <= 1
            return t.in(w).widen(big.mul(big));
        }
        int s = (int) Math.max(1, Math.round(Math.sqrt(w.bits) * 0.7) - Math.max(0, lead));
        double b = Math.nextUp(Math.nextUp(Math.expm1(tb))); // Math.expm1 is within 1 ulp
        double factor = Math.nextUp(2 * b + 2 + 0x1p-20); // 2^-20 >= δ·2^-W, checked below
        int guard = (int) Math.ceil(s * Math.log(factor) / Math.log(2)) + 12;
        int wb = w.bits + guard + (int) Math.max(0, lead);
        // T = floor(mid·2^W): mid = man·2^exp
        long sh = t.exp + wb;
        BigInteger tt = sh >= 0 ? t.man().shiftLeft((int) sh) : t.man().shiftRight((int) -sh);
        // terms until the tail 2U^(N+1)/(N+1)! < 2^-W, U = tb·2^-s
        double lu = Math.log(tb) / Math.log(2) - s;
        int n = 1;
        double logFact = 1; // log2((n+1)!)
        while ((n + 1) * lu - logFact + 1 > -wb) {
            n++;
            logFact += Math.log(n + 1) / Math.log(2);
        }
        BigInteger a = tt.shiftRight(s);
        BigInteger sum = a;
        int shift = wb + s;
        for (int j = 2; j <= n; j++) {
            a = a.multiply(tt).shiftRight(shift);
            if (a.signum() == 0) {
                break;
            }
            a = a.divide(BigInteger.valueOf(j));
            sum = sum.add(a);
        }
        // error of sum in units 2^-W: 4 per term + the tail
        BallRadius ub = big.add(BallRadius.pow2(-wb)).mulPow2(-s); // |u| (|T·2^-W| <= |t| + 2^-W)
        BallRadius tail = ub.pow(n + 1).mul(BallRadius.invFactorialUp(n + 1)).mulPow2(1 + wb);
        double delta = Math.nextUp(4.0 * n + Math.nextUp(tail.toDoubleUp()) + 1);
        BigInteger two = BigInteger.ONE.shiftLeft(wb + 1);
        for (int i = 0; i < s; i++) {
            sum = sum.multiply(sum.add(two)).shiftRight(wb);
            delta = Math.nextUp(Math.nextUp(delta * factor) + 1);
        }
        if (!(delta < Math.scalb(1.0, Math.min(1000, wb - 20)))) { // δ·2^-W <= 2^-20, as the factor assumes
            throw new IllegalStateException("expm1 error bound out of range: " + delta);
        }
        // argument error: |t − T·2^-W| <= rad(t) + 2^-W; |d/dt (e^t − 1)| <= 1 + B
        BallRadius argErr = t.radius().add(BallRadius.pow2(-wb)).mul(Math.nextUp(1 + b));
        BallRadius r = BallRadius.of(delta, -wb).add(argErr);
        return Ball.round(sum, -wb, r, w);
    }

    // ------------------------------------------------------------------ functions at exact points

    /** e^x = 2^k (1 + expm1(x − k ln 2)), k = round(x / ln 2) (any k is sound). */
    static Ball exp(Ball x, Ball.Field w) {
        if (x.signum() == 0) {
            return w.one();
        }
        if (x.scale() > 40) { // |x| >= 2^39
            if (x.signum() > 0) {
                throw new ArithmeticException("exp overflow: argument too large");
            }
            // 0 < e^x <= e^(-2^39) < 2^(-2^39): the ball [0, 2^(-2^39)]
            BallRadius h = BallRadius.pow2(-(1L << 39) - 1);
            return new Ball(h.mantissa(), h.exponent(), h, w);
        }
        return BallExp.exp(x, w);
    }

    /** log x for exact x &gt; 0: x = 2^j f with f in [1/√2, √2), log f = 2 atanh((f−1)/(f+1)) with f ± 1 exact. */
    static Ball log(Ball x, Ball.Field w) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("log of a non-positive number");
        }
        BigInteger m = x.man();
        int bl = m.bitLength();
        // f = m·2^-bl in [1/2, 1); j = exp + bl; f < 1/√2 iff 2m² < 2^(2bl)
        long j = x.exp + bl;
        long fe = -bl;
        if (m.multiply(m).bitLength() < 2 * bl) {
            // m² < 2^(2bl−1): f < 1/√2, take 2f
            fe += 1;
            j -= 1;
        }
        // f − 1 and f + 1 as exact dyadics m·2^fe ∓ 1
        BigInteger unit = BigInteger.ONE.shiftLeft((int) -fe);
        Ball u = Ball.quotient(m.subtract(unit), fe, m.add(unit), fe, w);
        Ball r = oddSeries(u, 1, w).scalePow2(1);
        if (j != 0) {
            int extra = 64 - Long.numberOfLeadingZeros(Math.abs(j)) + 8;
            Ball.Field wj = Ball.fieldUnchecked(w.bits + extra);
            r = r.add(ln2(wj).multiply(wj.of(j)).in(w));
        }
        return r;
    }

    /**
     * log(1 + y) on every point of the ball y (y &gt; −1/2): for |y| &lt; 2^−(w+8), y ± y²; for
     * |y| ≤ 1/4, 2 atanh(u) with u = y/(2 + y) (a ball, |u| ≤ 1/7) and no cancellation; else
     * log(1 + mid) with 1 + mid exact plus rad·sup 1/(1 + y).
     */
    static Ball log1p(Ball y, Ball.Field w) {
        BallRadius big = y.absUpper();
        if (big.compareTo(BallRadius.pow2(-w.bits - 8)) < 0) {
            // |log(1+y) − y| <= y² for |y| <= 1/2
            return y.in(w).widen(big.mul(big));
        }
        if (big.compareTo(BallRadius.pow2(-2)) <= 0) {
            Ball yw = y.in(w);
            Ball u = yw.divide(yw.add(w.of(2)));
            return oddSeries(u, 1, w).scalePow2(1);
        }
        Ball lo = y.lowerPoint(w);
        if (Ball.sumExact(lo, w.one().scalePow2(-1)).signum() < 0) {
            throw new IllegalStateException("log1p argument below -1/2");
        }
        Ball onePlus = Ball.sumExact(w.one(), y.midPoint(w));
        Ball r = log(onePlus, w);
        // d/dy log(1+y) = 1/(1+y) <= 1 for y >= 0, <= 2 for y >= -1/2
        return r.widen(y.radius().mulPow2(lo.signum() >= 0 ? 0 : 1));
    }

    /** tanh: a = |x| &lt; 1/2: E/(E + 2) with E = expm1(2a); larger: (1 − E)/(1 + E) with E = e^(−2a). */
    static Ball tanh(Ball x, Ball.Field w) {
        if (x.signum() == 0) {
            return w.zero();
        }
        Ball a = x.signum() < 0 ? x.negate() : x;
        Ball r;
        long sc = a.scale(); // 2^(sc-1) <= a < 2^sc
        if (sc <= -40) {
            // a < 2^-41: tanh a = E/(E + 2) with E = e^(2a) − 1 (expm1 keeps the relative accuracy)
            Ball e = expm1(a.scalePow2(1), w);
            r = e.divide(e.add(w.of(2)));
        } else if (sc <= -1) {
            // 2^-41 <= a < 1/2: fixed point with 4 − sc more bits against the cancellation in e^(2a) − 1
            r = BallExp.tanhPositive(a, w);
        } else {
            double ad = a.midLower().toDoubleDown();
            double e2 = Math.nextDown(Math.nextDown(2 * ad) * LOG2_E_DOWN);
            if (e2 >= w.bits + 8) {
                // 0 < 1 − tanh a = 2E/(1 + E) <= 2E, E = e^(−2a) <= 2^(−⌊2a·1.4426⌋); cap keeps mid ± rad short
                long ex = Math.min((long) Math.floor(e2), 2L * w.bits + 64) - 1;
                BallRadius h = BallRadius.pow2(-ex - 1);
                r = w.one().subtract(new Ball(h.mantissa(), h.exponent(), BallRadius.ZERO, w)).widen(h);
            } else {
                r = BallExp.tanhPositive(a, w);
            }
        }
        return x.signum() < 0 ? r.negate() : r;
    }

    static Ball logistic(Ball x, Ball.Field w) {
        if (x.signum() >= 0) {
            return w.one().divide(w.one().add(exp(x.negate(), w)));
        }
        Ball e = exp(x, w);
        return e.divide(w.one().add(e));
    }

    /** softplus x = max(x, 0) + log(1 + e^(−|x|)). */
    static Ball softplus(Ball x, Ball.Field w) {
        if (x.signum() >= 0) {
            return x.add(log1p(exp(x.negate(), w), w)).in(w);
        }
        return log1p(exp(x, w), w);
    }

    /** √x for exact x &ge; 0 ({@link Ball#sqrtPoint}, note §3.7). */
    static Ball sqrt(Ball x, Ball.Field w) {
        if (x.signum() < 0) {
            throw new ArithmeticException("sqrt of a negative number");
        }
        if (x.signum() == 0) {
            return w.zero();
        }
        return Ball.sqrtPoint(x.mag, x.exp, w);
    }

    /**
     * erf: for large |x| the bound erfc a &le; e^(−a²)/(a√π) &le; 2^(−a² log2 e) (a &ge; 1), else
     * the Taylor series (2/√π) Σ (−1)^n a^(2n+1)/(n!(2n+1)) with tail bound (note §4.4) at a
     * precision raised by a² log2 e bits against its cancellation.
     */
    static Ball erf(Ball x, Ball.Field w) {
        if (x.signum() == 0) {
            return w.zero();
        }
        Ball a = x.signum() < 0 ? x.negate() : x;
        double ad = a.midLower().toDoubleDown();
        Ball r;
        double a2 = Math.nextDown(ad * ad);
        if (ad >= 1 && a2 * LOG2_E_DOWN >= w.bits + 8) {
            // a smaller exponent is a larger (still valid) bound; the cap keeps mid ± rad short
            long ex = Math.min((long) Math.floor(Math.nextDown(a2 * LOG2_E_DOWN)), 2L * w.bits + 64);
            r = new Ball(Ball.ONE, 0, BallRadius.pow2(-ex), w);
        } else {
            BallRadius au = a.midUpper();
            double aup = au.toDoubleUp();
            int extra = (int) Math.ceil(aup * aup * 1.45) + 8;
            Ball.Field we = Ball.fieldUnchecked(w.bits + extra);
            Ball ab = a.in(we);
            Ball v = ab.square();
            double lu = log2(au);
            int n = Math.max(1, (int) Math.ceil(2 * aup * aup - 2));
            // log2 of the tail bound 2 A^(2n+3) / ((n+1)! (2n+3))
            double logFact = 0;
            for (int j = 2; j <= n + 1; j++) {
                logFact += Math.log(j) / Math.log(2);
            }
            while (1 + (2 * n + 3) * lu - logFact - Math.log(2 * n + 3) / Math.log(2) > -(w.bits + 8.0) + Math.min(0, lu)) {
                n++;
                logFact += Math.log(n + 1) / Math.log(2);
            }
            Ball s = erfCoefficient(n, we);
            for (int k = n - 1; k >= 0; k--) {
                s = s.multiply(v).add(erfCoefficient(k, we));
            }
            s = s.multiply(ab);
            // terms decrease by a ratio <= A²/(n+2) <= 1/2 beyond n (n + 2 >= 2A²), so tail <= 2|T_(n+1)|
            BallRadius tail = au.pow(2 * n + 3).mul(BallRadius.invFactorialUp(n + 1))
                    .mul(Math.nextUp(1.0 / (2 * n + 3))).mulPow2(1);
            r = s.widen(tail).multiply(twoOverSqrtPi(we)).in(w);
        }
        return x.signum() < 0 ? r.negate() : r;
    }

    /** An upper bound of sup |erf'| = (2/√π) e^(−y²) over the ball x, y = max(0, |mid| − rad). */
    static BallRadius erfDerivativeSup(Ball x) {
        double y = Math.nextDown(x.midLower().toDoubleDown() - x.radius().toDoubleUp());
        double bound = 1.1284; // > 2/√π = 1.12837916...
        if (y > 0) {
            double y2 = Math.nextDown(y * y);
            // Math.exp is within 1 ulp of the exact result (javadoc): two ulps up is above it
            bound *= Math.nextUp(Math.nextUp(Math.exp(-y2)));
            bound = Math.nextUp(bound);
        }
        return BallRadius.of(bound);
    }
}
