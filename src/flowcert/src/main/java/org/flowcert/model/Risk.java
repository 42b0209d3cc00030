package org.flowcert.model;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/** The risk L(θ): a finite data set or an integral against a piecewise-polynomial target. */
public sealed interface Risk {

    /** How the squared residuals of a data risk are combined. */
    enum Reduction {
        /** L = (1/n) Σ ‖N(x_i) − y_i‖². */
        MEAN("mean"),
        /** L = ½ Σ ‖N(x_i) − y_i‖². */
        HALF_SUM("half-sum");

        private final String spelling;

        Reduction(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    /**
     * A data risk: inputs {@code x[i]} (length = input width), outputs {@code y[i]}
     * (length = output width).
     */
    record Data(BigFraction[][] x, BigFraction[][] y, Reduction reduction) implements Risk {
        public int size() {
            return x.length;
        }

        /** The factor in front of Σ ‖r_i‖²: 1/n or 1/2. */
        public BigFraction weight() {
            return reduction == Reduction.MEAN ? BigFraction.of(1, x.length) : BigFraction.of(1, 2);
        }
    }

    /** One polynomial piece of the target on [from, to]; coefficients constant term first. */
    record Piece(BigFraction from, BigFraction to, BigFraction[] poly) {
    }

    /** L = ∫_a^b (N(x) − f(x))² dx for a 1-input, 1-output network. Pieces are sorted and cover [a, b]. */
    record Integral(BigFraction a, BigFraction b, List<Piece> target) implements Risk {
        public Integral {
            target = List.copyOf(target);
        }
    }
}
