package org.flowcert.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.IntConsumer;
import org.flowcert.arith.Interval;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;

/**
 * Cross-checks a recorded floating-point experiment against rigorous evaluations.
 *
 * <p>For every row: a rigorous enclosure [lo, hi] of L(θ_row) at the recorded (binary64)
 * θ_row, and the reported loss's relative distance to it. With a learning rate H: whether
 * θ_{k+1} is explained by some gradient-descent step from θ_k, allowing (1) the
 * experiment's own error in computing ∇L, at most {@code gradRtol}·‖∇L(θ_k)‖∞ per component,
 * and (2) the rounding of the update θ − H·g in the experiment's precision (binary64, or
 * binary32 for float32 runs). A row is flagged only when no such step explains it: the
 * predicted set is computed in outward-rounded interval arithmetic, so a flag is a proof
 * that the row does not follow from the previous one under these tolerances
 * (proofs-notes/audit.md).
 *
 * <p>Attribution: a corrupted θ_k breaks both the step into k and the step out of it. When
 * θ_{k+1} does follow from θ_{k−1} by two steps (through the set of θ_k a step explains),
 * row k is the inconsistent one and the flag at k+1 is marked as its consequence; when the
 * first step fails and the rest of the log is consistent, row 0 is the inconsistent one.
 */
public final class Auditor {
    /** Flag: the reported loss is off by more than the loss tolerance. */
    public static final String LOSS = "loss";
    /** Flag: θ_k is not a GD step from θ_{k−1} (or, at row 0, θ_1 is not a step from θ_0). */
    public static final String NOT_GD_STEP = "not-gd-step";
    /** Flag: the step column does not increase by 1, the step cannot be checked. */
    public static final String NOT_CONSECUTIVE = "not-consecutive";
    /** Flag: proved farther from the true gradient flow than the flow tolerance. */
    public static final String OFF_FLOW = "off-flow";

    /** What each flag means, for the text and HTML outputs. */
    public static String meaning(String flag) {
        return switch (flag) {
            case LOSS -> "the reported loss differs from the certified L(θ) at the recorded θ by more than the"
                    + " loss tolerance";
            case NOT_GD_STEP -> "θ of this row is not explained by one gradient-descent step from the previous row"
                    + " (with the gradient tolerance and the update's rounding); at row 0: the step to row 1 fails"
                    + " while the rest of the log is consistent";
            case NOT_CONSECUTIVE -> "the step number does not increase by 1: the step was not checked";
            case OFF_FLOW -> "θ is proved farther than the flow tolerance from the true gradient flow";
            default -> flag;
        };
    }

    /** What to check and with which tolerances. */
    public record Options(double lossRtol, OptionalDouble lr, double gradRtol) {
        public Options {
            if (!(lossRtol >= 0) || !(gradRtol >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0");
            }
        }
    }

    /**
     * The verdict on one row.
     *
     * @param flags the row's own flags (empty: the row holds)
     * @param consequenceOf the row whose inconsistency explains {@code consequenceFlags}, or −1
     * @param consequenceFlags flags that follow from an earlier row's inconsistency
     */
    public record RowResult(int index, int line, double time, OptionalDouble lossReported, Interval loss,
            double lossRelError, double stepExcess, List<String> flags, int consequenceOf,
            List<String> consequenceFlags) {
        public RowResult {
            flags = List.copyOf(flags);
            consequenceFlags = List.copyOf(consequenceFlags);
        }

        public boolean flagged() {
            return !flags.isEmpty();
        }

        /** Whether the row has any flag, its own or a consequence. */
        public boolean anyFlag() {
            return !flags.isEmpty() || !consequenceFlags.isEmpty();
        }
    }

    /**
     * The audit of a whole trajectory.
     *
     * @param flagged rows with flags of their own
     * @param firstInconsistent the first row with a flag of its own, or −1
     * @param lrEstimate the learning rate the log implies (least squares over the steps), if any
     * @param hints explanations for common mistakes, in plain text
     */
    public record Result(List<RowResult> rows, int flagged, int firstInconsistent, OptionalDouble lrEstimate,
            int lrSteps, List<String> hints) {
        public Result {
            rows = List.copyOf(rows);
            hints = List.copyOf(hints);
        }

        /** Rows with only consequence flags. */
        public int consequences() {
            int c = 0;
            for (RowResult r : rows) {
                if (!r.flagged() && !r.consequenceFlags().isEmpty()) {
                    c++;
                }
            }
            return c;
        }
    }

    private Auditor() {
    }

    /** The same audit with {@code flag} added to the rows whose indices are given. */
    public static Result withFlag(Result r, java.util.Set<Integer> indices, String flag) {
        List<RowResult> rows = new ArrayList<>();
        int flagged = 0;
        int first = -1;
        for (RowResult x : r.rows()) {
            List<String> flags = new ArrayList<>(x.flags());
            if (indices.contains(x.index())) {
                flags.add(flag);
            }
            RowResult y = new RowResult(x.index(), x.line(), x.time(), x.lossReported(), x.loss(), x.lossRelError(),
                    x.stepExcess(), flags, x.consequenceOf(), x.consequenceFlags());
            rows.add(y);
            if (y.flagged()) {
                flagged++;
                first = first < 0 ? y.index() : first;
            }
        }
        return new Result(rows, flagged, first, r.lrEstimate(), r.lrSteps(), r.hints());
    }

    /**
     * Audits every row.
     *
     * @param progress called with each row index as it is done (for progress output)
     */
    public static Result audit(Problem problem, Trajectory traj, Options opt, IntConsumer progress) {
        int p = problem.parameterCount();
        int n = traj.rows().size();
        Prec prec = new Prec(traj.float32());
        if (opt.lr().isPresent()) {
            double h = opt.lr().getAsDouble();
            double hp = traj.float32() ? (double) (float) h : h;
            if (!(hp > 0) || !Double.isFinite(hp)) {
                throw new org.flowcert.io.UserError(null, "--lr", "expected a learning rate that is a positive finite "
                        + (traj.float32() ? "binary32" : "binary64") + " number, found " + h);
            }
        }
        Interval[] losses = new Interval[n];
        Interval[][] grads = new Interval[n][];
        double[] rel = new double[n];
        double[] excess = new double[n];
        List<List<String>> flags = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Trajectory.Row row = traj.rows().get(k);
            LossGradient.Result<Interval> r = LossGradient.evaluate(problem, Interval.FIELD, point(row.thetaView()));
            losses[k] = r.loss();
            grads[k] = r.gradient();
            List<String> f = new ArrayList<>();
            rel[k] = Double.NaN;
            if (row.loss().isPresent()) {
                rel[k] = relativeDistance(row.loss().getAsDouble(), r.loss());
                if (rel[k] > opt.lossRtol()) {
                    f.add(LOSS);
                }
            }
            excess[k] = Double.NaN;
            if (opt.lr().isPresent() && k > 0) {
                Trajectory.Row prev = traj.rows().get(k - 1);
                if (traj.timeColumn().equals("step") && row.time() != prev.time() + 1) {
                    f.add(NOT_CONSECUTIVE);
                } else {
                    Interval[] pred = predict(point(prev.thetaView()), grads[k - 1], opt.lr().getAsDouble(),
                            opt.gradRtol(), prec);
                    excess[k] = excess(pred, row.thetaView(), opt.lr().getAsDouble(), grads[k - 1], prec);
                    if (excess[k] > 0) {
                        f.add(NOT_GD_STEP);
                    }
                }
            }
            flags.add(f);
            if (progress != null) {
                progress.accept(k);
            }
        }
        // attribution: isolated corrupted rows, and a corrupted row 0
        int[] consequenceOf = new int[n];
        java.util.Arrays.fill(consequenceOf, -1);
        List<List<String>> cons = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            cons.add(new ArrayList<>());
        }
        if (opt.lr().isPresent()) {
            double h = opt.lr().getAsDouble();
            for (int k = 1; k + 1 < n; k++) {
                if (step(flags, k) && step(flags, k + 1) && twoStepsFit(problem, traj, k, h, opt, prec, grads)) {
                    flags.get(k + 1).remove(NOT_GD_STEP);
                    cons.get(k + 1).add(NOT_GD_STEP);
                    consequenceOf[k + 1] = k;
                    k++;
                }
            }
            if (n >= 3 && step(flags, 1) && !step(flags, 2) && consequenceOf[1] < 0) {
                // θ_1 → θ_2 holds but θ_0 → θ_1 does not: row 0 is the one that disagrees
                flags.get(1).remove(NOT_GD_STEP);
                cons.get(1).add(NOT_GD_STEP);
                consequenceOf[1] = 0;
                if (!flags.get(0).contains(NOT_GD_STEP)) {
                    flags.get(0).add(NOT_GD_STEP);
                }
            }
        }
        List<RowResult> out = new ArrayList<>();
        int flagged = 0;
        int first = -1;
        for (int k = 0; k < n; k++) {
            Trajectory.Row row = traj.rows().get(k);
            RowResult rr = new RowResult(k, row.line(), row.time(), row.loss(), losses[k], rel[k], excess[k],
                    flags.get(k), consequenceOf[k], cons.get(k));
            out.add(rr);
            if (rr.flagged()) {
                flagged++;
                first = first < 0 ? k : first;
            }
        }
        // the learning rate the log implies: argmin_H Σ_k ‖θ_{k+1} − θ_k + H g_k‖² over consecutive steps
        // (a log of flow samples at times t has no learning rate)
        double num = 0;
        double den = 0;
        int steps = 0;
        for (int k = 1; k < n && traj.timeColumn().equals("step"); k++) {
            Trajectory.Row a = traj.rows().get(k - 1);
            Trajectory.Row b = traj.rows().get(k);
            if (b.time() != a.time() + 1) {
                continue;
            }
            double[] x = a.thetaView();
            double[] y = b.thetaView();
            for (int i = 0; i < p; i++) {
                double g = grads[k - 1][i].mid();
                num -= (y[i] - x[i]) * g;
                den += g * g;
            }
            steps++;
        }
        OptionalDouble lrEst = den > 0 && Double.isFinite(num / den) ? OptionalDouble.of(num / den)
                : OptionalDouble.empty();
        List<String> hints = hints(traj, opt, out, losses, lrEst, steps, flagged);
        return new Result(out, flagged, first, lrEst, steps, hints);
    }

    private static boolean step(List<List<String>> flags, int k) {
        return flags.get(k).contains(NOT_GD_STEP);
    }

    private static List<String> hints(Trajectory traj, Options opt, List<RowResult> rows, Interval[] losses,
            OptionalDouble lrEst, int steps, int flagged) {
        List<String> hints = new ArrayList<>();
        int n = rows.size();
        if (flagged == 0) {
            return hints;
        }
        // wrong learning rate: most steps flagged, and the least-squares rate differs
        int stepFlags = 0;
        for (RowResult r : rows) {
            if (r.flags().contains(NOT_GD_STEP) || r.consequenceFlags().contains(NOT_GD_STEP)) {
                stepFlags++;
            }
        }
        if (opt.lr().isPresent() && lrEst.isPresent() && steps >= 2 && stepFlags * 2 >= steps) {
            double h = opt.lr().getAsDouble();
            double est = lrEst.getAsDouble();
            if (Math.abs(est - h) > 1e-3 * Math.abs(h)) {
                hints.add(String.format(Locale.ROOT, "wrong learning rate? %d of %d steps are not GD steps with lr %s;"
                        + " the log implies lr ≈ %s (least squares over %d steps): rerun with --lr %s if that"
                        + " is the rate the experiment used", stepFlags, steps, shortText(h), sig6(est), steps, sig6(est)));
            }
        }
        // loss logged before opt.step() while θ is logged after it: reported[k] = L(θ_{k−1})
        int lossFlags = 0;
        int shiftedBack = 0;
        int shiftedFwd = 0;
        for (int k = 0; k < n; k++) {
            RowResult r = rows.get(k);
            if (!r.flags().contains(LOSS)) {
                continue;
            }
            lossFlags++;
            double l = r.lossReported().getAsDouble();
            if (k > 0 && relativeDistance(l, losses[k - 1]) <= opt.lossRtol()) {
                shiftedBack++;
            }
            if (k + 1 < n && relativeDistance(l, losses[k + 1]) <= opt.lossRtol()) {
                shiftedFwd++;
            }
        }
        if (lossFlags >= 2 && shiftedBack * 2 >= lossFlags) {
            hints.add(String.format(Locale.ROOT, "loss and θ out of step? for %d of the %d rows with a loss flag the"
                    + " reported loss is L(θ) of the previous row: the loss was logged before opt.step() and θ after"
                    + " it. Log both before the step (or both after), or shift the loss column up by one row",
                    shiftedBack, lossFlags));
        } else if (lossFlags >= 2 && shiftedFwd * 2 >= lossFlags) {
            hints.add(String.format(Locale.ROOT, "loss and θ out of step? for %d of the %d rows with a loss flag the"
                    + " reported loss is L(θ) of the next row: θ was logged before opt.step() and the loss after it",
                    shiftedFwd, lossFlags));
        }
        // float32 data audited at binary64 tolerances
        if (!traj.float32()) {
            boolean all32 = true;
            long count = 0;
            for (Trajectory.Row r : traj.rows()) {
                for (double v : r.thetaView()) {
                    all32 &= v == (double) (float) v;
                    count++;
                }
                if (r.loss().isPresent()) {
                    double v = r.loss().getAsDouble();
                    all32 &= v == (double) (float) v;
                }
                if (!all32) {
                    break;
                }
            }
            if (all32 && count >= 8) {
                hints.add("float32 run? every recorded value is a binary32 number, but the log was audited as a"
                        + " float64 run: rerun with --float32 (tolerances and the update's rounding for binary32)");
            }
        }
        return hints;
    }

    /** A number to six significant digits without trailing zeros: 0.05, 0.0412346, 1.5e-07. */
    public static String sig6(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Double.toString(v);
        }
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        double a = Math.abs(v);
        return a >= 1e-4 && a < 1e7 ? b.toPlainString() : b.toString();
    }

    /** A number as short text: 0.1 rather than 0.1000000000000000055511151231257827. */
    public static String shortText(double v) {
        return Double.toString(v).replaceAll("\\.0$", "");
    }

    private static Interval[] point(double[] th) {
        Interval[] box = new Interval[th.length];
        for (int i = 0; i < th.length; i++) {
            box[i] = Interval.of(th[i]);
        }
        return box;
    }

    /** The unit roundoff and the smallest subnormal of the experiment's precision. */
    private record Prec(double unit, double tiny, boolean float32) {
        Prec(boolean float32) {
            this(float32 ? 0x1p-24 : 0x1p-53, float32 ? 0x1p-149 : Double.MIN_VALUE, float32);
        }
    }

    /**
     * Whether θ_{k+1} follows from θ_{k−1} by two GD steps through the set of θ_k that one
     * step from θ_{k−1} explains (the gradient enclosed over that set).
     */
    private static boolean twoStepsFit(Problem problem, Trajectory traj, int k, double lr, Options opt, Prec prec,
            Interval[][] grads) {
        Interval[] mid = predict(point(traj.rows().get(k - 1).thetaView()), grads[k - 1], lr, opt.gradRtol(), prec);
        for (Interval x : mid) {
            if (!x.isBounded()) {
                return false;
            }
        }
        Interval[] g = LossGradient.evaluate(problem, Interval.FIELD, mid).gradient();
        Interval[] next = predict(mid, g, lr, opt.gradRtol(), prec);
        return excess(next, traj.rows().get(k + 1).thetaView(), lr, grads[k], prec) <= 0;
    }

    /**
     * The reported value's distance to the enclosure, relative to the reported value: 0 when
     * inside. Rounded up is not needed here: the flag threshold is the user's tolerance, and
     * the enclosure itself is rigorous.
     */
    static double relativeDistance(double reported, Interval enclosure) {
        double d = reported < enclosure.lo() ? enclosure.lo() - reported
                : reported > enclosure.hi() ? reported - enclosure.hi() : 0.0;
        double scale = Math.max(Math.abs(reported), Double.MIN_NORMAL);
        return d / scale;
    }

    /**
     * The set of values that a GD step from θ (a box) with a computed gradient within the
     * tolerance and the update's rounding can produce. Component i is θ_i − H·(G_i ± τ)
     * widened by the rounding of the product and of the difference in the experiment's
     * precision: |fl(H g) − H g| ≤ u|H g| + η and |fl(θ − y) − (θ − y)| ≤ u|θ − y| + η, u the
     * unit roundoff, η the smallest subnormal; τ = gradRtol·max|G|.
     */
    static Interval[] predict(Interval[] theta, Interval[] grad, double lr, double gradRtol, Prec prec) {
        double h = prec.float32() ? (double) (float) lr : lr;
        Interval hI = Interval.of(h);
        double gmax = 0;
        for (Interval g : grad) {
            gmax = Math.max(gmax, Math.max(Math.abs(g.lo()), Math.abs(g.hi())));
        }
        double unit = prec.unit();
        double tiny = prec.tiny();
        // tau: the experiment's own gradient error allowance, rounded up
        double tau = Math.nextUp(gradRtol * gmax);
        Interval[] out = new Interval[theta.length];
        for (int i = 0; i < theta.length; i++) {
            Interval g = Interval.of(Math.nextDown(grad[i].lo() - tau), Math.nextUp(grad[i].hi() + tau));
            Interval y = hI.multiply(g);
            double ymag = Math.max(Math.abs(y.lo()), Math.abs(y.hi()));
            Interval yw = Interval.of(Math.nextDown(y.lo() - unit * ymag - tiny), Math.nextUp(y.hi() + unit * ymag
                    + tiny));
            Interval pred = theta[i].subtract(yw);
            double pmag = Math.max(Math.abs(pred.lo()), Math.abs(pred.hi()));
            out[i] = Interval.of(Math.nextDown(pred.lo() - unit * pmag - tiny),
                    Math.nextUp(pred.hi() + unit * pmag + tiny));
        }
        return out;
    }

    /**
     * How far, in the worst component, θ_next lies outside the predicted set, relative to the
     * size of the step H·max|G| (so that it reads as "how wrong"); −1 when every component is
     * inside.
     */
    static double excess(Interval[] pred, double[] next, double lr, Interval[] grad, Prec prec) {
        double h = prec.float32() ? (double) (float) lr : lr;
        double gmax = 0;
        for (Interval g : grad) {
            gmax = Math.max(gmax, Math.max(Math.abs(g.lo()), Math.abs(g.hi())));
        }
        double scale = Math.max(Math.abs(h * gmax), Double.MIN_NORMAL);
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < next.length; i++) {
            double x = next[i];
            double lo = pred[i].lo();
            double hi = pred[i].hi();
            double e = x < lo ? (lo - x) / scale : x > hi ? (x - hi) / scale : -1.0;
            worst = Math.max(worst, e);
        }
        return worst;
    }
}
