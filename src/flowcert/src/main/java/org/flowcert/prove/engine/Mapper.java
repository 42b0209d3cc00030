package org.flowcert.prove.engine;

import java.io.Serializable;
import java.util.List;

/**
 * Applies a function to a list of independent items, possibly on other machines, and returns the results in the
 * items' order: the one thing a {@link RoundEngine} needs from a distributed framework. A failed item may be
 * retried (Spark re-executes a failed task), so the function must be deterministic and free of side effects.
 */
public interface Mapper extends AutoCloseable {
    /**
     * {@code f} applied to each item, results in the items' order.
     *
     * @param items the items (each becomes one task)
     * @param f     the function
     * @param <T>   item type
     * @param <R>   result type
     * @return the results
     */
    <T extends Serializable, R extends Serializable> List<R> map(List<T> items, SerializableFunction<T, R> f);

    /** How many items run at once (cores of the executors). */
    int slots();

    /** A short description ({@code spark local[2]}). */
    String describe();

    /** Releases the workers (a Spark context); nothing by default. */
    @Override
    default void close() {
    }
}
