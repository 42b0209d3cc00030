package org.flowcert.prove.engine;

import java.util.ServiceLoader;
import org.flowcert.io.UserError;

/** The engines by {@code --engine} name: {@value #IN_PROCESS} (the default) or a provider's ({@code spark}). */
public final class Engines {
    /** The default engine's name. */
    public static final String IN_PROCESS = "in-process";

    private Engines() {
    }

    /**
     * The distributed mapper named {@code name}, started on {@code master}.
     *
     * @param name   an {@link EngineProvider}'s name
     * @param master its master (null: its default)
     * @return the mapper (close it)
     * @throws UserError when no provider of that name is on the class path
     */
    public static Mapper open(String name, String master) {
        StringBuilder known = new StringBuilder(IN_PROCESS + ", spark");
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.open(master);
            }
            if (!p.name().equals("spark")) {
                known.append(", ").append(p.name());
            }
        }
        if (name.equals("spark")) {
            throw new UserError(null, "--engine", "the Spark engine on the class path: target/flowcert-spark.jar and "
                    + "target/spark-lib/ are missing or not on it (./flowcert adds them when the command says --engine "
                    + "spark, and builds them with mvn -B -DskipTests package; or run java with -cp "
                    + "target/flowcert.jar:target/flowcert-spark.jar:'target/spark-lib/*' org.flowcert.cli.Main)");
        }
        throw new UserError(null, "--engine", "one of " + known + ", not '" + name + "'");
    }
}
