import java.lang.management.ManagementFactory;
import java.math.BigInteger;

/** Prototype cost only (not checker code): e^y for a p-bit fixed-point y, |y| <= 1/2, lower and upper bounds
 *  by the Taylor series in p-bit fixed point with floor/ceiling rounding, tail 2|t_N|; then k squarings. */
public class DyadicExp {
    static BigInteger[] exp(BigInteger y, int p) { // y·2^-p, y >= 0 for brevity
        BigInteger one = BigInteger.ONE.shiftLeft(p), eps = BigInteger.ONE.shiftLeft(1);
        BigInteger lo = one, hi = one, tl = one, th = one;
        for (int i = 1; th.compareTo(eps) > 0; i++) {
            BigInteger bi = BigInteger.valueOf(i);
            tl = tl.multiply(y).shiftRight(p).divide(bi);
            th = th.multiply(y).shiftRight(p).add(BigInteger.ONE).divide(bi).add(BigInteger.ONE);
            lo = lo.add(tl);
            hi = hi.add(th);
        }
        return new BigInteger[] {lo, hi.add(th.shiftLeft(1))};
    }

    public static void main(String[] a) {
        var mx = ManagementFactory.getThreadMXBean();
        int p = 80 + 24 + 24 + 2; // tanh at 80 bits calls exp at 104 bits, which works at 104 + 24 + k
        BigInteger y = BigInteger.valueOf(3).shiftLeft(p).divide(BigInteger.valueOf(7)); // 3/7
        long s = 0;
        for (int r = 0; r < 5; r++) {
            long t = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 20000; i++) {
                BigInteger[] e = exp(y.add(BigInteger.valueOf(i)), p);
                BigInteger sq = e[0].multiply(e[0]).shiftRight(p); // one squaring
                s += sq.bitLength();
            }
            System.out.printf("dyadic exp at %d bits (lo and hi, + 1 squaring): %.2f us per call%n", p,
                    (mx.getCurrentThreadCpuTime() - t) / 1e3 / 20000);
        }
        System.out.println(s == 0 ? "" : "ok");
    }
}
