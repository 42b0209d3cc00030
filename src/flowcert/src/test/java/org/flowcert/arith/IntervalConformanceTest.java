package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ITF1788 test vectors ({@code src/test/resources/itf1788/elementary.tsv}, set-based flavour, binary64):
 * the basic operations must equal the expected tightest interval; the elementary functions must
 * contain it, and the extra width (in ulps, worst endpoint) is reported. Operations flowcert does
 * not implement (pow, sin, ...) are counted as skipped.
 */
class IntervalConformanceTest {
    private static final Pattern INTERVAL = Pattern.compile("\\[[^\\]]*\\]");

    /** Per operation: cases, passes, failures, unavailable, worst extra ulps. */
    static final class Tally {
        int cases;
        int passed;
        int unavailable;
        long worstUlps;
        final List<String> failures = new ArrayList<>();
    }

    @Test
    void itf1788Vectors() throws IOException {
        Path tsv = org.flowcert.TestData.itf1788().resolve("elementary.tsv");
        Map<String, Tally> tallies = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String op = f[0];
            List<Interval> args = new ArrayList<>();
            Matcher m = INTERVAL.matcher(f[1]);
            while (m.find()) {
                args.add(parse(m.group()));
            }
            Interval expected = parse(f[2].trim());
            boolean tight = isBasic(op);
            if (!tight && !isElementary(op)) {
                skipped.merge(op, 1, Integer::sum);
                continue;
            }
            Tally t = tallies.computeIfAbsent(op, k -> new Tally());
            t.cases++;
            Interval got;
            try {
                got = apply(op, args);
            } catch (UnsupportedOperationException e) {
                t.unavailable++; // ElementaryBounds not implemented yet
                continue;
            }
            if (tight) {
                if (got.equals(expected)) {
                    t.passed++;
                } else {
                    t.failures.add(line + "  got " + got);
                }
            } else if (got.contains(expected)) {
                t.passed++;
                if (!expected.isEmpty()) {
                    t.worstUlps = Math.max(t.worstUlps, Math.max(ulps(got.lo(), expected.lo()), ulps(got.hi(), expected.hi())));
                }
            } else {
                t.failures.add(line + "  got " + got);
            }
        }
        StringBuilder report = new StringBuilder("ITF1788 conformance (op: passed/cases, unavailable, worst extra ulps)\n");
        int totalSkipped = 0;
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            report.append(String.format("  %-6s %4d/%4d  unavailable %3d  %s%n", e.getKey(), t.passed, t.cases,
                    t.unavailable, isBasic(e.getKey()) ? "tightest" : "worst +" + t.worstUlps + " ulp"));
            t.failures.stream().limit(5).forEach(s -> report.append("      FAIL ").append(s).append('\n'));
        }
        for (int n : skipped.values()) {
            totalSkipped += n;
        }
        report.append("  skipped (not implemented): ").append(totalSkipped).append(' ').append(skipped).append('\n');
        System.out.println(report);
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            assertThat(e.getValue().failures).as(e.getKey()).isEmpty();
        }
        // the basic operations must all be there and all run
        for (String op : new String[] {"pos", "neg", "add", "sub", "mul", "div", "recip", "sqr", "sqrt", "fma"}) {
            assertThat(tallies.get(op).passed).as(op).isEqualTo(tallies.get(op).cases).isPositive();
        }
    }

    static boolean isBasic(String op) {
        switch (op) {
            case "pos": case "neg": case "add": case "sub": case "mul": case "div":
            case "recip": case "sqr": case "sqrt": case "fma":
                return true;
            default:
                return false;
        }
    }

    static boolean isElementary(String op) {
        return op.equals("exp") || op.equals("log") || op.equals("tanh");
    }

    static Interval apply(String op, List<Interval> a) {
        switch (op) {
            case "pos": return a.get(0);
            case "neg": return a.get(0).negate();
            case "add": return a.get(0).add(a.get(1));
            case "sub": return a.get(0).subtract(a.get(1));
            case "mul": return a.get(0).multiply(a.get(1));
            case "div": return a.get(0).divide(a.get(1));
            case "recip": return a.get(0).recip();
            case "sqr": return a.get(0).square();
            case "sqrt": return a.get(0).sqrt();
            case "fma": return a.get(0).fma(a.get(1), a.get(2));
            case "exp": return a.get(0).exp();
            case "log": return a.get(0).log();
            case "tanh": return a.get(0).tanh();
            default: throw new IllegalArgumentException(op);
        }
    }

    /** [empty], [entire], [lo,hi] with decimal or hex endpoints and ±infinity. */
    static Interval parse(String s) {
        String body = s.substring(1, s.length() - 1).trim();
        if (body.equals("empty")) {
            return Interval.EMPTY;
        }
        if (body.equals("entire")) {
            return Interval.ENTIRE;
        }
        String[] ends = body.split(",");
        return Interval.of(num(ends[0]), num(ends[1]));
    }

    private static double num(String s) {
        String t = s.trim();
        if (t.equals("infinity") || t.equals("+infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        return Double.parseDouble(t); // exact for hex; the decimal ones are exactly representable
    }

    /** How many doubles lie between a and b (0 when equal; infinities count as the ends). */
    static long ulps(double a, double b) {
        return Math.abs(order(a) - order(b));
    }

    private static long order(double x) {
        long bits = Double.doubleToLongBits(x + 0.0);
        return bits >= 0 ? bits : Long.MIN_VALUE - bits;
    }
}
