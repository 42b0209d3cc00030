package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Dual;
import org.flowcert.arith.Exact;
import org.junit.jupiter.api.Test;

class TaylorTest {
    private static final Taylor.Field<DoubleNum> D = Taylor.field(DoubleNum.FIELD, 7);
    private static final Taylor.Field<Exact> E = Taylor.field(Exact.FIELD, 6);

    private static Taylor<DoubleNum> tau(double x0) {
        return D.of(new DoubleNum[] {DoubleNum.of(x0), DoubleNum.of(1)});
    }

    /** Known series: tanh τ = τ − τ³/3 + 2τ⁵/15 − 17τ⁷/315, e^τ = Σ τᵏ/k!, logistic τ = 1/2 + τ/4 − τ³/48 + τ⁵/480. */
    @Test
    void elementarySeriesAtZeroMatchTextbookCoefficients() {
        double[] tanh = {0, 1, 0, -1.0 / 3, 0, 2.0 / 15, 0, -17.0 / 315};
        double[] logi = {0.5, 0.25, 0, -1.0 / 48, 0, 1.0 / 480, 0, -17.0 / 80640};
        Taylor<DoubleNum> t = tau(0).tanh();
        Taylor<DoubleNum> e = tau(0).exp();
        Taylor<DoubleNum> s = tau(0).logistic();
        double f = 1;
        for (int k = 0; k <= 7; k++) {
            f = k == 0 ? 1 : f * k;
            assertEquals(tanh[k], t.coefficient(k).value(), 1e-16, "tanh " + k);
            assertEquals(1 / f, e.coefficient(k).value(), 1e-16, "exp " + k);
            assertEquals(logi[k], s.coefficient(k).value(), 1e-16, "logistic " + k);
        }
    }

    /** Inverse pairs at a nonzero point: log(exp(x)) = x, sqrt(x)² = x, softplus' = logistic, erf by its ODE. */
    @Test
    void inversePairsRecoverTheInput() {
        Taylor<DoubleNum> x = D.of(new DoubleNum[] {DoubleNum.of(0.7), DoubleNum.of(-0.3), DoubleNum.of(0.2)});
        Taylor<DoubleNum> a = x.exp().log();
        Taylor<DoubleNum> b = x.sqrt().square();
        Taylor<DoubleNum> c = x.divide(x.add(D.one())).multiply(x.add(D.one()));
        for (int k = 0; k <= 7; k++) {
            assertEquals(x.coefficient(k).value(), a.coefficient(k).value(), 1e-15, "log exp " + k);
            assertEquals(x.coefficient(k).value(), b.coefficient(k).value(), 1e-15, "sqrt² " + k);
            assertEquals(x.coefficient(k).value(), c.coefficient(k).value(), 1e-15, "(x/(x+1))(x+1) " + k);
        }
        // d/dτ softplus(τ + 0.3) = logistic(τ + 0.3): (k+1) sp_{k+1} = logistic_k
        Taylor<DoubleNum> sp = tau(0.3).softplus();
        Taylor<DoubleNum> lg = tau(0.3).logistic();
        Taylor<DoubleNum> er = tau(0.3).erf();
        Taylor<DoubleNum> gauss = tau(0.3).square().negate().exp();
        for (int k = 0; k < 7; k++) {
            assertEquals(lg.coefficient(k).value(), (k + 1) * sp.coefficient(k + 1).value(), 1e-15);
            assertEquals(2 / Math.sqrt(Math.PI) * gauss.coefficient(k).value(), (k + 1) * er.coefficient(k + 1).value(), 1e-15);
        }
    }

    /** Exact rational series: (1 + τ)³ / (1 − τ) has coefficients 1, 4, 7, 8, 8, 8, 8. */
    @Test
    void rationalOperationsAreExact() {
        Taylor<Exact> t = E.of(new Exact[] {Exact.ONE, Exact.ONE});
        Taylor<Exact> u = E.of(new Exact[] {Exact.ONE, Exact.of(-1)});
        Taylor<Exact> r = t.square().multiply(t).divide(u);
        long[] want = {1, 4, 7, 8, 8, 8, 8};
        for (int k = 0; k <= 6; k++) {
            assertEquals(BigFraction.of(want[k]), r.coefficient(k).value(), "k = " + k);
        }
        assertEquals(BigFraction.of(8), E.of(BigFraction.of(2)).multiply(t.square()).coefficient(1).value().multiply(2));
    }

    @Test
    void reluSeriesAtTheKinkIsRefused() {
        assertThrows(Dual.KinkException.class, () -> tau(0).relu());
        assertEquals(0.0, tau(-0.5).relu().coefficient(1).value());
        assertEquals(1.0, tau(0.5).relu().coefficient(1).value());
    }
}
