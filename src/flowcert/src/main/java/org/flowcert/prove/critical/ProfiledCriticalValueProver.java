package org.flowcert.prove.critical;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;

/**
 * Proves {@code critical-values-above c everywhere} for the family of {@link MonomialProfile}
 * by exact real algebra: Sturm root isolation of P = num'·den − num·den' and, at each real
 * root β*, either gcd(P, num − c·den) vanishes at β* (so R(β*) = c) or num − c·den has no
 * root on a refined isolating interval and is positive at its ends (so R(β*) &gt; c).
 * Method and proof: proofs-notes/critical-polynomial-profile.md.
 */
public final class ProfiledCriticalValueProver {
    private ProfiledCriticalValueProver() {
    }

    /** How one real critical point β* of R was shown to have R(β*) ≥ c. */
    public enum Rule {
        /** gcd(P, num − c·den) has a root in the interval, so R(β*) = c. */
        EQUAL,
        /** num − c·den has no root in [lo, hi] and is positive at lo, so R(β*) &gt; c. */
        ABOVE
    }

    public record RootCase(RootIsolation.Isolated interval, Rule rule) {
    }

    /**
     * The outcome: when {@code proved}, {@code roots} covers every real root of the square-free
     * part of P, in increasing order; otherwise {@code reason} says why not.
     */
    public record Result(boolean proved, String reason, BigFraction value, MonomialProfile profile,
            RationalPolynomial squareFreeP, List<RootCase> roots) {
    }

    /** Tries to prove that every critical value of the problem's loss is ≥ c. Never throws on a false claim. */
    public static Result prove(Problem problem, BigFraction c) {
        String why = MonomialProfile.unsupportedReason(problem);
        if (why != null) {
            return refuse(why, c, null);
        }
        MonomialProfile prof = MonomialProfile.of(problem);
        if (!prof.denominatorPositive()) {
            return refuse("the Gram determinant of (x+β)^d and 1 vanishes at a real β: reduction does not apply", c,
                    prof);
        }
        if (Numbers.compare(prof.flatValue(), c) < 0) {
            return refuse("the critical points with w = 0 have loss " + Numbers.format(prof.flatValue())
                    + " < " + Numbers.format(c), c, prof);
        }
        RationalPolynomial p = prof.derivativeNumerator();
        RationalPolynomial q = prof.numerator().subtract(prof.denominator().scale(c));
        if (p.isZero()) {
            // R is constant: every β is critical, with the value R(0)
            BigFraction v = prof.value(BigFraction.ZERO);
            return Numbers.compare(v, c) >= 0 ? new Result(true, null, c, prof, p, List.of())
                    : refuse("R is constant " + Numbers.format(v) + " < " + Numbers.format(c), c, prof);
        }
        RationalPolynomial ps = p.squareFreePart().primitive();
        RationalPolynomial g = RationalPolynomial.gcd(ps, q);
        RationalPolynomial qs = q.isZero() ? q : q.squareFreePart();
        List<RootCase> cases = new ArrayList<>();
        for (RootIsolation.Isolated iv : RootIsolation.isolate(ps)) {
            if (q.isZero() || (g.degree() > 0 && g.signAt(iv.lo()) != 0 && g.signAt(iv.hi()) != 0
                    && SturmSequence.of(g).count(iv.lo(), iv.hi()) == 1)) {
                cases.add(new RootCase(iv, Rule.EQUAL));
                continue;
            }
            // q(β*) ≠ 0: refine until q has no root in [lo, hi]; then its sign there is q(β*)'s
            SturmSequence sq = SturmSequence.of(qs);
            RootIsolation.Isolated cur = iv;
            while (q.signAt(cur.lo()) == 0 || q.signAt(cur.hi()) == 0 || sq.count(cur.lo(), cur.hi()) != 0) {
                cur = RootIsolation.bisect(ps, cur);
            }
            if (q.signAt(cur.lo()) < 0) {
                return refuse("a critical point β* in (" + Numbers.format(cur.lo()) + ", " + Numbers.format(cur.hi())
                        + ") has critical value R(β*) " + valueEnclosure(prof, ps, cur, c) + " < " + Numbers.format(c),
                        c, prof);
            }
            cases.add(new RootCase(cur, Rule.ABOVE));
        }
        return new Result(true, null, c, prof, ps, List.copyOf(cases));
    }

    /**
     * An estimate (not a bound) of the smallest critical value: min of the flat value and R at
     * the midpoints of finely refined isolating intervals; null outside the family. Used only to
     * choose a value c that {@link #prove} then proves rigorously.
     */
    public static BigFraction smallestCriticalValueEstimate(Problem problem) {
        if (MonomialProfile.unsupportedReason(problem) != null) {
            return null;
        }
        MonomialProfile prof = MonomialProfile.of(problem);
        BigFraction m = prof.flatValue();
        RationalPolynomial p = prof.derivativeNumerator();
        if (p.isZero()) {
            return Numbers.min(m, prof.value(BigFraction.ZERO));
        }
        RationalPolynomial ps = p.squareFreePart().primitive();
        for (RootIsolation.Isolated iv : RootIsolation.isolate(ps)) {
            for (int i = 0; i < 40; i++) {
                iv = RootIsolation.bisect(ps, iv);
            }
            m = Numbers.min(m, prof.value(iv.lo().add(iv.hi()).divide(2)));
        }
        return m;
    }

    /**
     * The sign of (num − v·den)(β*) at the only root β* of ps in iv, i.e. the sign of R(β*) − v
     * (den &gt; 0): 0 when gcd(ps, num − v·den) vanishes in iv, else the sign at the ends of an
     * interval refined until num − v·den has no root in it (the same argument as {@link #prove}).
     */
    private static int signAtRoot(MonomialProfile prof, RationalPolynomial ps, RootIsolation.Isolated iv,
            BigFraction v) {
        RationalPolynomial q = prof.numerator().subtract(prof.denominator().scale(v));
        if (q.isZero()) {
            return 0;
        }
        RationalPolynomial g = RationalPolynomial.gcd(ps, q);
        if (g.degree() > 0 && g.signAt(iv.lo()) != 0 && g.signAt(iv.hi()) != 0
                && SturmSequence.of(g).count(iv.lo(), iv.hi()) == 1) {
            return 0;
        }
        SturmSequence sq = SturmSequence.of(q.squareFreePart());
        RootIsolation.Isolated cur = iv;
        while (q.signAt(cur.lo()) == 0 || q.signAt(cur.hi()) == 0 || sq.count(cur.lo(), cur.hi()) != 0) {
            cur = RootIsolation.bisect(ps, cur);
        }
        return q.signAt(cur.lo());
    }

    /**
     * A proved enclosure of the critical value R(β*) &lt; c at the only root β* of ps in iv, as
     * text: "= v" when exact, else "in [lo, hi]" (decimals rounded outward) from a bisection on
     * the value with {@link #signAtRoot} (not R at an end of the interval, which is not a critical value).
     */
    static String valueEnclosure(MonomialProfile prof, RationalPolynomial ps, RootIsolation.Isolated iv,
            BigFraction c) {
        BigFraction hi = c;
        BigFraction r = prof.value(iv.lo());
        BigFraction step = r.abs().add(BigFraction.ONE);
        BigFraction lo = Numbers.min(r, c).subtract(step);
        for (int k = 0; k < 60; k++) {
            int s = signAtRoot(prof, ps, iv, lo);
            if (s == 0) {
                return "= " + Numbers.format(lo);
            }
            if (s > 0) {
                break;
            }
            hi = lo;
            step = step.multiply(2);
            lo = lo.subtract(step);
        }
        for (int k = 0; k < 40; k++) {
            BigFraction mid = lo.add(hi).divide(2);
            int s = signAtRoot(prof, ps, iv, mid);
            if (s == 0) {
                return "= " + Numbers.format(mid);
            }
            if (s > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return "in [" + decimal(lo, java.math.RoundingMode.FLOOR) + ", " + decimal(hi, java.math.RoundingMode.CEILING)
                + "]";
    }

    private static String decimal(BigFraction q, java.math.RoundingMode mode) {
        return new java.math.BigDecimal(q.getNumerator()).divide(new java.math.BigDecimal(q.getDenominator()),
                new java.math.MathContext(10, mode)).stripTrailingZeros().toPlainString();
    }

    private static Result refuse(String reason, BigFraction c, MonomialProfile prof) {
        return new Result(false, reason, c, prof, null, List.of());
    }
}
