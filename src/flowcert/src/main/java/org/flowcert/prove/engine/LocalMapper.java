package org.flowcert.prove.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link Mapper} on {@code threads} threads of this JVM. With {@code serializing}, every item, the function and
 * every result go through Java serialization as they would to a cluster's workers (tests use this to find a cell or
 * search that would not survive the trip, without starting Spark).
 *
 * @param threads     threads, at least 1
 * @param serializing whether to round-trip everything through serialization
 */
public record LocalMapper(int threads, boolean serializing) implements Mapper {
    /** Checks that there is at least one thread. */
    public LocalMapper {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(List<T> items, SerializableFunction<T, R> f) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<R>> fs = new ArrayList<>();
            for (T item : items) {
                fs.add(pool.submit(() -> {
                    if (!serializing) {
                        return f.apply(item);
                    }
                    SerializableFunction<T, R> g = roundTrip(f);
                    return roundTrip(g.apply(roundTrip(item)));
                }));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> x : fs) {
                out.add(x.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static <X> X roundTrip(X x) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(b)) {
                o.writeObject(x);
            }
            try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
                return (X) i.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int slots() {
        return threads;
    }

    @Override
    public String describe() {
        return "rounds on " + threads + (threads == 1 ? " thread" : " threads") + (serializing ? ", serializing" : "");
    }
}
