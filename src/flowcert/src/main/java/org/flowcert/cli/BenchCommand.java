package org.flowcert.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowcert.arith.Ball;
import org.flowcert.bench.W1BallBench;
import org.flowcert.bench.W1Bench;
import org.flowcert.bench.W2Bench;
import org.flowcert.bench.W3Bench;
import org.flowcert.io.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flowcert bench W1|W2|W3 [--json] [--peers[=DIR]]}: the peer workloads W1-W3. flowcert's
 * side needs nothing outside the repository (the inputs come from the workloads' formulas, see
 * {@link org.flowcert.bench.W1Inputs}); only {@code --peers} needs the peers' folder, and says so
 * in one line (exit 2) when it is absent.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run flowcert's side of a peer workload: W1, rigorous interval loss and gradient of the"
                + " 1-H-1 nets; W2, the 8-64-64-1 MLP in double; W3, the 1-4-1 tanh flow to t = 10^4. The inputs"
                + " are generated from the workloads' binary64 formulas, bit for bit those of the peers (figures"
                + " and method: benchmarks/w1.md, w2.md, w3.md).",
            "With --json, one JSON line per configuration with the peers' metric names.",
            "With --peers, the peer programs are then run side by side (run-all.sh of their folder, which"
                + " runs every workload in about 1.5 minutes) and their JSON lines for this workload are printed"
                + " too."})
public final class BenchCommand implements Callable<Integer> {
    /** The environment variable that names the peers' folder. */
    static final String PEERS_ENV = "FLOWCERT_PEERS";
    /** Where the peers' folder is looked for when neither --peers DIR nor FLOWCERT_PEERS names it. */
    static final String PEERS_DEFAULT = "../shared/peers";

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "W1, W2 or W3")
    String workload;

    @Option(names = "--json", description = "one JSON line per configuration")
    boolean json;

    @Option(names = "--peers", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
            description = "also run the peer programs of DIR (the folder with run-all.sh and WORKLOADS.md);"
                + " without DIR: $" + PEERS_ENV + ", else " + PEERS_DEFAULT + " (from the working directory)")
    String peers;

    @Option(names = "--arith", paramLabel = "ARITH", description = "W1 only: interval (the default) or ball:BITS"
                + " (the same loss and gradient in ball arithmetic at BITS bits, benchmarks/ball.md)")
    String arith;

    @Override
    public Integer call() throws Exception {
        String w = workload.toUpperCase(Locale.ROOT);
        if (!w.equals("W1") && !w.equals("W2") && !w.equals("W3")) {
            throw new UserError(null, "WORKLOAD", "expected W1, W2 or W3, found \"" + workload + "\"");
        }
        Ball.Field ball = arith == null || arith.equals("interval") ? null : Ball.parseArith(arith);
        if (ball != null && !w.equals("W1")) {
            throw new UserError(null, "--arith", "ball arithmetic is benchmarked on W1 only, not on " + w);
        }
        Path peerDir = peers == null ? null : peersFolder(peers, System.getenv(PEERS_ENV));
        int code;
        switch (w) {
            case "W1":
                code = ball != null ? W1BallBench.run(ball, json, System.out) : W1Bench.run(json, System.out, System.err);
                break;
            case "W2":
                code = W2Bench.run(json, System.out, System.err);
                break;
            default:
                code = W3Bench.run(json, System.out, System.err);
                break;
        }
        if (code != 0 || peerDir == null) {
            return code;
        }
        return runPeers(peerDir, w, System.out, System.err);
    }

    /**
     * The peers' folder named by {@code --peers DIR} ({@code option} non-empty), else by the
     * environment variable, else {@value #PEERS_DEFAULT}; a {@link UserError} (exit 2, one line) when
     * it has no run-all.sh.
     */
    static Path peersFolder(String option, String env) {
        String where;
        String how;
        if (!option.isEmpty()) {
            where = option;
            how = "--peers DIR";
        } else if (env != null && !env.isEmpty()) {
            where = env;
            how = PEERS_ENV;
        } else {
            where = PEERS_DEFAULT;
            how = "the default";
        }
        Path dir = Path.of(where).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("run-all.sh"))) {
            throw new UserError(null, "--peers", "no peers' folder at " + dir + " (from " + how
                    + "; expected a folder with run-all.sh): give its location with --peers DIR or "
                    + PEERS_ENV + "=DIR, or leave out --peers to run flowcert's side only");
        }
        return dir;
    }

    /** Runs the peers' run-all.sh in {@code dir}; prints its JSON lines of {@code workload}, the rest on err. */
    private static int runPeers(Path dir, String workload, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        err.println("flowcert bench: running the peers of " + dir + " (run-all.sh, every workload)...");
        Process p = new ProcessBuilder("bash", "run-all.sh").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String tag = "\"workload\": \"" + workload + "\"";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    if (line.contains(tag)) {
                        out.println(line);
                        out.flush();
                    }
                } else {
                    err.println("peers: " + line);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            err.println("flowcert bench: the peers' run-all.sh ended with exit code " + rc);
            return 1;
        }
        return 0;
    }
}
