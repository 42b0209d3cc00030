package org.flowcert.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;

/** How often leaf t holds on cells centred on the least-squares output layer (benchmarks/critical-smooth/taylor). */
public class TCentre {
    public static void main(String[] a) throws Exception {
        String json = Files.readString(Path.of(a[0]));
        Net net = Net.parse(json);
        int p = net.parameterCount();
        int m = net.widths[net.widths.length - 2];
        int na = m + 1;
        int a0 = p - na;
        BigFraction h = BigFraction.parse(a[1]);
        BigFraction ru = BigFraction.parse(a[2]);
        BigFraction ra = BigFraction.parse(a[3]);
        String[] ds = a[4].split(",");
        BigFraction[] dir = Arrays.stream(ds).map(BigFraction::parse).toArray(BigFraction[]::new);
        int bits = 64;
        Random rnd = new Random(3);
        double[] xs = Arrays.stream(net.xs).mapToDouble(v -> v[0].doubleValue()).toArray();
        double[] ys = Arrays.stream(net.ys).mapToDouble(v -> v[0].doubleValue()).toArray();
        int okCount = 0; double ms = 0; int N = Integer.parseInt(a[5]);
        for (int s = 0; s < N; s++) {
            BigFraction[] c = new BigFraction[p];
            for (int k = 0; k < a0; k++) {
                double off = (rnd.nextDouble() * 2 - 1) * (h.doubleValue() - ru.doubleValue());
                c[k] = net.theta[k].add(BigFraction.from(Math.rint(off * 1024) / 1024));
            }
            // least squares output layer at the centre (1-H-1 only), double
            int n = xs.length;
            double[][] F = new double[n][na];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    F[i][j] = Math.tanh(c[j].doubleValue() * xs[i] + c[m + j].doubleValue());
                }
                F[i][m] = 1;
            }
            double[][] G = new double[na][na + 1];
            for (int k = 0; k < na; k++) {
                for (int l = 0; l < na; l++) for (int i = 0; i < n; i++) G[k][l] += F[i][k] * F[i][l];
                for (int i = 0; i < n; i++) G[k][na] += F[i][k] * ys[i];
            }
            for (int col = 0; col < na; col++) {
                for (int r = 0; r < na; r++) if (r != col) {
                    double f = G[r][col] / G[col][col];
                    for (int j = 0; j <= na; j++) G[r][j] -= f * G[col][j];
                }
            }
            for (int k = 0; k < na; k++) c[a0 + k] = BigFraction.from(Math.rint(G[k][na] / G[k][k] * 4096) / 4096);
            RationalInterval[] bp = new RationalInterval[p];
            for (int k = 0; k < p; k++) {
                BigFraction r = k < a0 ? ru : ra;
                bp[k] = RationalInterval.of(c[k].subtract(r), c[k].add(r), bits);
            }
            BigFraction[] lo = new BigFraction[p], hi = new BigFraction[p];
            for (int q = 0; q < p; q++) { lo[q] = bp[q].lo(); hi[q] = bp[q].hi(); }
            ProfiledCoverLeaves tests = ProfiledCoverLeaves.of(json, BigFraction.of(1, 5), 64, dir);
            long t0 = System.nanoTime();
            String leaf = tests.test("t", lo, hi).leaf();
            okCount += leaf != null ? 1 : 0;
            ms += (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("u %s a %s: t holds on %d of %d cells centred on the least-squares output layer, %.0f ms each%n", ru, ra, okCount, N, ms / N);
    }
}
