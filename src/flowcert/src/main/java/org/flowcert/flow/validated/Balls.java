package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;

/** Boxes, loss and norm on a ball B(c, r) (outward rounded; proofs-notes/validated-flow.md §1–2). */
final class Balls {
    private Balls() {
    }

    /** The box c ± r, rounded outward. */
    static Interval[] box(double[] c, double r) {
        Interval[] out = new Interval[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = Interval.of(Math.nextDown(c[i] - r), Math.nextUp(c[i] + r));
        }
        return out;
    }

    /** The box widened by rho on every side, rounded outward. */
    static Interval[] inflate(Interval[] box, double rho) {
        Interval[] out = new Interval[box.length];
        for (int i = 0; i < box.length; i++) {
            out[i] = Interval.of(Math.nextDown(box[i].lo() - rho), Math.nextUp(box[i].hi() + rho));
        }
        return out;
    }

    /** L on B(c, r) ⊂ box(c, r): L(c) + [−1, 1]·‖∇L(box)‖₂·r (mean value theorem). */
    static Interval loss(Problem problem, double[] c, double r) {
        Interval[] pt = new Interval[c.length];
        for (int i = 0; i < c.length; i++) {
            pt[i] = Interval.of(c[i]);
        }
        Interval lc = LossGradient.loss(problem, Interval.FIELD, pt);
        if (r == 0) {
            return lc;
        }
        Interval[] g = LossGradient.evaluate(problem, Interval.FIELD, box(c, r)).gradient();
        double n2 = 0;
        for (Interval gi : g) {
            n2 = Up.add(n2, Up.mul(gi.mag(), gi.mag()));
        }
        double spread = Up.mul(Up.sqrt(n2), r);
        return Interval.of(Math.nextDown(lc.lo() - spread), Math.nextUp(lc.hi() + spread));
    }

    /** ‖θ‖₂ for θ ∈ B(c, r): ‖c‖ ± r. */
    static Interval norm(double[] c, double r) {
        Interval s = Interval.ZERO;
        for (double v : c) {
            s = s.add(Interval.of(v).square());
        }
        Interval n = s.sqrt();
        return Interval.of(Math.max(0, Math.nextDown(n.lo() - r)), Math.nextUp(n.hi() + r));
    }
}
