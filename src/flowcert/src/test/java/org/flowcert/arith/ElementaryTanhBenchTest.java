package org.flowcert.arith;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Micro-benchmark of the tanh bounds (no timing assertion; figures go to
 * benchmarks/elementary-functions.md). Run with {@code mvn verify -Plong} or directly:
 * {@code java -cp target/classes:target/test-classes:<junit> org.flowcert.arith.ElementaryTanhBenchTest}.
 */
@Tag("long")
class ElementaryTanhBenchTest {
    private static final int N = 4096;
    static volatile double sink;

    @Test
    void benchmark() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        for (double range : new double[] {0.5, 3, 10}) {
            SplittableRandom rnd = new SplittableRandom(1);
            double[] xs = new double[N];
            for (int i = 0; i < N; i++) {
                xs[i] = (rnd.nextDouble() * 2 - 1) * range;
            }
            System.out.printf(Locale.ROOT, "x uniform in [-%s, %s]: %s%n", range, range, measure(xs));
        }
    }

    static String measure(double[] xs) {
        String[] names = {"FastTanh.bounds", "FastTanh.down+up", "2 x Math.tanh", "1 x Math.tanh", "1 x Math.exp"};
        StringBuilder sb = new StringBuilder();
        for (int v = 0; v < names.length; v++) {
            for (int w = 0; w < 20; w++) {
                run(v, xs); // warm-up
            }
            double[] t = new double[31];
            for (int r = 0; r < t.length; r++) {
                long t0 = System.nanoTime();
                for (int rep = 0; rep < 20; rep++) {
                    run(v, xs);
                }
                t[r] = (System.nanoTime() - t0) / (20.0 * xs.length);
            }
            Arrays.sort(t);
            // on a shared machine the minimum is the least disturbed run; the median is also given
            sb.append(String.format(Locale.ROOT, "%s %.1f ns (median %.1f); ", names[v], t[0], t[t.length / 2]));
        }
        return sb.toString();
    }

    static void run(int variant, double[] xs) {
        double acc = 0;
        double[] o = new double[2];
        switch (variant) {
            case 0:
                for (double x : xs) {
                    FastTanh.bounds(x, o);
                    acc += o[0] + o[1];
                }
                break;
            case 1:
                for (double x : xs) {
                    acc += FastTanh.down(x) + FastTanh.up(x);
                }
                break;
            case 2:
                for (double x : xs) {
                    acc += Math.tanh(x) + Math.tanh(x + 0x1p-60);
                }
                break;
            case 3:
                for (double x : xs) {
                    acc += Math.tanh(x);
                }
                break;
            default:
                for (double x : xs) {
                    acc += Math.exp(x);
                }
                break;
        }
        sink = acc;
    }
}
