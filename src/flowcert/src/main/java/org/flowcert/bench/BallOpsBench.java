package org.flowcert.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.ApfloatBall;
import org.flowcert.arith.Ball;

/**
 * Cost per operation of {@code ball:BITS} (benchmarks/ball.md), one JSON line per operation:
 * {@code java -cp target/flowcert.jar org.flowcert.bench.BallOpsBench BITS [apfloat]}.
 *
 * <p>Operands as in benchmarks/ball.md: x = 7/10, y = −13/9 rounded to BITS bits (point balls);
 * "narrow" is exp on a ball of radius ≈ 2^−BITS, "wide" tanh on [0.699999, 0.700001] (both on
 * the derivative-bound path: radius ≤ 2^−16); tanh is timed on a fresh ball per call, since a
 * {@link Ball} remembers its tanh. Each operation: warm-up of 300 ms, then 9 batches of
 * at least 30 ms of this thread's CPU time; the median CPU time per call (the machine
 * is shared, so wall time would count other jobs). With {@code apfloat}, the same operations on
 * the Apfloat cross-check implementation ({@link ApfloatBall}).
 *
 * <p>Each result is handed to {@link #consume}, which keeps it alive (the JIT must build it: it may be stored)
 * but stores it only on rare, unpredictable calls (JMH's blackhole), so that the loop measures the operation
 * as ops_mpfr.c's does. Up to session 9 every result was written to a volatile field: on x86 that is a
 * {@code lock}-prefixed fence per call, 4–5 ns (measured: 5 ns per call of an empty operation against 1 ns),
 * which MPFR's loop does not pay; {@code -Dsink=volatile} brings that harness back for comparisons.
 */
public final class BallOpsBench {
    private static volatile Object sink;
    /** The blackhole's state: a linear congruential sequence and a mask that grows on every (rare) store. */
    private static int tlr = 1;
    private static volatile int tlrMask = 1;
    private static Object kept;
    private static final boolean VOLATILE_SINK = "volatile".equals(System.getProperty("sink"));

    private BallOpsBench() {
    }

    public static void main(String[] args) {
        int bits = Integer.parseInt(args[0]);
        boolean ap = args.length > 1 && args[1].equals("apfloat");
        List<String> names = new ArrayList<>();
        List<Supplier<Object>> ops = new ArrayList<>();
        BigFraction qx = BigFraction.of(7, 10);
        BigFraction qy = BigFraction.of(-13, 9);
        if (!ap) {
            Ball.Field f = Ball.field(bits);
            Ball x = f.of(qx);
            Ball y = f.of(qy);
            Ball narrow = x.multiply(y).add(f.of(BigFraction.of(1, 3)));
            Ball wide = f.hull(BigFraction.of(699_999, 1_000_000), BigFraction.of(700_001, 1_000_000));
            add(names, ops, "add", () -> x.add(y));
            add(names, ops, "multiply", () -> x.multiply(y));
            add(names, ops, "square", () -> y.square());
            add(names, ops, "divide", () -> x.divide(y));
            add(names, ops, "sqrt", () -> x.sqrt());
            add(names, ops, "of(1/3)", () -> f.of(BigFraction.of(1, 3)));
            add(names, ops, "exp", () -> x.exp());
            add(names, ops, "log", () -> x.log());
            add(names, ops, "tanh", () -> x.negate().tanh()); // a fresh ball: Ball remembers its tanh
            add(names, ops, "logistic", () -> x.logistic());
            add(names, ops, "softplus", () -> x.softplus());
            add(names, ops, "erf", () -> x.erf());
            add(names, ops, "exp (narrow ball)", () -> narrow.exp());
            add(names, ops, "tanh (wide ball)", () -> wide.negate().tanh());
        } else {
            ApfloatBall.Field f = ApfloatBall.field(bits);
            ApfloatBall x = f.of(qx);
            ApfloatBall y = f.of(qy);
            add(names, ops, "add", () -> x.add(y));
            add(names, ops, "multiply", () -> x.multiply(y));
            add(names, ops, "divide", () -> x.divide(y));
            add(names, ops, "sqrt", () -> x.sqrt());
            add(names, ops, "exp", () -> x.exp());
            add(names, ops, "tanh", () -> x.negate().tanh()); // a fresh ball: Ball remembers its tanh
        }
        String only = System.getProperty("op");
        for (int i = 0; i < ops.size(); i++) {
            if (only != null && !only.equals(names.get(i))) {
                continue;
            }
            double ns = time(ops.get(i));
            System.out.println(String.format(Locale.ROOT,
                    "{\"peer\": \"%s\", \"prec\": %d, \"op\": \"%s\", \"ns_per_call\": %.1f}",
                    ap ? "flowcert-apfloat-ball" : "flowcert-ball", bits, names.get(i), ns));
        }
    }

    private static void add(List<String> names, List<Supplier<Object>> ops, String name, Supplier<Object> op) {
        names.add(name);
        ops.add(op);
    }

    /** This thread's CPU time in ns (the machine is shared: wall time would count other jobs). */
    static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Keeps o alive without a fence per call: o is stored only when the next value of a linear congruential
     * sequence has its low bits (a mask that doubles on each store) all 0, which the JIT cannot predict, so o must
     * exist; with {@code -Dsink=volatile} every o goes to a volatile field (the harness up to session 9).
     */
    static void consume(Object o) {
        if (VOLATILE_SINK) {
            sink = o;
            return;
        }
        int t = tlr * 1_664_525 + 1_013_904_223;
        tlr = t;
        int mask = tlrMask;
        if ((t & mask) == 0) {
            kept = o;
            tlrMask = (mask << 1) + 1;
        }
    }

    /** Median CPU ns per call over 9 batches of at least 30 ms of CPU time, after 500 ms of warm-up. */
    static double time(Supplier<Object> op) {
        long end = cpu() + 500_000_000L;
        long calls = 0;
        while (cpu() < end) {
            for (int i = 0; i < 10; i++) {
                consume(op.get());
            }
            calls += 10;
        }
        long batch = Math.max(1, calls / 20);
        double[] s = new double[9];
        for (int k = 0; k < s.length; k++) {
            long t0 = cpu();
            long n = 0;
            do {
                for (long i = 0; i < batch; i++) {
                    consume(op.get());
                }
                n += batch;
            } while (cpu() - t0 < 30_000_000L);
            s[k] = (cpu() - t0) / (double) n;
        }
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
