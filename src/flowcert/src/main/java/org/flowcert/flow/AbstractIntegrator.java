package org.flowcert.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What every integrator of this package shares: the step handlers, the event detectors, the
 * evaluation counter, and event location on the dense output of each accepted step.
 */
public abstract class AbstractIntegrator implements OdeIntegrator {
    private final List<StepHandler> handlers = new ArrayList<>();
    private final List<EventDetector> detectors = new ArrayList<>();

    /** Evaluations of f in the current (or last) integration. */
    protected long evaluations;

    @Override
    public AbstractIntegrator addStepHandler(StepHandler handler) {
        handlers.add(handler);
        return this;
    }

    @Override
    public AbstractIntegrator addEventDetector(EventDetector detector) {
        detectors.add(detector);
        return this;
    }

    /** f(t, y) into yDot, counted; a NaN in the result is an error (the flow has blown up). */
    protected final void evaluate(OdeSystem system, double t, double[] y, double[] yDot) {
        evaluations++;
        system.derivative(t, y, yDot);
    }

    /** Checks the arguments of {@link #integrate} and starts a run's bookkeeping. */
    protected final Run start(OdeSystem system, OdeState initial, double finalTime) {
        if (initial.dimension() != system.dimension()) {
            throw new IllegalArgumentException("initial state has dimension " + initial.dimension()
                    + ", the system " + system.dimension());
        }
        if (!(finalTime >= initial.time()) || Double.isInfinite(finalTime)) {
            throw new IllegalArgumentException("final time " + finalTime + " is not a finite time after the initial "
                    + initial.time() + " (only forward integration is supported)");
        }
        evaluations = 0;
        return new Run(initial, finalTime);
    }

    /** The state of one integration: events met and the signs of the switching functions. */
    protected final class Run {
        private final double[] gPrev;
        private final List<EventRecord> events = new ArrayList<>();
        private boolean stopped;
        private OdeState last;

        Run(OdeState initial, double finalTime) {
            gPrev = new double[detectors.size()];
            double[] y = initial.state();
            for (int d = 0; d < gPrev.length; d++) {
                gPrev[d] = detectors.get(d).g(initial.time(), y);
            }
            for (StepHandler h : handlers) {
                h.init(initial, finalTime);
            }
            last = initial;
        }

        /**
         * Handles one accepted step: locates events on it, passes the (possibly truncated)
         * step to the handlers, and returns whether the integration must stop.
         */
        public boolean accept(DenseStep step) {
            DenseStep used = locateEvents(step);
            for (StepHandler h : handlers) {
                h.handleStep(used);
            }
            last = used.end();
            return stopped;
        }

        /** Ends the run; returns the result. */
        public OdeResult finish(long accepted, long rejected) {
            for (StepHandler h : handlers) {
                h.finish(last);
            }
            return new OdeResult(last, events, evaluations, accepted, rejected, stopped);
        }

        private DenseStep locateEvents(DenseStep step) {
            if (detectors.isEmpty()) {
                return step;
            }
            double t0 = step.start().time();
            double t1 = step.end().time();
            int n = step.start().dimension();
            double[] buf = new double[n];
            double[] yEnd = step.end().state();
            List<EventRecord> found = new ArrayList<>();
            double[] gEnd = new double[gPrev.length];
            for (int d = 0; d < gPrev.length; d++) {
                EventDetector det = detectors.get(d);
                gEnd[d] = det.g(t1, yEnd);
                // scan [t0, t1] in pieces of at most maxCheckInterval
                int pieces = (int) Math.min(1000, Math.max(1, Math.ceil((t1 - t0) / det.maxCheckInterval())));
                double ta = t0;
                double ga = gPrev[d];
                for (int k = 1; k <= pieces; k++) {
                    double tb = k == pieces ? t1 : t0 + (t1 - t0) * k / pieces;
                    double gb;
                    if (k == pieces) {
                        gb = gEnd[d];
                    } else {
                        step.interpolate(tb, buf);
                        gb = det.g(tb, buf);
                    }
                    if (ga == 0) {
                        ga = gb; // no sign established yet (e.g. started on the surface)
                    } else if ((ga < 0 && gb >= 0) || (ga > 0 && gb <= 0)) {
                        double te = locate(step, det, ta, ga, tb, gb, buf);
                        OdeState s = te == t1 ? step.end() : OdeState.of(te, interpolated(step, te, buf));
                        found.add(new EventRecord(s, det, ga < 0, EventAction.CONTINUE));
                        break;
                    } else {
                        ga = gb;
                    }
                    ta = tb;
                }
            }
            for (int d = 0; d < gPrev.length; d++) {
                gPrev[d] = gEnd[d];
            }
            if (found.isEmpty()) {
                return step;
            }
            found.sort(Comparator.comparingDouble(EventRecord::time));
            for (EventRecord e : found) {
                EventAction a = e.detector().eventOccurred(e.state(), e.increasing());
                events.add(new EventRecord(e.state(), e.detector(), e.increasing(), a));
                if (a == EventAction.STOP) {
                    stopped = true;
                    return truncated(step, e.state());
                }
            }
            return step;
        }
    }

    private static double[] interpolated(DenseStep step, double t, double[] buf) {
        step.interpolate(t, buf);
        return buf;
    }

    /**
     * The root of g on [a, b] by the Illinois variant of regula falsi, to within the
     * detector's threshold; returns the right end of the final bracket, where g has its new sign.
     */
    private static double locate(DenseStep step, EventDetector det, double a, double ga, double b, double gb,
            double[] buf) {
        double tol = det.threshold();
        int side = 0;
        for (int it = 0; it < 200 && b - a > tol; it++) {
            double m;
            if (gb == 0) {
                // g vanishes at b: shrink towards it by bisection so that b stays a crossing point
                m = a + 0.5 * (b - a);
            } else {
                m = b - gb * (b - a) / (gb - ga);
                // keep the new point strictly inside, away from the ends by a fraction of the tolerance
                double guard = Math.min(0.5 * tol, 0.25 * (b - a));
                if (!(m > a + guard)) {
                    m = a + guard;
                } else if (!(m < b - guard)) {
                    m = b - guard;
                }
            }
            if (m <= a || m >= b) {
                break; // the bracket cannot shrink further in binary64
            }
            step.interpolate(m, buf);
            double gm = det.g(m, buf);
            boolean sameAsA = (ga < 0 && gm < 0) || (ga > 0 && gm > 0);
            if (sameAsA) {
                a = m;
                ga = gm;
                if (side == -1) {
                    gb *= 0.5;
                }
                side = -1;
            } else {
                b = m;
                gb = gm;
                if (side == 1) {
                    ga *= 0.5;
                }
                side = 1;
            }
        }
        return b;
    }

    private static DenseStep truncated(DenseStep step, OdeState end) {
        return new DenseStep() {
            @Override
            public OdeState start() {
                return step.start();
            }

            @Override
            public OdeState end() {
                return end;
            }

            @Override
            public void interpolate(double t, double[] out) {
                step.interpolate(t, out);
            }
        };
    }
}
