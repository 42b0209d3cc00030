package org.flowcert.flow;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the progress of a long run (time reached, L, ‖θ‖, steps per second) on one rewritten
 * line at most every {@code intervalNanos}. Use {@link #forTerminal} so that it only talks when
 * stderr is a terminal.
 */
public final class ProgressReporter implements StepHandler {
    private final GradientFlowSystem system;
    private final PrintStream err;
    private final long intervalNanos;
    private long started;
    private long lastPrint;
    private long steps;
    private boolean printed;

    public ProgressReporter(GradientFlowSystem system, PrintStream err, long intervalNanos) {
        this.system = system;
        this.err = err;
        this.intervalNanos = intervalNanos;
    }

    /** A reporter when attached to a terminal ({@code System.console() != null}), else null. */
    public static ProgressReporter forTerminal(GradientFlowSystem system, PrintStream err) {
        return System.console() != null ? new ProgressReporter(system, err, 500_000_000L) : null;
    }

    @Override
    public void init(OdeState initial, double finalTime) {
        started = System.nanoTime();
        lastPrint = started;
        steps = 0;
    }

    @Override
    public void handleStep(DenseStep step) {
        steps++;
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            double[] y = step.end().state();
            err.printf(Locale.ROOT, "\rt = %.6g  L = %.6g  |theta| = %.6g  %.0f steps/s   ", step.end().time(),
                    system.loss(y), OdeState.norm(y), steps / ((now - started) * 1e-9));
            err.flush();
            printed = true;
        }
    }

    @Override
    public void finish(OdeState last) {
        if (printed) {
            err.println();
        }
    }
}
