/**
 * The public library API of flowcert: load a problem, evaluate its loss and gradient in an
 * arithmetic, integrate its gradient flow, certify claims and check certificates, all from Java
 * (or JShell, or a Java notebook kernel) without the command line.
 *
 * <p>Start with the static methods of {@link org.flowcert.api.Flowcert}; every value they return
 * is an immutable record of this package ({@link org.flowcert.api.Evaluation},
 * {@link org.flowcert.api.Trajectory}, {@link org.flowcert.api.Certification},
 * {@link org.flowcert.api.CheckResult}) or a {@link org.flowcert.api.Problem}. Exact numbers are
 * Commons Numbers {@code BigFraction}s (compare them with {@code a.subtract(b).signum()}: that
 * library's {@code BigFraction.compareTo} is wrong when both operands are negative).
 *
 * <p><b>Stability.</b> Everything outside {@code org.flowcert.api} and
 * {@code org.flowcert.check}'s {@code Checker} entry point is internal and may change without
 * notice, even when it is declared {@code public}.
 *
 * <p><b>Errors.</b> A bad problem, claims file or argument raises an unchecked exception (an
 * {@link IllegalArgumentException} or flowcert's own {@code RuntimeException}) whose message names
 * the input, the field and what was expected. A claim that cannot be proved is not an error: it is
 * a {@code NOT PROVED} line of the {@link org.flowcert.api.Certification}.
 *
 * <p><b>Threads.</b> The methods keep no global state: calls may run at once from several
 * threads, each with its own {@link org.flowcert.api.Settings}.
 */
package org.flowcert.api;
