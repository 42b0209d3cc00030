package org.flowcert.prove.engine;

import java.util.List;

/**
 * What one cell of a {@link CellSearch} does: exactly one of a leaf (text), a split (label + children) or a failure
 * (reason). Leaf and label texts are written into the tree as they are; they never contain {@link #HOLE}.
 *
 * @param <C> the cell type
 */
public final class Step<C> {
    /** The character a round engine uses for a subtree not yet searched; no leaf or label may contain it. */
    public static final char HOLE = '#';

    private final String text;
    private final List<C> children;
    private final String failure;

    private Step(String text, List<C> children, String failure) {
        this.text = text;
        this.children = children;
        this.failure = failure;
    }

    /** A closed cell written as {@code text}. */
    public static <C> Step<C> leaf(String text) {
        return new Step<>(checked(text), null, null);
    }

    /** A split written as {@code label} followed by the children's subtrees in this order. */
    @SafeVarargs
    public static <C> Step<C> split(String label, C... children) {
        if (children.length == 0) {
            throw new IllegalArgumentException("a split needs children");
        }
        return new Step<>(checked(label), List.of(children), null);
    }

    /** A cell that can be neither closed nor split: the search fails with this reason. */
    public static <C> Step<C> fail(String reason) {
        return new Step<>(null, null, java.util.Objects.requireNonNull(reason));
    }

    private static String checked(String s) {
        if (s.indexOf(HOLE) >= 0) {
            throw new IllegalArgumentException("a tree text may not contain '" + HOLE + "': " + s);
        }
        return s;
    }

    /** Whether this is a leaf. */
    public boolean isLeaf() {
        return children == null && failure == null;
    }

    /** Whether this is a failure. */
    public boolean isFailure() {
        return failure != null;
    }

    /** The leaf's text or the split's label (null for a failure). */
    public String text() {
        return text;
    }

    /** The split's children (null otherwise). */
    public List<C> children() {
        return children;
    }

    /** The failure's reason (null otherwise). */
    public String failure() {
        return failure;
    }
}
