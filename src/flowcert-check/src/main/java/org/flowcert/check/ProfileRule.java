package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code critical-profile}: every critical value of L is ≥ bound, for widths [1, 1, 1] and a
 * monomial activation a·z^d, replayed by exact algebra without search
 * (proofs-notes/rules/critical-profile.md, proofs-notes/critical-polynomial-profile.md).
 */
final class ProfileRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        Net n = st.net();
        BigFraction[] a = n.act.kind == Activation.Kind.POLY ? Poly.trim(n.act.coefficients) : new BigFraction[0];
        int d = a.length - 1;
        Invalid.when(n.widths.length != 3 || n.parameterCount() != 4 || d < 1
                || Poly.trim(Arrays.copyOf(a, d)).length > 0,
                "critical-profile needs widths [1, 1, 1] and an activation a*z^d");
        BigFraction c = st.number("bound");
        BigFraction[] num = coefficients(st, "num", 2 * d);
        BigFraction[] den = coefficients(st, "den", 2 * d);
        // L at θ = (1, β, A/a, c) is the quadratic form Q(A, c) of the note; six values fix it. With
        // A = 0 the output weight is 0, N ≡ c exactly, so those three values do not depend on β.
        BigFraction rho = q(n, BigFraction.ZERO, a[d], 0, 0);
        BigFraction q1 = q(n, BigFraction.ZERO, a[d], 0, 1);
        BigFraction qm1 = q(n, BigFraction.ZERO, a[d], 0, -1);
        BigFraction m22 = q1.add(qm1).divide(2).subtract(rho);
        BigFraction u2 = qm1.subtract(q1).divide(4);
        for (int i = 0; i <= 2 * d; i++) {
            BigFraction beta = BigFraction.of(i);
            BigFraction qa = q(n, beta, a[d], 1, 0);
            BigFraction qma = q(n, beta, a[d], -1, 0);
            BigFraction m11 = qa.add(qma).divide(2).subtract(rho);
            BigFraction u1 = qma.subtract(qa).divide(4);
            BigFraction m12 = q(n, beta, a[d], 1, 1).subtract(m11).subtract(m22).add(u1.add(u2).multiply(2))
                    .subtract(rho).divide(2);
            BigFraction det = m11.multiply(m22).subtract(m12.multiply(m12));
            BigFraction s = rho.multiply(det).subtract(u1.multiply(u1).multiply(m22)
                    .subtract(u1.multiply(u2).multiply(m12).multiply(2)).add(u2.multiply(u2).multiply(m11)));
            st.when(!Poly.eval(den, beta).subtract(det).equals(BigFraction.ZERO)
                    || !Poly.eval(num, beta).subtract(s).equals(BigFraction.ZERO),
                    "num/den are not the profiled loss at beta = " + i);
        }
        st.when(m22.signum() <= 0 || rho.subtract(u2.multiply(u2).divide(m22)).subtract(c).signum() < 0,
                "the critical points with w = 0 have loss below " + c);
        st.when(Poly.count(den, null, null) != 0 || Poly.eval(den, BigFraction.ZERO).signum() <= 0,
                "den is not positive on the real line");
        BigFraction[] p = Poly.lin(BigFraction.ONE, Poly.mul(Poly.der(num), den), BigFraction.ONE.negate(),
                Poly.mul(num, Poly.der(den)));
        BigFraction[] qc = Poly.lin(BigFraction.ONE, num, c.negate(), den);
        JsonNode roots = st.json().path("roots");
        if (p.length == 0) {
            st.when(Poly.eval(qc, BigFraction.ZERO).signum() < 0, "R is constant and below " + c);
            return new Fact.CriticalAbove(c, new Fact.Everywhere());
        }
        st.when(!roots.isArray() || roots.size() != Poly.count(p, null, null),
                "roots must list one interval per real root of P");
        BigFraction[] g = Poly.gcd(p, qc);
        BigFraction prev = null;
        for (JsonNode iv : roots) {
            RationalInterval r = Json.interval(iv, 0, "step " + st.id() + ": roots");
            BigFraction l = r.lo();
            BigFraction h = r.hi();
            st.when((prev != null && l.subtract(prev).signum() < 0) || l.subtract(h).signum() >= 0
                    || Poly.eval(p, l).signum() == 0 || Poly.eval(p, h).signum() == 0 || Poly.count(p, l, h) != 1,
                    r + " does not isolate one root of P");
            prev = h;
            boolean equal = qc.length == 0 || (g.length > 1 && Poly.eval(g, l).signum() != 0
                    && Poly.eval(g, h).signum() != 0 && Poly.count(g, l, h) >= 1);
            st.when(!equal && (Poly.eval(qc, l).signum() <= 0 || Poly.eval(qc, h).signum() <= 0
                    || Poly.count(qc, l, h) != 0),
                    "R at the critical point in " + r + " is not shown >= " + c);
        }
        return new Fact.CriticalAbove(c, new Fact.Everywhere());
    }

    private static BigFraction[] coefficients(Step st, String name, int maxDegree) throws Invalid {
        BigFraction[] p = Poly.trim(st.numbers(name));
        st.when(p.length > maxDegree + 1, name + " has degree above " + maxDegree);
        return p;
    }

    /** L exactly at θ = (1, β, A/a, c). */
    private static BigFraction q(Net n, BigFraction beta, BigFraction a, int amp, int c) throws Invalid {
        BigFraction[] t = {BigFraction.ONE, beta, BigFraction.of(amp).divide(a), BigFraction.of(c)};
        return n.loss(Net.point(t, 0), 0).v().lo();
    }
}
