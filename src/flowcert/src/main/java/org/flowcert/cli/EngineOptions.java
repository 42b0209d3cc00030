package org.flowcert.cli;

import org.flowcert.io.UserError;
import org.flowcert.prove.engine.Engines;
import org.flowcert.prove.engine.Mapper;
import picocli.CommandLine.Option;

/** {@code --engine} and {@code --master}: where branch-and-bound searches (or batch jobs) run. */
final class EngineOptions {
    @Option(names = "--engine", paramLabel = "NAME",
            description = "where the work runs: in-process (the default: this JVM's threads) or spark (Apache Spark,"
                    + " on --master; needs target/flowcert-spark.jar and target/spark-lib/, which ./flowcert builds"
                    + " and adds). The certificate does not depend on it.")
    String engine = Engines.IN_PROCESS;

    @Option(names = "--master", paramLabel = "URL",
            description = "the Spark master with --engine spark: local[*] (the default: every core), local[N],"
                    + " local[N,F] (F attempts per task), or a cluster's spark://HOST:PORT.")
    String master;

    /** Whether the work stays in this JVM. */
    boolean inProcess() {
        check();
        return engine.equals(Engines.IN_PROCESS);
    }

    private void check() {
        if (master != null && engine.equals(Engines.IN_PROCESS)) {
            throw new UserError(null, "--master", "--engine spark with it (the in-process engine has no master)");
        }
        if (master != null && master.isBlank()) {
            throw new UserError(null, "--master", "a Spark master URL such as local[2], not an empty one");
        }
    }

    /** The distributed mapper, started (close it); call only when not {@link #inProcess()}. */
    Mapper open() {
        check();
        return Engines.open(engine, master);
    }
}
