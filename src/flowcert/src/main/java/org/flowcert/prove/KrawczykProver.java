package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Interval;
import org.flowcert.cert.Steps;
import org.flowcert.eval.Hessian;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.model.Problem;

/**
 * Proves {@code critical-point} with a {@code box} B by the Krawczyk test
 * (proofs-notes/rules/krawczyk.md): Newton in binary64 from B's midpoint (the user's hint), then
 * from θ, finds m; C is the binary64 inverse of ∇²L(m); X = B. The prover checks
 * K = m − C∇L(m) + (I − C∇²L(X))(X − m) ⊂ int X itself in binary64 intervals (eval.Hessian,
 * forward-over-reverse), with slack: K must keep 1/8 of X's radius from each end, since the
 * checker's own ∇²L(X) (forward-mode jets) may be a little wider.
 */
final class KrawczykProver {
    private KrawczykProver() {
    }

    static Outcome prove(ProofContext ctx, int index, JsonNode claim) {
        Problem pr = ctx.problem();
        int p = pr.parameterCount();
        Interval[] x = new Interval[p];
        double[] mid = new double[p];
        for (int k = 0; k < p; k++) {
            BigFraction lo = Numbers.parse(claim.get("box").get(k).get(0).asText());
            BigFraction hi = Numbers.parse(claim.get("box").get(k).get(1).asText());
            if (Numbers.compare(lo, hi) >= 0) {
                return Outcome.notProved("every interval of the box needs lo < hi");
            }
            x[k] = Interval.from(lo, hi); // ⊇ the box: K over it contains K over the box
            mid[k] = x[k].mid();
        }
        String why = "Newton did not converge from the box's midpoint or from theta";
        for (double[] start : new double[][] {mid, pr.thetaDoubles()}) {
            double[] m = newton(pr, start);
            if (m == null) {
                continue;
            }
            boolean inBox = true;
            for (int k = 0; k < p; k++) {
                inBox &= x[k].contains(m[k]) && m[k] != x[k].lo() && m[k] != x[k].hi();
            }
            if (!inBox) {
                why = "Newton converged to a critical point outside the box";
                continue;
            }
            double[][] c = inverse(hessian(pr, m));
            if (c == null) {
                why = "the Hessian at the critical point is singular (a degenerate critical point)";
                continue;
            }
            String bad;
            try {
                bad = krawczyk(pr, x, m, c);
            } catch (ArithmeticException e) {
                return Outcome.notProved(e.getMessage()); // a relu kink in the box (Dual.KinkException)
            }
            if (bad != null) {
                why = bad + ": the box may be too large, or hold no or several critical points";
                continue;
            }
            ObjectNode s = ctx.steps().step("krawczyk");
            s.put("bits", Enclosures.rational(pr) ? 0 : 64);
            s.set("X", claim.get("box").deepCopy()); // X = the claim's box, exactly
            ArrayNode ms = s.putArray("mid");
            ArrayNode cs = s.putArray("C");
            for (int i = 0; i < p; i++) {
                ms.add(Steps.num(Numbers.ofDouble(m[i])));
                ArrayNode row = cs.addArray();
                for (int j = 0; j < p; j++) {
                    row.add(Steps.num(Numbers.ofDouble(c[i][j])));
                }
            }
            LossEvaluation.conclude(ctx, index, ctx.steps().add(s));
            return Outcome.proved("exactly one critical point in the box (Krawczyk), near theta* ~ " + java.util.Arrays.toString(m));
        }
        return Outcome.notProved(why);
    }

    /** Which component of K leaves the inner part of X (null: none), in binary64 intervals. */
    private static String krawczyk(Problem pr, Interval[] x, double[] m, double[][] c) {
        int p = x.length;
        Interval[] mp = new Interval[p];
        for (int k = 0; k < p; k++) {
            mp[k] = Interval.of(m[k]);
        }
        Interval[] g = LossGradient.evaluate(pr, Interval.FIELD, mp).gradient();
        Interval[][] h = Hessian.full(pr, Interval.FIELD, x).hessian();
        for (int i = 0; i < p; i++) {
            Interval k = mp[i];
            for (int j = 0; j < p; j++) {
                Interval mij = Interval.of(i == j ? 1 : 0);
                for (int l = 0; l < p; l++) {
                    mij = mij.subtract(h[l][j].multiply(Interval.of(c[i][l])));
                }
                k = k.subtract(g[j].multiply(Interval.of(c[i][j]))).add(mij.multiply(x[j].subtract(mp[j])));
            }
            double slack = x[i].rad() / 8;
            if (!(k.lo() > x[i].lo() + slack && k.hi() < x[i].hi() - slack)) {
                return "K_" + i + " = " + k + " is not well inside X_" + i + " = " + x[i];
            }
        }
        return null;
    }

    private static double[][] hessian(Problem pr, double[] t) {
        DoubleNum[] th = new DoubleNum[t.length];
        for (int k = 0; k < t.length; k++) {
            th[k] = DoubleNum.of(t[k]);
        }
        DoubleNum[][] h = Hessian.full(pr, DoubleNum.FIELD, th).hessian();
        double[][] out = new double[t.length][t.length];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < t.length; j++) {
                out[i][j] = (h[i][j].approx() + h[j][i].approx()) / 2;
            }
        }
        return out;
    }

    /** Newton's method on ∇L in binary64 (not rigorous: a guess for m); null when it does not converge. */
    static double[] newton(Problem pr, double[] start) {
        double[] t = start.clone();
        for (int it = 0; it < 100; it++) {
            DoubleNum[] th = new DoubleNum[t.length];
            for (int k = 0; k < t.length; k++) {
                th[k] = DoubleNum.of(t[k]);
            }
            DoubleNum[] g = LossGradient.evaluate(pr, DoubleNum.FIELD, th).gradient();
            double[][] c = inverse(hessian(pr, t));
            if (c == null) {
                return null;
            }
            double step = 0;
            double norm = 0;
            double[] next = t.clone();
            for (int i = 0; i < t.length; i++) {
                for (int j = 0; j < t.length; j++) {
                    next[i] -= c[i][j] * g[j].approx();
                }
                step = Math.max(step, Math.abs(next[i] - t[i]));
                norm = Math.max(norm, Math.abs(next[i]));
            }
            if (!Double.isFinite(step)) {
                return null;
            }
            t = next;
            if (step <= 4 * Math.ulp(norm)) {
                return t;
            }
        }
        return t;
    }

    /** The inverse by Gauss–Jordan elimination with partial pivoting; null when (nearly) singular. */
    static double[][] inverse(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a0[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[piv];
            a[piv] = tmp;
            if (!(Math.abs(a[col][col]) > 1e-300)) {
                return null;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int j = col; j < 2 * n; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                inv[i][j] = a[i][n + j] / a[i][i];
            }
        }
        return inv;
    }
}
