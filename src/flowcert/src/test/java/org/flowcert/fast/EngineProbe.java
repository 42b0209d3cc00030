package org.flowcert.fast;

import org.flowcert.bench.W2Bench;

/**
 * Run in a separate JVM by {@link VectorFallbackTest}: prints whether the vector engine is
 * available, which engine the W2 kernel picked, and the W2 loss and one gradient entry.
 */
public final class EngineProbe {
    private EngineProbe() {
    }

    public static void main(String[] args) {
        try (var k = W2Bench.kernel(1)) {
            double[] th = W2Bench.theta(k.dimension());
            double[] g = new double[th.length];
            double l = k.lossAndGradient(th, g);
            System.out.println(MlpKernel.vectorAvailable() + " " + k.engine() + " " + l + " " + g[4800]);
        }
    }
}
