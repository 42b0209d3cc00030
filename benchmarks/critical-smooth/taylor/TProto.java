package org.flowcert.prove.critical;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ProfiledCoverLeaves;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;

public class TProto {
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
            String[] pr = a[ui].split(":");
            BigFraction ru = BigFraction.parse(pr[0]);
            BigFraction ra = BigFraction.parse(pr[1]);
            int prof = 0, dOk = 0, tOk = 0, kOk = 0;
            long td = 0, tt = 0, tk = 0;
            for (int s = 0; s < samples; s++) {
                BigFraction[] lo = new BigFraction[n], hi = new BigFraction[n];
                for (int k = 0; k < n; k++) {
                    BigFraction r = k < a0 ? ru : ra;
                    if (r.subtract(h).signum() > 0) r = h;
                    // random centre on a grid of step r inside the box
                    long steps = h.subtract(r).multiply(2).divide(r).longValue();
                    long j = steps <= 0 ? 0 : (long) (rnd.nextDouble() * (steps + 1));
                    BigFraction c = box[k][0].add(r).add(r.multiply(j));
                    lo[k] = c.subtract(r);
                    hi[k] = c.add(r);
                }
                ProfiledCoverLeaves.Outcome o = tests.test("", lo, hi);
                boolean pf = true;
                for (int k = a0; k < n; k++) pf &= o.score()[k].signum() == 0;
                if (pf) prof++;
                long x = System.nanoTime();
                if ("d".equals(tests.test("d", lo, hi).leaf())) dOk++;
                long y = System.nanoTime();
                if ("t".equals(tests.test("t", lo, hi).leaf())) tOk++;
                long z = System.nanoTime();
                if ("k".equals(tests.test("k", lo, hi).leaf())) kOk++;
                long w = System.nanoTime();
                td += y - x; tt += z - y; tk += w - z;
            }
            System.out.printf("u-rad %s a-rad %s: A' found %d/%d, d %d, t %d, k %d; ms per test d %.0f t %.0f k %.0f%n",
                    ru, ra, prof, samples, dOk, tOk, kOk, td / 1e6 / samples, tt / 1e6 / samples, tk / 1e6 / samples);
        }
    }
}
