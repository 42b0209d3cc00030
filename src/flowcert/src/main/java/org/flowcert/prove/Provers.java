package org.flowcert.prove;

import java.util.HashMap;
import java.util.Map;

/** The prover for each claim type (one line per claim type). */
public final class Provers {
    private static final Map<String, Prover> ALL = new HashMap<>();

    static {
        ALL.put("loss-enclosure", new LossEnclosureProver());
        ALL.put("loss-below", new LossBelowProver());
        ALL.put("critical-point", new CriticalPointProver());
        ALL.put("linear-convergence", new LinearConvergenceProver());
        ALL.put("flow-enclosure", new FlowEnclosureProver());
        ALL.put("leaves-ball", new LeavesBallProver());
        ALL.put("critical-values-above", new org.flowcert.prove.critical.CriticalValuesProver());
        ALL.put("diverges", new org.flowcert.prove.critical.LaSalleProver());
        ALL.put("leaves-box", new org.flowcert.prove.critical.LaSalleProver());
    }

    private Provers() {
    }

    /** The prover for {@code type}, or null when flowcert has none. */
    public static Prover get(String type) {
        return ALL.get(type);
    }

    /** Registers a prover (for claim types implemented in sub-packages, e.g. prove.critical). */
    public static synchronized void register(String type, Prover prover) {
        ALL.put(type, prover);
    }
}
