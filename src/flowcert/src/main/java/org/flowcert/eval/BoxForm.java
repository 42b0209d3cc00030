package org.flowcert.eval;

import org.flowcert.arith.Interval;
import org.flowcert.arith.Rounding;
import org.flowcert.model.Problem;

/**
 * Interval L and ∇L over a parameter box, with the centred (mean-value) form for L
 * (proofs-notes/loss-gradient.md §4):
 * <pre>
 *   L(box) ⊆ naive(box) ∩ ( L(θc) + Σ_k ∇_k L(box) · (box_k − θc_k) )
 * </pre>
 * where θc is the box's midpoint and ∇L(box) the naive interval gradient over the box (which
 * encloses the a.e. gradient of every point, so the integral form of the mean-value theorem
 * along each segment θc → θ applies also to relu nets, whose L is continuous and piecewise
 * polynomial). The gradient is the naive enclosure.
 *
 * <p>Uses the {@link ShallowIntervalKernel} where it applies (shallow tanh/relu data risks), the
 * generic {@link LossGradient} otherwise.
 */
public final class BoxForm {
    private BoxForm() {
    }

    /** The tighter loss with the two enclosures it came from. */
    public record Evaluation(LossGradient.Result<Interval> result, Interval naiveLoss, Interval centredLoss) {
    }

    /** L and ∇L over {@code box} (points allowed): the naive enclosure, tightened by the centred form. */
    public static Evaluation evaluate(Problem p, Interval[] box) {
        LossGradient.Result<Interval> naive = naive(p, box);
        boolean point = true;
        for (Interval b : box) {
            point &= b.lo() == b.hi();
        }
        if (point) {
            return new Evaluation(naive, naive.loss(), naive.loss());
        }
        Interval[] centre = new Interval[box.length];
        for (int k = 0; k < box.length; k++) {
            centre[k] = Interval.of(box[k].mid());
        }
        Interval lc = naive(p, centre).loss();
        Interval mv = lc;
        for (int k = 0; k < box.length; k++) {
            double c = centre[k].lo();
            Interval d = Interval.of(Rounding.subDown(box[k].lo(), c), Rounding.subUp(box[k].hi(), c));
            mv = mv.add(naive.gradient()[k].multiply(d));
        }
        Interval loss = naive.loss().intersect(mv);
        if (loss.isEmpty()) {
            throw new IllegalStateException("disjoint enclosures of one loss: naive " + naive.loss()
                    + ", centred " + mv + " (an unsound operation)");
        }
        return new Evaluation(new LossGradient.Result<>(loss, naive.gradient()), naive.loss(), mv);
    }

    /** The naive interval evaluation: the fast kernel where it applies, else the generic path. */
    public static LossGradient.Result<Interval> naive(Problem p, Interval[] box) {
        if (ShallowIntervalKernel.applies(p)) {
            int n = box.length;
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int k = 0; k < n; k++) {
                lo[k] = box[k].lo();
                hi[k] = box[k].hi();
            }
            double[] out = new double[2 + 2 * n];
            ShallowIntervalKernel.of(p).evaluate(lo, hi, out);
            Interval[] g = new Interval[n];
            for (int k = 0; k < n; k++) {
                g[k] = ShallowIntervalKernel.bounds(out[2 + 2 * k], out[3 + 2 * k]);
            }
            return new LossGradient.Result<>(ShallowIntervalKernel.bounds(out[0], out[1]), g);
        }
        return LossGradient.evaluate(p, Interval.FIELD, box);
    }
}
