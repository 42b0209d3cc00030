package org.flowcert.prove.engine;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A function a {@link Mapper} may ship to other processes.
 *
 * @param <T> argument type
 * @param <R> result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
