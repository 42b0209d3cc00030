package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Exact;
import org.flowcert.arith.Interval;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Proves {@code linear-convergence} by the NTK argument on a ball (proofs-notes/rules/ntk-ball.md):
 * finds sigma, norm, residual from J(θ) (floating-point eigenvalues as guesses, then exact
 * checks), and scans radii R for one where lipschitz·R is small enough.
 */
final class LinearConvergenceProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        Problem problem = ctx.problem();
        if (!(problem.risk() instanceof Risk.Data data)) {
            return Outcome.notProved("linear-convergence is proved for data risks only (rules/ntk-ball.md)");
        }
        BigFraction limit = claim.has("limit") ? Numbers.parse(claim.get("limit").asText()) : BigFraction.ZERO;
        if (limit.signum() != 0) {
            return Outcome.notProved("the NTK argument proves L -> 0; a limit other than 0 is not supported");
        }
        BigFraction rate = Numbers.parse(claim.get("rate").asText());
        BigFraction c = data.weight();
        BigFraction muNeeded = rate.divide(c.multiply(4));
        boolean exact = Enclosures.rational(problem);
        int bits = exact ? 0 : 128;
        try {
            // J(θ) and r(θ): exact duals, or balls far tighter than the checker's bits
            List<? extends Dual<?>> r0 = exact ? jacobian(problem, Exact.FIELD) : jacobian(problem, Ball.field(bits + 64));
            int m = r0.size();
            int p = problem.parameterCount();
            BigFraction[][] kc = new BigFraction[m][m];
            double[][] kd = new double[m][m];
            BigFraction delta = BigFraction.ZERO;
            for (int i = 0; i < m; i++) {
                BigFraction row = BigFraction.ZERO;
                for (int j = 0; j < m; j++) {
                    BigFraction lo = BigFraction.ZERO;
                    BigFraction hi = BigFraction.ZERO;
                    for (int k = 0; k < p; k++) {
                        BigFraction[] a = bounds(r0.get(i).tangent(k));
                        BigFraction[] b = bounds(r0.get(j).tangent(k));
                        BigFraction[] ab = {a[0].multiply(b[0]), a[0].multiply(b[1]), a[1].multiply(b[0]),
                            a[1].multiply(b[1])};
                        lo = lo.add(Numbers.min(Numbers.min(ab[0], ab[1]), Numbers.min(ab[2], ab[3])));
                        hi = hi.add(Numbers.max(Numbers.max(ab[0], ab[1]), Numbers.max(ab[2], ab[3])));
                    }
                    kc[i][j] = lo.add(hi).divide(2);
                    kd[i][j] = kc[i][j].doubleValue();
                    row = row.add(hi.subtract(lo).divide(2));
                }
                delta = Numbers.max(delta, row);
            }
            if (!exact) {
                // the checker forms K from its own 128-bit enclosures: allow twice the radius and 2^-80
                delta = delta.multiply(2).add(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(80)));
            }
            double[] eig = SymmetricEigen.extremes(kd);
            double dd = delta.doubleValue();
            if (eig[0] - dd <= 0) {
                return Outcome.notProved("J J^T is singular at theta (lambda_min ~ " + eig[0]
                        + "): the loss need not tend to 0 and the NTK argument does not apply");
            }
            BigFraction s = down(Math.sqrt(eig[0] - dd) * (1 - 1e-7));
            while (!pd(kc, s.multiply(s).add(delta), -1)) {
                s = s.multiply(BigFraction.of(999, 1000));
            }
            BigFraction s0 = up(Math.sqrt(eig[1] + dd) * (1 + 1e-7) + 1e-12);
            while (!pd(kc, s0.multiply(s0).subtract(delta), 1)) {
                s0 = s0.multiply(BigFraction.of(1001, 1000));
            }
            BigFraction n2 = BigFraction.ZERO;
            for (Dual<?> ri : r0) {
                BigFraction[] v = bounds(ri.value());
                n2 = n2.add(Numbers.max(v[0].multiply(v[0]), v[1].multiply(v[1])));
            }
            n2 = exact ? n2 : n2.multiply(BigFraction.of(1_000_001, 1_000_000));
            BigFraction rho = up(Math.sqrt(n2.doubleValue()) * (1 + 1e-9) + 1e-300);
            while (rho.multiply(rho).subtract(n2).signum() < 0) {
                rho = rho.multiply(BigFraction.of(1001, 1000));
            }
            if (s.multiply(s).subtract(muNeeded).signum() < 0) {
                return Outcome.notProved("at theta lambda_min(J J^T) ~ " + eig[0] + ", so the provable rate is below "
                        + 4 * c.doubleValue() * eig[0]);
            }
            if (rho.signum() == 0) {
                rho = BigFraction.of(1, 1L << 40); // r(θ) = 0: θ is a global minimum, any radius works
            }
            double rmin = s0.doubleValue() * rho.doubleValue() / s.multiply(s).doubleValue();
            for (int k = 0; k < 80; k++) {
                BigFraction r = up(rmin * Math.pow(1.05, k) * 1.01);
                // the checker bounds the same sum with its own interval Hessians: allow 1/8 more
                BigFraction lamSq = lipschitzSquared(problem, r).multiply(BigFraction.of(9, 8));
                BigFraction lam = up(Math.sqrt(lamSq.doubleValue()) * (1 + 1e-9) + 1e-12);
                while (lam.multiply(lam).subtract(lamSq).signum() < 0) {
                    lam = lam.multiply(BigFraction.of(1001, 1000));
                }
                BigFraction gap = s.subtract(lam.multiply(r));
                if (gap.signum() <= 0) {
                    break;
                }
                BigFraction mu = down(gap.multiply(gap).doubleValue() * (1 - 1e-9));
                if (mu.subtract(muNeeded).signum() < 0) {
                    break;
                }
                if (s0.add(lam.multiply(r)).multiply(rho).subtract(mu.multiply(r)).signum() < 0) {
                    ObjectNode st = ctx.steps().step("ntk-ball");
                    st.put("bits", bits);
                    st.put("radius", Numbers.format(r));
                    st.put("sigma", Numbers.format(s));
                    st.put("norm", Numbers.format(s0));
                    st.put("lipschitz", Numbers.format(lam));
                    st.put("residual", Numbers.format(rho));
                    st.put("mu", Numbers.format(mu));
                    LossEvaluation.conclude(ctx, index, ctx.steps().add(st));
                    return Outcome.proved("L(t) <= L(0) e^(-" + Numbers.format(rate) + " t) on the ball of radius "
                            + Numbers.format(r) + " (mu = " + Numbers.format(mu) + ")");
                }
            }
        } catch (ArithmeticException e) {
            return Outcome.notProved(e.getMessage()); // a relu kink in the ball (Dual.KinkException)
        }
        return Outcome.notProved("no radius R found with (norm + lipschitz R) residual / mu < R and 4c mu >= rate");
    }

    /** The residuals at θ with their gradients, over a rigorous point arithmetic. */
    private static <T extends Num<T>> List<Dual<T>> jacobian(Problem p, NumField<T> f) {
        Dual.Field<T> df = Dual.field(f, p.parameterCount());
        Dual<T>[] t = df.newArray(p.parameterCount());
        for (int k = 0; k < t.length; k++) {
            t[k] = df.variable(f.of(p.theta()[k]), k);
        }
        return Enclosures.residuals(p, df, t);
    }

    private static BigFraction[] bounds(Num<?> x) {
        return new BigFraction[] {x.lower(), x.upper()};
    }

    /** max row sum of |Σ_i H_iᵀH_i| over the box θ ± r (rules/ntk-ball.md, check 4), in binary64 intervals. */
    private static BigFraction lipschitzSquared(Problem problem, BigFraction r) {
        BigFraction[] th = problem.theta();
        Interval[] box = new Interval[th.length];
        for (int k = 0; k < box.length; k++) {
            box[k] = Interval.from(th[k].subtract(r), th[k].add(r));
        }
        Interval[][][] h = Enclosures.residualHessians(problem, box);
        int p = box.length;
        BigFraction max = BigFraction.ZERO;
        for (int k = 0; k < p; k++) {
            BigFraction row = BigFraction.ZERO;
            for (int l = 0; l < p; l++) {
                Interval a = Interval.ZERO;
                for (Interval[][] hi : h) {
                    for (int q = 0; q < p; q++) {
                        a = a.add(hi[q][k].multiply(hi[q][l]));
                    }
                }
                row = row.add(Numbers.ofDouble(a.mag()));
            }
            max = Numbers.max(max, row);
        }
        return max;
    }

    /** Whether sign·(K − shift·I) ... : sign −1 tests K − shift I, sign +1 tests shift I − K, for positive definiteness. */
    private static boolean pd(BigFraction[][] k, BigFraction shift, int sign) {
        int n = k.length;
        BigFraction[][] a = new BigFraction[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigFraction d = i == j ? shift : BigFraction.ZERO;
                a[i][j] = sign < 0 ? k[i][j].subtract(d) : d.subtract(k[i][j]);
            }
        }
        for (int p = 0; p < n; p++) {
            if (a[p][p].signum() <= 0) {
                return false;
            }
            for (int i = p + 1; i < n; i++) {
                BigFraction f = a[i][p].divide(a[p][p]);
                for (int j = p; j < n; j++) {
                    a[i][j] = a[i][j].subtract(f.multiply(a[p][j]));
                }
            }
        }
        return true;
    }

    private static BigFraction down(double d) {
        return Numbers.ofDecimal(new BigDecimal(d).setScale(12, RoundingMode.FLOOR));
    }

    private static BigFraction up(double d) {
        return Numbers.ofDecimal(new BigDecimal(d).setScale(12, RoundingMode.CEILING));
    }
}
