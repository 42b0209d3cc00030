package org.flowcert.prove.critical;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The profiled loss of a shallow 1-1-1 network with a monomial activation σ(z) = a·z^d
 * (d ≥ 1, a ≠ 0) and a quadratic risk L = ⟨N − f, N − f⟩ (an integral risk with a piecewise
 * polynomial target, or a data risk with scalar inputs and outputs).
 *
 * <p>For w ≠ 0 write A = a·v·w^d, β = b/w, so N(x) = A (x + β)^d + c; minimising the convex
 * quadratic over (A, c) leaves R(β) = num(β)/den(β) with den &gt; 0 on ℝ. The critical values
 * of L with w ≠ 0 are exactly the values R(β*) at the real roots β* of
 * P = num'·den − num·den'; those with w = 0 are the single value ⟨f, f⟩ − ⟨f, 1⟩²/⟨1, 1⟩.
 * Proof: proofs-notes/critical-polynomial-profile.md. Everything here is exact.
 */
public final class MonomialProfile {
    private final int degree;
    private final RationalPolynomial num;
    private final RationalPolynomial den;
    private final BigFraction flatValue;
    private final RationalPolynomial rawNum;
    private final RationalPolynomial rawDen;

    private MonomialProfile(int degree, RationalPolynomial num, RationalPolynomial den, BigFraction flatValue,
            RationalPolynomial rawNum, RationalPolynomial rawDen) {
        this.degree = degree;
        this.num = num;
        this.den = den;
        this.flatValue = flatValue;
        this.rawNum = rawNum;
        this.rawDen = rawDen;
    }

    /** Why a problem is outside the family, or null when it is inside. */
    public static String unsupportedReason(Problem problem) {
        Network net = problem.network();
        int[] w = net.widths();
        if (w.length != 3 || w[0] != 1 || w[1] != 1 || w[2] != 1) {
            return "the exact critical-value reduction covers widths [1, 1, 1] only";
        }
        if (!(net.activation() instanceof Activation.Poly)) {
            return "the exact critical-value reduction needs a monomial activation poly:0,...,0,a";
        }
        BigFraction[] a = ((Activation.Poly) net.activation()).coefficients();
        int d = a.length - 1;
        while (d >= 0 && a[d].signum() == 0) {
            d--;
        }
        if (d < 1) {
            return "the activation is constant";
        }
        for (int i = 0; i < d; i++) {
            if (a[i].signum() != 0) {
                return "the activation must be a monomial a·z^d (here coefficient " + i + " is not zero)";
            }
        }
        Risk r = problem.risk();
        if (r instanceof Risk.Data) {
            Risk.Data data = (Risk.Data) r;
            for (int i = 0; i < data.size(); i++) {
                if (data.x()[i].length != 1 || data.y()[i].length != 1) {
                    return "data risk with vector inputs or outputs";
                }
            }
        }
        return null;
    }

    /** The reduction for {@code problem}; throws IllegalArgumentException outside the family. */
    public static MonomialProfile of(Problem problem) {
        String why = unsupportedReason(problem);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        BigFraction[] a = ((Activation.Poly) problem.network().activation()).coefficients();
        int d = a.length - 1;
        while (a[d].signum() == 0) {
            d--;
        }
        Moments m = Moments.of(problem.risk(), 2 * d);
        // φ(x) = (x + β)^d = Σ_k C(d,k) x^k β^(d−k): its inner products are polynomials in β
        RationalPolynomial phiPhi = RationalPolynomial.ZERO;
        RationalPolynomial phiOne = RationalPolynomial.ZERO;
        RationalPolynomial phiF = RationalPolynomial.ZERO;
        for (int k = 0; k <= d; k++) {
            BigFraction ck = BigFraction.of(binomial(d, k));
            phiOne = phiOne.add(RationalPolynomial.monomial(ck.multiply(m.mu(k)), d - k));
            phiF = phiF.add(RationalPolynomial.monomial(ck.multiply(m.tau(k)), d - k));
            for (int l = 0; l <= d; l++) {
                BigFraction cl = BigFraction.of(binomial(d, l));
                phiPhi = phiPhi.add(RationalPolynomial.monomial(ck.multiply(cl).multiply(m.mu(k + l)), 2 * d - k - l));
            }
        }
        RationalPolynomial mu0 = RationalPolynomial.constant(m.mu(0));
        RationalPolynomial tau0 = RationalPolynomial.constant(m.tau(0));
        // Gram matrix [[⟨φ,φ⟩, ⟨φ,1⟩], [⟨φ,1⟩, ⟨1,1⟩]], det = den; min over (A, c) is
        // ρ − uᵀ M⁻¹ u with u = (⟨φ,f⟩, ⟨1,f⟩), i.e. (ρ·det − uᵀ adj(M) u) / det
        RationalPolynomial det = phiPhi.multiply(mu0).subtract(phiOne.multiply(phiOne));
        RationalPolynomial quad = mu0.multiply(phiF).multiply(phiF)
                .subtract(phiOne.multiply(phiF).multiply(tau0).scale(BigFraction.of(2)))
                .add(phiPhi.multiply(tau0).multiply(tau0));
        RationalPolynomial numer = det.scale(m.rho()).subtract(quad);
        if (m.mu(0).signum() <= 0) {
            throw new IllegalArgumentException("the risk gives the constant function zero weight");
        }
        BigFraction flat = m.rho().subtract(m.tau(0).multiply(m.tau(0)).divide(m.mu(0)));
        // cancel a common factor (it has no real root since det has none when the proof applies)
        RationalPolynomial rawNum = numer;
        RationalPolynomial rawDen = det;
        RationalPolynomial g = RationalPolynomial.gcd(numer, det);
        if (g.degree() > 0) {
            numer = numer.exactDivide(g);
            det = det.exactDivide(g);
        }
        BigFraction s = det.leading().signum() < 0 ? BigFraction.of(-1) : BigFraction.ONE;
        BigFraction norm = det.leading().abs().reciprocal();
        return new MonomialProfile(d, numer.scale(s.multiply(norm)), det.scale(s.multiply(norm)), flat, rawNum, rawDen);
    }

    static BigInteger binomial(int n, int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }

    public int degree() {
        return degree;
    }

    /** Numerator of R(β). */
    public RationalPolynomial numerator() {
        return num;
    }

    /** Denominator of R(β) (monic; positive on ℝ when {@link #denominatorPositive()}). */
    public RationalPolynomial denominator() {
        return den;
    }

    /** The critical value of the w = 0 critical points: ⟨f, f⟩ − ⟨f, 1⟩²/⟨1, 1⟩. */
    public BigFraction flatValue() {
        return flatValue;
    }

    /**
     * ρ·det M(β) − uᵀ adj(M(β)) u, before cancelling common factors (what the checker's rule
     * critical-profile recomputes: proofs-notes/rules/critical-profile.md).
     */
    public RationalPolynomial rawNumerator() {
        return rawNum;
    }

    /** det M(β), the Gram determinant, before cancelling common factors. */
    public RationalPolynomial rawDenominator() {
        return rawDen;
    }

    /**
     * Whether the Gram determinant det M(β) has no real root (so M(β) ≻ 0 for every β and the
     * reduction applies). Checked on the uncancelled determinant: a real root cancelled against
     * the numerator would still break the proof.
     */
    public boolean denominatorPositive() {
        if (rawDen.degree() <= 0) {
            return rawDen.leading().signum() > 0;
        }
        RationalPolynomial sf = rawDen.squareFreePart();
        return SturmSequence.of(sf).countAll() == 0 && rawDen.signAt(BigFraction.ZERO) > 0;
    }

    /** P = num'·den − num·den', whose real roots are the critical points of R. */
    public RationalPolynomial derivativeNumerator() {
        return num.derivative().multiply(den).subtract(num.multiply(den.derivative()));
    }

    /** R(β) exactly. */
    public BigFraction value(BigFraction beta) {
        return num.evaluate(beta).divide(den.evaluate(beta));
    }

    /** The inner-product moments μ_n = ⟨1, x^n⟩, τ_n = ⟨f, x^n⟩ and ρ = ⟨f, f⟩ of a risk, exactly. */
    record Moments(BigFraction[] mu, BigFraction[] tau, BigFraction rho) {
        BigFraction mu(int n) {
            return mu[n];
        }

        BigFraction tau(int n) {
            return tau[n];
        }

        static Moments of(Risk risk, int maxN) {
            BigFraction[] mu = new BigFraction[maxN + 1];
            BigFraction[] tau = new BigFraction[maxN + 1];
            BigFraction rho = BigFraction.ZERO;
            if (risk instanceof Risk.Integral) {
                Risk.Integral in = (Risk.Integral) risk;
                for (int n = 0; n <= maxN; n++) {
                    mu[n] = integrate(RationalPolynomial.monomial(BigFraction.ONE, n), in.a(), in.b());
                    tau[n] = BigFraction.ZERO;
                }
                for (Risk.Piece p : in.target()) {
                    RationalPolynomial f = RationalPolynomial.of(p.poly());
                    for (int n = 0; n <= maxN; n++) {
                        tau[n] = tau[n].add(integrate(f.multiply(RationalPolynomial.monomial(BigFraction.ONE, n)),
                                p.from(), p.to()));
                    }
                    rho = rho.add(integrate(f.multiply(f), p.from(), p.to()));
                }
            } else {
                Risk.Data data = (Risk.Data) risk;
                BigFraction w = data.weight();
                for (int n = 0; n <= maxN; n++) {
                    mu[n] = BigFraction.ZERO;
                    tau[n] = BigFraction.ZERO;
                }
                for (int i = 0; i < data.size(); i++) {
                    BigFraction x = data.x()[i][0];
                    BigFraction y = data.y()[i][0];
                    BigFraction xn = BigFraction.ONE;
                    for (int n = 0; n <= maxN; n++) {
                        mu[n] = mu[n].add(w.multiply(xn));
                        tau[n] = tau[n].add(w.multiply(y).multiply(xn));
                        xn = xn.multiply(x);
                    }
                    rho = rho.add(w.multiply(y).multiply(y));
                }
            }
            return new Moments(mu, tau, rho);
        }
    }

    /** ∫_a^b p(x) dx exactly. */
    static BigFraction integrate(RationalPolynomial p, BigFraction a, BigFraction b) {
        BigFraction[] c = p.coefficients();
        BigFraction[] anti = new BigFraction[c.length + 1];
        anti[0] = BigFraction.ZERO;
        for (int i = 0; i < c.length; i++) {
            anti[i + 1] = c[i].divide(i + 1);
        }
        RationalPolynomial F = RationalPolynomial.of(anti);
        return F.evaluate(b).subtract(F.evaluate(a));
    }

    @Override
    public String toString() {
        return "R(beta) = " + num + " / " + den + ", flat value " + flatValue;
    }

}
