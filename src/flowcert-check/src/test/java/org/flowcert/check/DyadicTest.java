package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The dyadic arithmetic of the elementary functions (proofs-notes/rules/elementary.md, "Dyadic arithmetic"):
 * Dyadic rounds the right way (against exact BigFraction results), and exp, tanh and logistic enclose 45-digit
 * mpmath references (mp.dps = 60, recorded below; points drawn by a seeded script) at 32, 80 and 200 bits,
 * within about 2^-bits of them.
 */
class DyadicTest {
    /** x, exp x (empty: not recorded), tanh x, logistic x; mpmath 1.3.0, 45 significant digits. */
    private static final String[][] REF = {
            {"247084/999983000", "1.00024711872930320546428442612776005635899935", "0.0002470881954709513334199406602874085540961956", "0.500061772049810573544447052833763685516607199"},
            {"1418960/999983000", "1.00141999135706053308843850755540353177107359", "0.0014189831703484699594614925410846921086513792", "0.500354745971158634618957583835213104567126926"},
            {"-186142/1048576000", "0.999822496910933287256917056599065749350899214", "-0.000177518842739778633482219805869201594712763137", "0.499955620288965421551352910134055242632940868"},
            {"343740/7000", "2120023837743476556653.76186988061998001180843", "0.999999999999999999999999999999999999999999555", "0.999999999999999999999528307190609523578542878"},
            {"7520820/1048576000", "1.0071981962316243189009469813790797406035346", "0.0071722898834893834587640812508780688004532924", "0.501793095531158416266006145197753355085269459"},
            {"-165083/3000", "1.26411916222131700896286009878389626531639827e-24", "-1.0", "1.26411916222131700896285850078663997019201041e-24"},
            {"775553/3000", "1.87411444402182752869075455419397902963808105e+112", "1.0", "1.0"},
            {"452498/7000", "11855286873307662754705040173.1123408861881422", "1.0", "0.999999999999999999999999999915649447315230018"},
            {"-1850280/1048576000", "0.998236991414488775054195460035272473702985012", "-0.00176456268272803059425454549410297771844425089", "0.499558858985924575712975587803122836938223772"},
            {"-951469/1048576000", "0.999093020007064106379357093765114948149157081", "-0.000907391299120360194760784250805447691546821294", "0.499773152128525592904713645000778934430792001"},
            {"-6112290/1000000", "0.00221547156939035992137934773519705579743190145", "-0.999990183419633307574579638588046743762521437", "0.00221057410530801947271589603587285000021799484"},
            {"-5879500/999983000", "0.994137651068344674670861057039530602213273322", "-0.00587953220214249470593170757594053499405662601", "0.498530104246185158098960684015987979509397023"},
            {"492821000/1048576000", "1.59997936179696032899220704592186150467480107", "0.438191825045928383805556138376760720872352061", "0.615381562371765933640680960541166592257462789"},
            {"396905/1000", "", "1.0", "1.0"},
            {"-140000/1000", "1.58042006027361296482931841255297293706955761e-61", "-1.0", "1.58042006027361296482931841255297293706955761e-61"},
            {"723260/999983000", "1.00072353392010728169601696833752349669103679", "0.00072327216950897264858314299448392654611550718", "0.500180818066024751871000719020332736828241838"},
            {"891788/1048576000", "1.00085083706795461624376049720178866730200233", "0.000850475106227418400176410054514980034988824881", "0.500212618815004079033154055803162726762816029"},
            {"-1033200/10000", "1.34491280873351303379846600469728629951385542e-45", "-1.0", "1.34491280873351303379846600469728629951385542e-45"},
            {"-204285/1048576000", "0.999805197618721303373191117979529995723577828", "-0.000194821355262212469953737776610141030666926153", "0.499951294660722289700897650674971590338871633"},
            {"-959223/999983000", "0.99904122061588541246007586166162055559985279", "-0.000959239012856827691083418028951816290494085671", "0.499760190191621162065274123356268239140846069"},
            {"-682366/1000000", "0.505419753453792790496809514025980611054026541", "-0.593055390854710996078213984314580197985579407", "0.335733440652840547389749849461322097091724587"},
            {"-8873240/999983000", "0.991165861498653409620471312620545367609680376", "-0.00887315796672790455513373797500311871465159694", "0.497781666843489982978571928682793575467983252"},
            {"-316425/10000", "0.0000000000000181065978674094419205125825120887094663977592", "-0.9999999999999999999999999993443022273358477", "0.0000000000000181065978674091140716262504418748390178277759"},
            {"-252787/1000", "1.64437476408581946077836241728691203721945909e-110", "-1.0", "1.64437476408581946077836241728691203721945909e-110"},
            {"960528/999983000", "1.00096100579970027368900855972594102967056779", "0.000960544033839767999600385514997418579537199579", "0.50024013606385002988527545529512505859691163"},
            {"398665/1000", "", "1.0", "1.0"},
            {"251255/3000", "2359862415641301675346532601343415943.12328815", "1.0", "0.999999999999999999999999999999999999576246482"},
            {"-66974/10000", "0.00123411643771075949656381618289269772676708276", "-0.99999695391787565943013229649651056544729391", "0.0012325952716250025224559596943703071109472029"},
            {"-702719/10000", "3.0290162075266483660435199396296713920505974e-31", "-1.0", "3.02901620752664836604351993962875389813205149e-31"},
            {"-292009/10000", "0.000000000000208070381468437705270797102320746753520238136", "-0.999999999999999999999999913413432711157630319", "0.000000000000208070381468394411987152690143956441628128209"},
            {"1/2", "1.6487212707001281468486507878141635716537761", "0.46211715726000975850231848364367254873028928", "0.622459331201854564638900565745508478753279365"},
            {"-1/2", "0.606530659712633423603799534991180453441918135", "-0.46211715726000975850231848364367254873028928", "0.377540668798145435361099434254491521246720635"},
            {"1/3", "1.39561242508608952862812531960258683759790652", "0.321512737531634344719406222425206466005292003", "0.58257020646231467686639461396122955905284651"},
            {"-7/3", "0.0969719678644050628099066592983707314807208589", "-0.981368081309866625456797767241823117506028715", "0.0883996772070584136279608840531551625484582367"},
            {"0/1", "1.0", "0.0", "0.5"},
            {"50/1", "5184705528587072464087.4533229334853848274691", "0.999999999999999999999999999999999999999999926", "0.999999999999999999999807125015203608221698303"},
            {"-50/1", "1.92874984796391778301734281652701257475283265e-22", "-0.999999999999999999999999999999999999999999926", "1.92874984796391778301697080892941049115653675e-22"},
            {"300/1", "1.94242639524125593658420883601769921936620862e+130", "1.0", "1.0"},
            {"-300/1", "5.14820022241201378115486192106713099813499822e-131", "-1.0", "5.14820022241201378115486192106713099813499822e-131"},
    };

    private static BigFraction q(String s) {
        String[] nd = s.split("/");
        return BigFraction.of(new BigInteger(nd[0]), new BigInteger(nd[1]));
    }

    private static BigFraction dec(String s) {
        BigDecimal d = new BigDecimal(s);
        return d.scale() >= 0 ? BigFraction.of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : BigFraction.of(d.unscaledValue().multiply(BigInteger.TEN.pow(-d.scale())));
    }

    /** The reference (within 1e-43 relative of the truth) lies in e, and e is at most 2^(2 − bits)·max(1, |r|) wide. */
    private static void encloses(RationalInterval e, String ref, int bits, String what) {
        BigFraction r = dec(ref);
        BigFraction slack = r.abs().multiply(BigFraction.of(BigInteger.ONE, BigInteger.TEN.pow(43)));
        assertThat(e.lo().subtract(r.add(slack)).signum()).as(what + " lo " + e).isLessThanOrEqualTo(0);
        assertThat(r.subtract(slack).subtract(e.hi()).signum()).as(what + " hi " + e).isLessThanOrEqualTo(0);
        BigFraction scale = RationalInterval.max(BigFraction.ONE, r.abs());
        BigFraction width = e.hi().subtract(e.lo());
        assertThat(width.subtract(scale.multiply(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(bits - 2))))
                .signum()).as(what + " width " + e).isLessThanOrEqualTo(0);
    }

    @Test
    void elementaryFunctionsEncloseTheReferences() {
        for (int bits : new int[] {32, 80, 200}) {
            for (String[] r : REF) {
                BigFraction x = q(r[0]);
                if (!r[1].isEmpty()) {
                    encloses(Elementary.exp(x, bits), r[1], bits, "exp " + r[0] + " at " + bits);
                }
                encloses(Elementary.tanh(x, bits), r[2], bits, "tanh " + r[0] + " at " + bits);
                encloses(Elementary.logistic(x, bits), r[3], bits, "logistic " + r[0] + " at " + bits);
            }
        }
    }

    private static int significant(Dyadic d) {
        BigInteger m = d.mantissa().abs();
        return m.signum() == 0 ? 0 : m.bitLength() - m.getLowestSetBit();
    }

    @Test
    void roundingGoesTheStatedWay() {
        Random rnd = new Random(7);
        for (int n = 0; n < 2000; n++) {
            BigFraction a = BigFraction.of(new BigInteger(1 + rnd.nextInt(300), rnd).subtract(BigInteger.ONE.shiftLeft(
                    rnd.nextInt(300))), BigInteger.valueOf(1 + rnd.nextInt(1_000_000)));
            BigFraction b = BigFraction.of(new BigInteger(1 + rnd.nextInt(100), rnd).add(BigInteger.ONE),
                    BigInteger.ONE.shiftLeft(rnd.nextInt(200)));
            int bits = 1 + rnd.nextInt(150);
            Dyadic lo = Dyadic.of(a, bits, false);
            Dyadic hi = Dyadic.of(a, bits, true);
            assertThat(lo.fraction().subtract(a).signum()).as("of down " + a).isLessThanOrEqualTo(0);
            assertThat(hi.fraction().subtract(a).signum()).as("of up " + a).isGreaterThanOrEqualTo(0);
            assertThat(significant(lo)).isLessThanOrEqualTo(bits); // a carry may leave bits + 1 bits: 2^bits
            assertThat(significant(hi)).isLessThanOrEqualTo(bits);
            // at most one unit in the last of the bits apart: hi − lo ≤ 2^(1 − bits)·|a|
            assertThat(hi.fraction().subtract(lo.fraction()).subtract(a.abs().multiply(BigFraction.of(
                    BigInteger.ONE, BigInteger.ONE.shiftLeft(bits - 1)))).signum()).isLessThanOrEqualTo(0);
            Dyadic x = Dyadic.of(a, 200, false);
            Dyadic y = Dyadic.of(b, 200, true);
            BigFraction sum = x.fraction().add(y.fraction());
            BigFraction product = x.fraction().multiply(y.fraction());
            BigFraction quotient = x.fraction().divide(y.fraction());
            assertThat(x.add(y).fraction()).isEqualTo(sum);
            assertThat(x.subtract(y).fraction()).isEqualTo(x.fraction().subtract(y.fraction()));
            assertThat(x.multiply(y).fraction()).isEqualTo(product);
            assertThat(x.multiply(y).round(bits, false).fraction().subtract(product).signum()).isLessThanOrEqualTo(0);
            assertThat(x.multiply(y).round(bits, true).fraction().subtract(product).signum()).isGreaterThanOrEqualTo(0);
            assertThat(x.divide(y, bits, false).fraction().subtract(quotient).signum()).isLessThanOrEqualTo(0);
            assertThat(x.divide(y, bits, true).fraction().subtract(quotient).signum()).isGreaterThanOrEqualTo(0);
            assertThat(x.divide(y.negate(), bits, true).fraction().add(quotient).signum()).isGreaterThanOrEqualTo(0);
            assertThat(x.compare(y)).isEqualTo(x.fraction().subtract(y.fraction()).signum());
        }
    }
}
