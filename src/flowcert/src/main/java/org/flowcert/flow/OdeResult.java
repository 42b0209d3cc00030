package org.flowcert.flow;

import java.util.List;

/**
 * The outcome of an integration: the last state, the events met, and the work done
 * ({@code evaluations} counts calls of f, as scipy's {@code nfev}).
 */
public record OdeResult(OdeState last, List<EventRecord> events, long evaluations, long acceptedSteps,
        long rejectedSteps, boolean stoppedByEvent) {

    public OdeResult {
        events = List.copyOf(events);
    }
}
