package org.flowcert.check;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The limits and the deadline of the check running on this thread ({@link Checker} sets them for its own
 * thread). Code outside a check (unit tests of one class) sees the default limits and no deadline.
 */
final class Work {
    private static final ThreadLocal<Work> CURRENT = new ThreadLocal<>();
    private static final Work NONE = new Work(Limits.DEFAULT, Long.MAX_VALUE);

    final Limits limits;
    /** System.nanoTime() after which the check is stopped; Long.MAX_VALUE for none. */
    private final long deadline;
    /** Set when the check has its verdict: work still running on its pool threads stops ({@link Replay}). */
    private volatile boolean over;

    private Work(Limits limits, long deadline) {
        this.limits = limits;
        this.deadline = deadline;
    }

    /** Starts a check on this thread: limits and a deadline {@code limits.seconds()} from now. */
    static void begin(Limits limits) {
        long s = Long.min(limits.seconds(), 1L << 30) * 1_000_000_000L; // below 2^60: no overflow
        CURRENT.set(new Work(limits, System.nanoTime() + s));
    }

    /** Runs this thread under the limits and deadline of {@code w} (a pool thread of a check, {@link Replay}). */
    static void adopt(Work w) {
        CURRENT.set(w);
    }

    /** Marks this thread's check as over: its pool threads' next {@link #tick} ends their work. */
    static void over() {
        Work w = CURRENT.get();
        if (w != null) {
            w.over = true;
        }
    }

    static void end() {
        CURRENT.remove();
    }

    static Work get() {
        Work w = CURRENT.get();
        return w == null ? NONE : w;
    }

    static Limits limits() {
        return get().limits;
    }

    /** Ends the check when the deadline has passed (called in the loops of every rule and series). */
    static void tick() {
        Work w = CURRENT.get();
        if (w != null && w.over) {
            throw new LimitExceeded("the check has ended (work left on its pool is dropped)");
        }
        if (w != null && w.deadline != Long.MAX_VALUE && System.nanoTime() - w.deadline > 0) {
            throw new LimitExceeded("the check ran longer than the limit seconds = " + w.limits.seconds()
                    + " (raise it with --limit seconds=N)");
        }
    }

    /** {@link #tick} and {@link #size} for an interval's two endpoints (every rounded interval operation). */
    static void endpoints(BigFraction lo, BigFraction hi) {
        Work w = get();
        if (w.deadline != Long.MAX_VALUE && System.nanoTime() - w.deadline > 0) {
            tick();
        }
        long limit = w.limits.size();
        if (lo.getNumerator().bitLength() > limit || lo.getDenominator().bitLength() > limit
                || hi.getNumerator().bitLength() > limit || hi.getDenominator().bitLength() > limit) {
            int n = Integer.max(Integer.max(lo.getNumerator().bitLength(), lo.getDenominator().bitLength()),
                    Integer.max(hi.getNumerator().bitLength(), hi.getDenominator().bitLength()));
            throw LimitExceeded.of("an interval endpoint", "size", "a number of " + n + " bits", limit);
        }
    }

    /** Ends the check when an exact intermediate number has more bits than the limit {@code size}. */
    static void size(BigInteger n, String what) {
        long limit = limits().size();
        if (n.bitLength() > limit) {
            throw LimitExceeded.of(what, "size", "a number of " + n.bitLength() + " bits", limit);
        }
    }
}
