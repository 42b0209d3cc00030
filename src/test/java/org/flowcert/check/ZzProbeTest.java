package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZzProbeTest {
    @Test
    void probe() throws Exception {
        String[] sec = Checker.sections(Files.readAllBytes(Path.of(System.getProperty("probe.cert", "certificates/w3-tanh-flow.cert"))));
        Net net = Net.parse(sec[0]);
        JsonNode claims = Json.read(sec[1], "c").get("claims");
        Map<Long, Fact> facts = new HashMap<>();
        long t0 = System.nanoTime();
        for (String line : sec[2].split("\n")) {
            JsonNode s = Json.read(line, "s");
            List<Fact> cited = new ArrayList<>();
            s.get("from").forEach(c -> cited.add(facts.get(c.asLong())));
            long t = System.nanoTime();
            Fact f = Rules.ALL.get(s.get("rule").asText()).apply(new Step(s.get("id").asLong(), s, cited, net, claims));
            facts.put(s.get("id").asLong(), f);
            if (f.ball() != null) {
                double w = 0;
                for (RI x : f.values()) {
                    w = Math.max(w, x.hi().subtract(x.lo()).doubleValue());
                }
                System.out.println("step " + s.get("id") + " " + (System.nanoTime() - t) / 1e9 + " s, t = " + f.time().doubleValue()
                        + ", r = " + f.ball()[f.ball().length - 1].doubleValue() + " width " + w);
            }
        }
        System.out.println("total " + (System.nanoTime() - t0) / 1e9);
    }
}
