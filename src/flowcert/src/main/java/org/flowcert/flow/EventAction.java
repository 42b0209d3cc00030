package org.flowcert.flow;

/** What the integration does when an event is located. */
public enum EventAction {
    /** Record the event and go on. */
    CONTINUE,
    /** Record the event and end the integration at the event time. */
    STOP
}
