package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code krawczyk}: K = m − C·∇L(m) + (I − C·∇²L(X))(X − m) ⊂ int X, so ∇L has exactly one
 * zero in X and it lies in K (proofs-notes/rules/krawczyk.md, checks 1–4). Fact "critical":
 * values K, range X.
 */
final class KrawczykRule implements Rule {
    @Override
    public Fact apply(Step st) throws Invalid {
        int bits = st.bits();
        int p = st.net().parameterCount();
        RationalInterval[] x = st.box("X", bits);
        BigFraction[] m = st.numbers("mid");
        JsonNode rows = Json.field(st.json(), "C", "step " + st.id());
        st.when(m.length != p || !rows.isArray() || rows.size() != p || !st.cited().isEmpty(),
                "expected mid (P numbers) and C (P rows), citing nothing");
        BigFraction[][] c = new BigFraction[p][];
        for (int i = 0; i < p; i++) {
            c[i] = Json.numbers(rows.get(i), "step " + st.id() + ": C");
            // check 1: m ∈ X and int X_i non-empty
            st.when(c[i].length != p || !x[i].contains(m[i]) || x[i].isPoint(),
                    "C needs P columns, and mid_" + i + " must lie in X_" + i + " of positive width");
        }
        RationalInterval[] g = st.net().loss(Net.point(m, bits), 1).g(); // check 2
        RationalInterval[][] h = st.net().loss(x, 2).h(); // check 3
        RationalInterval[] k = new RationalInterval[p];
        for (int i = 0; i < p; i++) {
            // check 4: K_i = m_i − Σ_j C_ij g_j + Σ_j (δ_ij − Σ_l C_il H_lj)(X_j − m_j) ⊂ int X_i
            k[i] = RationalInterval.of(m[i], bits);
            for (int j = 0; j < p; j++) {
                RationalInterval mij = RationalInterval.of(i == j ? BigFraction.ONE : BigFraction.ZERO, bits);
                for (int l = 0; l < p; l++) {
                    mij = mij.sub(h[l][j].mul(RationalInterval.of(c[i][l], bits)));
                }
                k[i] = k[i].sub(g[j].mul(RationalInterval.of(c[i][j],
                        bits))).add(mij.mul(x[j].sub(RationalInterval.of(m[j], bits))));
            }
            st.when(k[i].lo().subtract(x[i].lo()).signum() <= 0 || x[i].hi().subtract(k[i].hi()).signum() <= 0,
                    "K_" + i + " = " + k[i] + " is not inside the interior of X_" + i + " = " + x[i]);
        }
        return new Fact.Critical(k, x);
    }
}
