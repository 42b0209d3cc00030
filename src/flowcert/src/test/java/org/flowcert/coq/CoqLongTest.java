package org.flowcert.coq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The slow Coq exports (mvn -B verify -Plong): the full SAD cover (701 leaves) and a W1 forgery. */
@Tag("long")
class CoqLongTest {

    /** critical-values-above on the SAD box by 701 CoqInterval leaves, leaves-box under LaSalle_leaves_box. */
    @Test
    void sadTanhH1Compiles() throws Exception {
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(CoqTestSupport.certificate("sad-tanh-h1"),
                "sad_tanh_h1");
        assertThat(c.ok()).as(c.output()).isTrue();
    }

    /**
     * W1's loss fact [lo, hi] (width 7e-29) becomes [lo, lo]: the upper endpoint moved below the
     * true value (L is transcendental, so L ≠ lo), the claim still follows from the fact, the
     * hashes are recomputed; Coq must refuse the fact.
     */
    @Test
    void w1EndpointMovedPastTheTrueValueFailsInCoq() throws Exception {
        String lo = "554920977627318814344250320849808939023/680564733841876926926749214863536422912";
        String hi = "554920977627318814344250320895005157951/680564733841876926926749214863536422912";
        String t = CoqTestSupport.edit(CoqTestSupport.certificate("w1-tanh-h4"), UnaryOperator.identity(),
                st -> st.replace("\"" + hi + "\"", "\"" + lo + "\""));
        assertThat(t).doesNotContain(hi);
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(t, "w1_forged");
        assertThat(c.ok()).as(c.output()).isFalse();
        assertThat(c.output()).contains("Numerical evaluation failed");
    }
}
