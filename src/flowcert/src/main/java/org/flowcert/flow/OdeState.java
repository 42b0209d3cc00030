package org.flowcert.flow;

import java.util.Arrays;

/** An immutable point (t, y) of a trajectory. */
public final class OdeState {
    private final double time;
    private final double[] y;

    private OdeState(double time, double[] y) {
        this.time = time;
        this.y = y;
    }

    /** The state (t, y); {@code y} is copied. */
    public static OdeState of(double time, double[] y) {
        return new OdeState(time, y.clone());
    }

    public double time() {
        return time;
    }

    public int dimension() {
        return y.length;
    }

    /** A copy of y. */
    public double[] state() {
        return y.clone();
    }

    /** Component i of y. */
    public double state(int i) {
        return y[i];
    }

    /** Copies y into {@code out}. */
    public void copyState(double[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
    }

    /** The Euclidean norm ‖y‖₂ (scaled so that it neither overflows nor underflows needlessly). */
    public double norm() {
        return norm(y);
    }

    /** ‖v‖₂, computed with a scale factor so that large or tiny components do not overflow. */
    public static double norm(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        if (max == 0 || Double.isNaN(max) || Double.isInfinite(max)) {
            return max;
        }
        if (max > 1e150 || max < 1e-150) {
            double s = 0;
            for (double x : v) {
                double q = x / max;
                s += q * q;
            }
            return max * Math.sqrt(s);
        }
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** A short decimal for names and labels: 1e-10, 0.01, 2.5. */
    public static String compact(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString().replace("E", "e").replace("e+", "e");
    }

    @Override
    public String toString() {
        return "OdeState[t=" + time + ", y=" + Arrays.toString(y) + "]";
    }
}
