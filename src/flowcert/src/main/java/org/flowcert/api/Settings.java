package org.flowcert.api;

import org.flowcert.prove.ProofSettings;

/**
 * The tuning of one {@link Flowcert#certify certify} call (the command line's {@code --budget}
 * and {@code --threads}); it changes how long a proof may search, never what a certificate says.
 *
 * @param coverBudget    leaves of the branch and bound on a box (smooth networks) before a
 *                       {@code critical-values-above} claim is NOT PROVED; at least 1
 * @param reluCellBudget leaves of the relu cell search (1-H-1 relu networks); at least 1
 * @param threads        worker threads of the searches, at least 1; the certificate does not depend on it
 */
public record Settings(long coverBudget, long reluCellBudget, int threads) {
    /**
     * Checks the values.
     *
     * @param coverBudget    leaves of the branch and bound on a box, at least 1
     * @param reluCellBudget leaves of the relu cell search, at least 1
     * @param threads        worker threads, at least 1
     * @throws IllegalArgumentException when a budget or the thread count is below 1
     */
    public Settings {
        internal(coverBudget, reluCellBudget, threads);
    }

    /**
     * The defaults of {@code flowcert certify}: budgets 200000 and 400000 leaves, 2 threads.
     *
     * @return the default settings
     */
    public static Settings defaults() {
        ProofSettings d = ProofSettings.defaults();
        return new Settings(d.coverBudget(), d.reluCellBudget(), d.threads());
    }

    /**
     * These settings with both leaf budgets set to {@code leaves} (as {@code certify --budget}).
     *
     * @param leaves the leaf budget, at least 1
     * @return new settings
     */
    public Settings withBudget(long leaves) {
        return new Settings(leaves, leaves, threads);
    }

    /**
     * These settings with {@code n} worker threads.
     *
     * @param n the thread count, at least 1
     * @return new settings
     */
    public Settings withThreads(int n) {
        return new Settings(coverBudget, reluCellBudget, n);
    }

    ProofSettings internal() {
        return internal(coverBudget, reluCellBudget, threads);
    }

    private static ProofSettings internal(long cover, long relu, int threads) {
        return new ProofSettings(cover, relu, threads);
    }
}
