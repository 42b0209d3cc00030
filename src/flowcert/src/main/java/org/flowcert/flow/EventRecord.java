package org.flowcert.flow;

/** An event located during an integration: the state just after the crossing. */
public record EventRecord(OdeState state, EventDetector detector, boolean increasing, EventAction action) {

    public double time() {
        return state.time();
    }
}
