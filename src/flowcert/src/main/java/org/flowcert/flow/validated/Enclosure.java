package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;

/**
 * A proved enclosure of the flow at one time: θ(t) lies in the Euclidean ball
 * B(center, radius) and in {@code box} (the ball's box, intersected with the hull of the Lohner
 * set when there is one); L(θ(t)) ∈ {@code loss}; ‖θ(t)‖₂ ∈ {@code norm}.
 *
 * <p>{@code t} and the center are exact binary64 values; {@code radius} is a rigorous upper
 * bound (proofs-notes/validated-flow.md).
 */
public record Enclosure(double t, double[] center, double radius, Interval[] box, Interval loss, Interval norm) {

    public Enclosure {
        center = center.clone();
        box = box.clone();
    }

    @Override
    public double[] center() {
        return center.clone();
    }

    @Override
    public Interval[] box() {
        return box.clone();
    }

    /** The largest box width hi − lo over the components. */
    public double maxWidth() {
        double w = 0;
        for (Interval x : box) {
            w = Math.max(w, x.hi() - x.lo());
        }
        return w;
    }

    /** Whether the point lies in the proved ball (checked with a margin of rounding in the caller's favour only). */
    public boolean boxContains(double[] theta) {
        for (int i = 0; i < box.length; i++) {
            if (!box[i].contains(theta[i])) {
                return false;
            }
        }
        return true;
    }
}
