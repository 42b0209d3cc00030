package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/** Rule {@code flow-step}: one Picard–Lindelöf step of θ' = −∇L (proofs-notes/rules/flow-step.md). */
final class FlowStepRule implements Rule {
    @Override
    public Fact apply(Step step) throws Invalid {
        Net net = step.net();
        int bits = step.bits();
        BigFraction h = step.number("h");
        RationalInterval[] e = step.box("E", bits);
        RationalInterval[] x = step.box("X", bits);
        // the first step starts at θ at time 0, a later one at the cited flow fact's end box
        Fact.Flow prev = step.cited().isEmpty() ? null : (Fact.Flow) step.cites("flow").get(0);
        RationalInterval[] x0 = prev == null ? Net.point(net.theta, bits) : prev.box();
        BigFraction t0 = prev == null ? BigFraction.ZERO : prev.time();
        step.when(h.signum() <= 0, "h must be positive");
        // check 1: F = −∇L locally Lipschitz on E
        step.when(net.act.kinked(), "flow steps need a smooth activation (F must be Lipschitz)");
        RationalInterval[] g = net.loss(e, 1).g();
        for (int k = 0; k < x0.length; k++) {
            RationalInterval hf = g[k].neg().mul(RationalInterval.of(h, bits));
            // check 2: X0 + [0, h]·F(E) ⊆ E, with [0, h]·[a, b] = [min(0, ha), max(0, hb)]
            RationalInterval sweep = RationalInterval.of(RationalInterval.min(BigFraction.ZERO, hf.lo()),
                    RationalInterval.max(BigFraction.ZERO, hf.hi()), bits);
            step.when(!x0[k].add(sweep).within(e[k]), "component " + k + " leaves the a priori box E");
            // check 3: X0 + h·F(E) ⊆ X
            step.when(!x0[k].add(hf).within(x[k]), "component " + k + " of the end box X is too small");
        }
        return new Fact.Flow(t0.add(h), x, e, null);
    }
}
