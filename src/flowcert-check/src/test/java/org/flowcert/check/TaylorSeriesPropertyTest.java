package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the eager series arithmetic (rules/flow-taylor.md, "Series arithmetic", "Precision") and of
 * reverse-mode ∇L ({@link Backprop}): on random series, every coefficient's enclosure contains the exact rational
 * coefficient, computed here by truncated polynomial arithmetic on exact fractions; the reverse-mode gradient
 * equals the forward-mode jets' exactly where both are exact (polynomial activations, exact intervals).
 */
class TaylorSeriesPropertyTest {
    private static final int ORDER = 12;

    /** A series on its tape together with its exact coefficients 0..ORDER. */
    private record Pair(TaylorSeries series, BigFraction[] exact) {
    }

    private static BigFraction randomRational(Random r) {
        return BigFraction.of(r.nextInt(41) - 20, 1 + r.nextInt(r.nextBoolean() ? 8 : 7)); // dyadic or not
    }

    /** p/q as the problem format writes it. */
    private static String text(BigFraction q) {
        return q.getNumerator() + "/" + q.getDenominator();
    }

    private static BigFraction[] zeros() {
        BigFraction[] z = new BigFraction[ORDER + 1];
        java.util.Arrays.fill(z, BigFraction.ZERO);
        return z;
    }

    private static BigFraction[] exactAdd(BigFraction[] a, BigFraction[] b) {
        BigFraction[] c = zeros();
        for (int j = 0; j <= ORDER; j++) {
            c[j] = a[j].add(b[j]);
        }
        return c;
    }

    private static BigFraction[] exactMul(BigFraction[] a, BigFraction[] b) {
        BigFraction[] c = zeros();
        for (int j = 0; j <= ORDER; j++) {
            for (int i = 0; i <= j; i++) {
                c[j] = c[j].add(a[i].multiply(b[j - i]));
            }
        }
        return c;
    }

    private static BigFraction[] exactNeg(BigFraction[] a) {
        BigFraction[] c = zeros();
        for (int j = 0; j <= ORDER; j++) {
            c[j] = a[j].negate();
        }
        return c;
    }

    /** The identity series s (the solution of y' = 1 from 0) and z0 + s, with z0 rounded outward. */
    private static Pair shifted(TaylorSeries.Tape tape, BigFraction z0) {
        TaylorSeries s = TaylorSeries.start(tape, RationalInterval.of(z0, 0));
        s.follow(s.c(BigFraction.ONE.negate()));
        BigFraction[] e = zeros();
        e[0] = z0;
        e[1] = BigFraction.ONE;
        return new Pair(s, e);
    }

    /** A random polynomial in s of degree ≤ 4 (Horner on the tape); with {@code zeroAt0}, no constant term. */
    private static Pair polynomial(Random r, TaylorSeries.Tape tape, Pair s, boolean zeroAt0) {
        Pair p = constant(s.series(), randomRational(r));
        for (int d = 0; d < 4; d++) {
            BigFraction c = zeroAt0 && d == 3 ? BigFraction.ZERO : randomRational(r);
            p = new Pair(p.series().mul(s.series()).add(s.series().c(c)), exactAdd(exactMul(p.exact(), s.exact()),
                    constant(s.series(), c).exact()));
        }
        return p;
    }

    private static Pair constant(TaylorSeries any, BigFraction q) {
        BigFraction[] e = zeros();
        e[0] = q;
        return new Pair(any.c(q), e);
    }

    /** One random operation on the pool: sum, difference, negation, product, square, or scaling by a constant. */
    private static Pair randomOperation(Random r, List<Pair> pool) {
        Pair a = pool.get(r.nextInt(pool.size()));
        Pair b = pool.get(r.nextInt(pool.size()));
        return switch (r.nextInt(6)) {
            case 0 -> new Pair(a.series().add(b.series()), exactAdd(a.exact(), b.exact()));
            case 1 -> new Pair(a.series().sub(b.series()), exactAdd(a.exact(), exactNeg(b.exact())));
            case 2 -> new Pair(a.series().neg(), exactNeg(a.exact()));
            case 3 -> new Pair(a.series().mul(b.series()), exactMul(a.exact(), b.exact()));
            case 4 -> new Pair(a.series().mul(a.series()), exactMul(a.exact(), a.exact()));
            default -> {
                Pair c = constant(a.series(), randomRational(r));
                yield new Pair(a.series().mul(c.series()), exactMul(a.exact(), c.exact()));
            }
        };
    }

    private static void assertEncloses(Pair p, int from, String what) {
        for (int j = from; j <= ORDER; j++) {
            RationalInterval got = p.series().ri(j, 0);
            assertThat(got.lo().subtract(p.exact()[j]).signum() <= 0 && got.hi().subtract(p.exact()[j]).signum() >= 0)
                    .as(what + ": coefficient " + j + " " + got + " contains " + p.exact()[j]).isTrue();
        }
    }

    @Test
    void randomSumsProductsAndSquaresEncloseTheExactCoefficients() {
        Random r = new Random(20261206);
        for (int trial = 0; trial < 300; trial++) {
            int f = r.nextBoolean() ? 32 : 80;
            TaylorSeries.Tape tape = new TaylorSeries.Tape(f, ORDER);
            Pair s = shifted(tape, randomRational(r));
            List<Pair> pool = new ArrayList<>(List.of(s, polynomial(r, tape, s, false), polynomial(r, tape, s, false)));
            for (int op = 0; op < 8; op++) {
                pool.add(randomOperation(r, pool));
            }
            for (Pair p : pool) {
                assertEncloses(p, 0, "trial " + trial + " at 2^-" + f);
            }
        }
    }

    @Test
    void tanhLogisticAndSoftplusAlongRandomSeriesEncloseTheExactRecursion() throws Exception {
        // z(0) = 0: tanh(0) = 0, logistic(0) = 1/2, so u' = σ'(z) z' has rational coefficients, computed exactly here
        // (softplus' coefficient 0 is log 2: only its coefficients from 1 on are compared)
        Random r = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            TaylorSeries.Tape tape = new TaylorSeries.Tape(r.nextBoolean() ? 32 : 80, ORDER);
            Pair z = polynomial(r, tape, shifted(tape, BigFraction.ZERO), true);
            TaylorSeries[] tanh = z.series().act(Activation.parse("tanh"), 1);
            TaylorSeries[] logistic = z.series().act(Activation.parse("logistic"), 1);
            TaylorSeries[] softplus = z.series().act(Activation.parse("softplus"), 1);
            BigFraction[][] t = exactOde(z.exact(), BigFraction.ZERO, true);
            BigFraction[][] l = exactOde(z.exact(), BigFraction.of(1, 2), false);
            BigFraction[] sp = zeros();
            for (int j = 1; j <= ORDER; j++) { // softplus' = logistic: j·u_j = Σ i·z_i·λ_(j−i)
                for (int i = 1; i <= j; i++) {
                    sp[j] = sp[j].add(z.exact()[i].multiply(i).multiply(l[0][j - i]));
                }
                sp[j] = sp[j].divide(j);
            }
            String where = "trial " + trial;
            assertEncloses(new Pair(tanh[0], t[0]), 0, where + " tanh");
            assertEncloses(new Pair(tanh[1], t[1]), 0, where + " tanh'");
            assertEncloses(new Pair(logistic[0], l[0]), 0, where + " logistic");
            assertEncloses(new Pair(logistic[1], l[1]), 0, where + " logistic'");
            assertEncloses(new Pair(softplus[0], sp), 1, where + " softplus");
            assertEncloses(new Pair(softplus[1], l[0]), 0, where + " softplus'");
        }
    }

    /** {u, d}: u_0 = u0, j·u_j = Σ_{i=1}^{j} i·z_i·d_(j−i), d = 1 − u² (tanh) or u − u² (logistic), exactly. */
    private static BigFraction[][] exactOde(BigFraction[] z, BigFraction u0, boolean tanh) {
        BigFraction[] u = zeros();
        BigFraction[] d = zeros();
        u[0] = u0;
        for (int j = 0; j <= ORDER; j++) {
            if (j > 0) {
                for (int i = 1; i <= j; i++) {
                    u[j] = u[j].add(z[i].multiply(i).multiply(d[j - i]));
                }
                u[j] = u[j].divide(j);
            }
            BigFraction square = BigFraction.ZERO;
            for (int i = 0; i <= j; i++) {
                square = square.add(u[i].multiply(u[j - i]));
            }
            d[j] = (tanh ? (j == 0 ? BigFraction.ONE : BigFraction.ZERO) : u[j]).subtract(square);
        }
        return new BigFraction[][] {u, d};
    }

    /** A random problem: 1–3 layers of widths 1–3, a polynomial activation, 1–4 data points. */
    private static String randomProblem(Random r) {
        int layers = 1 + r.nextInt(3);
        int[] widths = new int[layers + 1];
        StringBuilder w = new StringBuilder();
        int p = 0;
        for (int l = 0; l <= layers; l++) {
            widths[l] = 1 + r.nextInt(3);
            w.append(l == 0 ? "" : ", ").append(widths[l]);
            p += l == 0 ? 0 : (widths[l - 1] + 1) * widths[l];
        }
        StringBuilder theta = new StringBuilder();
        for (int k = 0; k < p; k++) {
            theta.append(k == 0 ? "" : ", ").append('"').append(text(randomRational(r))).append('"');
        }
        int n = 1 + r.nextInt(4);
        StringBuilder x = new StringBuilder(), y = new StringBuilder();
        for (int i = 0; i < n; i++) {
            x.append(i == 0 ? "" : ", ").append(vector(r, widths[0]));
            y.append(i == 0 ? "" : ", ").append(vector(r, widths[layers]));
        }
        String act = "poly:" + text(randomRational(r)) + "," + text(randomRational(r)) + "," + text(randomRational(r));
        return "{\"network\": {\"widths\": [" + w + "], \"activation\": \"" + act + "\"}, \"theta\": [" + theta
                + "], \"risk\": {\"type\": \"data\", \"x\": [" + x + "], \"y\": [" + y + "], \"reduction\": \""
                + (r.nextBoolean() ? "mean" : "half-sum") + "\"}}";
    }

    private static String vector(Random r, int n) {
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            v.append(i == 0 ? "" : ", ").append('"').append(text(randomRational(r))).append('"');
        }
        return v.append(']').toString();
    }

    @Test
    void reverseModeGradientEqualsTheForwardJetsExactly() throws Exception {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            String problem = randomProblem(r);
            Net net = Net.parse(problem);
            RationalInterval[] theta = Net.point(net.theta, 0); // bits 0: exact arithmetic
            RationalInterval[] reverse = Backprop.gradient(net, theta);
            RationalInterval[] forward = net.loss(theta, 1).g();
            for (int k = 0; k < forward.length; k++) {
                assertThat(reverse[k].isPoint()).isTrue();
                assertThat(reverse[k].lo()).as(problem + ": component " + k).isEqualTo(forward[k].lo());
            }
        }
    }

    @Test
    void reverseModeAlongSeriesEnclosesTheSameCoefficientsAsForwardJets() throws Exception {
        // a 1-3-2 tanh net: both are enclosures of the same exact series; they must overlap, and be narrow at 80 bits
        Net net = Net.parse("{\"network\": {\"widths\": [1, 3, 2], \"activation\": \"tanh\"}, \"theta\": [\"1/2\","
                + " \"-3/4\", \"1/8\", \"-1/4\", \"1\", \"-1/2\", \"1/5\", \"2\", \"-1\", \"1/3\", \"3/2\", \"-2/3\","
                + " \"1/7\", \"-1/9\"], \"risk\": {\"type\": \"data\", \"x\": [\"-1\", \"0\", \"1\"],"
                + " \"y\": [[\"1/2\", \"0\"], [\"0\", \"1\"], [\"1\", \"-1\"]]}}");
        TaylorSeries.Tape tape = new TaylorSeries.Tape(80, ORDER);
        TaylorSeries[] th = new TaylorSeries[net.theta.length];
        for (int k = 0; k < th.length; k++) { // θ + s·(1, ..., 1)
            th[k] = TaylorSeries.start(tape, RationalInterval.of(net.theta[k], 0));
            th[k].follow(th[k].c(BigFraction.ONE.negate()));
        }
        TaylorSeries[] reverse = Backprop.gradient(net, th);
        TaylorSeries[] forward = net.dataLoss(th, 1).g();
        BigFraction tiny = BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(40));
        for (int k = 0; k < th.length; k++) {
            for (int j = 0; j <= ORDER; j++) {
                RationalInterval a = reverse[k].ri(j, 0), b = forward[k].ri(j, 0);
                assertThat(a.lo().subtract(b.hi()).signum() <= 0 && b.lo().subtract(a.hi()).signum() <= 0)
                        .as("component " + k + " coefficient " + j + ": " + a + " and " + b + " overlap").isTrue();
                assertThat(a.hi().subtract(a.lo()).subtract(tiny).signum()).isNegative();
            }
        }
    }
}
