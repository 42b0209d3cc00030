package org.flowcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.arith.Interval;
import org.flowcert.eval.Arithmetics;
import org.flowcert.eval.BoxForm;
import org.flowcert.eval.LossGradient;
import org.flowcert.io.Numbers;
import org.flowcert.io.TerminalText;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowcert eval PROBLEM [--arith exact|interval|double|ball:BITS] [--json]}: L and ∇L at
 * the problem's theta (CONTRACT.md §2). Every {@code lo}/{@code hi} is a decimal string that,
 * read exactly, bounds the arithmetic's enclosure outward (so the true value, in a rigorous
 * arithmetic); {@code exact} appears only when the value is a known rational.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate the loss L and its gradient at the problem's theta.",
            "Arithmetics: exact (rationals; piecewise-polynomial activations only), interval (rigorous binary64),"
                + " ball:BITS (rigorous, e.g. ball:256), double (fast, not rigorous).",
            "Default: exact when the activation is piecewise polynomial (relu, leaky_relu, poly), else interval."})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROBLEM", description = "problem file (JSON)")
    Path problem;

    @Option(names = "--arith", paramLabel = "ARITH", description = "exact, interval, double or ball:BITS")
    String arith;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        org.flowcert.io.Limits lim = limitOptions.limits();
        if (arith != null) {
            Arithmetics.parse(arith, lim); // usage errors before reading the problem
        }
        Problem p = ProblemReader.read(problem, lim);
        String name = arith != null ? arith
                : p.network().layers() < 2 || p.network().activation().isPiecewisePolynomial() ? "exact" : "interval";
        NumField<?> field = Arithmetics.parse(name, lim);
        String text;
        try {
            text = render(p, field, json);
        } catch (ArithmeticException | UnsupportedOperationException e) {
            // an arithmetic that lacks an operation this problem needs (checkSupported refuses the
            // known cases up front; this is the backstop): a user error, exit 2, never 3
            throw new UserError(p.source(), "--arith", field.name() + " arithmetic cannot evaluate this problem ("
                    + e.getMessage() + "); " + Arithmetics.alternatives(field.name(), p));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        return Main.OK;
    }

    /** The command's output for {@code p} in {@code field} (JSON object or readable text). */
    static <T extends Num<T>> String render(Problem p, NumField<T> field, boolean json) {
        LossGradient.Result<T> r = compute(p, field);
        int digits = digits(field);
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("arith", field.name());
            o.put("P", p.parameterCount());
            o.set("loss", bounds(m, r.loss(), field, digits));
            ArrayNode g = o.putArray("gradient");
            for (T gi : r.gradient()) {
                g.add(bounds(m, gi, field, digits));
            }
            return TerminalText.json(o.toString()) + System.lineSeparator();
        }
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append("problem  ").append(TerminalText.escape(p.source())).append(nl);
        sb.append("network  ").append(java.util.Arrays.toString(p.network().widths())).append(' ')
                .append(TerminalText.escape(p.network().activation().spec())).append(", P = ").append(p.parameterCount()).append(nl);
        sb.append("arith    ").append(field.name()).append(field.rigorous() ? " (rigorous)" : " (not rigorous)")
                .append(nl);
        sb.append("loss     ").append(text(r.loss(), field, digits)).append(nl);
        for (int i = 0; i < r.gradient().length; i++) {
            sb.append(String.format("dL/dθ[%d]", i)).append("  ").append(text(r.gradient()[i], field, digits))
                    .append(nl);
        }
        return sb.toString();
    }

    /** Interval mode goes through {@link BoxForm} (the fast kernel where it applies); others through the generic path. */
    @SuppressWarnings("unchecked")
    static <T extends Num<T>> LossGradient.Result<T> compute(Problem p, NumField<T> field) {
        if (field == Interval.FIELD) {
            LossGradient.checkSupported(p, field);
            Interval[] th = LossGradient.of(Interval.FIELD, p.theta());
            return (LossGradient.Result<T>) BoxForm.evaluate(p, th).result();
        }
        return LossGradient.evaluate(p, field, LossGradient.of(field, p.theta()));
    }

    private static <T extends Num<T>> ObjectNode bounds(ObjectMapper m, T v, NumField<T> field, int digits) {
        ObjectNode o = m.createObjectNode();
        if (!field.rigorous()) {
            String s = Double.toString(v.approx());
            o.put("lo", s);
            o.put("hi", s);
            return o;
        }
        o.put("lo", decimal(v.lower(), digits, RoundingMode.FLOOR));
        o.put("hi", decimal(v.upper(), digits, RoundingMode.CEILING));
        Optional<BigFraction> e = v.exactValue();
        e.ifPresent(q -> o.put("exact", canonical(q)));
        return o;
    }

    private static <T extends Num<T>> String text(T v, NumField<T> field, int digits) {
        if (!field.rigorous()) {
            return Double.toString(v.approx());
        }
        Optional<BigFraction> e = v.exactValue();
        String lo = decimal(v.lower(), digits, RoundingMode.FLOOR);
        String hi = decimal(v.upper(), digits, RoundingMode.CEILING);
        if (e.isPresent()) {
            return canonical(e.get()) + "  ≈ " + decimal(e.get(), digits, RoundingMode.HALF_EVEN);
        }
        return "[" + lo + ", " + hi + "]";
    }

    /** p/q in lowest terms with q &gt; 0 (see {@link Numbers#format}). */
    static String canonical(BigFraction q) {
        return Numbers.format(q);
    }

    /** Significant digits that keep the enclosure's own width visible. */
    static int digits(NumField<?> field) {
        String n = field.name();
        if (n.startsWith("ball:")) {
            try {
                return (int) Math.ceil(Integer.parseInt(n.substring(5)) * 0.30103) + 3;
            } catch (NumberFormatException e) {
                return 40;
            }
        }
        return n.equals("exact") ? 25 : 18;
    }

    /** q rounded to {@code digits} significant digits in direction {@code mode}: a bound when FLOOR/CEILING. */
    static String decimal(BigFraction q, int digits, RoundingMode mode) {
        if (q.signum() == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(q.getNumerator()).divide(new BigDecimal(q.getDenominator()),
                new MathContext(digits, mode)).stripTrailingZeros();
        return d.scale() <= 30 && d.scale() >= -10 ? d.toPlainString() : d.toString();
    }

}
