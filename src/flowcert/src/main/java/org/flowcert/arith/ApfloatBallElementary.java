package org.flowcert.arith;

import java.math.BigInteger;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;

/**
 * Elementary functions at an exact point, enclosed in ball arithmetic: argument reduction
 * plus a Taylor (or atanh/atan) series evaluated in ball arithmetic, whose truncation
 * remainder is bounded as in proofs-notes/ball-arithmetic.md §4 and added to the radius.
 * All roundings inside are enclosed by the ball operations themselves.
 *
 * <p>Each function takes an exact radix-2 argument and a working field; the result is a ball
 * of that field (callers round it to their own precision).
 */
final class ApfloatBallElementary {
    private static final double LN2_APPROX = 0.6931471805599453;
    private static final double LOG2_E_DOWN = 1.4426; // < 1/ln 2 = 1.44269504...
    private static final Apfloat HALF = ApfloatBall.scale2(ApfloatBall.A_ONE, -1);
    private static final ConcurrentHashMap<Integer, ApfloatBall> LN2 = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, ApfloatBall> PI = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, ApfloatBall> TWO_OVER_SQRT_PI = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, ApfloatBall> COEFFICIENTS = new ConcurrentHashMap<>();

    private ApfloatBallElementary() {
    }

    // ------------------------------------------------------------------ coefficients and constants

    private static ApfloatBall coefficient(int kind, int n, ApfloatBall.Field w, BigFraction q) {
        long key = ((long) w.bits << 24) ^ ((long) kind << 20) ^ n;
        return COEFFICIENTS.computeIfAbsent(key, k -> w.of(q));
    }

    /** 1/n! */
    private static ApfloatBall invFactorial(int n, ApfloatBall.Field w) {
        return coefficient(1, n, w, BigFraction.of(BigInteger.ONE, factorial(n)));
    }

    /** 1/(2k+1) */
    private static ApfloatBall invOdd(int k, ApfloatBall.Field w) {
        return coefficient(2, k, w, BigFraction.of(1, 2 * k + 1));
    }

    /** (-1)^n / (n! (2n+1)) */
    private static ApfloatBall erfCoefficient(int n, ApfloatBall.Field w) {
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
    static ApfloatBall ln2(ApfloatBall.Field w) {
        return LN2.computeIfAbsent(w.bits, b -> {
            ApfloatBall.Field x = ApfloatBall.fieldUnchecked(b + 16);
            return oddSeries(x.of(BigFraction.of(1, 3)), 1, x).scalePow2(1).in(w);
        });
    }

    /** π = 16 atan(1/5) − 4 atan(1/239) (Machin). */
    static ApfloatBall pi(ApfloatBall.Field w) {
        return PI.computeIfAbsent(w.bits, b -> {
            ApfloatBall.Field x = ApfloatBall.fieldUnchecked(b + 16);
            ApfloatBall a5 = oddSeries(x.of(BigFraction.of(1, 5)), -1, x);
            ApfloatBall a239 = oddSeries(x.of(BigFraction.of(1, 239)), -1, x);
            return a5.scalePow2(2).subtract(a239).scalePow2(2).in(w);
        });
    }

    static ApfloatBall twoOverSqrtPi(ApfloatBall.Field w) {
        return TWO_OVER_SQRT_PI.computeIfAbsent(w.bits, b -> {
            ApfloatBall.Field x = ApfloatBall.fieldUnchecked(b + 16);
            return x.of(2).divide(pi(x).sqrt()).in(w);
        });
    }

    // ------------------------------------------------------------------ series

    /**
     * Σ_{k≥0} (sign·u²)^k u/(2k+1): atanh(u) for sign = +1, atan(u) for sign = −1, for every
     * point of the ball u with |u|² ≤ 1/2. Remainder (note §4.3): the tail after k = K is at
     * most U^(2K+3)/(2K+3) · 1/(1 − U²) ≤ 2 U^(2K+3)/(2K+3).
     */
    static ApfloatBall oddSeries(ApfloatBall u, int sign, ApfloatBall.Field w) {
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
        ApfloatBall v = u.square();
        if (sign < 0) {
            v = v.negate();
        }
        ApfloatBall s = invOdd(kk, w);
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
     * expm1 on every point of the ball t: halve s times, Taylor series of e^u − 1 with
     * remainder 2U^(N+1)/(N+1)! (note §4.1), then s doublings e^(2u) − 1 = E(E + 2), which keep
     * the relative accuracy of small results.
     */
    static ApfloatBall expm1Core(ApfloatBall t, ApfloatBall.Field w) {
        BallRadius big = t.absUpper();
        if (big.isZero()) {
            return w.zero();
        }
        int target = (int) Math.max(2, Math.sqrt(w.bits) / 2);
        int s = (int) Math.max(0, big.e + 1 + target); // |t| < 2^(e+1), so |u| < 2^-target
        ApfloatBall u = t.in(w).scalePow2(-s);
        BallRadius ub = big.mulPow2(-s);
        double lu = log2(ub);
        int n = 1;
        double logFact = 0; // log2((n+1)!) accumulated
        logFact += 1;
        while ((n + 1) * lu - logFact > -(w.bits + 8.0) + Math.min(0, lu)) {
            n++;
            logFact += Math.log(n + 1) / Math.log(2);
        }
        ApfloatBall sum = invFactorial(n, w);
        for (int k = n - 1; k >= 1; k--) {
            sum = sum.multiply(u).add(invFactorial(k, w));
        }
        sum = sum.multiply(u);
        // tail Σ_{k>n} U^k/k! <= U^(n+1)/(n+1)! · 1/(1 − U/(n+2)) <= 2 U^(n+1)/(n+1)! for U <= 1
        sum = sum.widen(ub.pow(n + 1).mul(BallRadius.invFactorialUp(n + 1)).mulPow2(1));
        ApfloatBall two = w.of(2);
        for (int i = 0; i < s; i++) {
            sum = sum.multiply(sum.add(two));
        }
        return sum;
    }

    // ------------------------------------------------------------------ functions at exact points

    static ApfloatBall exp(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() == 0) {
            return w.one();
        }
        if (x.scale() > 40) { // |x| >= 2^39
            if (x.signum() > 0) {
                throw new ArithmeticException("exp overflow: argument too large");
            }
            // 0 < e^x <= e^(-2^39) < 2^(-2^39): the ball [0, 2^(-2^39)]
            BallRadius h = BallRadius.pow2(-(1L << 39) - 1);
            return new ApfloatBall(h.toApfloat(), h, w);
        }
        long k = Math.round(x.doubleValue() / LN2_APPROX); // any k is sound; this one makes |t| <~ 0.35
        ApfloatBall t;
        if (k == 0) {
            t = ApfloatBall.point(x, w);
        } else {
            int extra = 64 - Long.numberOfLeadingZeros(Math.abs(k)) + 8;
            ApfloatBall.Field wk = ApfloatBall.fieldUnchecked(w.bits + extra);
            t = ApfloatBall.point(x, wk).subtract(ln2(wk).multiply(wk.of(k))).in(w);
        }
        return expm1Core(t, w).add(w.one()).scalePow2(k);
    }

    /** log x for exact x &gt; 0: x = 2^j f with f in [1/√2, √2), log f = 2 atanh((f−1)/(f+1)) with f ± 1 exact. */
    static ApfloatBall log(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("log of a non-positive number");
        }
        long j = x.scale();
        Apfloat f = ApfloatBall.scale2(x, -j); // in [1/2, 1)
        if (f.multiply(f).compareTo(HALF) < 0) {
            f = ApfloatBall.scale2(f, 1);
            j -= 1;
        }
        ApfloatBall u = ApfloatBall.point(f.subtract(ApfloatBall.A_ONE), w).divide(ApfloatBall.point(f.add(ApfloatBall.A_ONE), w));
        ApfloatBall r = oddSeries(u, 1, w).scalePow2(1);
        if (j != 0) {
            int extra = 64 - Long.numberOfLeadingZeros(Math.abs(j)) + 8;
            ApfloatBall.Field wj = ApfloatBall.fieldUnchecked(w.bits + extra);
            r = r.add(ln2(wj).multiply(wj.of(j)).in(w));
        }
        return r;
    }

    /** log(1 + y) on every point of the ball y (y &gt; −1/2). */
    static ApfloatBall log1p(ApfloatBall y, ApfloatBall.Field w) {
        BallRadius big = y.absUpper();
        if (big.compareTo(BallRadius.pow2(-w.bits - 8)) < 0) {
            // |log(1+y) − y| <= y² for |y| <= 1/2
            return y.in(w).widen(big.mul(big));
        }
        Apfloat lo = y.lowerA();
        if (lo.compareTo(HALF.negate()) < 0) {
            throw new IllegalStateException("log1p argument below -1/2");
        }
        ApfloatBall r = log(ApfloatBall.A_ONE.add(y.mid()), w);
        // d/dy log(1+y) = 1/(1+y) <= 1 for y >= 0, <= 2 for y >= -1/2
        return r.widen(y.radius().mulPow2(lo.signum() >= 0 ? 0 : 1));
    }

    static ApfloatBall tanh(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() == 0) {
            return w.zero();
        }
        Apfloat a = ApfloatMath.abs(x);
        ApfloatBall r;
        if (a.compareTo(HALF) < 0) {
            // tanh a = E/(E + 2) with E = e^(2a) − 1: no cancellation near 0
            ApfloatBall e = expm1Core(ApfloatBall.point(ApfloatBall.scale2(a, 1), w), w);
            r = e.divide(e.add(w.of(2)));
        } else {
            ApfloatBall e = exp(ApfloatBall.scale2(a, 1).negate(), w);
            r = w.one().subtract(e).divide(w.one().add(e));
        }
        return x.signum() < 0 ? r.negate() : r;
    }

    static ApfloatBall logistic(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() >= 0) {
            return w.one().divide(w.one().add(exp(x.negate(), w)));
        }
        ApfloatBall e = exp(x, w);
        return e.divide(w.one().add(e));
    }

    /** softplus x = max(x, 0) + log(1 + e^(−|x|)). */
    static ApfloatBall softplus(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() >= 0) {
            return ApfloatBall.point(x, w).add(log1p(exp(x.negate(), w), w));
        }
        return log1p(exp(x, w), w);
    }

    static ApfloatBall sqrt(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() < 0) {
            throw new ArithmeticException("sqrt of a negative number");
        }
        if (x.signum() == 0) {
            return w.zero();
        }
        long p = w.bits + 8L;
        Apfloat q = ApfloatBall.truncate(ApfloatMath.sqrt(x.precision(p)).precision(Apfloat.INFINITE), w.bits);
        Apfloat res = x.subtract(q.multiply(q)); // exact
        // |sqrt x − q| = |res| / (sqrt x + q) <= |res| / q
        BallRadius eps = res.signum() == 0 ? BallRadius.ZERO : BallRadius.upperAbs(res).div(BallRadius.lowerAbs(q));
        return new ApfloatBall(q, eps, w);
    }

    /**
     * erf: for large |x| the bound erfc a &le; e^(−a²)/(a√π) &le; 2^(−a² log2 e) (a &ge; 1), else
     * the Taylor series (2/√π) Σ (−1)^n a^(2n+1)/(n!(2n+1)) with tail bound (note §4.4) at a
     * precision raised by a² log2 e bits against its cancellation.
     */
    static ApfloatBall erf(Apfloat x, ApfloatBall.Field w) {
        if (x.signum() == 0) {
            return w.zero();
        }
        Apfloat a = ApfloatMath.abs(x);
        double ad = BallRadius.lowerAbs(a).toDoubleDown();
        ApfloatBall r;
        double a2 = Math.nextDown(ad * ad);
        if (ad >= 1 && a2 * LOG2_E_DOWN >= w.bits + 8) {
            // a smaller exponent is a larger (still valid) bound; the cap keeps mid ± rad short
            long ex = Math.min((long) Math.floor(Math.nextDown(a2 * LOG2_E_DOWN)), 2L * w.bits + 64);
            r = new ApfloatBall(ApfloatBall.A_ONE, BallRadius.pow2(-ex), w);
        } else {
            BallRadius au = BallRadius.upperAbs(a);
            double aup = au.toDoubleUp();
            int extra = (int) Math.ceil(aup * aup * 1.45) + 8;
            ApfloatBall.Field we = ApfloatBall.fieldUnchecked(w.bits + extra);
            ApfloatBall ab = ApfloatBall.point(a, we);
            ApfloatBall v = ab.square();
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
            ApfloatBall s = erfCoefficient(n, we);
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
    static BallRadius erfDerivativeSup(ApfloatBall x) {
        double y = Math.nextDown(BallRadius.lowerAbs(x.mid()).toDoubleDown() - x.radius().toDoubleUp());
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
