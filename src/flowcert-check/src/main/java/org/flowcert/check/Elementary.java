package org.flowcert.check;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rational enclosures of exp, log, tanh, logistic, softplus and erf by series with proven
 * remainders (proofs-notes/rules/elementary.md, one paragraph per function).
 */
final class Elementary {
    /** π to 40 digits, rounded down and up (A000796). */
    private static final BigFraction PI_LO = BigFraction.of(new BigInteger("31415926535897932384626433832795028841971"),
            BigInteger.TEN.pow(40));
    private static final BigFraction PI_HI = BigFraction.of(new BigInteger("31415926535897932384626433832795028841972"),
            BigInteger.TEN.pow(40));
    private static final BigFraction HALF = BigFraction.of(1, 2);
    /** Extra working bits beyond the requested precision. */
    private static final int GUARD = 24;

    private Elementary() {
    }

    /** A point evaluation f(q) at {@code bits}: its function's name, q's numerator and denominator, bits. */
    private record Key(String f, BigInteger num, BigInteger den, int bits) {
    }

    /**
     * The point evaluations of this thread's check (elementary.md, "Repeated arguments"): a leaf test meets the same
     * pre-activations over and over (the first layer's depend only on the inner parameters, shared by the cell, its
     * centre, its profiled box and its dual box), and each function here is a fixed function of (q, bits), so a
     * repeated evaluation returns the enclosure computed the first time, the very same numbers. At most
     * {@link #ENTRIES} (then emptied), arguments of at most {@link #KEY_BITS} bits (a hostile certificate cannot
     * fill memory with huge keys), and emptied when the thread starts another check, so that each check meets its
     * own limits.
     */
    private record Memo(Work owner, Map<Key, RationalInterval> map) {
    }

    private static final int ENTRIES = 4096;
    /** Arguments with more bits than this (numerator and denominator together) are evaluated but not remembered. */
    private static final int KEY_BITS = 4096;
    private static final ThreadLocal<Memo> MEMO = new ThreadLocal<>();

    /** f(q, bits), or the enclosure this thread's check computed for the same f, q and bits. */
    private static RationalInterval memo(String name, BiFunction<BigFraction, Integer, RationalInterval> f,
            BigFraction q, int bits) {
        Work w = Work.get();
        Memo m = MEMO.get();
        if (m == null || m.owner != w || m.map.size() >= ENTRIES) {
            m = new Memo(w, new HashMap<>());
            MEMO.set(m);
        }
        BigInteger[] nd = RationalInterval.nd(q);
        if (nd[0].bitLength() + nd[1].bitLength() > KEY_BITS) { // a huge argument is not kept: the memo's memory
            return f.apply(q, bits);                              // stays below ENTRIES · KEY_BITS bits of keys
        }
        Key k = new Key(name, nd[0], nd[1], bits);
        RationalInterval r = m.map.get(k);
        if (r == null) {
            r = f.apply(q, bits);
            m.map.put(k, r);
        }
        return r;
    }

    /**
     * Σ_{i<N} t_i + [lo, hi]·|t_N| for u_0 = first, u_i = next(u_(i−1), i), t_i = u_i (or u_i/(2i + 1)
     * when odd), N the first i ≥ from with |t_i| < 2^-(p+2); the caller's note proves that the
     * remainder lies in [lo, hi]·|t_N|.
     */
    private static RationalInterval series(RationalInterval first, BiFunction<RationalInterval, Integer,
            RationalInterval> next, boolean odd, BigFraction from,
            BigFraction lo, BigFraction hi, int p) {
        BigInteger[] fnd = RationalInterval.nd(from);
        BigInteger start = fnd[0].add(fnd[1]).subtract(BigInteger.ONE).divide(fnd[1]).max(BigInteger.ZERO); // ⌈from⌉
        RationalInterval u = first;
        RationalInterval sum = RationalInterval.of(BigFraction.ZERO, p);
        long terms = Work.limits().terms();
        for (int i = 0;; i++) {
            if (i > terms) {
                throw LimitExceeded.of("an elementary-function series at " + p + " bits", "terms", i + " terms", terms);
            }
            Work.tick();
            u = i == 0 ? first : next.apply(u, i);
            RationalInterval t = odd ? u.mul(RationalInterval.of(BigFraction.of(1, 2 * i + 1), p)) : u;
            // i ≥ from (i ≥ ⌈from⌉ for an integer i) and |t_i| < 2^-(p+2)
            if (start.bitLength() < 31 && i >= start.intValue() && t.magBelow(-(p + 2))) {
                return sum.add(RationalInterval.of(t.mag().multiply(lo), t.mag().multiply(hi), p));
            }
            sum = sum.add(t);
        }
    }

    /** e^q (elementary.md, exp): Taylor on q/2^k with |q/2^k| ≤ 1/2, remainder ≤ 2|y|^N/N!, then k squarings. */
    static RationalInterval exp(BigFraction q, int bits) {
        BigFraction t = cutoff(bits);
        if (q.add(t).signum() <= 0) { // e^q ≤ 2^q ≤ 2^-M (elementary.md, "Large arguments")
            return RationalInterval.of(BigFraction.ZERO, twoToMinus(tailBits(q.negate(), bits)), bits);
        }
        Dyadic[] e = expDyadic(q, bits);
        return RationalInterval.hull(e[0], e[1], bits);
    }

    /**
     * {lo, hi} ∋ e^q in dyadic arithmetic (elementary.md, "Dyadic arithmetic"): y = q/2^k rounded down and up
     * to p significant bits, e^y from below and above ({@link #expSeries}), k squarings rounded the same way.
     */
    private static Dyadic[] expDyadic(BigFraction q, int bits) {
        BigFraction t = cutoff(bits);
        if (q.subtract(t.multiply(4)).signum() > 0) {
            throw new ArithmeticException("exp of an argument above " + t.multiply(4) + " is not needed by any rule");
        }
        int k = 0;
        BigFraction y = q;
        while (y.abs().subtract(HALF).signum() > 0) {
            y = y.divide(2);
            k++;
        }
        int p = bits + GUARD + k;
        Dyadic[] e = new Dyadic[2];
        for (int side = 0; side < 2; side++) {
            boolean up = side == 1;
            Dyadic r = Dyadic.of(y, p, up); // |r| ≤ 1/2 still: rounding to p bits never passes a power of two
            // e^r = 1/e^−r for r < 0: the reciprocal of the other side's bound, rounded this side's way
            Dyadic v = r.signum() >= 0 ? expSeries(r, p, up) : Dyadic.ONE.divide(expSeries(r.negate(), p, !up), p,
                    up);
            for (int i = 0; i < k; i++) {
                v = v.multiply(v).round(p, up); // squaring is increasing on positive numbers
            }
            e[side] = v;
        }
        return e;
    }

    /**
     * For a dyadic 0 ≤ r ≤ 1/2: Σ_{i<N} t_i ≤ e^r (up = false) or Σ_{i<N} t_i + 2t_N ≥ e^r (up), t_0 = 1,
     * t_i = t_(i−1)·r/i rounded down (up) to p bits, so t_i ≤ r^i/i! (≥); N the first i with t_i < 2^-(p+2).
     * The tail Σ_{i≥N} r^i/i! ≤ 2r^N/N! as r/(i + 1) ≤ 1/2 (elementary.md, exp).
     */
    private static Dyadic expSeries(Dyadic r, int p, boolean up) {
        Dyadic eps = Dyadic.ONE.scale(-(p + 2));
        Dyadic term = Dyadic.ONE;
        Dyadic sum = Dyadic.ZERO;
        long terms = Work.limits().terms();
        for (int i = 1; term.compare(eps) >= 0; i++) {
            if (i > terms) {
                throw LimitExceeded.of("an elementary-function series at " + p + " bits", "terms", i + " terms", terms);
            }
            Work.tick();
            sum = sum.add(term).round(p, up);
            term = term.multiply(r).divide(Dyadic.of(i), p, up);
        }
        return up ? sum.add(term.scale(1)).round(p, true) : sum;
    }

    /** atanh(s) for 0 ≤ s ≤ 1/3: Σ s^(2i+1)/(2i+1) + [0, s^(2N+1)/((2N+1)(1 − s²))]. */
    private static RationalInterval atanh(BigFraction s, int p) {
        RationalInterval ss = RationalInterval.of(s, p);
        RationalInterval s2 = ss.sqr();
        // the tail lies in [0, 9/8]·mag(t_N): 1/(1 − s²) ≤ 9/8 for s ≤ 1/3
        return series(ss, (u, i) -> u.mul(s2), true, BigFraction.ZERO, BigFraction.ZERO, BigFraction.of(9, 8), p);
    }

    /** log y for y > 0: y = 2^m·z, z ∈ [1, 2), log z = 2 atanh((z − 1)/(z + 1)), log 2 = 2 atanh(1/3). */
    static RationalInterval log(BigFraction y, int bits) {
        int m = RationalInterval.nd(y)[0].bitLength() - RationalInterval.nd(y)[1].bitLength();
        BigFraction z = m >= 0 ? y.divide(BigInteger.ONE.shiftLeft(m)) : y.multiply(BigInteger.ONE.shiftLeft(-m));
        if (z.subtract(BigFraction.ONE).signum() < 0) { // y/2^m lies in (1/2, 2) by the bit lengths
            z = z.multiply(2);
            m--;
        }
        int p = bits + GUARD + BigInteger.valueOf(m).bitLength();
        RationalInterval two = RationalInterval.of(BigFraction.of(2), p);
        RationalInterval logz = two.mul(atanh(z.subtract(1).divide(z.add(1)), p));
        RationalInterval log2 = two.mul(memo("atanh", Elementary::atanh, BigFraction.of(1, 3), p)); // log 2, once per p
        return log2.mul(RationalInterval.of(BigFraction.of(m), p)).add(logz).withBits(bits);
    }

    /** ⌊√q·2^k⌋/2^k ≤ √q ≤ (⌊√q·2^k⌋ + 1)/2^k, via the exact integer square root. */
    static RationalInterval sqrt(BigFraction q, int bits) {
        BigInteger[] nd = RationalInterval.nd(q);
        BigInteger r = nd[0].multiply(nd[1]).shiftLeft(2 * bits).sqrt();
        BigInteger den = nd[1].shiftLeft(bits);
        return RationalInterval.of(BigFraction.of(r, den), BigFraction.of(r.add(BigInteger.ONE), den), bits);
    }

    /** 1/√x for x ∈ [lo, hi], lo > 0. */
    private static RationalInterval invSqrt(BigFraction lo, BigFraction hi, int bits) {
        return RationalInterval.of(sqrt(hi, bits).hi().reciprocal(), sqrt(lo, bits).lo().reciprocal(), bits);
    }

    /**
     * The tail bounds of elementary.md, "Large arguments", apply for |q| ≥ this cutoff 4(bits + GUARD) + 64:
     * there the function is within 2^-M of its limit, M = {@link #tailBits}, far below the requested precision.
     */
    static BigFraction cutoff(int bits) {
        return BigFraction.of(4L * (bits + GUARD) + 64);
    }

    /** M = min(⌊x⌋, 2(bits + GUARD) + 2·bitLength(⌊x⌋ + 1)) for x ≥ 0, so that e^−x ≤ 2^−x ≤ 2^−M. */
    static int tailBits(BigFraction x, int bits) {
        BigInteger[] nd = RationalInterval.nd(x);
        BigInteger floor = nd[0].divide(nd[1]);
        long want = 2L * (bits + GUARD) + 2L * floor.add(BigInteger.ONE).bitLength();
        return (int) (floor.bitLength() < 62 ? Long.min(floor.longValue(), want) : want);
    }

    /** 2^-m, exactly. */
    private static BigFraction twoToMinus(int m) {
        return BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(m));
    }

    /** [1 − 2^-m, 1] or its negative (q < 0). */
    private static RationalInterval nearOne(BigFraction q, int m, int bits) {
        RationalInterval r = RationalInterval.hull(BigFraction.ONE.subtract(twoToMinus(m)), BigFraction.ONE, bits);
        return q.signum() < 0 ? r.neg() : r;
    }

    static RationalInterval tanh(BigFraction q, int bits) {
        if (q.abs().subtract(cutoff(bits)).signum() >= 0) { // 1 − 2e^−2|q| ≤ |tanh q| ≤ 1, e^−2|q| ≤ 2^-M
            return nearOne(q, tailBits(q.abs().multiply(2), bits) - 1, bits);
        }
        // (e − 1)/(e + 1) = 1 − 2/(e + 1) is increasing in e = e^2q
        Dyadic[] e = expDyadic(q.multiply(2), bits + GUARD);
        int p = bits + 2 * GUARD;
        Dyadic two = Dyadic.of(2);
        Dyadic lo = Dyadic.ONE.subtract(two.divide(e[0].add(Dyadic.ONE), p, true));
        Dyadic hi = Dyadic.ONE.subtract(two.divide(e[1].add(Dyadic.ONE), p, false));
        return RationalInterval.hull(lo, hi, bits);
    }

    static RationalInterval logistic(BigFraction q, int bits) {
        if (q.abs().subtract(cutoff(bits)).signum() >= 0) {
            // q ≥ T: 1 − e^−q ≤ 1/(1 + e^−q) ≤ 1; q ≤ −T: 0 ≤ e^q/(1 + e^q) ≤ e^q; e^−|q| ≤ 2^-M
            BigFraction tail = twoToMinus(tailBits(q.abs(), bits));
            return q.signum() > 0 ? RationalInterval.hull(BigFraction.ONE.subtract(tail), BigFraction.ONE, bits)
                    : RationalInterval.hull(BigFraction.ZERO, tail, bits);
        }
        Dyadic[] e = expDyadic(q.negate(), bits + GUARD); // 1/(1 + e) is decreasing in e = e^−q
        int p = bits + 2 * GUARD;
        return RationalInterval.hull(Dyadic.ONE.divide(e[1].add(Dyadic.ONE), p, false),
                Dyadic.ONE.divide(e[0].add(Dyadic.ONE), p, true), bits);
    }

    static RationalInterval softplus(BigFraction q, int bits) {
        if (q.abs().subtract(cutoff(bits)).signum() >= 0) { // 0 ≤ log(1 + e^−|q|) ≤ e^−|q| ≤ 2^-M
            BigFraction pos = q.signum() > 0 ? q : BigFraction.ZERO;
            return RationalInterval.hull(pos, pos.add(twoToMinus(tailBits(q.abs(), bits))), bits);
        }
        RationalInterval e = exp(q.abs().negate(), bits + GUARD);
        BigFraction pos = q.signum() > 0 ? q : BigFraction.ZERO;
        RationalInterval l = increasing(Elementary::log, RationalInterval.of(e.lo().add(1), e.hi().add(1), bits
                + GUARD), bits + GUARD);
        return RationalInterval.hull(pos.add(l.lo()), pos.add(l.hi()), bits);
    }

    /** erf q: alternating series for |q| ≤ 5, else 1 − e^(−q²)/(|q|√π) ≤ |erf q| ≤ 1 (the tail bound for q² ≥ T). */
    static RationalInterval erf(BigFraction q, int bits) {
        BigFraction a = q.abs();
        BigFraction a2 = a.multiply(a);
        if (a2.subtract(cutoff(bits)).signum() >= 0) { // erfc a ≤ e^−a²/(a√π) ≤ e^−a² ≤ 2^-M (a ≥ 1)
            return nearOne(q, tailBits(a2, bits), bits);
        }
        RationalInterval invSqrtPi = memo("1/sqrt(pi)", (x, b) -> invSqrt(PI_LO, PI_HI, b), BigFraction.ZERO, bits
                + GUARD);
        if (a.subtract(BigFraction.of(5)).signum() > 0) {
            RationalInterval e = exp(a.multiply(a).negate(), bits + GUARD);
            BigFraction lo = BigFraction.ONE.subtract(e.hi().multiply(invSqrtPi.hi()).divide(a));
            RationalInterval r = RationalInterval.hull(lo, BigFraction.ONE, bits);
            return q.signum() < 0 ? r.neg() : r;
        }
        BigFraction q2 = q.multiply(q);
        // terms grow to about e^(q²) < 2^(2q²) before they shrink: that many extra bits
        int p = bits + GUARD + 2 * (q2.intValue() + 1);
        RationalInterval mq2 = RationalInterval.of(q2.negate(), p);
        // t_i = u_i/(2i + 1), u_i = q^(2i+1)(−1)^i/i!: alternating with decreasing terms from index i ≥ q² on,
        // so the tail lies in [−1, 1]·mag(t_N)
        RationalInterval sum = series(RationalInterval.of(q, p), (u, i)
                -> u.mul(mq2).mul(RationalInterval.of(BigFraction.of(1, i), p)), true, q2,
                BigFraction.of(-1), BigFraction.ONE, p);
        return sum.mul(RationalInterval.of(BigFraction.of(2), p)).mul(invSqrtPi).withBits(bits);
    }

    /** f(z) for an increasing f given on points: [f(lo).lo, f(hi).hi]. */
    private static RationalInterval increasing(BiFunction<BigFraction, Integer, RationalInterval> f, RationalInterval z,
            int bits) {
        return z.isPoint() ? f.apply(z.lo(), bits) : RationalInterval.of(f.apply(z.lo(), bits).lo(), f.apply(z.hi(),
                bits).hi(), bits);
    }

    /** {@link #increasing} with the point evaluations of f (named {@code name}) remembered ({@link #memo}). */
    private static RationalInterval increasing(String name, BiFunction<BigFraction, Integer, RationalInterval> f,
            RationalInterval z, int bits) {
        return increasing((q, b) -> memo(name, f, q, b), z, bits);
    }

    /**
     * σ, σ', σ'' on an interval for the smooth activations (elementary.md, last paragraph), and σ''' when order is 3
     * (for the dual numbers of leaf t, proofs-notes/critical-profiled.md §4b: each a polynomial in the enclosures
     * above, written with one occurrence of the variable where it can be).
     */
    static RationalInterval[] activation(Activation a, RationalInterval z, int order) throws Invalid {
        int bits = z.bits();
        Invalid.when(bits <= 0, "activation " + a.kind + " needs bits > 0 (it is not rational)");
        RationalInterval one = z.c(BigFraction.ONE);
        switch (a.kind) {
            case TANH -> {
                RationalInterval t = increasing("tanh", Elementary::tanh, z, bits);
                RationalInterval d = one.sub(t.sqr());
                return Scalar.upTo(order, t, d, t.mul(d).mul(z.c(BigFraction.of(-2))),
                        order >= 3 ? tanhThird(t) : null);
            }
            case LOGISTIC -> {
                RationalInterval s = increasing("logistic", Elementary::logistic, z, bits);
                RationalInterval d = logisticDerivative(s);
                return Scalar.upTo(order, s, d, d.mul(one.sub(s.mul(z.c(BigFraction.of(2))))),
                        order >= 3 ? logisticThird(s) : null);
            }
            case SOFTPLUS -> {
                RationalInterval s = increasing("logistic", Elementary::logistic, z, bits);
                RationalInterval d = logisticDerivative(s);
                return Scalar.upTo(order, increasing("softplus", Elementary::softplus, z, bits), s, d,
                        order >= 3 ? d.mul(one.sub(s.mul(z.c(BigFraction.of(2))))) : null); // softplus''' = logistic''
            }
            case GELU -> {
                RationalInterval invSqrt2 = memo("sqrt", (q, b) -> sqrt(q, b + GUARD).withBits(b), HALF, bits);
                RationalInterval e = increasing("erf", Elementary::erf, z.mul(invSqrt2), bits);
                RationalInterval cdf = one.add(e).mul(z.c(HALF));
                RationalInterval arg = z.sqr().mul(z.c(HALF)).neg();
                RationalInterval pdf = increasing("exp", Elementary::exp, arg, bits)
                        .mul(memo("1/sqrt(2pi)", (q, b) -> invSqrt(PI_LO.multiply(2), PI_HI.multiply(2), b + GUARD)
                                .withBits(b), BigFraction.ZERO, bits));
                return Scalar.upTo(order, z.mul(cdf), cdf.add(z.mul(pdf)),
                        pdf.mul(z.c(BigFraction.of(2)).sub(z.sqr())),
                        order >= 3 ? pdf.mul(z.mul(z.sqr().sub(z.c(BigFraction.of(4))))) : null); // φ(z)(z³ − 4z)
            }
            default -> throw new Invalid("no enclosure for activation " + a.kind);
        }
    }

    /** tanh''' = (6t² − 2)(1 − t²) = 2/3 − 6(t² − 2/3)² for t = tanh z: one occurrence of t². */
    private static RationalInterval tanhThird(RationalInterval t) {
        RationalInterval twoThirds = t.c(BigFraction.of(2, 3));
        return twoThirds.sub(t.sqr().sub(twoThirds).sqr().mul(t.c(BigFraction.of(6))));
    }

    /**
     * logistic''' = s(1 − s)(1 − 6s + 6s²) = (1/4 − w)(6w − 1/2) = 1/24 − 6(w − 1/6)² for w = (s − 1/2)²: one
     * occurrence of w.
     */
    private static RationalInterval logisticThird(RationalInterval s) {
        RationalInterval w = s.sub(s.c(HALF)).sqr();
        return s.c(BigFraction.of(1, 24)).sub(w.sub(s.c(BigFraction.of(1, 6))).sqr().mul(s.c(BigFraction.of(6))));
    }

    /** s(1 − s) = 1/4 − (s − 1/2)², one occurrence of s so that it is tight on intervals. */
    private static RationalInterval logisticDerivative(RationalInterval s) {
        return s.c(BigFraction.of(1, 4)).sub(s.sub(s.c(HALF)).sqr());
    }
}
