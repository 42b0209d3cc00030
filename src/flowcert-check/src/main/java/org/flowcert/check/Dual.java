package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A first-order dual number v + ε·e over rational intervals (ε² = 0): evaluating a function on θ + ε·z gives its
 * value in v and its derivative along z in e. Run through the order-2 {@link Jet}, the ε-parts of the value,
 * gradient and Hessian of L enclose ⟨z, ∇L⟩, ∇²L·z and ∇³L[z] (leaf t, proofs-notes/critical-profiled.md §4b).
 * Both parts have the inclusion property: every operation is the real one's rule on enclosures.
 */
public record Dual(RationalInterval v, RationalInterval e) implements Scalar<Dual> {
    @Override
    public Dual c(BigFraction q) {
        return new Dual(v.c(q), v.c(BigFraction.ZERO));
    }

    @Override
    public Dual add(Dual o) {
        return new Dual(v.add(o.v), e.add(o.e));
    }

    @Override
    public Dual sub(Dual o) {
        return new Dual(v.sub(o.v), e.sub(o.e));
    }

    /** (v + εe)(w + εf) = vw + ε(vf + ew). */
    @Override
    public Dual mul(Dual o) {
        return new Dual(v.mul(o.v), v.mul(o.e).add(e.mul(o.v)));
    }

    @Override
    public Dual neg() {
        return new Dual(v.neg(), e.neg());
    }

    /** σ^(k)(v + εe) = σ^(k)(v) + ε σ^(k+1)(v) e for k ≤ order: needs σ up to order + 1 (σ''' for order 2). */
    @Override
    public Dual[] act(Activation a, int order) throws Invalid {
        RationalInterval[] s = v.act(a, order + 1);
        Invalid.when(s.length <= order + 1 || s[order + 1] == null,
                "activation " + a.kind + ": no enclosure of derivative " + (order + 1) + " for dual numbers");
        Dual[] out = new Dual[order + 1];
        for (int k = 0; k <= order; k++) {
            out[k] = new Dual(s[k], s[k + 1].mul(e));
        }
        return out;
    }
}
