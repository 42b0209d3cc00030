package org.flowcert.prove.engine;

/**
 * A distributed {@link Mapper} that lives in another module (flowcert-spark), found with
 * {@link java.util.ServiceLoader} so that the prover does not depend on it: {@link Engines#open} looks it up by name.
 */
public interface EngineProvider {
    /** The {@code --engine} name ({@code spark}). */
    String name();

    /**
     * Starts the workers.
     *
     * @param master where they run (for Spark a master URL; null: the provider's default, e.g. {@code local[*]})
     * @return the mapper; close it when done
     */
    Mapper open(String master);
}
