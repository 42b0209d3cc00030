package org.flowcert.bench;

import java.io.PrintStream;

/** Workload W1 of ../shared/peers/WORKLOADS.md. STUB: being written. */
public final class W1Bench {
    private W1Bench() {
    }

    /** Runs the workload, prints results (JSON lines with {@code json}); returns the exit code. */
    public static int run(boolean json, PrintStream out, PrintStream err) {
        err.println("flowcert bench W1: not implemented yet");
        return 3;
    }
}
