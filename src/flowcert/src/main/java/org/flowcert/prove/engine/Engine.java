package org.flowcert.prove.engine;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;

/**
 * Runs a {@link CellSearch} from its roots. Every engine returns the same trees for the same search (they depend on
 * the cells only), so the certificate does not depend on the engine, its master or its number of workers.
 */
public interface Engine {
    /**
     * Searches each root's subtree.
     *
     * @param search   the search
     * @param roots    the roots, in the order their trees are returned
     * @param name     the search's name in progress lines (e.g. {@code critical-relu-cells})
     * @param progress where progress lines go (null: none)
     * @param <C>      the cell type
     * @return the trees, or the failure
     */
    <C extends Serializable> SearchResult search(CellSearch<C> search, List<C> roots, String name,
            PrintStream progress);

    /** A short description for messages ({@code in-process (2 threads)}, {@code spark local[2]}). */
    String describe();
}
