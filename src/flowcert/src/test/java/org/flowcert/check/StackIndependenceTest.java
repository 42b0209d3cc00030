package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flowcert.cert.CertificateText;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 §2: check's verdict does not depend on the caller's stack. A flow-taylor certificate with 1,500 data
 * points, checked from a thread with a 256 KB stack, is VALID: every check runs on the checker's own thread with
 * a fixed stack ({@link Checker#STACK}), and flow-taylor's series no longer recurse once per data point (they are
 * computed order by order), so even on that small stack itself the check is VALID.
 */
class StackIndependenceTest {
    /**
     * N(x) = w x + b with the data (−1, −1), (1, 1) repeated: the mean loss, its flow w(t) = 1 − e^(−2t),
     * b = 0, and the steps of FlowTaylorTest's closed-form flow are the same for any number of copies.
     */
    static String problem(int copies) {
        List<String> x = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            x.add("\"-1\"");
            x.add("\"1\"");
        }
        return "{\"network\": {\"widths\": [1, 1], \"activation\": \"tanh\"}, \"theta\": [\"0\", \"0\"], \"risk\": "
                + "{\"type\": \"data\", \"x\": " + x + ", \"y\": " + x + "}}";
    }

    /** One flow-taylor step of 1/16 from θ = 0 (order 8), centre w(1/16) to 2^-70, and its claim. */
    static byte[] cert(int copies) {
        // w(1/16) = 1 − e^(−1/8) = 0.117503097415404...; the claim box ±1e-9 around it
        String c = "0.11750309741540459714";
        List<String> steps = List.of("{\"id\":1,\"rule\":\"flow-taylor\",\"from\":[],\"bits\":80,\"h\":\"1/16\","
                + "\"order\":8,\"E\":[[\"-1/4\",\"1/2\"],[\"-1/4\",\"1/4\"]],\"c\":[\"" + c + "\",\"0\"],\"l\":\"-3/2\"}",
                "{\"id\":2,\"rule\":\"claim\",\"from\":[1],\"claim\":0}");
        String claims = "{\"claims\": [{\"type\": \"flow-enclosure\", \"time\": \"1/16\", \"box\": [[\"0.1175030964\", "
                + "\"0.1175030984\"], [\"-1/1000000000\", \"1/1000000000\"]]}]}";
        return CertificateText.assemble("0.1.0", problem(copies), claims, steps).getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code check} on a new thread with a 256 KB stack and returns its result. */
    static Checker.Result onSmallStack(java.util.function.Supplier<Checker.Result> check) throws Exception {
        List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(null, () -> {
            try {
                out.add(check.get());
            } catch (Throwable e) {
                out.add(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertThat(out.get(0)).isInstanceOf(Checker.Result.class);
        return (Checker.Result) out.get(0);
    }

    @Test
    void aFlowTaylorCheckIsValidFromASmallStack() throws Exception {
        Checker.Result one = Checker.check(cert(1));
        assertThat(one.exitCode()).as(one.lines().toString()).isZero();
        byte[] many = cert(750);
        Checker.Result r = onSmallStack(() -> Checker.check(many));
        assertThat(r.exitCode()).as(r.lines().toString()).isZero();
        assertThat(r.lines()).containsExactly("VALID claim 0 (flow-enclosure)");
        // the same check on the small stack itself: VALID as well since the series are computed order by order
        // on a tape (the lazy series they replaced recursed once per data point and overflowed this stack)
        Checker.Result here = onSmallStack(() -> Checker.checkOnCallingThread(many, Limits.DEFAULT));
        assertThat(here.lines()).containsExactly("VALID claim 0 (flow-enclosure)");
    }
}
