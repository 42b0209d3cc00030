package org.flowcert.bench;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The inputs of workload W1 (the peers' WORKLOADS.md), from its formulas in plain binary64
 * (no FMA, round to nearest), so they equal the peers' inputs bit for bit (a test compares them
 * with src/test/resources/cases/w1-*.json, copies of the peers' input files).
 */
public final class W1Inputs {
    /** G = (√5 − 1)/2 in binary64. */
    static final double G = 0x1.3c6ef372fe950p-1;
    /** The binary64 nearest to 1e-6: the W1-box half-width. */
    public static final double DELTA = 0x1.0c6f7a0b5ed8dp-20;
    public static final int N = 64;

    private W1Inputs() {
    }

    /** θ_k = frac((k+1)·G) − 0.5, k = 0..P−1. */
    public static double[] theta(int p) {
        double[] t = new double[p];
        for (int k = 0; k < p; k++) {
            double v = (k + 1) * G;
            t[k] = (v - Math.floor(v)) - 0.5;
        }
        return t;
    }

    /** x_i = i/64. */
    public static double[] x() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = i / 64.0;
        }
        return x;
    }

    /** y_i = x_i² (exact in binary64). */
    public static double[] y() {
        double[] x = x();
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = x[i] * x[i];
        }
        return y;
    }

    /** The W1 problem for act ∈ {tanh, relu} and width H, with exact rationals of those doubles. */
    public static Problem problem(String act, int h) {
        Network net = new Network(new int[] {1, h, 1}, Activation.parse(act, null, "act"));
        double[] t = theta(3 * h + 1);
        BigFraction[] th = new BigFraction[t.length];
        for (int k = 0; k < t.length; k++) {
            th[k] = BigFraction.from(t[k]);
        }
        double[] x = x();
        double[] y = y();
        BigFraction[][] xs = new BigFraction[N][1];
        BigFraction[][] ys = new BigFraction[N][1];
        for (int i = 0; i < N; i++) {
            xs[i][0] = BigFraction.from(x[i]);
            ys[i][0] = BigFraction.from(y[i]);
        }
        return new Problem("W1 " + act + " H=" + h, net, th, new Risk.Data(xs, ys, Risk.Reduction.MEAN));
    }
}
