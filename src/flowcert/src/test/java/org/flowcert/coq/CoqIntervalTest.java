package org.flowcert.coq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * flowcert coq on interval certificates (tanh nets, data risks): W1 tanh H = 4 (64 points,
 * loss enclosed to width 7e-29 by CoqInterval at 168 bits) compiles; the SAD cover tree with one
 * box removed (its two halves merged into the parent, on which no gradient component has a
 * proven sign; the checker rejects it too) gives a Coq file that does not compile.
 */
class CoqIntervalTest {

    @Test
    void w1TanhH4LossEnclosureCompiles() throws Exception {
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(CoqTestSupport.certificate("w1-tanh-h4"),
                "w1_tanh_h4");
        assertThat(c.ok()).as(c.output()).isTrue();
    }

    @Test
    void sadCoverWithABoxRemovedFailsInCoq() throws Exception {
        String t = CoqTestSupport.edit(CoqTestSupport.certificate("sad-tanh-h1"), UnaryOperator.identity(),
                st -> st.replaceFirst("s\\dgg", "g"));
        assertThat(t).isNotEqualTo(CoqTestSupport.certificate("sad-tanh-h1"));
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(t, "sad_box_removed");
        assertThat(c.ok()).as(c.output()).isFalse();
        assertThat(c.output()).contains("Numerical evaluation failed");
    }
}
