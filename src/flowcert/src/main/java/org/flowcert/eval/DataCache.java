package org.flowcert.eval;

import java.lang.reflect.Array;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;

/**
 * The data set of a risk converted to one arithmetic, remembered for the last few
 * (data, arithmetic) pairs: integrators evaluate the same risk millions of times.
 */
final class DataCache {
    private static final int SLOTS = 8;
    private static final Object[][] KEYS = new Object[SLOTS][];
    private static final Object[] VALUES = new Object[SLOTS];
    private static int next;

    private DataCache() {
    }

    @SuppressWarnings("unchecked")
    static synchronized <T extends Num<T>> T[][] matrix(BigFraction[][] q, NumField<T> f) {
        for (int i = 0; i < SLOTS; i++) {
            if (KEYS[i] != null && KEYS[i][0] == q && KEYS[i][1] == f) {
                return (T[][]) VALUES[i];
            }
        }
        T[] proto = f.newArray(0);
        T[][] m = (T[][]) Array.newInstance(proto.getClass(), q.length);
        for (int i = 0; i < q.length; i++) {
            m[i] = f.newArray(q[i].length);
            for (int k = 0; k < q[i].length; k++) {
                m[i][k] = f.of(q[i][k]);
            }
        }
        KEYS[next] = new Object[] {q, f};
        VALUES[next] = m;
        next = (next + 1) % SLOTS;
        return m;
    }
}
