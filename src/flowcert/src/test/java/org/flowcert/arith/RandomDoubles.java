package org.flowcert.arith;

import java.util.SplittableRandom;

/**
 * Seeded random doubles for property tests, biased towards the hard cases: signed zeros,
 * subnormals, the smallest normals, huge values near overflow, exact small integers, and
 * plain random bit patterns.
 */
final class RandomDoubles {
    private static final double[] SPECIAL = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
        Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE,
        Math.nextDown(Double.MAX_VALUE), 1.0, -1.0, 2.0, 0.5, 3.0, 0.1, -0.1, 1e-300, 1e300,
        Math.nextUp(1.0), Math.nextDown(1.0), 0x1p-968, 0x1p-969, 0x1p-960, 0x1p-537, 0x1p1023,
    };

    private final SplittableRandom rnd;

    RandomDoubles(long seed) {
        rnd = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return rnd;
    }

    /** A finite double from one of several families. */
    double next() {
        switch (rnd.nextInt(10)) {
            case 0:
                return SPECIAL[rnd.nextInt(SPECIAL.length)];
            case 1: { // any finite bit pattern
                double d;
                do {
                    d = Double.longBitsToDouble(rnd.nextLong());
                } while (!Double.isFinite(d));
                return d;
            }
            case 2: // subnormal
                return sign(Double.longBitsToDouble(rnd.nextLong(1L, 1L << 52)));
            case 3: // tiny normal, around the TwoProduct underflow threshold
                return sign(Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-1022, -900)));
            case 4: // huge
                return sign(Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(900, 1024)));
            case 5: // small integers (exact results are frequent)
                return rnd.nextInt(-20, 21);
            case 6: // 53-bit odd significands near 1 (inexact results are frequent)
                return sign(Math.scalb((double) (rnd.nextLong(1L << 52, 1L << 53) | 1), -52 + rnd.nextInt(-8, 9)));
            default: // moderate magnitudes
                return sign(Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-60, 61)));
        }
    }

    /** Either x itself, a neighbour, −x or a scaled copy: provokes cancellation and ties. */
    double near(double x) {
        switch (rnd.nextInt(6)) {
            case 0:
                return -x;
            case 1:
                return Math.nextUp(-x);
            case 2:
                return Math.nextDown(-x);
            case 3:
                return x;
            case 4:
                return -x * Math.scalb(1.0, rnd.nextInt(-60, 61));
            default:
                return next();
        }
    }

    private double sign(double x) {
        return rnd.nextBoolean() ? x : -x;
    }
}
