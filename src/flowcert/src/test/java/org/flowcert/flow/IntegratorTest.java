package org.flowcert.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegratorTest {

    /** y1' = y2, y2' = −y1 (rotation): y(t) = (cos t, −sin t) from (1, 0). */
    static final OdeSystem ROTATION = new OdeSystem() {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void derivative(double t, double[] y, double[] yDot) {
            yDot[0] = y[1];
            yDot[1] = -y[0];
        }
    };

    /** y' = y: y(t) = y0 e^t. */
    static final OdeSystem GROWTH = new OdeSystem() {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void derivative(double t, double[] y, double[] yDot) {
            yDot[0] = y[0];
            yDot[1] = y[1];
        }
    };

    private static double rotationError(OdeIntegrator integrator, double tEnd) {
        OdeResult r = integrator.integrate(ROTATION, OdeState.of(0, new double[] {1, 0}), tEnd);
        assertThat(r.last().time()).isEqualTo(tEnd);
        return Math.hypot(r.last().state(0) - Math.cos(tEnd), r.last().state(1) + Math.sin(tEnd));
    }

    @Test
    void rk4IsFourthOrder() {
        // halving h divides the global error by 2^4 = 16 (up to higher-order terms)
        double e1 = rotationError(new RungeKutta4Integrator(0.1), 2);
        double e2 = rotationError(new RungeKutta4Integrator(0.05), 2);
        double e3 = rotationError(new RungeKutta4Integrator(0.025), 2);
        assertThat(e1 / e2).isBetween(14.0, 18.0);
        assertThat(e2 / e3).isBetween(14.5, 17.5);
    }

    @Test
    void rk4ShortensTheLastStepToHitTheFinalTime() {
        OdeResult r = new RungeKutta4Integrator(0.3).integrate(ROTATION, OdeState.of(0, new double[] {1, 0}), 1.0);
        assertThat(r.last().time()).isEqualTo(1.0);
        assertThat(r.acceptedSteps()).isEqualTo(4);
        // 4 evaluations per step, plus the derivative at the end (dense output)
        assertThat(r.evaluations()).isEqualTo(17);
        assertThat(Math.abs(r.last().state(0) - Math.cos(1))).isLessThan(1e-3);
    }

    /** DOP853 at a fixed step: huge tolerances so every step is accepted, max step = h. */
    private static DormandPrince853Integrator fixedDop(double h) {
        return new DormandPrince853Integrator(1e6, 1e6, h, h);
    }

    @Test
    void dop853IsEighthOrder() {
        double e1 = rotationError(fixedDop(0.5), 4);
        double e2 = rotationError(fixedDop(0.25), 4);
        // 2^8 = 256
        assertThat(e1 / e2).isBetween(200.0, 320.0);
    }

    @Test
    void dop853MeetsItsTolerance() {
        for (double tol : new double[] {1e-6, 1e-9, 1e-12}) {
            double e = rotationError(new DormandPrince853Integrator(tol, tol), 10);
            assertThat(e).isLessThan(100 * tol);
        }
    }

    @Test
    void dop853DenseOutputIsAccurate() {
        List<double[]> samples = new ArrayList<>();
        OdeIntegrator dop = new DormandPrince853Integrator(1e-12, 1e-12).addStepHandler(step -> {
            double t0 = step.start().time();
            double t1 = step.end().time();
            for (int k = 1; k < 4; k++) {
                double t = t0 + (t1 - t0) * k / 4;
                double[] y = new double[2];
                step.interpolate(t, y);
                samples.add(new double[] {t, y[0], y[1]});
            }
        });
        dop.integrate(ROTATION, OdeState.of(0, new double[] {1, 0}), 5);
        assertThat(samples).isNotEmpty();
        for (double[] s : samples) {
            assertThat(Math.abs(s[1] - Math.cos(s[0]))).isLessThan(1e-10);
            assertThat(Math.abs(s[2] + Math.sin(s[0]))).isLessThan(1e-10);
        }
    }

    @Test
    void dop853CountsEvaluationsAsScipy() {
        // f(y0), one for the initial step, 12 per attempted step (FSAL stage included)
        OdeResult r = new DormandPrince853Integrator(1e-8, 1e-10).integrate(ROTATION,
                OdeState.of(0, new double[] {1, 0}), 3);
        assertThat(r.evaluations()).isEqualTo(2 + 12 * (r.acceptedSteps() + r.rejectedSteps()));
    }

    @Test
    void normEventIsLocatedToTolerance() {
        // ‖y(t)‖ = ‖y0‖ e^t = 5 at t* = ln 5
        EventDetector leaves = new EventDetector() {
            @Override
            public double g(double t, double[] y) {
                return Math.hypot(y[0], y[1]) - 5;
            }

            @Override
            public double threshold() {
                return 1e-9;
            }
        };
        for (OdeIntegrator in : new OdeIntegrator[] {new DormandPrince853Integrator(1e-12, 1e-12),
            new RungeKutta4Integrator(1e-3)}) {
            in.addEventDetector(leaves);
            OdeResult r = in.integrate(GROWTH, OdeState.of(0, new double[] {0.6, 0.8}), 10);
            assertThat(r.stoppedByEvent()).isTrue();
            assertThat(r.events()).hasSize(1);
            assertThat(r.last().time()).isCloseTo(Math.log(5), org.assertj.core.data.Offset.offset(2e-9));
            // the reported state is just after the crossing
            assertThat(r.last().norm()).isGreaterThanOrEqualTo(5.0);
            assertThat(r.events().get(0).increasing()).isTrue();
        }
    }

    @Test
    void continueEventsAreRecordedAndIntegrationGoesOn() {
        // y0(t) = cos t crosses 0 at π/2 and 3π/2 before t = 6
        List<Double> times = new ArrayList<>();
        EventDetector zero = new EventDetector() {
            @Override
            public double g(double t, double[] y) {
                return y[0];
            }

            @Override
            public EventAction eventOccurred(OdeState s, boolean increasing) {
                times.add(s.time());
                return EventAction.CONTINUE;
            }

            @Override
            public double threshold() {
                return 1e-11;
            }
        };
        OdeResult r = new DormandPrince853Integrator(1e-12, 1e-12).addEventDetector(zero).integrate(ROTATION,
                OdeState.of(0, new double[] {1, 0}), 6);
        assertThat(r.stoppedByEvent()).isFalse();
        assertThat(r.last().time()).isEqualTo(6.0);
        assertThat(times).hasSize(2);
        assertThat(times.get(0)).isCloseTo(Math.PI / 2, org.assertj.core.data.Offset.offset(1e-10));
        assertThat(times.get(1)).isCloseTo(3 * Math.PI / 2, org.assertj.core.data.Offset.offset(1e-10));
        assertThat(r.events().get(0).increasing()).isFalse();
        assertThat(r.events().get(1).increasing()).isTrue();
    }

    @Test
    void backwardIntegrationIsRefused() {
        assertThatThrownBy(() -> new RungeKutta4Integrator(0.1).integrate(ROTATION,
                OdeState.of(1, new double[] {1, 0}), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
