package org.flowcert.eval;

import java.util.function.BiFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.arith.Interval;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;

/**
 * The set [lo, hi] in a rigorous set arithmetic (interval, ball), for the integral risk's
 * cell enclosures. {@link Num} has no such constructor (a point arithmetic cannot hold a
 * set), so this is looked up per arithmetic, outside the generic loss code: arithmetics
 * without one (exact, double, dual numbers) never reach the code that needs it, or get a
 * clear refusal.
 */
final class Hulls {
    private Hulls() {
    }

    /** The hull constructor of {@code f}, or null when it has none. */
    @SuppressWarnings("unchecked")
    static <T extends Num<T>> BiFunction<BigFraction, BigFraction, T> of(NumField<T> f) {
        if (f == Interval.FIELD) {
            return (lo, hi) -> (T) Interval.from(lo, hi);
        }
        if (f instanceof Ball.Field b) {
            return (lo, hi) -> (T) b.hull(lo, hi);
        }
        return null;
    }
}
