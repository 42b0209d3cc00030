package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/**
 * Lohner sets under exactly known linear maps: points of the set, mapped in exact rational
 * arithmetic, must stay in every propagated set (checked against its interval hull exactly).
 */
class LohnerTest {

    /** x ↦ Mx exactly: a rotation by 0.3 in the (0, 1) plane with growth 1.05, contraction 0.9 on axis 2. */
    private static double[][] map() {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        return new double[][] {{1.05 * c, -1.05 * s, 0}, {1.05 * s, 1.05 * c, 0}, {0, 0, 0.9}};
    }

    private static BigFraction[] apply(double[][] m, BigFraction[] x) {
        BigFraction[] y = new BigFraction[x.length];
        for (int i = 0; i < x.length; i++) {
            BigFraction v = BigFraction.ZERO;
            for (int j = 0; j < x.length; j++) {
                v = v.add(Numbers.ofDouble(m[i][j]).multiply(x[j]));
            }
            y[i] = v;
        }
        return y;
    }

    /** An enclosure of M·c (the exact image of the center). */
    private static double[][] image(double[][] m, double[] c) {
        int p = c.length;
        double[] lo = new double[p];
        double[] hi = new double[p];
        Lohner.Im.matVec(m, m, c, c, lo, hi);
        return new double[][] {lo, hi};
    }

    private static boolean inHull(Lohner.Set s, BigFraction[] x) {
        Interval[] box = s.box();
        for (int i = 0; i < x.length; i++) {
            if (Numbers.compare(Numbers.ofDouble(box[i].lo()), x[i]) > 0
                    || Numbers.compare(x[i], Numbers.ofDouble(box[i].hi())) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Runs 40 steps; returns whether every tracked point stayed in every hull. */
    private static boolean track(double[][] truth, double[][] y, double delta, Lohner.Set[] last) {
        Random rnd = new Random(3);
        double[] c0 = {0.5, -0.25, 1.0};
        double r0 = 1e-3;
        Lohner.Set s = Lohner.Set.ball(c0, r0);
        int n = 12;
        BigFraction[][] pts = new BigFraction[n][];
        for (int k = 0; k < n; k++) {
            pts[k] = new BigFraction[3];
            for (int i = 0; i < 3; i++) {
                // corners and random points of the initial box c0 + [−r0, r0]³
                double u = k < 8 ? (((k >> i) & 1) == 0 ? -1 : 1) : 2 * rnd.nextDouble() - 1;
                pts[k][i] = Numbers.ofDouble(c0[i]).add(Numbers.ofDouble(r0).multiply(Numbers.ofDouble(u)));
            }
        }
        boolean ok = true;
        for (int step = 0; step < 40; step++) {
            double[][] img = image(truth, s.center());
            s = Lohner.step(s, img[0], img[1], y, delta);
            for (int k = 0; k < n; k++) {
                pts[k] = apply(truth, pts[k]);
                ok &= inHull(s, pts[k]);
            }
        }
        last[0] = s;
        return ok;
    }

    @Test
    void exactLinearImagesStayInsideAndTheRotationDoesNotWrap() {
        double[][] m = map();
        Lohner.Set[] last = new Lohner.Set[1];
        assertTrue(track(m, m, 0, last), "an exact image left the set");
        // the exact image of the box c0 + [−r0, r0]³ after 40 steps: in the rotating plane a square of
        // side 2r0·1.05^40 (hull ≤ its diagonal), on axis 2 the width 2r0·0.9^40
        double grow = Math.pow(1.05, 40);
        Interval[] box = last[0].box();
        assertTrue(box[0].width() <= 2e-3 * grow * Math.sqrt(2) * 1.001, "wrapping: " + box[0]);
        assertTrue(box[1].width() <= 2e-3 * grow * Math.sqrt(2) * 1.001, "wrapping: " + box[1]);
        assertTrue(box[2].width() <= 2e-3 * Math.pow(0.9, 40) * 1.001 + 1e-15, "axis 2: " + box[2]);
        // interval arithmetic on the box alone would grow by (|cos| + |sin|)·1.05 per step: ~10^5 times more
        assertTrue(Math.pow(1.05 * (Math.cos(0.3) + Math.sin(0.3)), 40) > 1e3 * grow);
    }

    @Test
    void aJacobianKnownOnlyWithinDeltaIsStillEnclosedAndDeltaIsNeeded() {
        double[][] m = map();
        double[][] y = map();
        y[0][1] += 1e-3;
        y[2][0] -= 1e-3;
        // ‖y − M‖₂ ≤ ‖y − M‖_F = √2·1e-3
        double delta = 1.5e-3;
        Lohner.Set[] last = new Lohner.Set[1];
        assertTrue(track(m, y, delta, last), "with the error bound the exact images must stay inside");
        // the test can fail: without the error term the wrong matrix loses the exact images
        assertTrue(!track(m, y, 0, last), "with delta = 0 some exact image must leave the set");
    }

    @Test
    void theNewBasisIsOrthonormalAndStartsWithTheLongestWeightedColumn() {
        Random rnd = new Random(5);
        double[][] a = new double[5][5];
        for (double[] row : a) {
            for (int j = 0; j < 5; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        double[] lo = {-1, -1, -100, -1, -1};
        double[] hi = {1, 1, 100, 1, 1};
        double[][] q = Lohner.orthonormalBasis(a, lo, hi);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double d = 0;
                for (int k = 0; k < 5; k++) {
                    d += q[k][i] * q[k][j];
                }
                assertEquals(i == j ? 1 : 0, d, 1e-14);
            }
        }
        // column 2 is weighted by 100: the first basis vector is parallel to it
        double n = 0;
        double dot = 0;
        for (int k = 0; k < 5; k++) {
            n += a[k][2] * a[k][2];
            dot += a[k][2] * q[k][0];
        }
        assertEquals(1, Math.abs(dot) / Math.sqrt(n), 1e-13);
    }
}
