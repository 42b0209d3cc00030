package org.flowcert.prove.critical;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.check.ProfiledCoverLeaves;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;

/** Whether one t (or d, k) leaf closes the whole box θ ± h, for each h. */
public class TRoot {
    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[0]);
        Problem p = ProblemReader.read(file);
        String json = java.nio.file.Files.readString(file);
        BigFraction[] th = p.theta();
        int n = th.length;
        for (int i = 1; i < a.length; i++) {
            BigFraction h = BigFraction.parse(a[i]);
            BigFraction[][] box = new BigFraction[n][];
            BigFraction[] lo = new BigFraction[n], hi = new BigFraction[n];
            for (int k = 0; k < n; k++) {
                box[k] = new BigFraction[] {th[k].subtract(h), th[k].add(h)};
                lo[k] = box[k][0];
                hi[k] = box[k][1];
            }
            BigFraction[] dir = ProfiledDirection.choose(p, box);
            ProfiledCoverLeaves tests = ProfiledCoverLeaves.of(json, BigFraction.of(1, 5), 64, dir);
            long t0 = System.nanoTime();
            String leaf = tests.test("argdtk", lo, hi).leaf();
            System.out.printf("h %s: root leaf %s (%.1f s), direction %s%n", h, leaf, (System.nanoTime() - t0) / 1e9,
                    Arrays.toString(dir));
        }
    }
}
