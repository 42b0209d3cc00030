package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;

/** Rule {@code flow-taylor}: a Taylor step of order k carrying a log-norm ball (proofs-notes/rules/flow-taylor.md). */
final class FlowTaylorRule implements Rule, Replay.Ahead {
    /** Fraction bits of the evaluations over the tube E (F, ∇²L, the remainder), rounded outward: coarse suffices. */
    static final int LOW = 32;

    /** The heavy parts, pure functions of these keys, computed ahead in parallel ({@link Replay}). */
    private record Jets(List<RationalInterval> e, int bits) {
    }

    private record Series(List<RationalInterval> y0, int k, int bits) {
    }

    /** ∇L(E) and ∇²L(E) enclosed at {@code bits}. */
    private record Derivatives(RationalInterval[] gradient, RationalInterval[][] hessian) {
    }

    /** The step's heavy parts with the start centre its cited step states (its fact's centre when it is valid). */
    @Override
    public void ahead(Replay replay, Step own, List<JsonNode> citedLines) throws Invalid {
        Net net = own.net();
        int bits = own.bits(), k = own.index("order", 40);
        RationalInterval[] e = own.box("E", bits);
        replay.offer(new Jets(List.of(e), bits), () -> derivatives(net, e, bits));
        BigFraction[] c0 = net.theta;
        JsonNode line = citedLines.size() == 1 ? citedLines.get(0) : null;
        if (line != null) {
            Step cited = new Step(line.path("id").asLong(), line, List.of(), net, own.claims());
            c0 = line.path("rule").asText().equals("flow-taylor") ? cited.numbers("c") : Arrays.stream(cited.box("X",
                    cited.bits())).map(RationalInterval::mid).toArray(BigFraction[]::new);
        }
        RationalInterval[] y0 = Net.point(c0, bits);
        replay.offer(new Series(List.of(y0), k, bits), () -> series(net, y0, k, bits));
        replay.offer(new Series(List.of(e), k, LOW), () -> series(net, e, k, LOW));
    }

    @Override
    public Fact apply(Step step) throws Invalid {
        Net net = step.net();
        int bits = step.bits(), p = net.parameterCount();
        BigFraction h = step.number("h"), l = step.number("l");
        int k = step.index("order", 40);
        RationalInterval[] e = step.box("E", bits);
        BigFraction[] c = step.numbers("c");
        step.when(h.signum() <= 0 || k == 0 || c.length != p
                || l.multiply(h).abs().subtract(BigFraction.of(64)).signum() > 0,
                "needs h > 0, an order in 1..40, a centre of " + p + " numbers and |l h| <= 64 (e^(lh) stays small)");
        // the start ball: θ at 0, the cited ball, or the ball around an old flow-step box
        Fact.Flow prev = step.cited().isEmpty() ? null : (Fact.Flow) step.cites("flow").get(0);
        BigFraction[] c0 = prev == null ? net.theta : new BigFraction[p];
        BigFraction r0 = BigFraction.ZERO;
        for (int i = 0; prev != null && i < p; i++) {
            c0[i] = prev.ball() != null ? prev.ball().centre()[i] : prev.box()[i].mid();
            r0 = prev.ball() != null ? prev.ball().radius() : r0.add(prev.box()[i].rad().pow(2));
        }
        r0 = prev == null || prev.ball() != null ? r0 : Elementary.sqrt(r0, bits).hi();
        // check 1: hull B(c0, r0) + [0, h]·F(E) ⊆ E; ∇L, ∇²L on E by jets over fixed-point constants
        Derivatives m = Replay.reuse(new Jets(List.of(e), bits), () -> derivatives(net, e, bits));
        RationalInterval hh = RationalInterval.of(h, bits);
        for (int i = 0; i < p; i++) {
            RationalInterval f = m.gradient()[i].neg().mul(hh);
            RationalInterval sweep = RationalInterval.of(RationalInterval.min(BigFraction.ZERO, f.lo()),
                    RationalInterval.max(BigFraction.ZERO, f.hi()), bits);
            step.when(!RationalInterval.of(c0[i].subtract(r0), c0[i].add(r0), bits).add(sweep).within(e[i]),
                    "component " + i + " leaves the tube E");
        }
        // check 3: mid ∇²L(E) + (l − ρ)I positive definite, ρ the largest row sum of radii
        BigFraction[][] mc = Arrays.stream(m.hessian()).map(row -> Arrays.stream(row).map(RationalInterval::mid)
                .toArray(BigFraction[]::new)).toArray(BigFraction[][]::new);
        BigFraction rho = Arrays.stream(m.hessian()).map(row -> Arrays.stream(row).map(RationalInterval::rad)
                .reduce(BigFraction.ZERO, BigFraction::add)).reduce(BigFraction.ZERO, RationalInterval::max);
        step.when(!NtkBallRule.positiveDefinite(mc, 1, rho.subtract(l)),
                "l is not shown to bound the log norm (mid + (l - rho)I not positive definite)");
        // check 2: T = Σ_{j<k} y_j h^j + Y_k(E) h^k by Horner; check 4: the new radius
        RationalInterval[] y0 = Net.point(c0, bits);
        RationalInterval[][] y = Replay.reuse(new Series(List.of(y0), k, bits), () -> series(net, y0, k, bits));
        RationalInterval[] yk = Replay.reuse(new Series(List.of(e), k, LOW), () -> series(net, e, k, LOW))[k];
        BigFraction d2 = BigFraction.ZERO;
        for (int i = 0; i < p; i++) {
            RationalInterval t = yk[i];
            for (int j = k - 1; j >= 0; j--) {
                t = t.mul(hh).add(y[j][i]);
            }
            d2 = d2.add(RationalInterval.max(t.lo().subtract(c[i]).abs(), t.hi().subtract(c[i]).abs()).pow(2));
        }
        BigFraction r = RationalInterval.hull(BigFraction.ZERO, Elementary.exp(l.multiply(h),
                bits).hi().multiply(r0).add(Elementary.sqrt(d2, bits).hi()), bits).hi();
        RationalInterval[] box = Arrays.stream(c).map(ci -> RationalInterval.hull(ci.subtract(r), ci.add(r), bits))
                .toArray(RationalInterval[]::new);
        return new Fact.Flow((prev == null ? BigFraction.ZERO : prev.time()).add(h), box, e, new Fact.Ball(c, r));
    }

    /** ∇L and ∇²L on the box E by jets over fixed-point constants (LOW fraction bits), enclosed at {@code bits}. */
    private static Derivatives derivatives(Net net, RationalInterval[] e, int bits) throws Invalid {
        Jet<TaylorSeries> m = net.dataLoss(Arrays.stream(e).map(x -> TaylorSeries.of(x, LOW))
                .toArray(TaylorSeries[]::new), 2);
        return new Derivatives(Arrays.stream(m.g()).map(x -> x.ri(0, bits)).toArray(RationalInterval[]::new),
                Arrays.stream(m.h()).map(row -> Arrays.stream(row).map(x -> x.ri(0, bits))
                        .toArray(RationalInterval[]::new)).toArray(RationalInterval[][]::new));
    }

    /** y_0..y_k of the solution's series from y0: y_{j+1} = −[∇L(y(s))]_j/(j + 1) (flow-taylor.md, check 2). */
    static RationalInterval[][] series(Net net, RationalInterval[] y0, int k, int bits) throws Invalid {
        TaylorSeries.Tape tape = new TaylorSeries.Tape(bits, k);
        TaylorSeries[] y = Arrays.stream(y0).map(r -> TaylorSeries.start(tape, r)).toArray(TaylorSeries[]::new);
        TaylorSeries[] g = Backprop.gradient(net, y); // ∇L along the series, by reverse mode
        for (int i = 0; i < y.length; i++) {
            y[i].follow(g[i]);
        }
        return IntStream.rangeClosed(0, k).mapToObj(j -> Arrays.stream(y).map(t -> t.ri(j,
                bits)).toArray(RationalInterval[]::new)).toArray(RationalInterval[][]::new);
    }
}
