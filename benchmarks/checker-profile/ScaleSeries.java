package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Scaling of flow-taylor's series (the checker's own FlowTaylorRule.series, unchanged) with the order k and the
 * number N of data points, and the cost of one tanh enclosure; thread CPU time, best of 3 after a warm-up.
 * Usage: java -cp flowcert-check.jar:. org.flowcert.check.ScaleSeries certificates/w3-tanh-flow.cert
 */
public class ScaleSeries {
    static double cpu(Runnable r) {
        var mx = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = mx.getCurrentThreadCpuTime();
            r.run();
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - t) / 1e9);
        }
        return best;
    }

    public static void main(String[] a) throws Exception {
        String s = Files.readString(Path.of(a[0]));
        String problem = s.substring(s.indexOf("begin problem\n") + 14, s.indexOf("end problem"));
        String steps = s.substring(s.indexOf("begin steps\n") + 12, s.indexOf("end steps"));
        ObjectMapper om = new ObjectMapper();
        JsonNode step1 = om.readTree(steps.split("\n")[0]);
        BigFraction[] c0 = new BigFraction[step1.get("c").size()];
        for (int i = 0; i < c0.length; i++) {
            String[] pq = step1.get("c").get(i).asText().split("/");
            c0[i] = BigFraction.of(new java.math.BigInteger(pq[0]), new java.math.BigInteger(pq[1]));
        }
        Thread t = new Thread(null, () -> {
            try {
                Work.begin(Limits.DEFAULT);
                run(om, problem, c0);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "scale", Checker.STACK);
        t.start();
        t.join();
    }

    static Net subset(ObjectMapper om, String problem, int n) throws Exception {
        ObjectNode p = (ObjectNode) om.readTree(problem);
        ObjectNode risk = (ObjectNode) p.get("risk");
        ArrayNode x = (ArrayNode) risk.get("x"), y = (ArrayNode) risk.get("y");
        ArrayNode x2 = om.createArrayNode(), y2 = om.createArrayNode();
        int all = x.size();
        for (int i = 0; i < n; i++) { // evenly spaced subset
            x2.add(x.get(i * all / n));
            y2.add(y.get(i * all / n));
        }
        risk.set("x", x2);
        risk.set("y", y2);
        return Net.parse(om.writeValueAsString(p));
    }

    static void run(ObjectMapper om, String problem, BigFraction[] c0) throws Exception {
        Net full = subset(om, problem, 64);
        cpu(() -> series(full, c0, 24, 80)); // warm-up
        System.out.println("| N | order k | bits | series CPU s |");
        System.out.println("|---:|---:|---:|---:|");
        for (int k : new int[] {6, 12, 24, 48}) {
            System.out.printf("| 64 | %d | 80 | %.3f |%n", k, cpu(() -> series(full, c0, k, 80)));
        }
        for (int n : new int[] {16, 32}) {
            Net net = subset(om, problem, n);
            System.out.printf("| %d | 24 | 80 | %.3f |%n", n, cpu(() -> series(net, c0, 24, 80)));
        }
        System.out.printf("| 64 | 24 | 32 | %.3f |%n", cpu(() -> series(full, c0, 24, 32)));
        System.out.printf("| 64 | 24 | 160 | %.3f |%n", cpu(() -> series(full, c0, 24, 160)));
        Activation tanh = Activation.parse("tanh");
        for (int bits : new int[] {32, 80, 160}) {
            RationalInterval z = RationalInterval.hull(BigFraction.of(3, 7), BigFraction.of(3, 7).add(
                    BigFraction.of(1, 1 << 20)), bits);
            double sec = cpu(() -> {
                for (int i = 0; i < 100; i++) {
                    try {
                        Elementary.activation(tanh, z, 1);
                    } catch (Invalid e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            System.out.printf("tanh interval enclosure (sigma, sigma') at %d bits: %.3f ms per call%n", bits, sec * 10);
        }
    }

    static void series(Net net, BigFraction[] c0, int k, int bits) {
        try {
            FlowTaylorRule.series(net, Net.point(c0, bits), k, bits);
        } catch (Invalid e) {
            throw new RuntimeException(e);
        }
    }
}
