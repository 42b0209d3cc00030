package org.flowcert.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowcert.bench.W1Bench;
import org.flowcert.bench.W2Bench;
import org.flowcert.bench.W3Bench;
import org.flowcert.io.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowcert bench W1|W2|W3 [--json]}: the peer workloads of ../shared/peers/WORKLOADS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a peer workload of ../shared/peers/WORKLOADS.md (inputs bit for bit as there).",
            "With --json, one JSON line per configuration with the peers' metric names."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "W1, W2 or W3")
    String workload;

    @Option(names = "--json", description = "one JSON line per configuration")
    boolean json;

    @Override
    public Integer call() throws Exception {
        switch (workload.toUpperCase(Locale.ROOT)) {
            case "W1":
                return W1Bench.run(json, System.out, System.err);
            case "W2":
                return W2Bench.run(json, System.out, System.err);
            case "W3":
                return W3Bench.run(json, System.out, System.err);
            default:
                throw new UserError(null, "WORKLOAD", "expected W1, W2 or W3, found \"" + workload + "\"");
        }
    }
}
