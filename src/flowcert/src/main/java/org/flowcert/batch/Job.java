package org.flowcert.batch;

import java.io.Serializable;
import java.util.List;
import org.flowcert.io.Limits;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.Certifier;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.ProofSettings;

/**
 * One job of a batch, with the texts of its files (read by the driver, so that the workers of a cluster need no
 * shared file system) and the proof settings; {@link #run()} certifies it where it runs (a Spark executor or this
 * JVM). Deterministic and free of side effects, so a failed Spark task may simply run it again.
 *
 * @param line         the job's line in the jobs file (1-based)
 * @param name         the job's name (its certificate is NAME.cert)
 * @param problemFile  the problem file as given
 * @param problemText  its text
 * @param claimsFile   the claims file as given
 * @param claimsText   its text
 * @param limits       the {@code --limit KEY=VALUE} options
 * @param coverBudget  leaf budget of the smooth cover
 * @param reluBudget   leaf budget of the relu cell search
 * @param threads      threads of the job's searches
 * @param version      flowcert's version (the certificate's header)
 */
public record Job(int line, String name, String problemFile, String problemText, String claimsFile,
        String claimsText, List<String> limits, long coverBudget, long reluBudget, int threads, String version)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Certifies the job; an unexpected exception becomes an {@code ERROR} result (the other jobs go on). */
    public JobResult run() {
        long t0 = System.nanoTime();
        try {
            Limits lim = Limits.parse(limits);
            Problem p = ProblemReader.parse(problemText, problemFile, lim);
            var claims = ClaimsFile.parse(claimsText, claimsFile, p.parameterCount(), lim);
            Certifier.Result r = Certifier.certify(p, problemText, claimsText, claims, version,
                    new ProofSettings(coverBudget, reluBudget, threads), s -> { });
            int proved = 0;
            for (String l : r.lines()) {
                proved += l.startsWith("PROVED ") ? 1 : 0;
            }
            return new JobResult(r.allProved() ? JobResult.PROVED : JobResult.NOT_PROVED, proved, claims.size(),
                    List.copyOf(r.lines()), r.allProved() ? r.certificate() : null, System.nanoTime() - t0);
        } catch (RuntimeException e) {
            return new JobResult(JobResult.ERROR, 0, 0, List.of(e.toString()), null, System.nanoTime() - t0);
        }
    }
}
