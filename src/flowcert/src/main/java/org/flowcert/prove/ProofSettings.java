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
 * @param engine         the engine of the branch-and-bound searches (prove.engine); null: in-process with
 *                       {@code threads} threads. The certificate does not depend on it either
 * @param progress       where the searches print their progress lines; null: nowhere. By default stderr when the
 *                       process runs on a terminal, else null (the contract: progress only on a terminal)
 */
public record ProofSettings(long coverBudget, long reluCellBudget, int threads,
        org.flowcert.prove.engine.Engine engine, java.io.PrintStream progress) {
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

    /** Settings with the in-process engine and progress lines on a terminal only. */
    public ProofSettings(long coverBudget, long reluCellBudget, int threads) {
        this(coverBudget, reluCellBudget, threads, null, terminalProgress());
    }

    /** Stderr when this process runs on a terminal, else null. */
    public static java.io.PrintStream terminalProgress() {
        return System.console() != null ? System.err : null;
    }

    /** These settings with progress lines on {@code stream} (null: none). */
    public ProofSettings withProgress(java.io.PrintStream stream) {
        return new ProofSettings(coverBudget, reluCellBudget, threads, engine, stream);
    }

    /** The engine of the searches: the given one, else in-process with {@link #threads()} threads. */
    public org.flowcert.prove.engine.Engine searchEngine() {
        return engine != null ? engine : new org.flowcert.prove.engine.ForkJoinEngine(threads);
    }

    /** These settings with the searches on {@code e} (null: in-process). */
    public ProofSettings withEngine(org.flowcert.prove.engine.Engine e) {
        return new ProofSettings(coverBudget, reluCellBudget, threads, e, progress);
    }

    /** The defaults: budgets 200000 (cover) and 400000 (relu cells), 2 threads. */
    public static ProofSettings defaults() {
        return new ProofSettings(DEFAULT_COVER_BUDGET, DEFAULT_RELU_CELL_BUDGET, DEFAULT_THREADS);
    }

    /** These settings with both leaf budgets set to {@code leaves} (what {@code certify --budget} does). */
    public ProofSettings withBudget(long leaves) {
        return new ProofSettings(leaves, leaves, threads, engine, progress);
    }

    /** These settings with {@code n} worker threads. */
    public ProofSettings withThreads(int n) {
        return new ProofSettings(coverBudget, reluCellBudget, n, engine, progress);
    }
}
