package org.flowcert.audit;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A recorded floating-point experiment: one row per recorded point, each with its step
 * number or time, an optional reported loss and the reported parameters θ in the problem
 * file's layout.
 *
 * <p>Reported values are binary64 (the value the experiment held, read back from its
 * round-trip decimal text); {@code float32} says the experiment computed in binary32.
 *
 * @param source the file the rows came from
 * @param timeColumn {@code "step"} or {@code "t"}
 * @param rows the rows in file order
 * @param float32 whether the values are binary32 values (read from a float32 array)
 */
public record Trajectory(String source, String timeColumn, List<Row> rows, boolean float32) {

    public Trajectory {
        rows = List.copyOf(rows);
    }

    /**
     * One recorded point.
     *
     * @param line the 1-based line (CSV, JSON lines) or row index (arrays) it came from
     * @param time the step number or time
     * @param loss the reported loss, if recorded
     * @param theta the reported parameters
     */
    public record Row(int line, double time, OptionalDouble loss, double[] theta) {
        public Row {
            theta = theta.clone();
        }

        @Override
        public double[] theta() {
            return theta.clone();
        }

        /** θ_k without a copy, for the auditor's loops (do not modify). */
        double[] thetaView() {
            return theta;
        }
    }
}
