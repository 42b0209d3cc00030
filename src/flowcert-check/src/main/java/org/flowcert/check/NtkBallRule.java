package org.flowcert.check;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;

/** Rule {@code ntk-ball}: linear convergence on a ball (proofs-notes/rules/ntk-ball.md, checks 1–6). */
final class NtkBallRule implements Rule {
    @Override
    public Fact apply(Step step) throws Invalid {
        Net net = step.net();
        int bits = step.bits();
        BigFraction r = step.number("radius");
        BigFraction s = step.number("sigma");
        BigFraction s0 = step.number("norm");
        BigFraction lam = step.number("lipschitz");
        BigFraction rho = step.number("residual");
        BigFraction mu = step.number("mu");
        step.when(r.signum() <= 0 || s.signum() < 0 || lam.signum() < 0 || rho.signum() < 0 || mu.signum() <= 0,
                "need radius > 0, sigma >= 0, lipschitz >= 0, residual >= 0, mu > 0");
        step.cites();
        // checks 2 and 3: K0 = J0 J0ᵀ at θ, Weyl with the radius matrix, exact LDLᵀ
        List<Jet<RationalInterval>> r0 = net.residuals(Net.point(net.theta, bits), 1);
        int m = r0.size();
        BigFraction[][] kc = new BigFraction[m][m];
        BigFraction delta = BigFraction.ZERO;
        for (int i = 0; i < m; i++) {
            BigFraction row = BigFraction.ZERO;
            for (int j = 0; j < m; j++) {
                RationalInterval[] gi = r0.get(i).g();
                RationalInterval kij = RationalInterval.of(BigFraction.ZERO, bits);
                for (int k = 0; k < gi.length; k++) {
                    kij = kij.add(gi[k].mul(r0.get(j).g()[k]));
                }
                kc[i][j] = kij.mid();
                row = row.add(kij.rad());
            }
            delta = RationalInterval.max(delta, row);
        }
        step.when(!positiveDefinite(kc, 1, s.multiply(s).add(delta)),
                "lambda_min(J J^T) at theta is not above sigma^2");
        step.when(!positiveDefinite(kc, -1, delta.subtract(s0.multiply(s0))), "||J||_2 at theta is not below norm");
        // checks 1 and 4: order-2 jets on the box θ ± R (a relu kink in the box is refused by RationalInterval.act)
        RationalInterval[] box = Arrays.stream(net.theta).map(t -> RationalInterval.of(t.subtract(r), t.add(r),
                bits)).toArray(RationalInterval[]::new);
        List<Jet<RationalInterval>> rb = net.residuals(box, 2);
        int p = box.length;
        BigFraction maxRow = BigFraction.ZERO;
        for (int k = 0; k < p; k++) {
            BigFraction row = BigFraction.ZERO;
            for (int l = 0; l < p; l++) {
                RationalInterval akl = RationalInterval.of(BigFraction.ZERO, bits);
                for (Jet<RationalInterval> ri : rb) {
                    for (int q = 0; q < p; q++) {
                        akl = akl.add(ri.h()[q][k].mul(ri.h()[q][l]));
                    }
                }
                row = row.add(akl.mag());
            }
            maxRow = RationalInterval.max(maxRow, row);
        }
        step.when(lam.multiply(lam).subtract(maxRow).signum() < 0, "lipschitz^2 is below the bound " + maxRow);
        // check 5: ρ² ≥ ‖r(θ)‖²
        RationalInterval norm2 = r0.stream().map(ri -> ri.v().sqr()).reduce(RationalInterval.of(BigFraction.ZERO, bits),
                RationalInterval::add);
        step.when(rho.multiply(rho).subtract(norm2.hi()).signum() < 0, "residual is below ||r(theta)||");
        // check 6: the ball is never left
        BigFraction lr = lam.multiply(r);
        BigFraction gap = s.subtract(lr);
        step.when(gap.signum() <= 0 || mu.subtract(gap.multiply(gap)).signum() > 0,
                "mu exceeds (sigma - lipschitz*radius)^2");
        step.when(s0.add(lr).multiply(rho).subtract(mu.multiply(r)).signum() >= 0,
                "(norm + lipschitz*radius)*residual/mu is not below radius");
        return new Fact.Rate(mu.multiply(net.weight).multiply(4));
    }

    /** Whether A = sign·K0 − shift·I is positive definite: exact LDLᵀ without pivoting, every pivot > 0. */
    static boolean positiveDefinite(BigFraction[][] k0, int sign, BigFraction shift) {
        int n = k0.length;
        BigFraction[][] a = IntStream.range(0, n).mapToObj(i -> IntStream.range(0, n)
                .mapToObj(j -> (sign < 0 ? k0[i][j].negate() : k0[i][j]).subtract(i == j ? shift : BigFraction.ZERO))
                .toArray(BigFraction[]::new)).toArray(BigFraction[][]::new);
        for (int k = 0; k < n; k++) {
            Work.tick();
            if (a[k][k].signum() <= 0) {
                return false;
            }
            for (int i = k + 1; i < n; i++) {
                BigFraction f = a[i][k].divide(a[k][k]);
                for (int j = k; j < n; j++) {
                    a[i][j] = a[i][j].subtract(f.multiply(a[k][j]));
                }
            }
        }
        return true;
    }
}
