package org.flowcert.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Exact;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

/**
 * Hessians by forward-over-reverse against independent derivations: exact finite differences
 * of the exact gradient (exact for polynomial nets, whose gradient is a polynomial of known
 * degree along every line) and a hand-derived 1-1-1 formula.
 */
class HessianTest {

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    private static Exact[] exact(BigFraction[] v) {
        Exact[] e = new Exact[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Exact.of(v[i]);
        }
        return e;
    }

    private static BigFraction[] gradient(Problem pr, BigFraction[] theta) {
        Exact[] g = LossGradient.evaluate(pr, Exact.FIELD, exact(theta)).gradient();
        BigFraction[] out = new BigFraction[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i].value();
        }
        return out;
    }

    /**
     * d/ds ∇L(θ + s e_j) at s = 0 from the values at s = −m..m: the derivative at 0 of the
     * interpolating polynomial, exact when ∇L has degree ≤ 2m along the line.
     */
    private static BigFraction[] differenceColumn(Problem pr, BigFraction[] theta, int j, int m) {
        int n = 2 * m + 1;
        BigFraction[] out = new BigFraction[theta.length];
        java.util.Arrays.fill(out, BigFraction.ZERO);
        for (int a = -m; a <= m; a++) {
            // L_a'(0) for the Lagrange basis on nodes −m..m
            BigFraction w = BigFraction.ZERO;
            for (int c = -m; c <= m; c++) {
                if (c == a) {
                    continue;
                }
                BigFraction term = BigFraction.ONE.divide(BigFraction.of(a - c));
                for (int l = -m; l <= m; l++) {
                    if (l != a && l != c) {
                        term = term.multiply(BigFraction.of(-l, a - l));
                    }
                }
                w = w.add(term);
            }
            if (w.signum() == 0) {
                continue;
            }
            BigFraction[] shifted = theta.clone();
            shifted[j] = shifted[j].add(a);
            BigFraction[] g = gradient(pr, shifted);
            for (int i = 0; i < g.length; i++) {
                out[i] = out[i].add(w.multiply(g[i]));
            }
        }
        assertEquals(n, 2 * m + 1);
        return out;
    }

    private static void assertHessianMatchesDifferences(Problem pr, int m) {
        BigFraction[] theta = pr.theta();
        Hessian.Result<Exact> h = Hessian.full(pr, Exact.FIELD, exact(theta));
        BigFraction[] g = gradient(pr, theta);
        for (int j = 0; j < theta.length; j++) {
            BigFraction[] col = differenceColumn(pr, theta, j, m);
            for (int i = 0; i < theta.length; i++) {
                assertEquals(col[i], h.hessian()[i][j].value(), "H[" + i + "][" + j + "]");
            }
            assertEquals(g[j], h.gradient()[j].value());
        }
        // Hessian–vector product against the full matrix, exactly
        Random rnd = new Random(7);
        Exact[] v = new Exact[theta.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Exact.of(q(rnd.nextInt(11) - 5, rnd.nextInt(4) + 1));
        }
        Hessian.Product<Exact> hv = Hessian.times(pr, Exact.FIELD, exact(theta), v);
        for (int i = 0; i < theta.length; i++) {
            Exact s = Exact.ZERO;
            for (int j = 0; j < theta.length; j++) {
                s = s.add(h.hessian()[i][j].multiply(v[j]));
            }
            assertEquals(s, hv.hessianTimesVector()[i], "(Hv)[" + i + "]");
        }
    }

    private static Problem dataProblem(int[] widths, String act, BigFraction[] theta, List<BigFraction[]> x,
            List<BigFraction[]> y, Risk.Reduction red) {
        Network net = new Network(widths, Activation.parse(act, "test", "activation"));
        return new Problem("test", net, theta, new Risk.Data(x.toArray(new BigFraction[0][]),
                y.toArray(new BigFraction[0][]), red));
    }

    @Test
    void quadraticActivationDataRiskMatchesExactDifferences() {
        // 1-2-1, σ(z) = z + z²/2: ∇L has degree ≤ 5 along lines, so m = 3 (7 nodes) is exact
        BigFraction[] theta = {q(1, 2), q(-1, 3), q(1, 5), q(2, 7), q(3, 4), q(-1, 2), q(1, 9)};
        List<BigFraction[]> x = List.of(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 2)},
                new BigFraction[] {q(1, 1)});
        List<BigFraction[]> y = List.of(new BigFraction[] {q(1, 3)}, new BigFraction[] {q(-1, 4)},
                new BigFraction[] {q(2, 1)});
        Problem pr = dataProblem(new int[] {1, 2, 1}, "poly:0,1,1/2", theta, x, y, Risk.Reduction.MEAN);
        assertHessianMatchesDifferences(pr, 3);
    }

    @Test
    void cubicIntegralRiskMatchesExactDifferences() {
        // c3: 1-1-1, σ(z) = z³, integral risk: ∇L has degree ≤ 7 along lines, m = 4
        Problem pr = ProblemReader.read(org.flowcert.TestData.caseFile("c3-cubic-divergence.json"));
        assertHessianMatchesDifferences(pr, 4);
    }

    @Test
    void linearOneOneOneMatchesHandDerivedFormula() {
        // L = ½ (c + v (w + b))² at x = 1, y = 0. With u = c + v(w + b), ∇u = (v, v, w + b, 1)
        // and ∇²u = 1 at (w,v), (v,w), (b,v), (v,b): H = ∇u ∇uᵀ + u ∇²u.
        BigFraction w = q(2, 3);
        BigFraction b = q(-1, 5);
        BigFraction v = q(3, 2);
        BigFraction c = q(1, 7);
        Problem pr = dataProblem(new int[] {1, 1, 1}, "poly:0,1", new BigFraction[] {w, b, v, c},
                List.<BigFraction[]>of(new BigFraction[] {BigFraction.ONE}),
                List.<BigFraction[]>of(new BigFraction[] {BigFraction.ZERO}), Risk.Reduction.HALF_SUM);
        BigFraction u = c.add(v.multiply(w.add(b)));
        BigFraction[] du = {v, v, w.add(b), BigFraction.ONE};
        Hessian.Result<Exact> h = Hessian.full(pr, Exact.FIELD, exact(pr.theta()));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                BigFraction e = du[i].multiply(du[j]);
                if ((i == 2 && j < 2) || (j == 2 && i < 2)) {
                    e = e.add(u);
                }
                assertEquals(e, h.hessian()[i][j].value(), "H[" + i + "][" + j + "]");
            }
        }
        assertEquals(u.multiply(u).divide(2), h.loss().value());
    }

    @Test
    void tanhHessianIsSymmetricAndMatchesCentralDifferencesInDouble() {
        Problem pr = ProblemReader.read(org.flowcert.TestData.caseFile("w1-tanh-h4.json"));
        double[] th = pr.thetaDoubles();
        DoubleNum[] x = new DoubleNum[th.length];
        for (int i = 0; i < th.length; i++) {
            x[i] = DoubleNum.of(th[i]);
        }
        Hessian.Result<DoubleNum> h = Hessian.full(pr, DoubleNum.FIELD, x);
        double eps = 1e-5;
        for (int j = 0; j < th.length; j++) {
            DoubleNum[] xp = x.clone();
            DoubleNum[] xm = x.clone();
            xp[j] = DoubleNum.of(th[j] + eps);
            xm[j] = DoubleNum.of(th[j] - eps);
            DoubleNum[] gp = LossGradient.evaluate(pr, DoubleNum.FIELD, xp).gradient();
            DoubleNum[] gm = LossGradient.evaluate(pr, DoubleNum.FIELD, xm).gradient();
            for (int i = 0; i < th.length; i++) {
                double fd = (gp[i].value() - gm[i].value()) / (2 * eps);
                assertEquals(fd, h.hessian()[i][j].value(), 1e-8, "H[" + i + "][" + j + "]");
                assertEquals(h.hessian()[j][i].value(), h.hessian()[i][j].value(), 1e-13);
            }
        }
    }

    @Test
    void reluHessianAtAKinkIsRefused() {
        // the unit's pre-activation w·x + b is exactly 0 at x = 1: ∇L jumps there
        Problem pr = dataProblem(new int[] {1, 1, 1}, "relu", new BigFraction[] {q(1, 2), q(-1, 2), q(1, 1), q(0, 1)},
                List.<BigFraction[]>of(new BigFraction[] {BigFraction.ONE}),
                List.<BigFraction[]>of(new BigFraction[] {BigFraction.ONE}), Risk.Reduction.MEAN);
        assertThrows(Dual.KinkException.class, () -> Hessian.full(pr, Exact.FIELD, exact(pr.theta())));
        // away from the kink: H = 2 ∇N ∇Nᵀ + 2 r ∇²N with N = c + v relu(w x + b), here in the inactive branch
        Problem off = pr.withTheta(new BigFraction[] {q(1, 2), q(-1, 1), q(1, 1), q(0, 1)});
        Hessian.Result<Exact> h = Hessian.full(off, Exact.FIELD, exact(off.theta()));
        // N = c only: H[c][c] = 2, everything else 0
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == 3 && j == 3 ? BigFraction.of(2) : BigFraction.ZERO, h.hessian()[i][j].value());
            }
        }
    }
}
