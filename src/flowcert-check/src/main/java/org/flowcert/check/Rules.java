package org.flowcert.check;

import java.util.Map;

/** The fixed set of rule names of certificate format version 1 (one line per rule). */
final class Rules {
    static final Map<String, Rule> ALL = Map.ofEntries(
            Map.entry("loss", new PointRule("loss")),
            Map.entry("gradient", new PointRule("gradient")),
            Map.entry("flow-step", new FlowStepRule()),
            Map.entry("flow-taylor", new FlowTaylorRule()),
            Map.entry("ntk-ball", new NtkBallRule()),
            Map.entry("critical-profile", new ProfileRule()),
            Map.entry("critical-cover", new CoverRule()),
            Map.entry("critical-profiled", new ProfiledCoverRule()),
            Map.entry("lasalle", new LaSalleRule()),
            Map.entry("krawczyk", new KrawczykRule()),
            Map.entry("critical-relu-cells", new ReluCellRule()),
            Map.entry("lasalle-relu", new ReluLaSalleRule()), Map.entry("critical-relu-data", new ReluDataRule()),
            Map.entry("critical-relu-kinks", new ReluKinkRule()),
            Map.entry("claim", new ClaimStep()));

    private Rules() {
    }
}
