package org.flowcert.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A truncated power series Σ a_j s^j, coefficients [lo, hi]·2^−f (BigInteger ends, exact dyadics): sums exact,
 * sums of products rounded outward once (rules/flow-taylor.md, "Series arithmetic", "Precision"). A constant
 * (a_j = 0 for j ≥ 1) is computed when it is made. Every other series belongs to a {@link Tape}: making it
 * computes its coefficient 0 and records how coefficient j ≥ 1 follows from coefficients of earlier series (or
 * lower ones of later series); asking for coefficient j computes coefficients 1..j of every series on the tape,
 * order by order, in the order the series were made, into arrays.
 */
final class TaylorSeries implements Scalar<TaylorSeries> {
    /** The series of one computation, in the order they were made, and how many orders are computed. */
    static final class Tape {
        private final int f;
        private final int order;
        private final List<TaylorSeries> series = new ArrayList<>();
        private int done;

        /** A tape for coefficients 0..order at 2^−f. */
        Tape(int f, int order) {
            this.f = f;
            this.order = order;
        }

        /** Computes coefficient 1..j of every series on the tape, order by order. */
        private void upTo(int j) {
            if (j > order) {
                throw new IllegalArgumentException("coefficient " + j + " of a tape of order " + order);
            }
            for (; done < j; done++) {
                for (TaylorSeries s : series) {
                    s.compute(done + 1);
                }
            }
        }
    }

    /**
     * How coefficient j is computed (START and ODE are given coefficient 0 when they are made; a constant made by
     * an operation on constants keeps that operation's coefficient 0 and has no others).
     */
    private enum Op {
        /** a_j = 0 for j ≥ 1. */
        CONSTANT,
        /** The solution of y' = −g: a_j = −g_(j−1)/j, g = {@link #other} (set by {@link #follow}). */
        START,
        /** x + y. */
        ADD,
        /** −x. */
        NEG,
        /** x·y, y a constant. */
        SCALE,
        /** x·y, the Cauchy product. */
        MUL,
        /** u' = d·z' with z = operand, d = other (set after): j·a_j = Σ_{i=1}^{j} i·z_i·d_(j−i). */
        ODE
    }

    private static final BigInteger[] ZEROS = {BigInteger.ZERO, BigInteger.ZERO};

    private final int f;
    private final Tape tape;
    private final Op op;
    /** The (first) operand: x of ADD, NEG, SCALE, MUL; z of ODE. */
    private final TaylorSeries operand;
    /**
     * The other series the coefficients follow from: y of ADD, the constant of SCALE, the second factor of MUL;
     * for START the series g of y' = −g (set by {@link #follow}); for ODE the derivative d (set after).
     */
    private TaylorSeries other;
    /** coefficients[j] = {lo, hi}: a_j·2^f ∈ [lo, hi]; a constant has coefficients[0] only. */
    private final BigInteger[][] coefficients;
    /** ODE: i·z_i for the orders computed so far. */
    private BigInteger[][] weighted;

    private TaylorSeries(int f, Tape tape, Op op, TaylorSeries operand, TaylorSeries other, BigInteger[] a0) {
        this.f = f;
        this.tape = tape;
        this.op = op;
        this.operand = operand;
        this.other = other;
        this.coefficients = new BigInteger[tape == null ? 1 : tape.order + 1][];
        if (tape != null) {
            if (tape.done > 0) {
                throw new IllegalStateException("a series made after the tape's coefficients were computed");
            }
            tape.series.add(this);
        }
        coefficients[0] = a0 != null ? a0 : coefficient(0);
    }

    /** The constant r rounded outward to 2^−f. */
    static TaylorSeries of(RationalInterval r, int f) {
        return new TaylorSeries(f, null, Op.CONSTANT, null, null, round(r, f));
    }

    /** y with y_0 = r (rounded outward to the tape's 2^−f) and y_j = −g_(j−1)/j, g set later by {@link #follow}. */
    static TaylorSeries start(Tape tape, RationalInterval r) {
        return new TaylorSeries(tape.f, tape, Op.START, null, null, round(r, tape.f));
    }

    /** Sets g of a {@link #start} series: y' = −g (g may depend on y: its coefficient j − 1 gives y_j). */
    void follow(TaylorSeries g) {
        if (op != Op.START || other != null) {
            throw new IllegalStateException("follow is for a start series, once");
        }
        other = g;
    }

    private static BigInteger[] round(RationalInterval r, int f) {
        return new BigInteger[] {div(r.lo().getNumerator().shiftLeft(f), r.lo().getDenominator(), false),
            div(r.hi().getNumerator().shiftLeft(f), r.hi().getDenominator(), true)};
    }

    /** a_j·2^f as {lo, hi} (computes the tape up to order j). */
    BigInteger[] at(int j) {
        if (tape == null) {
            return j == 0 ? coefficients[0] : ZEROS;
        }
        tape.upTo(j);
        return coefficients[j];
    }

    /** a_j as a rational interval (exact). */
    RationalInterval ri(int j, int bits) {
        BigInteger[] a = at(j);
        return RationalInterval.of(BigFraction.of(a[0], BigInteger.ONE.shiftLeft(f)), BigFraction.of(a[1],
                BigInteger.ONE.shiftLeft(f)), bits);
    }

    /** a_j·2^f as computed so far (zero above a constant's order 0). */
    private BigInteger[] stored(int j) {
        return j < coefficients.length ? coefficients[j] : ZEROS;
    }

    /** Computes coefficient j ≥ 1 on the tape (coefficients below j of every series, and j of earlier ones, are). */
    private void compute(int j) {
        coefficients[j] = coefficient(j);
    }

    private BigInteger[] coefficient(int j) {
        Work.tick();
        return switch (op) {
            case CONSTANT -> ZEROS;
            case START -> negOver(other.stored(j - 1), j);
            case ADD -> new BigInteger[] {operand.stored(j)[0].add(other.stored(j)[0]),
                operand.stored(j)[1].add(other.stored(j)[1])};
            case NEG -> new BigInteger[] {operand.stored(j)[1].negate(), operand.stored(j)[0].negate()};
            case SCALE -> rounded(products(operand.coefficients, j, other.coefficients, 0, 1), 1);
            case MUL -> rounded(operand == other ? square(j)
                    : products(operand.coefficients, 0, other.coefficients, j, j + 1), 1);
            case ODE -> rounded(products(slope(j), 1, other.coefficients, j - 1, j), j);
        };
    }

    /** i·z_i for i = 1..j, z = operand (kept: each is formed once and used by every later order). */
    private BigInteger[][] slope(int j) {
        if (weighted == null) {
            weighted = new BigInteger[coefficients.length][];
        }
        BigInteger i = BigInteger.valueOf(j);
        weighted[j] = new BigInteger[] {operand.coefficients[j][0].multiply(i), operand.coefficients[j][1].multiply(i)};
        return weighted;
    }

    /** a/b rounded down or up (BigFraction may keep a negative denominator). */
    private static BigInteger div(BigInteger a, BigInteger b, boolean up) {
        if (b.signum() < 0) {
            return div(a.negate(), b.negate(), up);
        }
        BigInteger[] qr = a.divideAndRemainder(b); // truncates toward 0
        return qr[0].add(BigInteger.valueOf(up ? (qr[1].signum() > 0 ? 1 : 0) : (qr[1].signum() < 0 ? -1 : 0)));
    }

    /** Σ_{i<n} [u_(a+i)]·[v_(b−i)], exactly (ends scaled by 4^f). */
    private static BigInteger[] products(BigInteger[][] u, int a, BigInteger[][] v, int b, int n) {
        BigInteger[] sum = {BigInteger.ZERO, BigInteger.ZERO};
        for (int i = 0; i < n; i++) {
            addProduct(sum, u[a + i], v[b - i]);
        }
        return sum;
    }

    /** sum += [u]·[v], the interval product formed exactly. */
    private static void addProduct(BigInteger[] sum, BigInteger[] u, BigInteger[] v) {
        int su = u[0].signum() >= 0 ? 1 : u[1].signum() <= 0 ? -1 : 0;
        int sv = v[0].signum() >= 0 ? 1 : v[1].signum() <= 0 ? -1 : 0;
        if (su != 0 && sv != 0) { // one sign each: uv is monotone in u and in v, the ends are known
            int l = sv > 0 ? 0 : 1, m = su > 0 ? 0 : 1;
            sum[0] = sum[0].add(u[l].multiply(v[m]));
            sum[1] = sum[1].add(u[1 - l].multiply(v[1 - m]));
            return;
        }
        BigInteger[] p = {u[0].multiply(v[0]), u[0].multiply(v[1]), u[1].multiply(v[0]), u[1].multiply(v[1])};
        sum[0] = sum[0].add(p[0].min(p[1]).min(p[2].min(p[3]))); // u or v straddles 0: all four products
        sum[1] = sum[1].add(p[0].max(p[1]).max(p[2].max(p[3])));
    }

    /** Σ_{i≤j} x_i·x_(j−i): the terms i and j − i are the same enclosure, formed once and doubled (exactly). */
    private BigInteger[] square(int j) {
        // the terms with i < j − i
        BigInteger[] sum = products(operand.coefficients, 0, operand.coefficients, j, (j + 1) / 2);
        sum[0] = sum[0].shiftLeft(1);
        sum[1] = sum[1].shiftLeft(1);
        if (j % 2 == 0) {
            addProduct(sum, operand.coefficients[j / 2], operand.coefficients[j / 2]);
        }
        return sum;
    }

    /** An exact sum of products (scaled by 4^f) divided by d·2^f, rounded outward. */
    private BigInteger[] rounded(BigInteger[] sum, int d) {
        Work.size(sum[0], "a series coefficient");
        Work.size(sum[1], "a series coefficient");
        BigInteger den = BigInteger.valueOf(d).shiftLeft(f); // d = 1: floor and ceiling by shifts (faster)
        return d == 1 ? new BigInteger[] {sum[0].shiftRight(f), sum[1].negate().shiftRight(f).negate()}
                : new BigInteger[] {div(sum[0], den, false), div(sum[1], den, true)};
    }

    /** −g/j for g = [lo, hi], rounded outward (y' = −g: y_j = −g_(j−1)/j). */
    private static BigInteger[] negOver(BigInteger[] g, int j) {
        BigInteger d = BigInteger.valueOf(j);
        return new BigInteger[] {div(g[1].negate(), d, false), div(g[0].negate(), d, true)};
    }

    private boolean constant() {
        return tape == null;
    }

    /** Whether this is the constant 0 (sums and products with it need no new series). */
    private boolean zero() {
        return constant() && coefficients[0][0].signum() == 0 && coefficients[0][1].signum() == 0;
    }

    /**
     * a kind b on a's or b's tape; a constant (coefficient 0 only) when both are constants. Two series on two
     * different tapes never meet: the order-by-order computation reads only series of its own tape.
     */
    private TaylorSeries make(Op kind, TaylorSeries a, TaylorSeries b) {
        Tape tapeOfB = b == null ? null : b.tape;
        if (a.tape != null && tapeOfB != null && a.tape != tapeOfB) {
            throw new IllegalStateException("series of two different tapes in one operation");
        }
        return new TaylorSeries(f, a.tape != null ? a.tape : tapeOfB, kind, a, b, null);
    }

    @Override
    public TaylorSeries c(BigFraction q) {
        return of(RationalInterval.of(q, 0), f);
    }

    @Override
    public TaylorSeries add(TaylorSeries o) {
        return zero() || o.zero() ? (zero() ? o : this) : make(Op.ADD, this, o);
    }

    @Override
    public TaylorSeries neg() {
        return make(Op.NEG, this, null);
    }

    /** The Cauchy product (ab)_j = Σ_{i≤j} a_i b_{j−i}; with a constant, each coefficient times it. */
    @Override
    public TaylorSeries mul(TaylorSeries o) {
        if (zero() || o.zero()) {
            return zero() ? this : o;
        }
        return constant() || o.constant() ? make(Op.SCALE, constant() ? o : this, constant() ? this : o)
                : make(Op.MUL, this, o);
    }

    /** σ, σ' along this series by u' = σ'(z) z' (rules/flow-taylor.md); a constant: σ..σ^(order) of a_0. */
    @Override
    public TaylorSeries[] act(Activation a, int order) throws Invalid {
        if (a.kind == Activation.Kind.POLY || constant()) {
            return a.kind == Activation.Kind.POLY ? poly(a, order) : Arrays.stream(ri(0, f).act(a, order)).map(v
                    -> of(v, f)).toArray(TaylorSeries[]::new);
        }
        if (order > 1 || (a.kind != Activation.Kind.TANH && a.kind != Activation.Kind.LOGISTIC
                && a.kind != Activation.Kind.SOFTPLUS)) {
            throw new Invalid("no Taylor series for activation " + a.kind);
        }
        RationalInterval[] s0 = ri(0, f).act(a, 1); // σ(z_0), σ'(z_0); softplus: σ' is the logistic λ, λ' = λ − λ²
        TaylorSeries[] u = ode(a.kind == Activation.Kind.SOFTPLUS ? s0[1] : s0[0],
                a.kind == Activation.Kind.TANH ? v -> c(BigFraction.ONE).sub(v.mul(v)) : v -> v.sub(v.mul(v)));
        return Scalar.upTo(order, a.kind == Activation.Kind.SOFTPLUS ? ode(s0[0], v -> u[0])[0] : u[0],
                a.kind == Activation.Kind.SOFTPLUS ? u[0] : u[1]);
    }

    /** {u, d}: u_0 = u0, j u_j = Σ_{i=1}^{j} i z_i d_{j−i} with z = this and d = dOf(u) (so u' = d z'). */
    private TaylorSeries[] ode(RationalInterval u0, UnaryOperator<TaylorSeries> dOf) {
        TaylorSeries u = new TaylorSeries(f, tape, Op.ODE, this, null, round(u0, f));
        u.other = dOf.apply(u);
        return new TaylorSeries[] {u, u.other};
    }
}
