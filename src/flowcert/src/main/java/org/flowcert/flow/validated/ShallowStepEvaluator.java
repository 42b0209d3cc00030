package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;
import org.flowcert.model.Problem;

/**
 * {@link StepEvaluator} for 1-H-1 networks with a data risk: the allocation-free interval series
 * kernel {@link ShallowSeries} on lo/hi double arrays (one sweep over the data, branch-free outward
 * rounding; proofs-notes/validated-flow.md §8). Encloses the same quantities as
 * {@link GenericStepEvaluator}, usually tighter and about ten times faster.
 */
final class ShallowStepEvaluator implements StepEvaluator {
    private final Problem problem;
    private final int p;
    private final int k;
    private final ShallowPredictor shallow;
    private final ShallowSeries series;
    /** The same kernel with exact directed rounding for the low orders, for the start pass (it sets the defect floor). */
    private final ShallowSeries seriesExact;

    ShallowStepEvaluator(Problem problem, int k, ShallowPredictor shallow, ShallowSeries series,
            ShallowSeries seriesExact) {
        this.problem = problem;
        this.p = problem.parameterCount();
        this.k = k;
        this.shallow = shallow;
        this.series = series;
        this.seriesExact = seriesExact;
    }

    /** [lo, hi] from a kernel's bounds (finite, lo ≤ hi), else an ArithmeticException (the attempt fails). */
    static Interval interval(double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new ArithmeticException("kernel bounds not a finite interval: [" + lo + ", " + hi + "]");
        }
        return Interval.of(lo, hi);
    }

    @Override
    public double[][] predictor(double[] c) {
        return StepEvaluator.predictor(problem, shallow, c, k);
    }

    @Override
    public Interval[] gradientAtStart(double[][] a) {
        double[][][] g = seriesExact.gradient(a, a, k - 1);
        Interval[] out = new Interval[p * k];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = interval(g[0][j][i], g[1][j][i]);
            }
        }
        return out;
    }

    @Override
    public Interval[] gradientOverStep(Interval[][] b) {
        double[][] lo = new double[k + 1][p];
        double[][] hi = new double[k + 1][p];
        for (int m = 0; m <= k; m++) {
            for (int i = 0; i < p; i++) {
                lo[m][i] = b[m][i].lo();
                hi[m][i] = b[m][i].hi();
            }
        }
        double[][][] g = series.gradient(lo, hi, k);
        Interval[] out = new Interval[p];
        for (int i = 0; i < p; i++) {
            out[i] = interval(g[0][k][i], g[1][k][i]);
        }
        return out;
    }

    /** The kernel's order-0 Hessian series over the tube. */
    @Override
    public TubeHessian tubeHessian(Interval[] tube) {
        double[][] lo = new double[1][p];
        double[][] hi = new double[1][p];
        for (int i = 0; i < p; i++) {
            lo[0][i] = tube[i].lo();
            hi[0][i] = tube[i].hi();
        }
        ShallowSeries.Result r = series.hessian(lo, hi, 0);
        Interval[][] h = new Interval[p][p];
        Interval[] g = new Interval[p];
        for (int i = 0; i < p; i++) {
            g[i] = interval(r.gLo()[0][i], r.gHi()[0][i]);
            for (int l = 0; l < p; l++) {
                h[i][l] = interval(r.hLo()[0][i][l], r.hHi()[0][i][l]);
            }
        }
        return new TubeHessian(h, g);
    }

    @Override
    public Interval[][][] hessianCoefficients(double[][] a, Interval[][] shifted, Interval e, int m) {
        Interval[][][] coef = new Interval[m + 1][p][p];
        double[][] lo = new double[m][p];
        double[][] hi = new double[m][p];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < p; i++) {
                Interval v = j == 0 ? Interval.of(a[0][i]).add(e) : Interval.of(a[j][i]);
                lo[j][i] = v.lo();
                hi[j][i] = v.hi();
            }
        }
        ShallowSeries.Result r0 = series.hessian(lo, hi, m - 1);
        double[][] lo1 = new double[m + 1][p];
        double[][] hi1 = new double[m + 1][p];
        for (int j = 0; j <= m; j++) {
            for (int i = 0; i < p; i++) {
                Interval v = j == 0 ? shifted[0][i].add(e) : shifted[j][i];
                lo1[j][i] = v.lo();
                hi1[j][i] = v.hi();
            }
        }
        ShallowSeries.Result r1 = series.hessian(lo1, hi1, m);
        for (int j = 0; j <= m; j++) {
            ShallowSeries.Result r = j < m ? r0 : r1;
            for (int i = 0; i < p; i++) {
                for (int l = 0; l < p; l++) {
                    coef[j][i][l] = interval(r.hLo()[j][i][l], r.hHi()[j][i][l]);
                }
            }
        }
        return coef;
    }
}
