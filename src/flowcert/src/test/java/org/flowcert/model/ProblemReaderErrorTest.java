package org.flowcert.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowcert.io.UserError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad problem files: a {@link UserError} naming the file, the JSON path and what was expected. */
class ProblemReaderErrorTest {
    static final String NET = "\"network\": {\"widths\": [1, 2, 1], \"activation\": \"relu\"}";
    static final String THETA = "\"theta\": [\"1\", \"1\", \"0\", \"-1/2\", \"1/2\", \"1\", \"-1/8\"]";
    static final String RISK = "\"risk\": {\"type\": \"integral\", \"domain\": [\"0\", \"1\"], \"target\": "
            + "[{\"from\": \"0\", \"to\": \"1\", \"poly\": [\"0\", \"0\", \"1\"]}]}";

    static UserError error(String json) {
        try {
            ProblemReader.parse(json, "bad.json");
        } catch (UserError e) {
            return e;
        }
        throw new AssertionError("no error for " + json);
    }

    @Test
    void aGoodFileParses() {
        Problem p = ProblemReader.parse("{" + NET + "," + THETA + "," + RISK + "}", "good.json");
        assertThat(p.parameterCount()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // replacement of the theta / risk / network text | field | words of the expectation
        "THETA=\"theta\": [\"1\", \"1\"]|theta|expected 7 parameters for widths [1, 2, 1]",
        "THETA=\"theta\": [\"1\", \"1\", \"0\", \"-1/2\", \"x\", \"1\", \"-1/8\"]|theta[4]|expected a number",
        "RISK=\"risk\": {\"type\": \"integral\", \"domain\": [\"0\", \"1\"], \"target\": [{\"from\": \"0\", \"to\": \"1/2\", \"poly\": [\"0\"]}, {\"from\": \"1/2\", \"to\": \"1\", \"poly\": [\"0\", \"1/0\"]}]}|risk.target[1].poly[1]|expected a number",
        "RISK=\"risk\": {\"type\": \"integral\", \"domain\": [\"1\", \"0\"], \"target\": []}|risk.domain|expected a < b",
        "RISK=\"risk\": {\"type\": \"integral\", \"domain\": [\"0\", \"1\"], \"target\": [{\"from\": \"0\", \"to\": \"1/2\", \"poly\": [\"0\"]}]}|risk.target[0].to|uncovered",
        "RISK=\"risk\": {\"type\": \"data\", \"x\": [\"1\", \"2\"], \"y\": [\"1\"]}|risk.y|expected 2 outputs",
        "RISK=\"risk\": {\"type\": \"data\", \"x\": [[\"1\", \"2\"]], \"y\": [\"1\"]}|risk.x[0]|expected 1 numbers",
        "RISK=\"risk\": {\"type\": \"data\", \"x\": [\"1\"], \"y\": [\"1\"], \"reduction\": \"sum\"}|risk.reduction|expected \"mean\" or \"half-sum\"",
        "RISK=\"risk\": {\"type\": \"other\"}|risk.type|expected \"data\" or \"integral\"",
        "NET=\"network\": {\"widths\": [1, 2, 1], \"activation\": \"sigmoid\"}|network.activation|expected one of relu",
        "NET=\"network\": {\"widths\": [1, 0, 1], \"activation\": \"relu\"}|network.widths[1]|expected a positive integer",
        "NET=\"network\": {\"widths\": [1, 2, 1], \"activation\": \"relu\", \"depth\": 3}|network.depth|unknown field",
    })
    void badFieldsAreNamed(String replacement, String field, String expectation) {
        String net = NET;
        String theta = THETA;
        String risk = RISK;
        String body = replacement.substring(replacement.indexOf('=') + 1);
        switch (replacement.substring(0, replacement.indexOf('='))) {
            case "THETA":
                theta = body;
                break;
            case "RISK":
                risk = body;
                break;
            default:
                net = body;
        }
        UserError e = error("{" + net + "," + theta + "," + risk + "}");
        assertThat(e.file()).isEqualTo("bad.json");
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith("bad.json: " + field + ": ").contains(expectation);
    }

    @Test
    void malformedJsonNamesTheFileAndLine() {
        assertThatThrownBy(() -> ProblemReader.parse("{\"network\": ", "bad.json")).isInstanceOf(UserError.class)
                .hasMessageContaining("bad.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void missingFieldsAreNamed() {
        UserError e = error("{" + NET + "," + THETA + "}");
        assertThat(e.field()).isEqualTo("risk");
        assertThat(e.getMessage()).contains("missing");
    }
}
