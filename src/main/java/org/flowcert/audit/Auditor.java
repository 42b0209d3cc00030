package org.flowcert.audit;

import java.util.ArrayList;
import java.util.List;
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
 */
public final class Auditor {

    /** What to check and with which tolerances. */
    public record Options(double rtol, OptionalDouble lr, double gradRtol) {
        public Options {
            if (!(rtol >= 0) || !(gradRtol >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0");
            }
        }
    }

    /** The verdict on one row. */
    public record RowResult(int index, int line, double time, OptionalDouble lossReported, Interval loss,
            double lossRelError, double stepExcess, List<String> flags) {
        public RowResult {
            flags = List.copyOf(flags);
        }

        public boolean flagged() {
            return !flags.isEmpty();
        }
    }

    /** The audit of a whole trajectory. */
    public record Result(List<RowResult> rows, int flagged) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    private Auditor() {
    }

    /** The same audit with {@code flag} added to the rows whose indices are given. */
    public static Result withFlag(Result r, java.util.Set<Integer> indices, String flag) {
        List<RowResult> rows = new ArrayList<>();
        int flagged = 0;
        for (RowResult x : r.rows()) {
            List<String> flags = new ArrayList<>(x.flags());
            if (indices.contains(x.index())) {
                flags.add(flag);
            }
            RowResult y = new RowResult(x.index(), x.line(), x.time(), x.lossReported(), x.loss(), x.lossRelError(),
                    x.stepExcess(), flags);
            rows.add(y);
            flagged += y.flagged() ? 1 : 0;
        }
        return new Result(rows, flagged);
    }

    /**
     * Audits every row.
     *
     * @param progress called with each row index as it is done (for progress output)
     */
    public static Result audit(Problem problem, Trajectory traj, Options opt, IntConsumer progress) {
        int p = problem.parameterCount();
        double unit = traj.float32() ? 0x1p-24 : 0x1p-53;
        double tiny = traj.float32() ? 0x1p-149 : Double.MIN_VALUE;
        List<RowResult> out = new ArrayList<>();
        int flagged = 0;
        Interval[] prevGrad = null;
        Trajectory.Row prev = null;
        for (int k = 0; k < traj.rows().size(); k++) {
            Trajectory.Row row = traj.rows().get(k);
            double[] th = row.thetaView();
            Interval[] box = new Interval[p];
            for (int i = 0; i < p; i++) {
                box[i] = Interval.of(th[i]);
            }
            LossGradient.Result<Interval> r = LossGradient.evaluate(problem, Interval.FIELD, box);
            List<String> flags = new ArrayList<>();
            double rel = Double.NaN;
            if (row.loss().isPresent()) {
                rel = relativeDistance(row.loss().getAsDouble(), r.loss());
                if (rel > opt.rtol()) {
                    flags.add("loss");
                }
            }
            double excess = Double.NaN;
            if (opt.lr().isPresent() && prev != null) {
                if (traj.timeColumn().equals("step") && row.time() != prev.time() + 1) {
                    flags.add("not-consecutive");
                } else {
                    excess = stepExcess(prev.thetaView(), prevGrad, th, opt.lr().getAsDouble(), opt.gradRtol(),
                            unit, tiny, traj.float32());
                    if (excess > 0) {
                        flags.add("not-gd-step");
                    }
                }
            }
            if (!flags.isEmpty()) {
                flagged++;
            }
            out.add(new RowResult(k, row.line(), row.time(), row.loss(), r.loss(), rel, excess, flags));
            prev = row;
            prevGrad = r.gradient();
            if (progress != null) {
                progress.accept(k);
            }
        }
        return new Result(out, flagged);
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
     * How far, in the worst component, θ_next lies outside the set of values that a GD step
     * from θ with a computed gradient within the tolerance and the update's rounding can
     * produce; ≤ 0 when every component is explained. The explained set of component i is
     * θ_i − H·(G_i ± τ) widened by the rounding of the product and of the difference in the
     * experiment's precision: |fl(H g) − H g| ≤ u|H g| and |fl(θ − y) − (θ − y)| ≤ u|θ − y|
     * (plus the subnormal spacing), u the unit roundoff.
     */
    static double stepExcess(double[] theta, Interval[] grad, double[] next, double lr, double gradRtol,
            double unit, double tiny, boolean float32) {
        double h = float32 ? (double) (float) lr : lr;
        Interval hI = Interval.of(h);
        double gmax = 0;
        for (Interval g : grad) {
            gmax = Math.max(gmax, Math.max(Math.abs(g.lo()), Math.abs(g.hi())));
        }
        // tau: the experiment's own gradient error allowance, rounded up
        double tau = Math.nextUp(gradRtol * gmax);
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < theta.length; i++) {
            Interval g = Interval.of(Math.nextDown(grad[i].lo() - tau), Math.nextUp(grad[i].hi() + tau));
            Interval y = hI.multiply(g);
            // rounding of fl(H*g): relative u
            double ymag = Math.max(Math.abs(y.lo()), Math.abs(y.hi()));
            Interval yw = Interval.of(Math.nextDown(y.lo() - unit * ymag - tiny), Math.nextUp(y.hi() + unit * ymag
                    + tiny));
            Interval pred = Interval.of(theta[i]).subtract(yw);
            double pmag = Math.max(Math.abs(pred.lo()), Math.abs(pred.hi()));
            double lo = Math.nextDown(pred.lo() - unit * pmag - tiny);
            double hi = Math.nextUp(pred.hi() + unit * pmag + tiny);
            double x = next[i];
            // excess relative to the size of the step, so that it reads as "how wrong"
            double scale = Math.max(Math.abs(h * gmax), Double.MIN_NORMAL);
            double e = x < lo ? (lo - x) / scale : x > hi ? (x - hi) / scale : -1.0;
            worst = Math.max(worst, e);
        }
        return worst;
    }
}
