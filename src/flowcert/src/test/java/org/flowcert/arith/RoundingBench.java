package org.flowcert.arith;

import java.util.SplittableRandom;

/**
 * A small timing harness (not a unit test): ns per call of the directed-rounding primitives,
 * Interval operations and IntervalSum, over arrays of random moderate doubles, after warm-up.
 * Run: {@code java -cp target/classes:target/test-classes:<deps> org.flowcert.arith.RoundingBench}.
 */
public final class RoundingBench {
    private static final int N = 1 << 12;

    private RoundingBench() {
    }

    interface Op {
        double run(double[] a, double[] b, double[] c);
    }

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(7);
        double[] a = new double[N];
        double[] b = new double[N];
        double[] c = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = (r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-10, 11));
            b[i] = (r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-10, 11));
            c[i] = (r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-10, 11));
        }
        Interval[] ia = new Interval[N];
        Interval[] ib = new Interval[N];
        for (int i = 0; i < N; i++) {
            ia[i] = Interval.hull(a[i], Math.nextUp(a[i]));
            ib[i] = Interval.hull(b[i], b[i] + Math.abs(b[i]) * 1e-12);
        }
        IntervalSum acc = new IntervalSum();
        bench("plain a*b (RN, reference)", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += x[i] * y[i]; } return s; });
        bench("addUp", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.addUp(x[i], y[i]); } return s; });
        bench("addDown", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.addDown(x[i], y[i]); } return s; });
        bench("mulUp", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.mulUp(x[i], y[i]); } return s; });
        bench("mulDown", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.mulDown(x[i], y[i]); } return s; });
        bench("divUp", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.divUp(x[i], y[i]); } return s; });
        bench("sqrtUp", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.sqrtUp(Math.abs(x[i])); } return s; });
        bench("fmaUp", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += Rounding.fmaUp(x[i], y[i], z[i]); } return s; });
        bench("Interval.add", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += ia[i].add(ib[i]).hi(); } return s; });
        bench("Interval.multiply", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += ia[i].multiply(ib[i]).hi(); } return s; });
        bench("Interval.divide", a, b, c, (x, y, z) -> { double s = 0; for (int i = 0; i < N; i++) { s += ia[i].divide(ib[i]).hi(); } return s; });
        bench("IntervalSum.addProduct (per term, n=4096)", a, b, c, (x, y, z) -> { acc.reset(); for (int i = 0; i < N; i++) { acc.addProduct(ia[i], ib[i]); } return acc.result().hi(); });
        bench("IntervalSum dot n=16 (per term, incl. result)", a, b, c, (x, y, z) -> {
            double s = 0;
            for (int j = 0; j + 16 <= N; j += 16) {
                acc.reset();
                for (int i = j; i < j + 16; i++) {
                    acc.addProduct(ia[i], ib[i]);
                }
                s += acc.result().hi();
            }
            return s;
        });
    }

    private static void bench(String name, double[] a, double[] b, double[] c, Op op) {
        double sink = 0;
        for (int w = 0; w < 3000; w++) {
            sink += op.run(a, b, c);
        }
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 15; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 100; k++) {
                sink += op.run(a, b, c);
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("%-48s %7.2f ns/op   (sink %s)%n", name, best / (100.0 * N), sink == 42 ? "" : "ok");
    }
}
