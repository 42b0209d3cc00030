package org.flowcert.arith;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The common part of a field whose numbers carry a base-arithmetic value plus extra parts
 * (dual numbers, truncated Taylor series): constants are lifted from the base with zero extra
 * parts, and rigour and supported primitives are the base's.
 *
 * @param <B> the base number type
 * @param <L> the lifted number type
 */
public abstract class LiftedField<B extends Num<B>, L extends Num<L>> implements NumField<L> {
    /** The base arithmetic. */
    protected final NumField<B> base;

    protected LiftedField(NumField<B> base) {
        this.base = base;
    }

    /** The base value {@code value} with every extra part zero. */
    public abstract L constant(B value);

    @Override
    public boolean rigorous() {
        return base.rigorous();
    }

    @Override
    public boolean supports(Num.Primitive p) {
        return base.supports(p);
    }

    @Override
    public L zero() {
        return constant(base.zero());
    }

    @Override
    public L one() {
        return constant(base.one());
    }

    @Override
    public L of(BigFraction q) {
        return constant(base.of(q));
    }

    @Override
    public L invSqrt2() {
        return constant(base.invSqrt2());
    }

    @Override
    public L invSqrt2Pi() {
        return constant(base.invSqrt2Pi());
    }
}
