package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * What a valid step establishes (certificate-format.md section 3), one record per kind. {@link #kind} is the
 * name a citing step asks for ({@link Step#cites}); {@link #values} the enclosures the report shows.
 */
sealed interface Fact {
    String kind();

    RationalInterval[] values();

    /** Where a fact about critical points or the flow holds: a box K, or all of R^P. */
    sealed interface Region {
    }

    /** All of R^P. */
    record Everywhere() implements Region {
    }

    /** The box K. */
    record Box(RationalInterval[] box) implements Region {
    }

    /** Rule loss: L(θ) ∈ value. */
    record Loss(RationalInterval value) implements Fact {
        public String kind() {
            return "loss";
        }

        public RationalInterval[] values() {
            return new RationalInterval[] {value};
        }
    }

    /** Rule gradient: ∇L(θ) ∈ box. */
    record Gradient(RationalInterval[] box) implements Fact {
        public String kind() {
            return "gradient";
        }

        public RationalInterval[] values() {
            return box;
        }
    }

    /** θ(time) ∈ B(centre, radius) (flow-taylor's end ball). */
    record Ball(BigFraction[] centre, BigFraction radius) {
    }

    /** Rules flow-step, flow-taylor: θ(time) ∈ box, θ(t) ∈ tube on the step's interval; ball null for flow-step. */
    record Flow(BigFraction time, RationalInterval[] box, RationalInterval[] tube, Ball ball) implements Fact {
        public String kind() {
            return "flow";
        }

        public RationalInterval[] values() {
            return box;
        }
    }

    /** Rule ntk-ball: L(θ(t)) ≤ L(θ) e^(−rate·t). */
    record Rate(BigFraction rate) implements Fact {
        public String kind() {
            return "rate";
        }

        public RationalInterval[] values() {
            return new RationalInterval[] {RationalInterval.of(rate, 0)};
        }
    }

    /** Rule krawczyk: ∇L has exactly one zero in the box x, and it lies in k. */
    record Critical(RationalInterval[] k, RationalInterval[] x) implements Fact {
        public String kind() {
            return "critical";
        }

        public RationalInterval[] values() {
            return k;
        }
    }

    /** Rules critical-profile, critical-cover, critical-relu-cells: every critical value in the region is ≥ bound. */
    record CriticalAbove(BigFraction bound, Region region) implements Fact {
        public String kind() {
            return "critical-above";
        }

        public RationalInterval[] values() {
            return new RationalInterval[] {RationalInterval.of(bound, 0)};
        }
    }

    /** Rules lasalle, lasalle-relu: the flow from θ leaves the box (everywhere: ‖θ(t)‖ → ∞). */
    record Leaves(Region region) implements Fact {
        public String kind() {
            return "leaves";
        }

        public RationalInterval[] values() {
            return new RationalInterval[0];
        }
    }

    /** Rule claim: claim number index holds. */
    record Claim(int index) implements Fact {
        public String kind() {
            return "claim";
        }

        public RationalInterval[] values() {
            return new RationalInterval[0];
        }
    }
}
