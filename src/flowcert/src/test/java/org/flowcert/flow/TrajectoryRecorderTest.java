package org.flowcert.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryRecorderTest {

    @Test
    void keepsRequestedTimesExactlyAndThinsStepRows() {
        // y' = 1 from y = 0: y(t) = t, so every recorded state must equal its time
        OdeSystem clock = new OdeSystem() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void derivative(double t, double[] y, double[] yDot) {
                yDot[0] = 1;
            }
        };
        TrajectoryRecorder rec = new TrajectoryRecorder(new double[] {0.05, 7.3, 10}, true, 50, y -> 2 * y[0]);
        new RungeKutta4Integrator(0.01).addStepHandler(rec).integrate(clock, OdeState.of(0, new double[] {0}), 10);
        List<TrajectoryRecorder.Row> rows = rec.rows();
        // 1000 step ends thinned (halved whenever more than 50) to between 25 and 50, plus t = 0,
        // the 3 requested times and the last state
        assertThat(rows.size()).isBetween(25, 55);
        double prev = -1;
        for (TrajectoryRecorder.Row r : rows) {
            assertThat(r.state().time()).isGreaterThan(prev);
            prev = r.state().time();
            assertThat(r.state().state(0)).isCloseTo(r.state().time(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.loss()).isEqualTo(2 * r.state().state(0));
        }
        assertThat(rows.get(0).state().time()).isEqualTo(0.0);
        assertThat(rows.get(rows.size() - 1).state().time()).isEqualTo(10.0);
        assertThat(rows.stream().filter(TrajectoryRecorder.Row::requested).map(r -> r.state().time()))
                .containsExactly(0.05, 7.3, 10.0);
    }
}
