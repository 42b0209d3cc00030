package org.flowcert.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The generated W1 inputs equal src/test/resources/cases/w1-*.json bit for bit, and WORKLOADS.md's checks. */
class W1InputsTest {

    @ParameterizedTest
    @CsvSource({"tanh,4", "tanh,16", "tanh,64", "relu,4", "relu,16", "relu,64"})
    void generatedInputsEqualTheSharedFiles(String act, int h) {
        Path f = org.flowcert.TestData.caseFile("w1-" + act + "-h" + h + ".json");
        Problem file = ProblemReader.read(f);
        Problem gen = W1Inputs.problem(act, h);
        // BigFraction equality of exact values = the same doubles bit for bit (all are finite, nonzero or +0)
        assertThat(gen.theta()).containsExactly(file.theta());
        assertThat(gen.network()).isEqualTo(file.network());
        org.flowcert.model.Risk.Data a = (org.flowcert.model.Risk.Data) gen.risk();
        org.flowcert.model.Risk.Data b = (org.flowcert.model.Risk.Data) file.risk();
        assertThat(a.reduction()).isEqualTo(b.reduction());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.x()[i]).containsExactly(b.x()[i]);
            assertThat(a.y()[i]).containsExactly(b.y()[i]);
        }
        assertThat(a.size()).isEqualTo(b.size());
    }

    @Test
    void firstValuesAndChecksumsOfWorkloadsMd() {
        double[] t = W1Inputs.theta(193);
        assertThat(Double.doubleToRawLongBits(t[0])).isEqualTo(Double.doubleToRawLongBits(0x1.e3779b97f4a80p-4));
        assertThat(t[1]).isEqualTo(-0x1.0e44323405ac0p-2);
        assertThat(t[12]).isEqualTo(-0x1.dcbb465224de0p-2);
        assertThat(exactSum(t, 13)).isEqualTo(-0.25890702375956387);
        assertThat(exactSum(t, 49)).isEqualTo(-0.4083637813787444);
        assertThat(exactSum(t, 193)).isEqualTo(-0.28569661321751205);
    }

    static double exactSum(double[] t, int n) {
        java.math.BigDecimal s = java.math.BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            s = s.add(new java.math.BigDecimal(t[i]));
        }
        return s.doubleValue();
    }
}
