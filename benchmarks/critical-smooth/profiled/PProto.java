package org.flowcert.prove.critical;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ProfiledCoverLeaves;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;

/**
 * Prototype for leaf p (measurement only): chooses the prover's direction on θ ± H, then on N random grid cells of
 * inner radius R (the output layer at its full ± H) counts how often the checker's leaf p holds.
 * Usage: PProto PROBLEM H N R1 R2 ...
 */
public class PProto {
    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[0]);
        BigFraction h = BigFraction.parse(a[1]);
        int samples = Integer.parseInt(a[2]);
        Problem p = ProblemReader.read(file);
        String json = java.nio.file.Files.readString(file);
        BigFraction[] th = p.theta();
        int n = th.length;
        BigFraction[][] box = new BigFraction[n][];
        for (int k = 0; k < n; k++) box[k] = new BigFraction[] {th[k].subtract(h), th[k].add(h)};
        long t0 = System.nanoTime();
        BigFraction[] dir = ProfiledDirection.choose(p, box);
        System.out.printf("direction %s (%.1f s)%n", Arrays.toString(dir), (System.nanoTime() - t0) / 1e9);
        ProfiledCoverLeaves tests = ProfiledCoverLeaves.of(json, BigFraction.of(1, 5), 64, dir);
        int a0 = tests.innerCount();
        Random rnd = new Random(7);
        for (int ui = 3; ui < a.length; ui++) {
            BigFraction r = BigFraction.parse(a[ui]);
            int ok = 0;
            long tt = 0;
            for (int s = 0; s < samples; s++) {
                BigFraction[] lo = new BigFraction[n], hi = new BigFraction[n];
                for (int k = 0; k < n; k++) {
                    BigFraction rr = k < a0 ? r : h;
                    if (rr.subtract(h).signum() > 0) rr = h;
                    long steps = h.subtract(rr).multiply(2).divide(rr).longValue();
                    long j = steps <= 0 ? 0 : (long) (rnd.nextDouble() * (steps + 1));
                    BigFraction c = box[k][0].add(rr).add(rr.multiply(j));
                    lo[k] = c.subtract(rr);
                    hi[k] = c.add(rr);
                }
                long x = System.nanoTime();
                if ("p".equals(tests.test("p", lo, hi).leaf())) ok++;
                tt += System.nanoTime() - x;
            }
            System.out.printf("u-rad %s (a: full box): p holds %d/%d; ms per test %.0f%n", r, ok, samples,
                    tt / 1e6 / samples);
        }
    }
}
