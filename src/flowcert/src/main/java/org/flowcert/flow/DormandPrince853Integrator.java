package org.flowcert.flow;

/**
 * The explicit Runge–Kutta method of order 8 of Dormand and Prince with the 5th- and
 * 3rd-order embedded error estimators and the 7th-order dense output, DOP853 (Hairer,
 * Nørsett, Wanner, <i>Solving ODEs I</i>, II.10), following scipy's {@code solve_ivp}
 * implementation step for step so that runs agree with scipy's closely:
 * <ul>
 * <li>coefficients: the same binary64 values as scipy's {@code dop853_coefficients};</li>
 * <li>initial step: Hairer's heuristic as in scipy's {@code select_initial_step} (one extra
 *     evaluation), error estimator order 7;</li>
 * <li>error norm: ‖err5‖² / sqrt((‖err5‖² + 0.01 ‖err3‖²)·n)·|h| on the components scaled by
 *     atol + rtol·max(|y|, |y_new|);</li>
 * <li>step control: safety 0.9, factors in [0.2, 10], exponent −1/8, no growth right after a
 *     rejection, minimum step 10 ulp(t);</li>
 * <li>dense output: computed only when asked (3 extra evaluations per step asked), as scipy's
 *     {@code t_eval}.</li>
 * </ul>
 * {@code evaluations} thus counts exactly as scipy's {@code nfev}. Not rigorous.
 */
public final class DormandPrince853Integrator extends AbstractIntegrator {
    private static final int STAGES = 12;
    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;
    private static final double ERROR_EXPONENT = -1.0 / 8;
    private static final int ERROR_ESTIMATOR_ORDER = 7;

    // Coefficients: scipy 1.10 scipy/integrate/_ivp/dop853_coefficients.py, as binary64
    // (shortest round-trip decimal of each); A has 16 rows (12 stages, B, 3 dense-output stages).
    private static final double[] C = {0.0, 0.05260015195876773, 0.0789002279381516, 0.1183503419072274, 0.2816496580927726, 0.3333333333333333, 0.25, 0.3076923076923077, 0.6512820512820513, 0.6, 0.8571428571428571, 1.0, 1.0, 0.1, 0.2, 0.7777777777777778};
    private static final double[][] A = {
        {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.05260015195876773, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.0197250569845379, 0.0591751709536137, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.02958758547680685, 0.0, 0.08876275643042054, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.2413651341592667, 0.0, -0.8845494793282861, 0.924834003261792, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.037037037037037035, 0.0, 0.0, 0.17082860872947386, 0.12546768756682242, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.037109375, 0.0, 0.0, 0.17025221101954405, 0.06021653898045596, -0.017578125, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.03709200011850479, 0.0, 0.0, 0.17038392571223998, 0.10726203044637328, -0.015319437748624402, 0.008273789163814023, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.6241109587160757, 0.0, 0.0, -3.3608926294469414, -0.868219346841726, 27.59209969944671, 20.154067550477894, -43.48988418106996, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.47766253643826434, 0.0, 0.0, -2.4881146199716677, -0.590290826836843, 21.230051448181193, 15.279233632882423, -33.28821096898486, -0.020331201708508627, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {-0.9371424300859873, 0.0, 0.0, 5.186372428844064, 1.0914373489967295, -8.149787010746927, -18.52006565999696, 22.739487099350505, 2.4936055526796523, -3.0467644718982196, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {2.273310147516538, 0.0, 0.0, -10.53449546673725, -2.0008720582248625, -17.9589318631188, 27.94888452941996, -2.8589982771350235, -8.87285693353063, 12.360567175794303, 0.6433927460157636, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.054293734116568765, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, 0.3111643669578199, -0.1521609496625161, 0.20136540080403034, 0.04471061572777259, 0.0, 0.0, 0.0, 0.0},
        {0.056167502283047954, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25350021021662483, -0.2462390374708025, -0.12419142326381637, 0.15329179827876568, 0.00820105229563469, 0.007567897660545699, -0.008298, 0.0, 0.0, 0.0},
        {0.03183464816350214, 0.0, 0.0, 0.0, 0.0, 0.028300909672366776, 0.053541988307438566, -0.05492374857139099, 0.0, 0.0, -0.00010834732869724932, 0.0003825710908356584, -0.00034046500868740456, 0.1413124436746325, 0.0, 0.0},
        {-0.42889630158379194, 0.0, 0.0, 0.0, 0.0, -4.697621415361164, 7.683421196062599, 4.06898981839711, 0.3567271874552811, 0.0, 0.0, 0.0, -0.0013990241651590145, 2.9475147891527724, -9.15095847217987, 0.0},
    };
    private static final double[] E3 = {-0.18980075407240762, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, -0.4226823213237919, -0.1521609496625161, 0.20136540080403034, 0.02265179219836082, 0.0};
    private static final double[] E5 = {0.01312004499419488, 0.0, 0.0, 0.0, 0.0, -1.2251564463762044, -0.4957589496572502, 1.6643771824549864, -0.35032884874997366, 0.3341791187130175, 0.08192320648511571, -0.022355307863886294, 0.0};
    private static final double[][] D = {
        {-8.428938276109013, 0.0, 0.0, 0.0, 0.0, 0.5667149535193777, -3.0689499459498917, 2.38466765651207, 2.117034582445028, -0.871391583777973, 2.2404374302607883, 0.6315787787694688, -0.08899033645133331, 18.148505520854727, -9.194632392478356, -4.436036387594894},
        {10.427508642579134, 0.0, 0.0, 0.0, 0.0, 242.28349177525817, 165.20045171727028, -374.5467547226902, -22.113666853125306, 7.733432668472264, -30.674084731089398, -9.332130526430229, 15.697238121770845, -31.139403219565178, -9.35292435884448, 35.81684148639408},
        {19.985053242002433, 0.0, 0.0, 0.0, 0.0, -387.0373087493518, -189.17813819516758, 527.8081592054236, -11.57390253995963, 6.8812326946963, -1.0006050966910838, 0.7777137798053443, -2.778205752353508, -60.19669523126412, 84.32040550667716, 11.99229113618279},
        {-25.69393346270375, 0.0, 0.0, 0.0, 0.0, -154.18974869023643, -231.5293791760455, 357.6391179106141, 93.40532418362432, -37.45832313645163, 104.0996495089623, 29.8402934266605, -43.53345659001114, 96.32455395918828, -39.17726167561544, -149.72683625798564},
    };

    private final double rtol;
    private final double atol;
    private final double maxStep;
    private final double firstStep;

    /** DOP853 with relative and absolute tolerances (as scipy's rtol, atol), no step limit. */
    public DormandPrince853Integrator(double rtol, double atol) {
        this(rtol, atol, Double.POSITIVE_INFINITY, Double.NaN);
    }

    /**
     * DOP853 with tolerances, a maximum step and an optional first step ({@code NaN}: chosen by
     * the heuristic).
     */
    public DormandPrince853Integrator(double rtol, double atol, double maxStep, double firstStep) {
        if (!(rtol > 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol)) {
            throw new IllegalArgumentException("need rtol > 0 and atol >= 0, finite; found rtol=" + rtol + " atol="
                    + atol);
        }
        if (!(maxStep > 0)) {
            throw new IllegalArgumentException("max step must be positive, found " + maxStep);
        }
        this.rtol = rtol;
        this.atol = atol;
        this.maxStep = maxStep;
        this.firstStep = firstStep;
    }

    @Override
    public String name() {
        return "dop853 rtol=" + OdeState.compact(rtol) + " atol=" + OdeState.compact(atol);
    }

    private static double rmsNorm(double[] v, double[] scale) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double q = v[i] / scale[i];
            s += q * q;
        }
        return Math.sqrt(s) / Math.sqrt(v.length);
    }

    /** scipy's select_initial_step (Hairer–Nørsett–Wanner II.4) for error order 7. */
    private double initialStep(OdeSystem system, double t0, double[] y0, double[] f0, double tEnd) {
        int n = y0.length;
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = atol + Math.abs(y0[i]) * rtol;
        }
        double d0 = rmsNorm(y0, scale);
        double d1 = rmsNorm(f0, scale);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        double[] y1 = new double[n];
        for (int i = 0; i < n; i++) {
            y1[i] = y0[i] + h0 * f0[i];
        }
        double[] f1 = new double[n];
        evaluate(system, t0 + h0, y1, f1);
        double[] df = new double[n];
        for (int i = 0; i < n; i++) {
            df[i] = f1[i] - f0[i];
        }
        double d2 = rmsNorm(df, scale) / h0;
        double h1;
        if (d1 <= 1e-15 && d2 <= 1e-15) {
            h1 = Math.max(1e-6, h0 * 1e-3);
        } else {
            h1 = Math.pow(0.01 / Math.max(d1, d2), 1.0 / (ERROR_ESTIMATOR_ORDER + 1));
        }
        return Math.min(100 * h0, h1);
    }

    @Override
    public OdeResult integrate(OdeSystem system, OdeState initial, double finalTime) {
        Run run = start(system, initial, finalTime);
        int n = system.dimension();
        double t = initial.time();
        double[] y = initial.state();
        double[] f = new double[n];
        if (finalTime == t) {
            return run.finish(0, 0);
        }
        evaluate(system, t, y, f);
        double hAbs = Double.isNaN(firstStep) ? initialStep(system, t, y, f, finalTime) : firstStep;
        double[][] k = new double[16][n];
        double[] tmp = new double[n];
        double[] yNew = new double[n];
        double[] err5 = new double[n];
        double[] err3 = new double[n];
        long accepted = 0;
        long rejected = 0;
        while (t < finalTime) {
            double minStep = 10 * Math.abs(Math.nextUp(t) - t);
            if (hAbs > maxStep) {
                hAbs = maxStep;
            } else if (hAbs < minStep) {
                hAbs = minStep;
            }
            boolean stepRejected = false;
            double h;
            double tNew;
            while (true) {
                if (hAbs < minStep) {
                    throw new IllegalStateException("dop853: step size too small at t = " + t);
                }
                tNew = t + hAbs;
                if (tNew - finalTime > 0) {
                    tNew = finalTime;
                }
                h = tNew - t;
                hAbs = Math.abs(h);
                // stages
                System.arraycopy(f, 0, k[0], 0, n);
                for (int s = 1; s < STAGES; s++) {
                    stageInput(k, s, y, h, tmp, n);
                    evaluate(system, t + C[s] * h, tmp, k[s]);
                }
                // y_new = y + h * (K[:12]^T B)
                double[] b = A[STAGES];
                for (int i = 0; i < n; i++) {
                    double acc = 0;
                    for (int j = 0; j < STAGES; j++) {
                        acc += k[j][i] * b[j];
                    }
                    yNew[i] = y[i] + h * acc;
                }
                evaluate(system, t + h, yNew, k[STAGES]);
                // error estimate
                double e5 = 0;
                double e3 = 0;
                for (int i = 0; i < n; i++) {
                    double a5 = 0;
                    double a3 = 0;
                    for (int j = 0; j <= STAGES; j++) {
                        a5 += k[j][i] * E5[j];
                        a3 += k[j][i] * E3[j];
                    }
                    double sc = atol + Math.max(Math.abs(y[i]), Math.abs(yNew[i])) * rtol;
                    double q5 = a5 / sc;
                    double q3 = a3 / sc;
                    e5 += q5 * q5;
                    e3 += q3 * q3;
                }
                if (Double.isNaN(e5) || Double.isNaN(e3)) {
                    throw new IllegalStateException("dop853: the right-hand side returned NaN near t = " + t);
                }
                double errorNorm;
                if (e5 == 0 && e3 == 0) {
                    errorNorm = 0;
                } else {
                    double denom = e5 + 0.01 * e3;
                    errorNorm = hAbs * e5 / Math.sqrt(denom * n);
                }
                if (errorNorm < 1) {
                    double factor = errorNorm == 0 ? MAX_FACTOR
                            : Math.min(MAX_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                    if (stepRejected) {
                        factor = Math.min(1, factor);
                    }
                    hAbs *= factor;
                    break;
                }
                hAbs *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                stepRejected = true;
                rejected++;
            }
            accepted++;
            Dop853Step step = new Dop853Step(system, OdeState.of(t, y), OdeState.of(tNew, yNew), h, k);
            boolean stop = run.accept(step);
            if (stop) {
                return run.finish(accepted, rejected);
            }
            t = tNew;
            double[] swap = y;
            y = yNew;
            yNew = swap;
            System.arraycopy(k[STAGES], 0, f, 0, n);
        }
        return run.finish(accepted, rejected);
    }

    /** tmp = y + (Σ_{j<s} a_sj K_j) h, summing j upwards and skipping zero coefficients. */
    private static void stageInput(double[][] k, int s, double[] y, double h, double[] tmp, int n) {
        double[] a = A[s];
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < s; j++) {
                if (a[j] != 0) {
                    acc += k[j][i] * a[j];
                }
            }
            tmp[i] = y[i] + acc * h;
        }
    }

    /**
     * One DOP853 step with its 7th-order continuous extension, built on the first call of
     * {@link #interpolate} (3 more evaluations of f).
     */
    private final class Dop853Step implements DenseStep {
        private final OdeSystem system;
        private final OdeState start;
        private final OdeState end;
        private final double h;
        private final double[][] k;
        private double[][] fPoly;

        Dop853Step(OdeSystem system, OdeState start, OdeState end, double h, double[][] k) {
            this.system = system;
            this.start = start;
            this.end = end;
            this.h = h;
            this.k = k;
        }

        @Override
        public OdeState start() {
            return start;
        }

        @Override
        public OdeState end() {
            return end;
        }

        private void build() {
            int n = start.dimension();
            double[] y0 = start.state();
            double[] y1 = end.state();
            double[][] kk = new double[16][];
            for (int s = 0; s <= STAGES; s++) {
                kk[s] = k[s].clone();
            }
            double[] tmp = new double[n];
            for (int s = STAGES + 1; s < 16; s++) {
                kk[s] = new double[n];
                stageInput(kk, s, y0, h, tmp, n);
                evaluate(system, start.time() + C[s] * h, tmp, kk[s]);
            }
            double[][] fp = new double[7][n];
            for (int i = 0; i < n; i++) {
                double dy = y1[i] - y0[i];
                double f0 = kk[0][i];
                fp[0][i] = dy;
                fp[1][i] = h * f0 - dy;
                fp[2][i] = 2 * dy - h * (kk[STAGES][i] + f0);
                for (int r = 0; r < 4; r++) {
                    double acc = 0;
                    for (int j = 0; j < 16; j++) {
                        acc += D[r][j] * kk[j][i];
                    }
                    fp[3 + r][i] = h * acc;
                }
            }
            fPoly = fp;
        }

        @Override
        public void interpolate(double t, double[] out) {
            if (t == end.time()) {
                end.copyState(out);
                return;
            }
            if (t == start.time()) {
                start.copyState(out);
                return;
            }
            if (fPoly == null) {
                build();
            }
            double x = (t - start.time()) / h;
            double x1 = 1 - x;
            for (int i = 0; i < out.length; i++) {
                // scipy's Dop853DenseOutput: alternate factors x and (1 − x), from F[6] down to F[0]
                double v = 0;
                for (int r = 6; r >= 0; r--) {
                    v += fPoly[r][i];
                    v *= ((6 - r) % 2 == 0) ? x : x1;
                }
                out[i] = v + start.state(i);
            }
        }
    }
}
