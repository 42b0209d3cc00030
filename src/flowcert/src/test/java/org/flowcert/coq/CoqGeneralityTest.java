package org.flowcert.coq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * flowcert coq on certificates the exporter was not developed on (src/test/resources/coq,
 * certified by flowcert certify): leaky relu with three target pieces and kinks inside
 * them, a jump target, leaky relu and relu data risks (exact; the relu one a critical point
 * with a dead unit: N = 2, residuals ±1, by hand), softplus and logistic data risks
 * (CoqInterval). Hand values: relu-jump-h2 has L = 1/48 (two triangles of error 4u on
 * [0, 1/8]: 2·16/(3·512)); leaky-data has L = ½·(1/20)² = 1/800.
 */
class CoqGeneralityTest {

    @ParameterizedTest
    @ValueSource(strings = {"leaky-three-pieces", "relu-jump-h2", "leaky-data", "relu-dead-data", "softplus-data",
        "logistic-data"})
    void exportsCompile(String name) throws Exception {
        String cert = Files.readString(org.flowcert.TestData.resources("coq", name + ".cert").resolve(name + ".cert"));
        CoqTestSupport.Compiled c = CoqTestSupport.exportAndCompile(cert, name.replace('-', '_'));
        assertThat(c.ok()).as(c.output()).isTrue();
    }
}
