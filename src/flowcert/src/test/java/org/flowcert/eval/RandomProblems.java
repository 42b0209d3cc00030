package org.flowcert.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/** Small random problems (seeded) of every activation, data and integral risks. */
final class RandomProblems {
    static final String[] PIECEWISE = {"relu", "leaky_relu:1/10", "poly:0,0,0,1", "poly:1/2,-1,1/3"};
    static final String[] SMOOTH = {"tanh", "logistic", "softplus", "gelu"};

    private RandomProblems() {
    }

    static BigFraction small(Random r) {
        // k/16 with k in [-24, 24], never 0 so that relu kinks are generic
        int k = r.nextInt(48) - 24;
        return BigFraction.of(k == 0 ? 3 : k, 16);
    }

    static Problem data(Random r, String act) {
        int[][] shapes = {{1, 3, 1}, {2, 3, 2}, {1, 2, 2, 1}, {3, 2, 1}, {1, 1}};
        int[] w = shapes[r.nextInt(shapes.length)];
        Network net = new Network(w, Activation.parse(act, "t", "a"));
        int n = 1 + r.nextInt(4);
        BigFraction[][] x = new BigFraction[n][w[0]];
        BigFraction[][] y = new BigFraction[n][w[w.length - 1]];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < w[0]; k++) {
                x[i][k] = small(r);
            }
            for (int k = 0; k < y[i].length; k++) {
                y[i][k] = small(r);
            }
        }
        Risk risk = new Risk.Data(x, y, r.nextBoolean() ? Risk.Reduction.MEAN : Risk.Reduction.HALF_SUM);
        return new Problem("random", net, theta(r, net), risk);
    }

    static Problem integral(Random r, String act, boolean deep) {
        int[] w = deep ? new int[] {1, 2, 2, 1} : new int[] {1, 1 + r.nextInt(3), 1};
        Network net = new Network(w, Activation.parse(act, "t", "a"));
        BigFraction a = BigFraction.of(-1 + r.nextInt(2), 2);
        BigFraction b = BigFraction.of(1 + r.nextInt(2), 1);
        BigFraction m = a.add(b).divide(2);
        List<Risk.Piece> pcs = new ArrayList<>();
        pcs.add(new Risk.Piece(a, m, new BigFraction[] {small(r), small(r), small(r)}));
        pcs.add(new Risk.Piece(m, b, new BigFraction[] {small(r), small(r)}));
        return new Problem("random", net, theta(r, net), new Risk.Integral(a, b, pcs));
    }

    static BigFraction[] theta(Random r, Network net) {
        BigFraction[] t = new BigFraction[net.parameterCount()];
        for (int i = 0; i < t.length; i++) {
            t[i] = small(r);
        }
        return t;
    }
}
