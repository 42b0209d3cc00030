package org.flowcert.bench;

import java.io.PrintStream;

/** Workload W2 of ../shared/peers/WORKLOADS.md. STUB: being written. */
public final class W2Bench {
    private W2Bench() {
    }

    /** Runs the workload, prints results (JSON lines with {@code json}); returns the exit code. */
    public static int run(boolean json, PrintStream out, PrintStream err) {
        err.println("flowcert bench W2: not implemented yet");
        return 3;
    }
}
