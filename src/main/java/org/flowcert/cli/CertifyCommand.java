package org.flowcert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flowcert certify PROBLEM CLAIMS --out CERT}: proves each claim and writes the
 * certificate atomically. Prints {@code PROVED ...} / {@code NOT PROVED ... (reason)} per claim;
 * exit 0 only when every claim is proved. When any claim is not proved nothing is written (an
 * existing CERT is left untouched), so no certificate ever holds an unproved claim.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = "Prove claims and write a certificate (only when every claim is proved).")
public final class CertifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROBLEM", description = "the problem file (JSON)")
    Path problem;

    @Parameters(index = "1", paramLabel = "CLAIMS", description = "the claims file (JSON)")
    Path claims;

    @Option(names = "--out", required = true, paramLabel = "CERT", description = "where to write the certificate")
    Path out;

    @Option(names = "--budget", paramLabel = "LEAVES",
            description = "at most this many leaves per branch-and-bound search (critical-values-above on a box; "
                    + "default 200000, 400000 for the relu cell search); when it runs out the claim is NOT PROVED "
                    + "with the first open box")
    Long budget;

    @Option(names = "--limit", paramLabel = "KEY=VALUE",
            description = "raise (or lower) an input limit, repeatable: bytes, digits, exponent, nesting, width, depth,"
                    + " params, data, degree, pieces, bits, claims, time (defaults in examples/LIMITS.md)")
    java.util.List<String> limit;

    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads of the branch-and-bound searches (default 2); the certificate does not depend on it")
    Integer threads;

    /** The searches read their budget and thread count from these properties (set for this call only). */
    private static final String[] PROPERTIES = {"flowcert.cover.budget", "flowcert.relucells.budget", "flowcert.threads"};

    @Override
    public Integer call() {
        if (budget != null && budget < 1) {
            throw new UserError(null, "--budget", "a positive number of leaves, not " + budget);
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UserError(null, "--threads", "a number of threads from 1 to 256, not " + threads);
        }
        String[] saved = new String[PROPERTIES.length];
        for (int i = 0; i < PROPERTIES.length; i++) {
            saved[i] = System.getProperty(PROPERTIES[i]);
        }
        try {
            if (budget != null) {
                System.setProperty(PROPERTIES[0], budget.toString());
                System.setProperty(PROPERTIES[1], budget.toString());
            }
            if (threads != null) {
                System.setProperty(PROPERTIES[2], threads.toString());
            }
            return certify();
        } finally {
            for (int i = 0; i < PROPERTIES.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(PROPERTIES[i]);
                } else {
                    System.setProperty(PROPERTIES[i], saved[i]);
                }
            }
        }
    }

    private int certify() {
        org.flowcert.io.Limits lim = org.flowcert.io.Limits.parse(limit);
        String problemText = ProblemReader.readText(problem, lim);
        Problem p = ProblemReader.parse(problemText, problem.toString(), lim);
        String claimsText = ProblemReader.readText(claims, lim);
        JsonNode list = ClaimsFile.parse(claimsText, claims.toString(), p.parameterCount(), lim);
        Certifier.Result r = Certifier.certify(p, problemText, claimsText, list, Main.version());
        r.lines().forEach(System.out::println);
        if (!r.allProved()) {
            System.out.println("no certificate written (" + out + ")");
            return Main.REFUSED;
        }
        AtomicFiles.write(out, r.certificate());
        System.out.println("certificate written to " + out);
        return Main.OK;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new UserError(path.toString(), null, "no such file");
        } catch (IOException e) {
            throw new UserError(path.toString(), null, "cannot read the file (" + e.getMessage() + ")");
        }
    }
}
