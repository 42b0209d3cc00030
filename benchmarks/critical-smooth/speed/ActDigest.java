package org.flowcert.check;

import java.security.MessageDigest;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Measurement only: a digest of the checker's activation enclosures (orders 0–3, tanh, logistic, softplus, gelu) and
 * interval products with small rationals, on N seeded random intervals at random precisions. Run with two jars: equal
 * digests mean equal numbers. java -cp CLASSES:JAR org.flowcert.check.ActDigest N
 */
public final class ActDigest {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        Random r = new Random(5);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        for (String name : new String[] {"tanh", "logistic", "softplus", "gelu"}) {
            Activation act = Activation.parse(name);
            for (int i = 0; i < n; i++) {
                int bits = 8 + r.nextInt(120);
                BigFraction lo = BigFraction.of(r.nextInt(20001) - 10000, 1 + r.nextInt(4096));
                BigFraction hi = r.nextInt(3) == 0 ? lo : lo.add(BigFraction.of(r.nextInt(1000), 1 + r.nextInt(4096)));
                RationalInterval z = RationalInterval.of(lo, hi, bits);
                for (RationalInterval x : Elementary.activation(act, z, 3)) {
                    md.update(x.toString().getBytes());
                }
                md.update(z.withBits(bits).mul(RationalInterval.of(BigFraction.of(r.nextInt(99) - 49, 1 + r.nextInt(99)),
                        bits)).toString().getBytes());
            }
        }
        System.out.printf("digest %s (%.1f s)%n", String.format("%064x", new java.math.BigInteger(1, md.digest()))
                .substring(0, 16), (System.nanoTime() - t0) / 1e9);
    }
}
