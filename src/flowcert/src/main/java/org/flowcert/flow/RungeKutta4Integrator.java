package org.flowcert.flow;

/**
 * The classical fourth-order Runge–Kutta method with a fixed step h:
 * <pre>
 * k1 = f(t, y), k2 = f(t + h/2, y + h/2 k1), k3 = f(t + h/2, y + h/2 k2), k4 = f(t + h, y + h k3)
 * y1 = y + h/6 ((k1 + 2 k2) + 2 k3) + k4)
 * </pre>
 * evaluated in exactly this order in binary64 (so that W2 of WORKLOADS.md is reproduced
 * operation for operation). The last step is shortened to end at the final time unless the
 * interval is a whole number of steps (to a relative 1e-9). Dense output: the cubic Hermite
 * interpolant through (y0, f0) and (y1, f1), with f1 = f(t1, y1) also being the next step's
 * k1 (so it costs one extra evaluation per integration, not per step).
 */
public final class RungeKutta4Integrator extends AbstractIntegrator {
    private final double h;

    /** RK4 with step {@code h} (> 0, finite). */
    public RungeKutta4Integrator(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("step h must be positive and finite, found " + h);
        }
        this.h = h;
    }

    public double step() {
        return h;
    }

    @Override
    public String name() {
        return "rk4 h=" + OdeState.compact(h);
    }

    @Override
    public OdeResult integrate(OdeSystem system, OdeState initial, double finalTime) {
        Run run = start(system, initial, finalTime);
        int n = system.dimension();
        double t0 = initial.time();
        double span = finalTime - t0;
        double q = span / h;
        long whole = Math.round(q);
        boolean exact = Math.abs(q - whole) <= 1e-9 * Math.max(1, q);
        long steps = exact ? whole : (long) Math.floor(q) + 1;
        double[] y = initial.state();
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        double[] k3 = new double[n];
        double[] k4 = new double[n];
        double[] tmp = new double[n];
        double[] y1 = new double[n];
        double[] f1 = new double[n];
        if (steps == 0) {
            return run.finish(0, 0);
        }
        evaluate(system, t0, y, k1);
        double t = t0;
        for (long s = 1; s <= steps; s++) {
            double tNext = s == steps ? finalTime : t0 + s * h;
            double hs = s == steps && !exact ? tNext - t : h;
            double half = hs / 2;
            for (int i = 0; i < n; i++) {
                tmp[i] = y[i] + half * k1[i];
            }
            evaluate(system, t + half, tmp, k2);
            for (int i = 0; i < n; i++) {
                tmp[i] = y[i] + half * k2[i];
            }
            evaluate(system, t + half, tmp, k3);
            for (int i = 0; i < n; i++) {
                tmp[i] = y[i] + hs * k3[i];
            }
            evaluate(system, t + hs, tmp, k4);
            double sixth = hs / 6;
            for (int i = 0; i < n; i++) {
                y1[i] = y[i] + sixth * (((k1[i] + 2.0 * k2[i]) + 2.0 * k3[i]) + k4[i]);
            }
            evaluate(system, tNext, y1, f1);
            HermiteStep step = new HermiteStep(OdeState.of(t, y), k1, OdeState.of(tNext, y1), f1);
            boolean stop = run.accept(step);
            if (stop) {
                return run.finish(s, 0);
            }
            double[] swap = y;
            y = y1;
            y1 = swap;
            swap = k1;
            k1 = f1;
            f1 = swap;
            t = tNext;
        }
        return run.finish(steps, 0);
    }

    /** Cubic Hermite interpolation on one step (order 4, matching RK4's local accuracy). */
    static final class HermiteStep implements DenseStep {
        private final OdeState start;
        private final OdeState end;
        private final double[] f0;
        private final double[] f1;

        HermiteStep(OdeState start, double[] f0, OdeState end, double[] f1) {
            this.start = start;
            this.end = end;
            this.f0 = f0.clone();
            this.f1 = f1.clone();
        }

        @Override
        public OdeState start() {
            return start;
        }

        @Override
        public OdeState end() {
            return end;
        }

        @Override
        public void interpolate(double t, double[] out) {
            double t0 = start.time();
            double hs = end.time() - t0;
            if (t == t0 || hs == 0) {
                start.copyState(out);
                return;
            }
            if (t == end.time()) {
                end.copyState(out);
                return;
            }
            double th = (t - t0) / hs;
            double th1 = th - 1;
            // y(θ) = (1−θ) y0 + θ y1 + θ(θ−1)[(1−2θ)(y1−y0) + (θ−1) h f0 + θ h f1]  (Hairer–Nørsett–Wanner II.6)
            for (int i = 0; i < out.length; i++) {
                double y0 = start.state(i);
                double y1 = end.state(i);
                double dy = y1 - y0;
                out[i] = y0 + th * dy + th * th1 * ((1 - 2 * th) * dy + th1 * hs * f0[i] + th * hs * f1[i]);
            }
        }
    }
}
