package org.flowcert.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Records a trajectory: the initial state, the states at requested output times (from the
 * dense output, as scipy's {@code t_eval}), event states, and step ends. Step ends are thinned
 * to at most about {@code maxStepRows} (every 2nd, 4th, ... step once there are more), so long
 * runs of large networks stay in memory; requested times and the last state are always kept.
 */
public final class TrajectoryRecorder implements StepHandler {
    private final double[] times;
    private final double[] requestedTimes;
    private final ToDoubleFunction<double[]> loss;
    private final boolean recordSteps;
    private final int maxStepRows;
    private final List<Row> rows = new ArrayList<>();
    private int nextTime;
    private long stepIndex;
    private long stride = 1;
    private int stepRows;
    private double firstStep = Double.NaN;

    /** One recorded point with its loss; {@code requested} marks output times asked for. */
    public record Row(OdeState state, double loss, boolean requested) {
    }

    /**
     * @param times requested output times (any order; those outside the run are ignored)
     * @param recordSteps whether to record step ends as well
     * @param maxStepRows bound on recorded step ends (≥ 2)
     * @param loss L(θ) for each recorded state (called when the row is recorded)
     */
    public TrajectoryRecorder(double[] times, boolean recordSteps, int maxStepRows, ToDoubleFunction<double[]> loss) {
        this(times, new double[0], recordSteps, maxStepRows, loss);
    }

    /**
     * As above, with {@code sampleTimes}: further output times recorded as ordinary
     * (not requested) rows, e.g. log-spaced points for a plot.
     */
    public TrajectoryRecorder(double[] times, double[] sampleTimes, boolean recordSteps, int maxStepRows,
            ToDoubleFunction<double[]> loss) {
        this.loss = loss;
        double[] all = new double[times.length + sampleTimes.length];
        System.arraycopy(times, 0, all, 0, times.length);
        System.arraycopy(sampleTimes, 0, all, times.length, sampleTimes.length);
        Arrays.sort(all);
        this.times = all;
        this.requestedTimes = times.clone();
        Arrays.sort(this.requestedTimes);
        this.recordSteps = recordSteps;
        this.maxStepRows = Math.max(2, maxStepRows);
    }

    @Override
    public void init(OdeState initial, double finalTime) {
        rows.clear();
        rows.add(row(initial, false));
        nextTime = 0;
        while (nextTime < times.length && times[nextTime] < initial.time()) {
            nextTime++;
        }
        while (nextTime < times.length && times[nextTime] == initial.time()) {
            rows.set(0, new Row(initial, rows.get(0).loss(), rows.get(0).requested() || isRequested(initial.time())));
            nextTime++;
        }
        stepIndex = 0;
        stride = 1;
        stepRows = 0;
        firstStep = Double.NaN;
    }

    @Override
    public void handleStep(DenseStep step) {
        double t1 = step.end().time();
        if (stepIndex == 0) {
            firstStep = t1 - step.start().time();
        }
        while (nextTime < times.length && times[nextTime] <= t1) {
            double t = times[nextTime++];
            TrajectoryRecorder.Row prev = rows.get(rows.size() - 1);
            if (prev.state().time() == t) {
                if (isRequested(t) && !prev.requested()) {
                    rows.set(rows.size() - 1, new Row(prev.state(), prev.loss(), true));
                }
                continue;
            }
            rows.add(row(t == t1 ? step.end() : step.stateAt(t), isRequested(t)));
        }
        stepIndex++;
        if (recordSteps && stepIndex % stride == 0) {
            if (!(rows.get(rows.size() - 1).state().time() == t1)) {
                rows.add(row(step.end(), false));
                stepRows++;
            }
            if (stepRows > maxStepRows) {
                thin();
            }
        }
    }

    private boolean isRequested(double t) {
        return Arrays.binarySearch(requestedTimes, t) >= 0;
    }

    private Row row(OdeState s, boolean requested) {
        return new Row(s, loss.applyAsDouble(s.state()), requested);
    }

    /** Drops every other recorded step end and doubles the stride. */
    private void thin() {
        stride *= 2;
        int k = 0;
        Iterator<Row> it = rows.iterator();
        it.next(); // the initial state stays
        while (it.hasNext()) {
            Row r = it.next();
            if (!r.requested()) {
                if (k++ % 2 == 0) {
                    it.remove();
                    stepRows--;
                }
            }
        }
    }

    @Override
    public void finish(OdeState last) {
        if (!(rows.get(rows.size() - 1).state().time() == last.time())) {
            rows.add(row(last, false));
        }
    }

    /** The length of the first accepted step (NaN before any step): the run's own time scale. */
    public double firstStep() {
        return firstStep;
    }

    /** The recorded rows in time order. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }
}
