package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Enclosures;
import org.junit.jupiter.api.Test;

/**
 * A problem written as text and read back (how a search ships its problem to a Spark executor) is the same
 * problem: the same widths, activation, θ and risk, so the same exact loss; on data risks (mean and half-sum,
 * tanh, leaky relu with a rational slope), integral risks with several pieces, and numbers with 30-digit parts.
 */
class ProblemTextTest {
    @Test
    void examplesSurviveTheTrip() throws Exception {
        for (String f : new String[] {"w1-tanh-h4.json", "relu-jump-h2.json", "c6-leaky-linear-convergence.json",
            "c1-relu-square.json", "sad-tanh-h1.json", "relu-data-a8-h2.json", "mlp-2-3-1-softplus.json"}) {
            Problem p = ProblemReader.parse(Files.readString(Path.of("examples", f)), f);
            String text = ProblemText.write(p);
            Problem q = ProblemText.read(text, f);
            assertThat(ProblemText.write(q)).as(f).isEqualTo(text);
            assertThat(q.network().widths()).as(f).isEqualTo(p.network().widths());
            assertThat(q.network().activation().spec()).as(f).isEqualTo(p.network().activation().spec());
            assertThat(q.theta()).as(f).isEqualTo(p.theta());
            assertThat(q.risk().getClass()).as(f).isEqualTo(p.risk().getClass());
        }
    }

    @Test
    void theExactLossIsUnchanged() {
        // one relu unit on the jump target: L = 1/18 at this θ (ReluCellTest derives it by hand)
        String oneUnit = "{\"network\":{\"widths\":[1,1,1],\"activation\":\"relu\"},"
                + "\"theta\":[\"1\",\"-1/4\",\"16/9\",\"0\"],\"risk\":{\"type\":\"integral\",\"domain\":[\"0\",\"1\"],"
                + "\"target\":[{\"from\":\"0\",\"to\":\"1/2\",\"poly\":[\"0\"]},{\"from\":\"1/2\",\"to\":\"1\",\"poly\":[\"1\"]}]}}";
        Problem q = ProblemText.read(ProblemText.write(ProblemReader.parse(oneUnit, "p")), "p");
        assertThat(Enclosures.lossForStep(q, 0)[0]).isEqualTo(BigFraction.of(1, 18));
        // a half-sum data risk with long numbers: ½ (θ·x − y)² with θ = 10^30 + 1/3, x = 1, y = 10^30
        String big = "{\"network\":{\"widths\":[1,1],\"activation\":\"relu\"},\"theta\":[\"1000000000000000000000000000001/3\","
                + "\"0\"],\"risk\":{\"type\":\"data\",\"reduction\":\"half-sum\",\"x\":[1],\"y\":[\"1e30\"]}}";
        Problem b = ProblemReader.parse(big, "big");
        Problem c = ProblemText.read(ProblemText.write(b), "big");
        assertThat(Enclosures.lossForStep(c, 0)[0]).isEqualTo(Enclosures.lossForStep(b, 0)[0]);
    }
}
