package org.flowcert.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `flowcert bench`: not yet implemented. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a peer workload (W1, W2, W3).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowcert bench: not implemented yet");
        return Main.INTERNAL;
    }
}
