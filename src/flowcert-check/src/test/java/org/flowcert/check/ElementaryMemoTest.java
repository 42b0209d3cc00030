package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Elementary's remembered point evaluations (proofs-notes/rules/elementary.md, "Repeated arguments"): an activation
 * evaluated again in the same check, or in a new check, returns exactly the enclosures of a first evaluation, for
 * every smooth activation, points and intervals, orders 0–3.
 */
class ElementaryMemoTest {
    private static final int N = Integer.getInteger("flowcert.props", 100000) / 10000;

    private static RationalInterval[] fresh(Activation a, RationalInterval z) throws Invalid {
        Work.begin(Limits.DEFAULT); // a new check: nothing remembered
        try {
            return Elementary.activation(a, z, 3);
        } finally {
            Work.end();
        }
    }

    @Test
    void repeatedEvaluationsReturnTheSameEnclosures() throws Exception {
        Random r = new Random(21);
        for (String name : new String[] {"tanh", "logistic", "softplus", "gelu"}) {
            Activation a = Activation.parse(name);
            for (int i = 0; i < N; i++) {
                int bits = 16 + r.nextInt(100);
                BigFraction lo = BigFraction.of(r.nextInt(4001) - 2000, 1 + r.nextInt(512));
                BigFraction hi = r.nextInt(3) == 0 ? lo : lo.add(BigFraction.of(r.nextInt(100), 1 + r.nextInt(512)));
                RationalInterval z = RationalInterval.of(lo, hi, bits);
                RationalInterval[] first = fresh(a, z);
                Work.begin(Limits.DEFAULT);
                try {
                    RationalInterval[] once = Elementary.activation(a, z, 3);
                    RationalInterval[] twice = Elementary.activation(a, z, 3);
                    RationalInterval[] low = Elementary.activation(a, RationalInterval.of(lo, bits), 2);
                    for (int k = 0; k <= 3; k++) {
                        assertThat(once[k]).as("%s order %d at %s", name, k, z).isEqualTo(first[k]);
                        assertThat(twice[k]).isEqualTo(first[k]);
                    }
                    RationalInterval[] point = fresh(a, RationalInterval.of(lo, bits));
                    for (int k = 0; k <= 2; k++) {
                        assertThat(low[k]).isEqualTo(point[k]);
                    }
                } finally {
                    Work.end();
                }
            }
        }
    }
}
