package org.flowcert.prove.engine;

import java.io.Serializable;

/**
 * One branch-and-bound search, as the engines see it: what a cell does. Implementations are serializable (a
 * distributed engine ships them to its workers with the cells) and must be deterministic: the step of a cell depends
 * on the cell and its depth only (and, for a budget refusal, on the leaf count), never on the order in which cells
 * are visited, so every engine assembles the same tree text.
 *
 * @param <C> the cell type (serializable, immutable)
 */
public interface CellSearch<C extends Serializable> extends Serializable {
    /**
     * The step of one cell: a leaf (its text), a split (a label and the children, in the order their subtrees are
     * written), or a failure (the reason; the search then ends NOT PROVED).
     *
     * @param cell   the cell
     * @param depth  its depth below the root (0 at the root)
     * @param leaves the number of leaves closed so far (an engine's count: exact in-process, a lower bound when
     *               distributed), for a leaf budget
     * @return the step
     */
    Step<C> expand(C cell, int depth, long leaves);
}
