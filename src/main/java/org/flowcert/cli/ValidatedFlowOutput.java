package org.flowcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import org.flowcert.arith.Interval;
import org.flowcert.flow.validated.Enclosure;
import org.flowcert.flow.validated.ValidatedFlow;
import org.flowcert.io.AtomicFiles;
import org.flowcert.model.Problem;

/**
 * The {@code flowcert flow ... --validated} output: enclosures of θ(t), L(θ(t)) and ‖θ(t)‖ at the
 * requested times and at T (CONTRACT.md lo/hi objects: decimals that, read exactly, bound the
 * enclosure outward), failed validation attempts on stderr, and the norm/loss events proved from
 * the enclosures. Exit 0 when T was reached, 1 when integration stopped before T (nothing is
 * claimed beyond the last proved time).
 */
final class ValidatedFlowOutput {
    private ValidatedFlowOutput() {
    }

    /**
     * Runs the validated integrator and prints its report.
     *
     * @param radius "‖θ(t)‖ &gt; radius for some t ≤ T" is reported as proved or not (null: not asked)
     * @param level "L(θ(t)) &lt; level for some t ≤ T" likewise
     * @return the exit code (0 reached T, 1 stopped before T)
     */
    static int run(Problem p, double tEnd, double[] times, boolean json, Path out, Double radius,
            Double level, PrintWriter w, PrintWriter err) {
        ValidatedFlow.Listener l = new ValidatedFlow.Listener() {
            @Override
            public void onFailure(double t, double h, String reason) {
                if (!json) {
                    err.printf(Locale.ROOT, "validation failed at t = %s, h = %.3g: %s; shrinking%n", t, h, reason);
                    err.flush();
                }
            }
        };
        ValidatedFlow.Result r = ValidatedFlow.integrate(p, tEnd, ValidatedFlow.Options.defaults().withTimes(times), l);
        if (out != null) {
            AtomicFiles.write(out, csv(r, p.parameterCount()));
        }
        OptionalDouble normEvent = radius == null ? OptionalDouble.empty() : r.firstTimeNormAbove(radius, tEnd);
        OptionalDouble lossEvent = level == null ? OptionalDouble.empty() : r.firstTimeLossBelow(level, tEnd);
        if (json) {
            w.println(json(r, tEnd, radius, level, normEvent, lossEvent));
        } else {
            w.printf(Locale.ROOT, "flow --validated: P = %d, %d steps, %d failed attempts, %.3f s%n", p.parameterCount(),
                    r.steps().size(), r.failures(), r.nanos() * 1e-9);
            for (Enclosure e : r.enclosures()) {
                w.printf(Locale.ROOT, "t = %s  L in [%s, %s]  |theta| in [%s, %s]  max width %.3g%n", e.t(),
                        down(e.loss().lo()), up(e.loss().hi()), down(e.norm().lo()), up(e.norm().hi()), e.maxWidth());
            }
            if (radius != null) {
                w.println(normEvent.isPresent() ? "PROVED |theta(t)| > " + radius + " at t = " + normEvent.getAsDouble()
                        : "NOT PROVED |theta(t)| > " + radius + " for some t <= " + tEnd);
            }
            if (level != null) {
                w.println(lossEvent.isPresent() ? "PROVED L(theta(t)) < " + level + " at t = " + lossEvent.getAsDouble()
                        : "NOT PROVED L(theta(t)) < " + level + " for some t <= " + tEnd);
            }
            if (!r.complete()) {
                w.println("STOPPED at t = " + r.reached() + ": " + r.stopReason() + " (no enclosure is claimed beyond)");
            }
        }
        w.flush();
        return r.complete() ? 0 : 1;
    }

    private static String json(ValidatedFlow.Result r, double tEnd, Double radius, Double level, OptionalDouble normEvent,
            OptionalDouble lossEvent) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("validated", true);
        o.put("complete", r.complete());
        if (!r.complete()) {
            o.put("reached", r.reached());
            o.put("stop_reason", r.stopReason());
        }
        r.at(tEnd).ifPresent(e -> fill(m, o, e));
        ArrayNode list = o.putArray("enclosures");
        for (Enclosure e : r.enclosures()) {
            ObjectNode n = list.addObject();
            fill(m, n, e);
        }
        if (radius != null) {
            ObjectNode ev = o.putObject("leaves_ball");
            ev.put("radius", radius);
            ev.put("proved", normEvent.isPresent());
            normEvent.ifPresent(t -> ev.put("at", t));
        }
        if (level != null) {
            ObjectNode ev = o.putObject("loss_below");
            ev.put("value", level);
            ev.put("proved", lossEvent.isPresent());
            lossEvent.ifPresent(t -> ev.put("at", t));
        }
        o.put("steps", r.steps().size());
        o.put("failures", r.failures());
        o.put("wall_s", r.nanos() * 1e-9);
        return o.toString();
    }

    private static void fill(ObjectMapper m, ObjectNode n, Enclosure e) {
        n.put("t", e.t());
        n.set("loss", loHi(m, e.loss()));
        ArrayNode th = n.putArray("theta");
        for (Interval x : e.box()) {
            th.add(loHi(m, x));
        }
        n.set("norm", loHi(m, e.norm()));
        n.put("radius", up(e.radius()));
        n.put("max_width", e.maxWidth());
    }

    private static ObjectNode loHi(ObjectMapper m, Interval x) {
        ObjectNode n = m.createObjectNode();
        n.put("lo", down(x.lo()));
        n.put("hi", up(x.hi()));
        return n;
    }

    /** A 17-digit decimal ≤ x (exact when read as a rational). */
    static String down(double x) {
        return new BigDecimal(x).round(new MathContext(17, RoundingMode.FLOOR)).toString();
    }

    /** A 17-digit decimal ≥ x. */
    static String up(double x) {
        return new BigDecimal(x).round(new MathContext(17, RoundingMode.CEILING)).toString();
    }

    /** CSV of the proved step ends: t, loss_lo, loss_hi, norm_lo, norm_hi, radius, then the centers. */
    static String csv(ValidatedFlow.Result r, int p) {
        StringBuilder sb = new StringBuilder("t,loss_lo,loss_hi,norm_lo,norm_hi,radius");
        for (int i = 0; i < p; i++) {
            sb.append(",center_").append(i);
        }
        sb.append('\n');
        for (ValidatedFlow.Step s : r.steps()) {
            sb.append(s.t1()).append(',').append(down(s.loss().lo())).append(',').append(up(s.loss().hi())).append(',')
                    .append(down(s.norm().lo())).append(',').append(up(s.norm().hi())).append(',').append(up(s.radius()));
            for (double c : s.center()) {
                sb.append(',').append(c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
