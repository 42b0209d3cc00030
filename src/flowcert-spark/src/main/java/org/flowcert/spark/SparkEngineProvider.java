package org.flowcert.spark;

import org.flowcert.prove.engine.EngineProvider;
import org.flowcert.prove.engine.Mapper;

/** {@code --engine spark}: a {@link SparkMapper} (registered in META-INF/services). */
public final class SparkEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Mapper open(String master) {
        return new SparkMapper(master);
    }
}
