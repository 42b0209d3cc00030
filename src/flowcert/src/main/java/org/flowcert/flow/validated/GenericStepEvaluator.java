package org.flowcert.flow.validated;

import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Interval;
import org.flowcert.eval.Hessian;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;

/**
 * {@link StepEvaluator} for any network and risk: the generic passes of reverse-mode AD
 * ({@link LossGradient}, {@link Hessian}) over {@code Taylor<Interval>}.
 */
final class GenericStepEvaluator implements StepEvaluator {
    private final Problem problem;
    private final int p;
    private final int k;
    /** The 1-H-1 binary64 predictor where the shape has one (else null: {@link #predictor(Problem, double[], int)}). */
    private final ShallowPredictor shallow;

    GenericStepEvaluator(Problem problem, int k, ShallowPredictor shallow) {
        this.problem = problem;
        this.p = problem.parameterCount();
        this.k = k;
        this.shallow = shallow;
    }

    /**
     * The predictor's Taylor coefficients a[j][i] (j = 0..k) through c by the generic path: k
     * passes of reverse-mode AD ({@link LossGradient}) over {@code Taylor<DoubleNum>}. Not rigorous.
     */
    static double[][] predictor(Problem problem, double[] c, int k) {
        int p = problem.parameterCount();
        double[][] a = new double[k + 1][];
        a[0] = c.clone();
        for (int j = 0; j < k; j++) {
            Taylor.Field<DoubleNum> tf = Taylor.field(DoubleNum.FIELD, j);
            Taylor<DoubleNum>[] x = tf.columns(p, (m, i) -> DoubleNum.of(a[m][i]));
            Taylor<DoubleNum>[] g = LossGradient.evaluate(problem, tf, x).gradient();
            double[] next = new double[p];
            for (int i = 0; i < p; i++) {
                // θ' = −∇L: (j+1) a_{j+1} = −g_j
                next[i] = -g[i].coefficient(j).value() / (j + 1);
            }
            a[j + 1] = next;
        }
        return a;
    }

    @Override
    public double[][] predictor(double[] c) {
        return StepEvaluator.predictor(problem, shallow, c, k);
    }

    @Override
    public Interval[] gradientAtStart(double[][] a) {
        Taylor.Field<Interval> tf = Taylor.field(Interval.FIELD, k - 1);
        Taylor<Interval>[] x = tf.columns(p, (j, i) -> Interval.of(a[j][i]));
        Taylor<Interval>[] g = LossGradient.evaluate(problem, tf, x).gradient();
        Interval[] out = new Interval[p * k];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = g[i].coefficient(j);
            }
        }
        return out;
    }

    @Override
    public Interval[] gradientOverStep(Interval[][] b) {
        Taylor.Field<Interval> tf = Taylor.field(Interval.FIELD, k);
        Taylor<Interval>[] x = tf.columns(p, (m, i) -> b[m][i]);
        Taylor<Interval>[] g = LossGradient.evaluate(problem, tf, x).gradient();
        Interval[] out = new Interval[p];
        for (int i = 0; i < p; i++) {
            out[i] = g[i].coefficient(k);
        }
        return out;
    }

    @Override
    public TubeHessian tubeHessian(Interval[] tube) {
        Hessian.Result<Interval> hs = Hessian.full(problem, Interval.FIELD, tube);
        return new TubeHessian(hs.hessian(), hs.gradient());
    }

    /** Entries (i, l) and (l, i) of the symmetric Hessian are enclosed separately and intersected. */
    @Override
    public Interval[][][] hessianCoefficients(double[][] a, Interval[][] shifted, Interval e, int m) {
        // 1. [A_j], j < m: the Hessian along p(s) + e at s = 0
        Taylor.Field<Interval> tf0 = Taylor.field(Interval.FIELD, m - 1);
        Taylor<Interval>[] x0 = tf0.columns(p, (j, i) -> j == 0 ? Interval.of(a[0][i]).add(e) : Interval.of(a[j][i]));
        Taylor<Interval>[][] h0 = Hessian.full(problem, tf0, x0).hessian();
        // 2. [A_m] over every expansion point of the step
        Taylor.Field<Interval> tf1 = Taylor.field(Interval.FIELD, m);
        Taylor<Interval>[] x1 = tf1.columns(p, (j, i) -> j == 0 ? shifted[0][i].add(e) : shifted[j][i]);
        Taylor<Interval>[][] h1 = Hessian.full(problem, tf1, x1).hessian();
        Interval[][][] coef = new Interval[m + 1][p][p];
        for (int j = 0; j <= m; j++) {
            for (int i = 0; i < p; i++) {
                for (int l = 0; l < p; l++) {
                    Interval u = j < m ? h0[i][l].coefficient(j) : h1[i][l].coefficient(m);
                    Interval v = j < m ? h0[l][i].coefficient(j) : h1[l][i].coefficient(m);
                    // both enclose the same coefficient of a symmetric matrix: intersect
                    Interval w = u.intersect(v);
                    if (w.isEmpty()) {
                        // two enclosures of one number that miss each other: a soundness bug, never
                        // a reason to retry with a shorter step
                        throw new ValidatedFlow.SelfCheckFailure("Hessian Taylor coefficient " + j + " at (" + i
                                + "," + l + "): the enclosures " + u + " and " + v + " of one symmetric entry are disjoint");
                    }
                    coef[j][i][l] = w;
                }
            }
        }
        return coef;
    }
}
