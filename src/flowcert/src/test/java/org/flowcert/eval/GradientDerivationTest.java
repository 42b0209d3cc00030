package org.flowcert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Exact;
import org.flowcert.model.Problem;
import org.junit.jupiter.api.Test;

/**
 * The reverse-mode gradient against an independent derivation: difference quotients of the
 * exact loss, computed in exact rationals.
 *
 * <p>Data risks of piecewise-polynomial nets: near a generic θ (no pre-activation at a kink)
 * t ↦ L(θ + t e_k) is a polynomial of degree ≤ 2·deg(σ)^depth, so the central-difference
 * stencil on 2m+1 points, exact for degree ≤ 2m, gives L'(0) exactly. Two step sizes must agree
 * (no kink crossed). Integral risks: L is C¹ and piecewise smooth in θ with rational-function
 * pieces, so the check is the central quotient with h = 1e-6 (error O(h²)).
 */
class GradientDerivationTest {

    /** Weights of f'(0) ≈ Σ_j c_j f(j h)/h for j = −m..m, exact for polynomials of degree ≤ 2m (Lagrange). */
    static BigFraction[] stencil(int m) {
        BigFraction[] c = new BigFraction[2 * m + 1];
        for (int j = -m; j <= m; j++) {
            if (j == 0) {
                c[m] = BigFraction.ZERO;
                continue;
            }
            // derivative at 0 of the Lagrange basis polynomial of node j: Π_{i≠j,0} (−i)/(j−i) · 1/j
            BigFraction v = BigFraction.of(1, j);
            for (int i = -m; i <= m; i++) {
                if (i != j && i != 0) {
                    v = v.multiply(BigFraction.of(-i, j - i));
                }
            }
            c[j + m] = v;
        }
        return c;
    }

    static BigFraction loss(Problem p, BigFraction[] th) {
        return LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, th)).loss().value();
    }

    static BigFraction quotient(Problem p, int k, BigFraction h, int m) {
        BigFraction[] c = stencil(m);
        BigFraction s = BigFraction.ZERO;
        BigFraction[] th = p.theta();
        for (int j = -m; j <= m; j++) {
            if (j == 0) {
                continue;
            }
            BigFraction[] t = th.clone();
            t[k] = t[k].add(h.multiply(j));
            s = s.add(c[j + m].multiply(loss(p, t)));
        }
        return s.divide(h);
    }

    @Test
    void stencilIsExactForPolynomials() {
        // f(t) = t^8 + 3t^2 − 2t: f'(0) = −2 exactly
        BigFraction[] c = stencil(4);
        BigFraction h = BigFraction.of(1, 7);
        BigFraction s = BigFraction.ZERO;
        for (int j = -4; j <= 4; j++) {
            BigFraction t = h.multiply(j);
            BigFraction f = t.pow(8).add(t.pow(2).multiply(3)).subtract(t.multiply(2));
            s = s.add(c[j + 4].multiply(f));
        }
        assertThat(s.divide(h)).isEqualTo(BigFraction.of(-2));
    }

    @Test
    void dataRiskGradientsEqualExactDifferenceQuotients() {
        Random r = new Random(11);
        int checked = 0;
        for (int trial = 0; trial < 24; trial++) {
            String act = RandomProblems.PIECEWISE[trial % RandomProblems.PIECEWISE.length];
            Problem p = RandomProblems.data(r, act);
            BigFraction[] g = grad(p);
            for (int k = 0; k < g.length; k++) {
                BigFraction q1 = quotient(p, k, BigFraction.of(1, 1 << 20), 5);
                BigFraction q2 = quotient(p, k, BigFraction.of(1, 1 << 21), 5);
                if (!q1.equals(q2)) {
                    continue; // a kink within reach: L is not one polynomial there
                }
                assertThat(g[k]).as("%s dL/dθ[%d]", act, k).isEqualTo(q1);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void integralRiskGradientsMatchCentralQuotients() {
        Random r = new Random(12);
        BigFraction h = BigFraction.of(1, 1_000_000);
        for (int trial = 0; trial < 24; trial++) {
            String act = RandomProblems.PIECEWISE[trial % RandomProblems.PIECEWISE.length];
            boolean deep = act.startsWith("poly") && trial % 3 == 0;
            Problem p = RandomProblems.integral(r, act, deep);
            BigFraction[] g = grad(p);
            for (int k = 0; k < g.length; k++) {
                double q = quotient(p, k, h, 1).doubleValue();
                assertThat(q).as("%s dL/dθ[%d]", act, k)
                        .isCloseTo(g[k].doubleValue(), org.assertj.core.data.Offset.offset(1e-8 * (1 + Math.abs(q))));
            }
        }
    }

    static BigFraction[] grad(Problem p) {
        Exact[] g = LossGradient.evaluate(p, Exact.FIELD, LossGradient.of(Exact.FIELD, p.theta())).gradient();
        BigFraction[] out = new BigFraction[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i].value();
        }
        return out;
    }
}
