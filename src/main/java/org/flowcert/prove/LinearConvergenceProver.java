package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.Invalid;
import org.flowcert.check.Jet;
import org.flowcert.check.RI;
import org.flowcert.io.Numbers;

/**
 * Proves {@code linear-convergence} by the NTK argument on a ball (proofs-notes/rules/ntk-ball.md):
 * finds sigma, norm, residual from J(θ) (floating-point eigenvalues as guesses, then exact
 * checks), and scans radii R for one where lipschitz·R is small enough.
 */
final class LinearConvergenceProver implements Prover {
    @Override
    public Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        var net = ctx.net();
        if (!net.isData()) {
            return Outcome.notProved("linear-convergence is proved for data risks only (rules/ntk-ball.md)");
        }
        BigFraction limit = claim.has("limit") ? Numbers.parse(claim.get("limit").asText()) : BigFraction.ZERO;
        if (limit.signum() != 0) {
            return Outcome.notProved("the NTK argument proves L -> 0; a limit other than 0 is not supported");
        }
        BigFraction rate = Numbers.parse(claim.get("rate").asText());
        BigFraction c = net.weight();
        BigFraction muNeeded = rate.divide(c.multiply(4));
        int bits = net.rationalActivation() ? 0 : 128;
        try {
            List<Jet<RI>> r0 = net.residuals(net.thetaPoint(bits), 1);
            int m = r0.size();
            BigFraction[][] kc = new BigFraction[m][m];
            double[][] kd = new double[m][m];
            BigFraction delta = BigFraction.ZERO;
            for (int i = 0; i < m; i++) {
                BigFraction row = BigFraction.ZERO;
                for (int j = 0; j < m; j++) {
                    RI kij = RI.of(BigFraction.ZERO, bits);
                    for (int k = 0; k < r0.get(i).gradient().length; k++) {
                        kij = kij.add(r0.get(i).gradient()[k].mul(r0.get(j).gradient()[k]));
                    }
                    kc[i][j] = kij.mid();
                    kd[i][j] = kc[i][j].doubleValue();
                    row = row.add(kij.rad());
                }
                delta = RI.max(delta, row);
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
            RI n2 = RI.of(BigFraction.ZERO, bits);
            for (Jet<RI> ri : r0) {
                n2 = n2.add(ri.value().sqr());
            }
            BigFraction rho = up(Math.sqrt(n2.hi().doubleValue()) * (1 + 1e-9) + 1e-300);
            while (rho.multiply(rho).subtract(n2.hi()).signum() < 0) {
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
                BigFraction lamSq = lipschitzSquared(ctx, r, bits);
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
        } catch (Invalid e) {
            return Outcome.notProved(e.getMessage());
        }
        return Outcome.notProved("no radius R found with (norm + lipschitz R) residual / mu < R and 4c mu >= rate");
    }

    /** max row sum of |Σ_i H_iᵀH_i| over the box θ ± r (rules/ntk-ball.md, check 4). */
    private static BigFraction lipschitzSquared(ProofContext ctx, BigFraction r, int bits) throws Invalid {
        RI[] box = ctx.net().thetaPoint(bits);
        for (int k = 0; k < box.length; k++) {
            box[k] = RI.of(box[k].lo().subtract(r), box[k].hi().add(r), bits);
        }
        List<Jet<RI>> rb = ctx.net().residuals(box, 2);
        int p = box.length;
        BigFraction max = BigFraction.ZERO;
        for (int k = 0; k < p; k++) {
            BigFraction row = BigFraction.ZERO;
            for (int l = 0; l < p; l++) {
                RI a = RI.of(BigFraction.ZERO, bits);
                for (Jet<RI> ri : rb) {
                    for (int q = 0; q < p; q++) {
                        a = a.add(ri.hessian()[q][k].mul(ri.hessian()[q][l]));
                    }
                }
                row = row.add(a.mag());
            }
            max = RI.max(max, row);
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
