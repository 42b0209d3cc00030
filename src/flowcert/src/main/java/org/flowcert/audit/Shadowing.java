package org.flowcert.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.flow.validated.Enclosure;
import org.flowcert.flow.validated.ValidatedFlow;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;

/**
 * Rigorous distance between a recorded trajectory, read as samples θ̃(t_k) of a gradient
 * flow, and the true flow θ(t) from the first row, by the validated integrator.
 *
 * <p>At each recorded time t_k the integrator proves θ(t_k) ∈ B(c_k, r_k); hence
 * ‖θ̃(t_k) − θ(t_k)‖₂ lies in [‖θ̃(t_k) − c_k‖ − r_k, ‖θ̃(t_k) − c_k‖ + r_k], with the norm
 * enclosed in outward-rounded interval arithmetic (proofs-notes/audit.md). Rows after the
 * time the integrator could reach get no bound.
 */
public final class Shadowing {

    /** The distance enclosure of one row; {@code proved} false when the flow was not validated that far. */
    public record RowBound(int index, double time, boolean proved, double lo, double hi) {
    }

    /**
     * The bounds for all rows, and {@code trustedUntil}: the last recorded time up to which
     * every row is proved within {@code tolerance} of the true flow (row 0 is the start).
     */
    public record Result(List<RowBound> rows, double trustedUntil, double tolerance, boolean complete,
            double reached, String stopReason) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    private Shadowing() {
    }

    /** Bounds every row's distance to the true flow from row 0; {@code tol} defines "trustworthy". */
    public static Result shadow(Problem problem, Trajectory traj, double tol, ValidatedFlow.Listener listener) {
        if (!traj.timeColumn().equals("t")) {
            throw new UserError(traj.source(), "header", "--flow reads rows as samples of the flow at times t: "
                    + "expected a t column, found " + traj.timeColumn());
        }
        List<Trajectory.Row> rows = traj.rows();
        double t0 = rows.get(0).time();
        double[] times = new double[rows.size() - 1];
        for (int k = 1; k < rows.size(); k++) {
            double dt = rows.get(k).time() - t0;
            if (!(dt > (k == 1 ? 0 : times[k - 2]))) {
                throw new UserError(traj.source(), "line " + rows.get(k).line(),
                        "--flow needs strictly increasing times t, found t = " + rows.get(k).time());
            }
            times[k - 1] = dt;
        }
        double[] start = rows.get(0).thetaView();
        BigFraction[] theta0 = new BigFraction[start.length];
        for (int i = 0; i < start.length; i++) {
            theta0[i] = Numbers.ofDouble(start[i]);
        }
        Problem p = problem.withTheta(theta0);
        List<RowBound> out = new ArrayList<>();
        out.add(new RowBound(0, t0, true, 0, 0));
        ValidatedFlow.Result r = times.length == 0 ? null
                : ValidatedFlow.integrate(p, times[times.length - 1], ValidatedFlow.Options.defaults().withTimes(times),
                        listener);
        double trusted = t0;
        boolean stillTrusted = true;
        for (int k = 1; k < rows.size(); k++) {
            Optional<Enclosure> e = r.at(times[k - 1]);
            if (e.isEmpty()) {
                out.add(new RowBound(k, rows.get(k).time(), false, Double.NaN, Double.NaN));
                stillTrusted = false;
                continue;
            }
            Interval d = distance(rows.get(k).thetaView(), e.get().center());
            double rad = e.get().radius();
            double lo = Math.max(0, Math.nextDown(d.lo() - rad));
            double hi = Math.nextUp(d.hi() + rad);
            out.add(new RowBound(k, rows.get(k).time(), true, lo, hi));
            if (stillTrusted && hi <= tol) {
                trusted = rows.get(k).time();
            } else {
                stillTrusted = false;
            }
        }
        return new Result(out, trusted, tol, r == null || r.complete(), r == null ? 0 : t0 + r.reached(),
                r == null ? "" : r.stopReason());
    }

    /** An enclosure of ‖a − b‖₂. */
    static Interval distance(double[] a, double[] b) {
        Interval s = Interval.of(0);
        for (int i = 0; i < a.length; i++) {
            s = s.add(Interval.of(a[i]).subtract(Interval.of(b[i])).square());
        }
        return s.sqrt();
    }
}
