/**
 * The trusted checker of flowcert certificates: everything a reader must audit to trust a VALID verdict.
 *
 * <p><b>Reading order.</b>
 * <ol>
 *   <li>{@link org.flowcert.check.Checker}: the envelope (hashes), the step loop, the verdicts, the checker's own
 *       thread, output escaping; {@link org.flowcert.check.Limits}, {@code Work}, {@code LimitExceeded}: the work
 *       limits (proofs-notes/certificate-format.md sections 1, 3, 7); {@code Replay}: the pool that computes
 *       the steps' heavy parts ahead (section 7, "Parallel replay"). {@link org.flowcert.check.CheckMain}: the
 *       stand-alone entry point of {@code flowcert-check.jar}.</li>
 *   <li>{@code ExactNumbers}, {@code Json}, {@code Net} (with {@code Activation}): how the certificate's numbers,
 *       JSON and embedded problem are read (section 2, CONTRACT.md section 1).</li>
 *   <li>{@code RationalInterval}: rational intervals and outward rounding; {@code Dyadic}: m·2^e numbers rounded
 *       down or up, for the series of exp; {@code Elementary}: exp, log, tanh,
 *       logistic, softplus, erf with proven remainders and tail bounds (proofs-notes/rules/elementary.md).</li>
 *   <li>{@code Scalar}, {@code Jet}, {@code XPoly}, {@code TaylorSeries}: the scalar kinds the loss is evaluated
 *       over (intervals, polynomials in x for the integral risk, power series for flow-taylor) and forward-mode
 *       jets.</li>
 *   <li>{@code Step}, {@code Fact}, {@code Rule}, {@code Rules}: what a rule sees and returns; then one class per
 *       rule, each with its note in proofs-notes/rules/: {@code PointRule} (loss, gradient), {@code FlowStepRule},
 *       {@code FlowTaylorRule}, {@code NtkBallRule}, {@code KrawczykRule}, {@code CoverRule} and
 *       {@code ProfiledCoverRule} (with its leaf tests {@code ProfiledCoverLeaves}; both replay their bisection
 *       tree through {@code CoverTree}), {@code ProfileRule} (with {@code Poly}), {@code LaSalleRule},
 *       {@code ReluCellRule} (with its leaf tests
 *       {@link org.flowcert.check.ReluCellLeaves}), {@code ReluLaSalleRule}, {@code ReluDataRule} (with its
 *       enumeration {@link org.flowcert.check.ReluDataPatterns}), {@code ReluKinkRule} (with its leaf tests
 *       {@link org.flowcert.check.ReluKinkLeaves} and the kink polynomials {@code KinkPoly}), and {@code ClaimStep},
 *       which turns a fact into a claim.</li>
 * </ol>
 *
 * <p><b>What the prover may use.</b> {@code Checker} and {@code Limits} (to re-check what it writes), and the three
 * pieces of rule code the ReLU provers search with, so that they exist once: {@code ReluCellLeaves},
 * {@code ReluDataPatterns} and {@code ReluKinkLeaves}. This module does not depend on the prover's, so nothing here
 * can call it.
 *
 * <p><b>Trusted base.</b> The classes of this package; the JDK ({@code java.math.BigInteger}, regular
 * expressions, SHA-256 from {@code java.security.MessageDigest}, UTF-8 decoding, threads, a fixed thread pool and
 * {@code FutureTask} from {@code java.util.concurrent}); Apache Commons Numbers'
 * {@code BigFraction} (add, subtract, multiply, divide, pow, abs, negate, signum, equals, of; never compare-To,
 * which is wrong for negative pairs in 1.2); Jackson's tree parser ({@code ObjectMapper.readTree} with big
 * numbers, strict duplicates and no trailing tokens). No floating point anywhere (a test scans the sources), no
 * line over 120 columns (Checkstyle in the build).
 */
package org.flowcert.check;
