package org.flowcert.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** The API's other arithmetics, refusals and errors (values from examples/README.md's c1 and the SAD claims). */
class ApiTest {
    private static final Path C1 = Path.of("examples/c1-relu-square.json");

    @Test
    void intervalEnclosesTheExactLossAndDoubleIsNotRigorous() {
        Problem c1 = Flowcert.load(C1);
        BigFraction l = BigFraction.of(7, 960);
        Evaluation iv = Flowcert.evaluate(c1, "interval");
        assertThat(iv.rigorous()).isTrue();
        assertThat(iv.loss().contains(l)).isTrue();
        assertThat(iv.loss().contains(l.add(iv.loss().width()).add(BigFraction.of(1, 1 << 30)))).isFalse();
        assertThat(iv.loss().width().signum()).isPositive();
        // contains compares negative numbers rightly (the library's compareTo does not)
        Value neg = new Value(BigFraction.of(-5), BigFraction.of(-3), null, -4);
        assertThat(neg.contains(BigFraction.of(-4))).isTrue();
        assertThat(neg.contains(BigFraction.of(-6))).isFalse();
        assertThat(iv.gradient()).hasSize(c1.parameterCount()).hasSize(7);
        Evaluation d = Flowcert.evaluate(c1, "double");
        assertThat(d.rigorous()).isFalse();
        assertThat(d.loss().exact()).isNull();
        assertThat(d.loss().approx()).isEqualTo(7.0 / 960, org.assertj.core.api.Assertions.within(1e-14));
    }

    @Test
    void loadFromTextKeepsTheTextAndTheCertificateEmbedsIt() throws Exception {
        String text = Files.readString(C1);
        Problem p = Flowcert.load(text);
        assertThat(p.text()).isEqualTo(text);
        assertThat(p.source()).isEqualTo("<string>");
        assertThat(p.widths()).containsExactly(1, 2, 1);
        assertThat(p.activation()).isEqualTo("relu");
        Certification c = Flowcert.certify(p, "{ \"claims\": [ { \"type\": \"loss-below\", \"value\": \"1/100\" } ] }");
        assertThat(c.allProved()).isTrue();
        assertThat(c.certificate()).contains("\"value\": \"1/100\"");
    }

    @Test
    void aFalseClaimIsNotProvedAndATamperedCertificateIsInvalid() {
        Problem c1 = Flowcert.load(C1);
        // L = 7/960 > 1/200: false
        Certification no = Flowcert.certify(c1, "{ \"claims\": [ { \"type\": \"loss-below\", \"value\": \"1/200\" } ] }");
        assertThat(no.allProved()).isFalse();
        assertThat(no.certificate()).isNull();
        assertThat(no.certificateText()).isEmpty();
        assertThat(no.lines()).singleElement().asString().startsWith("NOT PROVED claim 0");

        String good = Flowcert.certify(c1, "{ \"claims\": [ { \"type\": \"loss-below\", \"value\": \"1/100\" } ] }")
                .certificate();
        CheckResult tampered = Flowcert.check(good.replace("1/100", "1/200"));
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.exitCode()).isNotZero();
        assertThat(Flowcert.check("not a certificate").exitCode()).isEqualTo(2);
    }

    @Test
    void aTinyBudgetIsHonouredPerCall() throws Exception {
        Problem sad = Flowcert.load(Path.of("examples/sad-tanh-h1.json"));
        String claims = Files.readString(Path.of("examples/sad-tanh-h1.claims.json"));
        Certification tiny = Flowcert.certify(sad, claims, Settings.defaults().withBudget(10));
        assertThat(tiny.allProved()).isFalse();
        assertThat(tiny.lines().get(1)).contains("budget of 10 leaves");
        assertThatThrownBy(() -> Settings.defaults().withThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInputNamesTheFieldAndBadTimesAreRefused() {
        assertThatThrownBy(() -> Flowcert.load("{ \"network\": 3 }")).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("<string>");
        Problem c1 = Flowcert.load(C1);
        assertThatThrownBy(() -> Flowcert.evaluate(c1, "quadruple")).hasMessageContaining("quadruple");
        assertThatThrownBy(() -> Flowcert.certify(c1, "{ \"claims\": [ { \"type\": \"loss-below\" } ] }"))
                .hasMessageContaining("value");
        assertThatThrownBy(() -> Flowcert.integrate(c1, 1.0, 2.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Flowcert.integrate(c1, -1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
