package org.flowcert.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flowcert.check.Checker;
import org.flowcert.io.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code flowcert check CERT}: re-verifies a certificate with the trusted checker. Prints
 * {@code VALID ...} or {@code INVALID: reason} per claim (or {@code MALFORMED: reason});
 * exit 0 all valid, 1 any invalid, 2 malformed or altered (CONTRACT.md).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Re-verify a certificate with the small trusted checker (exact arithmetic only).")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CERT", description = "the certificate file")
    Path cert;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(cert);
        } catch (NoSuchFileException e) {
            throw new UserError(cert.toString(), null, "no such file");
        } catch (IOException e) {
            throw new UserError(cert.toString(), null, "cannot read the file (" + e.getMessage() + ")");
        }
        Checker.Result r = Checker.check(bytes);
        r.lines().forEach(System.out::println);
        return r.exitCode();
    }
}
