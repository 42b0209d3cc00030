package org.flowcert.prove;

/**
 * The tuning of one proof, passed with its {@link ProofContext} (never read from JVM-global
 * system properties), so two proofs with different settings can run in one JVM at once.
 *
 * @param coverBudget    leaves allowed to the smooth box branch and bound ({@code critical-cover}) before it
 *                       gives up and the claim is NOT PROVED (default {@value #DEFAULT_COVER_BUDGET})
 * @param reluCellBudget leaves allowed to the relu cell search ({@code critical-relu-cells}) (default
 *                       {@value #DEFAULT_RELU_CELL_BUDGET})
 * @param threads        worker threads of the branch-and-bound searches, at least 1 (default
 *                       {@value #DEFAULT_THREADS}); the certificate does not depend on it
 */
public record ProofSettings(long coverBudget, long reluCellBudget, int threads) {
    /** Default leaf budget of the smooth box branch and bound. */
    public static final long DEFAULT_COVER_BUDGET = 200_000L;
    /** Default leaf budget of the relu cell search. */
    public static final long DEFAULT_RELU_CELL_BUDGET = 400_000L;
    /** Default number of worker threads. */
    public static final int DEFAULT_THREADS = 2;

    /** Checks the values: budgets and threads at least 1. */
    public ProofSettings {
        if (coverBudget < 1 || reluCellBudget < 1) {
            throw new IllegalArgumentException("a leaf budget must be positive, not "
                    + Math.min(coverBudget, reluCellBudget));
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /** The defaults: budgets 200000 (cover) and 400000 (relu cells), 2 threads. */
    public static ProofSettings defaults() {
        return new ProofSettings(DEFAULT_COVER_BUDGET, DEFAULT_RELU_CELL_BUDGET, DEFAULT_THREADS);
    }

    /** These settings with both leaf budgets set to {@code leaves} (what {@code certify --budget} does). */
    public ProofSettings withBudget(long leaves) {
        return new ProofSettings(leaves, leaves, threads);
    }

    /** These settings with {@code n} worker threads. */
    public ProofSettings withThreads(int n) {
        return new ProofSettings(coverBudget, reluCellBudget, n);
    }
}
