package org.flowcert.prove.critical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.cert.Steps;
import org.flowcert.check.ReluKinkLeaves;
import org.flowcert.io.Numbers;
import org.flowcert.model.Activation;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.flowcert.prove.ProofContext;

/**
 * Proves "every critical value of L is ≥ c, everywhere" for a 1-2-1 relu or leaky relu net with an integral risk
 * (proofs-notes/critical-relu-kinks.md): one bisection tree over the kink space of each case (A, +-, ++, --), each
 * leaf closed by the checker's own tests ({@link ReluKinkLeaves}: x, w, j, q), recorded as a
 * {@code critical-relu-kinks} step. A cell that no test closes is halved until it is narrower than
 * {@link #MIN_WIDTH}; then the claim is not proved, with the profile value at that cell (a critical value below c
 * lies there when the claim is false).
 */
public final class ReluKinkProver {
    /** Cells are not halved below this width (2^−24 of the domain). */
    static final int MAX_LEVEL = 24;
    private static final int[] J_RANGES = {1, 8, 64};

    /** Outcome; {@code step} is the recorded step's id when proved, {@code leaves} the leaves of all trees. */
    public record Result(boolean proved, String reason, long step, long leaves) {
    }

    private ReluKinkProver() {
    }

    /**
     * Whether the rule applies: a 1-2-1, 1-3-1 or 1-4-1 relu or leaky relu (slope in [0, 1)) net (1-4-1 leaky:
     * note §13), integral risk, target degree ≤ 20.
     */
    public static boolean applies(Problem p) {
        int[] w = p.network().widths();
        return w.length == 3 && w[0] == 1 && w[2] == 1 && w[1] >= 2 && w[1] <= 4 && slope(p) != null
                && ReluKinkLeaves.slopeOk(slope(p)) && p.risk() instanceof Risk.Integral
                && leaves(p, BigFraction.ZERO, null).degreesOk();
    }

    /** 0 for relu, the slope for leaky relu, null otherwise. */
    private static BigFraction slope(Problem p) {
        Activation a = p.network().activation();
        return a instanceof Activation.Relu ? BigFraction.ZERO : a instanceof Activation.LeakyRelu l ? l.slope() : null;
    }

    static ReluKinkLeaves leaves(Problem pr, BigFraction c, BigFraction amp) {
        Risk.Integral r = (Risk.Integral) pr.risk();
        List<BigFraction[]> from = new ArrayList<>();
        List<BigFraction[]> poly = new ArrayList<>();
        for (Risk.Piece p : r.target()) {
            from.add(new BigFraction[] {p.from(), p.to()});
            poly.add(p.poly());
        }
        // leaf z (critical-relu-triple.md): the three-kink trees of three units, the four-kink trees of four units
        // (critical-relu-kinks.md §12), as the checker allows it
        int h = pr.network().widths()[1];
        return new ReluKinkLeaves(from, poly, c, slope(pr), amp, h == 3 ? 3 : h == 4 ? 4 : 0);
    }

    /**
     * The id of a {@code critical-relu-kinks} step already in the certificate with bound ≥ c (its everywhere fact
     * proves a box claim with value c too), or −1.
     */
    public static long earlierStep(ProofContext ctx, BigFraction c) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            for (String l : ctx.steps().lines()) {
                com.fasterxml.jackson.databind.JsonNode st = mapper.readTree(l);
                if (st.get("rule").asText().equals("critical-relu-kinks") && !st.has("box") // box steps: not global
                        && Numbers.compare(Numbers.parse(st.get("bound").asText()), c) >= 0) {
                    return st.get("id").asLong();
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return -1;
    }

    /** Searches the four trees within {@code budget} leaves; appends the step when proved. */
    public static Result prove(ProofContext ctx, BigFraction c, long budget) {
        return prove(ctx, c, null, budget);
    }

    /**
     * Searches the trees (four for two units, nine for three) within {@code budget} leaves; appends the step when
     * proved. With a box (three units only; null: everywhere) the step records it and may use leaf B (note §9.2),
     * whose coefficient bound B² is taken from the box, as the checker does.
     */
    public static Result prove(ProofContext ctx, BigFraction c, BigFraction[][] box, long budget) {
        int h = ctx.problem().network().widths()[1];
        BigFraction amp = null;
        if (box != null && h >= 3) {
            BigFraction big = BigFraction.ZERO;
            for (BigFraction[] iv : box) {
                for (BigFraction e : iv) {
                    big = Numbers.compare(e.abs(), big) > 0 ? e.abs() : big;
                }
            }
            amp = big.multiply(big);
        }
        ReluKinkLeaves lv = leaves(ctx.problem(), c, amp);
        // four units (note §11): the three-kink trees use A = 2B² (a merged unit's coefficient), as the checker does
        ReluKinkLeaves merged = h == 4 && amp != null ? leaves(ctx.problem(), c, amp.multiply(BigFraction.of(2))) : lv;
        BigFraction width = lv.hi().subtract(lv.lo());
        // leaf z in the four-kink trees of a box claim (note §12) only for boxes beyond [−1, 1]^13 (A = B² > 1): on
        // smaller boxes leaves B and C close the clusters of kinks, and the certificate made there before z was
        // allowed (relu-global-jump-h4-small, A = 1/4) keeps its trees byte for byte
        // (leaky units too, note §13.4)
        boolean zFour = h == 4 && amp != null && Numbers.compare(amp, BigFraction.ONE) > 0;
        AtomicLong count = new AtomicLong();
        ObjectNode s = ctx.steps().step("critical-relu-kinks");
        s.put("bound", Steps.num(c));
        if (amp != null) {
            com.fasterxml.jackson.databind.node.ArrayNode bx = s.putArray("box");
            for (BigFraction[] iv : box) {
                bx.addArray().add(Steps.num(iv[0])).add(Steps.num(iv[1]));
            }
        }
        ObjectNode trees = s.putObject("trees");
        int cases = ReluKinkLeaves.caseCount(h);
        ForkJoinPool pool = new ForkJoinPool(ctx.settings().threads());
        try {
            for (int kase = 0; kase < cases; kase++) {
                int k = ReluKinkLeaves.dims(kase);
                BigFraction[] lo = new BigFraction[k];
                BigFraction[] hi = new BigFraction[k];
                java.util.Arrays.fill(lo, lv.lo());
                java.util.Arrays.fill(hi, lv.hi());
                java.util.concurrent.atomic.AtomicReference<String> stop = new java.util.concurrent.atomic
                        .AtomicReference<>();
                Node n = pool.invoke(new Cell(new Tree(h == 4 && kase < ReluKinkLeaves.caseCount(3) ? merged : lv,
                        kase, width, count, budget, stop,
                        ctx.settings().progress(), h == 4, zFour), lo, hi, 0));
                if (n.failure != null) {
                    return new Result(false, stop.get() != null ? stop.get() : n.failure, -1, count.get());
                }
                trees.put(ReluKinkLeaves.caseName(kase), n.text);
                if (h >= 3 && ctx.settings().progress() != null) {
                    ctx.settings().progress().println("critical-relu-kinks: tree " + ReluKinkLeaves.caseName(kase)
                            + " closed, "
                            + count.get() + " leaves so far");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(true, null, ctx.steps().add(s), count.get());
    }

    /** A subtree's text, or the reason it could not be closed. */
    private record Node(String text, String failure) {
    }

    /** What every cell of one tree's search shares. */
    private record Tree(ReluKinkLeaves lv, int kase, BigFraction width, AtomicLong count, long budget,
            /* the first failure of this tree's search: once set, the other cells stop at once */
            java.util.concurrent.atomic.AtomicReference<String> stop,
            /* where progress lines go (null: nowhere) */
            java.io.PrintStream progress,
            /* a 1-4-1 net: leaf C is tried after B */
            boolean four,
            /* a 1-4-1 net with a box beyond [−1, 1]^13: leaf z is tried last in the four-kink trees (note §12) */
            boolean zFour) {
    }

    private static final class Cell extends RecursiveTask<Node> {
        private static final long serialVersionUID = 1L;
        private final transient Tree t;
        private final transient BigFraction[] lo;
        private final transient BigFraction[] hi;
        private final int level;

        Cell(Tree t, BigFraction[] lo, BigFraction[] hi, int level) {
            this.t = t;
            this.lo = lo;
            this.hi = hi;
            this.level = level;
        }

        @Override
        protected Node compute() {
            if (t.stop().get() != null) {
                return new Node(null, t.stop().get());
            }
            for (int d = 0; d < lo.length; d++) {
                BigFraction cut = t.lv().breakIn(lo[d], hi[d]);
                if (cut != null) {
                    return split("b" + d, d, cut, level);
                }
            }
            String leaf = leaf();
            if (leaf != null) {
                long done = t.count().incrementAndGet();
                if (done % 20_000 == 0 && t.progress() != null) {
                    t.progress().println("critical-relu-kinks: " + done + " leaves (tree "
                            + ReluKinkLeaves.caseName(t.kase())
                            + ")");
                }
                return done > t.budget() ? fail("more than " + t.budget() + " leaves") : new Node(leaf, null);
            }
            int d = 0;
            for (int i = 1; i < lo.length; i++) {
                if (Numbers.compare(hi[i].subtract(lo[i]), hi[d].subtract(lo[d])) > 0) {
                    d = i;
                }
            }
            BigFraction w = hi[d].subtract(lo[d]);
            if (Numbers.compare(w, t.width().divide(BigFraction.of(2).pow(MAX_LEVEL))) < 0) {
                return fail(failure());
            }
            // no q or w leaf can close a cell around a point where the profile is below c; only j can (cases C)
            BigFraction r = t.lv().profileAt(t.kase(), mid());
            if (r != null && Numbers.compare(r, t.lv().bound()) < 0 && (t.kase() < 2
                    || Numbers.compare(w, t.width().divide(BigFraction.of(2).pow(MAX_LEVEL / 2))) < 0)) {
                return fail(failure());
            }
            return split("s" + d, d, lo[d].add(hi[d]).divide(2), level + 1);
        }

        private Node fail(String why) {
            t.stop().compareAndSet(null, why);
            return new Node(null, why);
        }

        private String leaf() {
            if (t.kase() >= 2 && t.lv().holds(t.kase(), 'x', 0, lo, hi)) {
                return "x";
            }
            if (t.lv().holds(t.kase(), 'w', 0, lo, hi)) {
                return "w";
            }
            if (t.kase() >= 2) {
                for (int n : J_RANGES) {
                    if (t.lv().holds(t.kase(), 'j', n, lo, hi)) {
                        return "j" + n;
                    }
                }
            }
            // leaf z (critical-relu-triple.md) for everywhere claims only, so that the box certificates keep their
            // trees (a box claim can use an everywhere step); the checker accepts z with a box too
            if (t.kase() > ReluKinkLeaves.CASES.size() && !t.lv().hasBox()) {
                for (int n : J_RANGES) {
                    if (t.lv().holds(t.kase(), 'z', n, lo, hi)) {
                        return "z" + n;
                    }
                }
            }
            if (t.lv().holds(t.kase(), 'B', 0, lo, hi)) {
                return "B";
            }
            // four units only (note §11.4), so that the H <= 3 certificates keep their trees
            if (t.four() && t.lv().holds(t.kase(), 'C', 0, lo, hi)) {
                return "C";
            }
            if (t.lv().holds(t.kase(), 'q', 0, lo, hi)) {
                return "q";
            }
            // four-kink trees of a 1-4-1 net with a box beyond [−1, 1]^13 (note §12): z last, after every other leaf
            if (t.zFour() && ReluKinkLeaves.fourKinks(t.kase())) {
                for (int n : J_RANGES) {
                    if (t.lv().holds(t.kase(), 'z', n, lo, hi)) {
                        return "z" + n;
                    }
                }
            }
            return null;
        }

        private Node split(String tag, int d, BigFraction cut, int lvl) {
            if (t.count().get() > t.budget()) {
                return fail("more than " + t.budget() + " leaves");
            }
            BigFraction[] h1 = hi.clone();
            BigFraction[] l2 = lo.clone();
            h1[d] = cut;
            l2[d] = cut;
            Cell a = new Cell(t, lo, h1, lvl);
            Cell b = new Cell(t, l2, hi, lvl);
            b.fork();
            Node na = a.compute();
            Node nb = b.join();
            if (na.failure != null) {
                return na;
            }
            if (nb.failure != null) {
                return nb;
            }
            return new Node(tag + na.text + nb.text, null);
        }

        private BigFraction[] mid() {
            BigFraction[] m = new BigFraction[lo.length];
            for (int i = 0; i < lo.length; i++) {
                m[i] = lo[i].add(hi[i]).divide(2);
            }
            return m;
        }

        private String failure() {
            BigFraction[] m = mid();
            StringBuilder at = new StringBuilder();
            for (int i = 0; i < m.length; i++) {
                at.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.8f", m[i].doubleValue()));
            }
            BigFraction r = t.lv().profileAt(t.kase(), m);
            boolean below = r != null && Numbers.compare(r, t.lv().bound()) < 0;
            return "no leaf test closes the cell around the kinks (" + at + ") of case "
                    + ReluKinkLeaves.caseName(t.kase())
                    + (r == null ? "" : ": there the profile dist^2(f, W) = L at the least-squares output weights is ~"
                    + String.format(java.util.Locale.ROOT, "%.10f", r.doubleValue()))
                    + (below && t.kase() > ReluKinkLeaves.CASES.size() && !t.lv().hasBox()
                    ? ", below the bound; with three"
                    + " kinks the profile also tends to 0 where kinks meet at a jump of the target, which need not be a"
                    + " critical point, so this does not show the claim false: claims about a box can use the box's"
                    + " bound on the output weights (proofs-notes/critical-relu-kinks.md section 9.2)"
                    : below ? ", below the bound (a local minimum of the profile is a critical value: the claim is"
                    + " probably false; certify a smaller bound)" : "");
        }
    }
}
