package org.flowcert.check;

import java.util.Map;

/** The fixed set of rule names of certificate format version 1 (one line per rule). */
final class Rules {
    static final Map<String, Rule> ALL = Map.of(
            "loss", new PointRule("loss"),
            "gradient", new PointRule("gradient"),
            "flow-step", new FlowStepRule(),
            "ntk-ball", new NtkBallRule(),
            "critical-profile", new ProfileRule(),
            "critical-cover", new CoverRule(),
            "lasalle", new LaSalleRule(),
            "krawczyk", new KrawczykRule(),
            "claim", new ClaimStep());

    private Rules() {
    }
}
