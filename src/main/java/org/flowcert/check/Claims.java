package org.flowcert.check;

import java.util.Map;

/** Claim types the checker can conclude (one line per claim type). */
final class Claims {
    static final Map<String, ClaimRule> ALL = Map.of(
            "loss-enclosure", new LossEnclosureClaim(),
            "loss-below", new LossBelowClaim(),
            "critical-point", new CriticalPointClaim(),
            "flow-enclosure", new FlowEnclosureClaim(),
            "leaves-ball", new LeavesBallClaim(),
            "linear-convergence", new LinearConvergenceClaim(),
            "critical-values-above", new CriticalClaims(),
            "diverges", new CriticalClaims(),
            "leaves-box", new CriticalClaims());

    private Claims() {
    }
}
