package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A first-order dual number v + ε·e (ε² = 0) over any scalar with the inclusion property: the same rules as
 * {@link Dual} (which is this over rational intervals), used by leaf p over {@link CentredForm}s
 * (proofs-notes/critical-profiled.md §4c).
 */
public record DualOf<T extends Scalar<T>>(T v, T e) implements Scalar<DualOf<T>> {
    @Override
    public DualOf<T> c(BigFraction q) {
        return new DualOf<>(v.c(q), v.c(BigFraction.ZERO));
    }

    @Override
    public DualOf<T> add(DualOf<T> o) {
        return new DualOf<>(v.add(o.v), e.add(o.e));
    }

    @Override
    public DualOf<T> sub(DualOf<T> o) {
        return new DualOf<>(v.sub(o.v), e.sub(o.e));
    }

    /** (v + εe)(w + εf) = vw + ε(vf + ew); a square keeps its base's square (v·v of the same object). */
    @Override
    public DualOf<T> mul(DualOf<T> o) {
        return new DualOf<>(o == this ? v.mul(v) : v.mul(o.v), v.mul(o.e).add(e.mul(o.v)));
    }

    @Override
    public DualOf<T> neg() {
        return new DualOf<>(v.neg(), e.neg());
    }

    /** σ^(k)(v + εe) = σ^(k)(v) + ε σ^(k+1)(v) e for k ≤ order. */
    @Override
    public DualOf<T>[] act(Activation a, int order) throws Invalid {
        T[] s = v.act(a, order + 1);
        Invalid.when(s.length <= order + 1 || s[order + 1] == null,
                "activation " + a.kind + ": no enclosure of derivative " + (order + 1) + " for dual numbers");
        @SuppressWarnings("unchecked")
        DualOf<T>[] out = (DualOf<T>[]) new DualOf[order + 1];
        for (int k = 0; k <= order; k++) {
            out[k] = new DualOf<>(s[k], s[k + 1].mul(e));
        }
        return out;
    }
}
