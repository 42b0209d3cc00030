package org.flowcert.arith;

/**
 * Rigorous lower and upper bounds of the elementary functions at binary64 arguments:
 * for every finite x, {@code fDown(x) <= f(x) <= fUp(x)} for the exact real f.
 *
 * <p>All functions here are monotone non-decreasing, so an interval [a, b] maps to
 * [fDown(a), fUp(b)]. Each bound cites its error bound in proofs-notes/elementary-functions.md.
 *
 * <p>STUB: the signatures are fixed; the implementation is being written.
 */
public final class ElementaryBounds {
    private ElementaryBounds() {
    }

    public static double expDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double expUp(double x) { throw new UnsupportedOperationException("todo"); }
    public static double expm1Down(double x) { throw new UnsupportedOperationException("todo"); }
    public static double expm1Up(double x) { throw new UnsupportedOperationException("todo"); }
    /** x &gt;= 0; log(0) = -infinity. */
    public static double logDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double logUp(double x) { throw new UnsupportedOperationException("todo"); }
    /** x &gt;= -1. */
    public static double log1pDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double log1pUp(double x) { throw new UnsupportedOperationException("todo"); }
    public static double tanhDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double tanhUp(double x) { throw new UnsupportedOperationException("todo"); }
    public static double logisticDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double logisticUp(double x) { throw new UnsupportedOperationException("todo"); }
    public static double softplusDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double softplusUp(double x) { throw new UnsupportedOperationException("todo"); }
    public static double erfDown(double x) { throw new UnsupportedOperationException("todo"); }
    public static double erfUp(double x) { throw new UnsupportedOperationException("todo"); }
}
