package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The large-argument tail bounds of check.Elementary (proofs-notes/rules/elementary.md, "Large arguments"):
 * each enclosure holds an independent 40-digit mpmath reference (mp.dps = 300, recorded below), on both sides
 * of the cutoff 4(bits + 24) + 64 (164 at bits 1, 372 at bits 53), and huge arguments answer at once with
 * bounds that hold by mpmath's log2 of the true distance to the limit.
 */
class ElementaryTailTest {
    /** mpmath's decimal string as an exact rational (it is within 1e-40 relative of the true value). */
    private static BigFraction dec(String s) {
        BigDecimal d = new BigDecimal(s);
        return d.scale() >= 0 ? BigFraction.of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : BigFraction.of(d.unscaledValue().multiply(BigInteger.TEN.pow(-d.scale())));
    }

    private static BigFraction q(long v) {
        return BigFraction.of(v);
    }

    /** The reference r lies in the enclosure; d is the small recorded quantity (r = d, 1 − d, q + d, ...). */
    private static void holds(RationalInterval e, BigFraction r, BigFraction d, String what) {
        // 40 recorded digits of d: the reference r is within 1e-30·|d| of the true value
        BigFraction m = d.abs().multiply(BigFraction.of(BigInteger.ONE, BigInteger.TEN.pow(30)));
        assertThat(e.lo().subtract(r.subtract(m)).signum()).as(what + " lo " + e).isLessThanOrEqualTo(0);
        assertThat(r.add(m).subtract(e.hi()).signum()).as(what + " hi " + e).isLessThanOrEqualTo(0);
    }

    /** The width is at most 2^-bits (the tail bounds are far tighter than the requested precision). */
    private static void tight(RationalInterval e, int bits, String what) {
        assertThat(e.hi().subtract(e.lo()).subtract(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(bits)))
                .signum()).as(what + " width " + e).isLessThanOrEqualTo(0);
    }

    @Test
    void cutoffIsWhereTheNotesSayItIs() {
        assertThat(Elementary.cutoff(1)).isEqualTo(q(164));
        assertThat(Elementary.cutoff(53)).isEqualTo(q(372));
        // M never exceeds ⌊x⌋ (so 2^-M ≥ 2^-x ≥ e^-x), and is 2(bits + 24) + 2·bitLength(⌊x⌋ + 1) for large x
        assertThat(Elementary.tailBits(q(10), 53)).isEqualTo(10);
        assertThat(Elementary.tailBits(BigFraction.of(21, 2), 53)).isEqualTo(10);
        assertThat(Elementary.tailBits(q(1_000_000), 53)).isEqualTo(2 * 77 + 2 * 20);
    }

    @Test
    void tanhOnBothSidesOfTheCutoff() {
        // 1 − tanh q = 2/(e^{2q} + 1), mpmath
        String[][] ref = {{"100", "2.767793053473475061297362913958169370806e-87"},
            {"164", "7.119343233679041001252190219225902179114e-143"},
            {"200", "3.830339193428011390039679557308528701484e-174"},
            {"372", "1.534388940835995814789954860884377571442e-323"},
            {"400", "7.335749168355374426910991308521596430939e-348"}};
        for (int bits : new int[] {1, 53, 200}) {
            for (String[] r : ref) {
                BigFraction d = dec(r[1]);
                BigFraction t = BigFraction.ONE.subtract(d);
                holds(Elementary.tanh(dec(r[0]), bits), t, d, "tanh " + r[0] + " bits " + bits);
                holds(Elementary.tanh(dec(r[0]).negate(), bits), t.negate(), d, "tanh -" + r[0] + " bits " + bits);
                tight(Elementary.tanh(dec(r[0]), bits), bits, "tanh " + r[0]);
            }
        }
    }

    @Test
    void logisticSoftplusAndExpOnBothSidesOfTheCutoff() {
        // logistic(−q) = 1/(1 + e^q), softplus(−q) = log1p(e^−q), e^−q; mpmath: for these q the three agree to
        // 40 digits (they differ by O(e^−2q))
        String[][] ref = {{"164", "5.966298364010570080690389637503863655895e-72"},
            {"372", "2.769827558563886314981888581563104332832e-162"},
            {"400", "1.915169596714005695019839778654264350742e-174"}};
        for (int bits : new int[] {1, 53}) {
            for (String[] r : ref) {
                BigFraction x = dec(r[0]);
                BigFraction v = dec(r[1]);
                String w = r[0] + " bits " + bits;
                // the relative margin 1e-30 of holds() covers the O(e^-2q) differences too
                holds(Elementary.logistic(x.negate(), bits), v, v, "logistic -" + w);
                holds(Elementary.logistic(x, bits), BigFraction.ONE.subtract(v), v, "logistic " + w);
                holds(Elementary.softplus(x.negate(), bits), v, v, "softplus -" + w);
                holds(Elementary.softplus(x, bits), x.add(v), v, "softplus " + w);
                holds(Elementary.exp(x.negate(), bits), v, v, "exp -" + w);
                tight(Elementary.logistic(x.negate(), bits), bits, "logistic -" + w);
            }
        }
        BigFraction e1000 = dec("5.075958897549456765291809479574336919306e-435");
        holds(Elementary.exp(q(-1000), 53), e1000, e1000, "exp -1000");
    }

    @Test
    void erfOnBothSidesOfTheCutoff() {
        // erfc q, mpmath; the cutoff applies to q² (164 at bits 1: 13² = 169 takes the tail bound, at bits 53
        // it takes the e^{-q²}/(q√π) bound of the old path)
        String[][] ref = {{"13", "1.739557315466724521804198548243026985089e-75"},
            {"20", "5.395865611607900928934999167905345604088e-176"},
            {"30", "2.564656203756111600033397277501447146549e-393"}};
        for (int bits : new int[] {1, 53, 300}) {
            for (String[] r : ref) {
                BigFraction d = dec(r[1]);
                BigFraction e = BigFraction.ONE.subtract(d);
                holds(Elementary.erf(dec(r[0]), bits), e, d, "erf " + r[0] + " bits " + bits);
                holds(Elementary.erf(dec(r[0]).negate(), bits), e.negate(), d, "erf -" + r[0] + " bits " + bits);
                if (bits < 200) { // erfc q itself is ~2^-248 at q = 13: no enclosure of width 1 − erf is tighter
                    tight(Elementary.erf(dec(r[0]), bits), bits, "erf " + r[0]);
                }
            }
        }
    }

    @Test
    void hugeArgumentsAnswerAtOnceWithTrueBounds() {
        // mpmath: log2(1 − tanh 1e7) = −28853899.8, log2(e^−1e7) = −14426950.4, log2(erfc 1000) = −1442705.8;
        // each enclosure's distance to the limit, 2^-M with M ≤ those, must not be below the true distance
        BigFraction big = q(10_000_000);
        RationalInterval t = Elementary.tanh(big, 53);
        assertThat(t.hi()).isEqualTo(BigFraction.ONE);
        assertThat(BigFraction.ONE.subtract(t.lo()).signum()).isPositive();
        RationalInterval s = Elementary.logistic(big.negate(), 53);
        assertThat(s.lo().signum()).isZero();
        assertThat(s.hi().signum()).isPositive();
        RationalInterval sp = Elementary.softplus(big.negate(), 53);
        assertThat(sp.lo().signum()).isZero();
        RationalInterval e = Elementary.erf(q(1000), 53);
        assertThat(e.hi()).isEqualTo(BigFraction.ONE);
        // the tail exponents M are far below the true exponents, so the enclosures hold
        assertThat(Elementary.tailBits(big.multiply(2), 53)).isLessThan(28_853_899);
        assertThat(Elementary.tailBits(big, 53)).isLessThan(14_426_950);
        assertThat(Elementary.tailBits(q(1_000_000), 53)).isLessThan(1_442_705);
        // 10^1000 and 2^3000: the same at once (the old path built e^(2·10^1000))
        BigFraction huge = BigFraction.of(BigInteger.TEN.pow(1000));
        assertThat(Elementary.tanh(huge, 64).hi()).isEqualTo(BigFraction.ONE);
        assertThat(Elementary.erf(huge.negate(), 64).lo()).isEqualTo(BigFraction.ONE.negate());
        assertThat(Elementary.exp(huge.negate(), 64).lo().signum()).isZero();
        assertThat(Elementary.softplus(huge, 64).lo()).isEqualTo(huge);
    }

    @Test
    void geluAtLargePreActivationsEnclosesItsValueAndDerivatives() throws Exception {
        // gelu(z) = zΦ(z); at z = 2000, 1 − Φ(z) = erfc(z/√2)/2 < 1e-800000: gelu = 2000 − tiny, gelu' = 1 − tiny,
        // gelu'' = φ(z)(2 − z²) ≈ −tiny
        Activation gelu = Activation.parse("gelu");
        for (String z : new String[] {"2000", "-2000", "1e30"}) {
            RationalInterval[] a = RationalInterval.of(dec(z), 64).act(gelu, 2);
            BigFraction zz = dec(z);
            BigFraction eps = BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(60));
            BigFraction want = zz.signum() > 0 ? zz : BigFraction.ZERO;
            assertThat(a[0].contains(want) || a[0].lo().subtract(want).abs().subtract(eps.multiply(zz.abs()))
                    .signum() <= 0).as("gelu " + z + " " + a[0]).isTrue();
            assertThat(a[0].hi().subtract(a[0].lo()).subtract(eps.multiply(zz.abs().add(BigFraction.ONE)))
                    .signum()).as("gelu width " + z).isLessThanOrEqualTo(0);
            assertThat(a[1].hi().subtract(a[1].lo()).subtract(eps).signum()).as("gelu' " + z).isLessThanOrEqualTo(0);
            assertThat(a[2].mag().subtract(eps).signum()).as("gelu'' " + z).isLessThanOrEqualTo(0);
        }
    }
}
