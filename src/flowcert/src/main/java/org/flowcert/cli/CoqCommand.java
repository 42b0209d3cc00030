package org.flowcert.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flowcert.coq.CoqExport;
import org.flowcert.io.AtomicFiles;
import org.flowcert.io.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flowcert coq CERT --out FILE.v}: writes a Coq file whose theorems state the
 * certificate's claims over the reals of src/coq/Spec.v and prove them by computation.
 * Exit 0 written, 2 bad certificate or a claim kind the export does not support (nothing written).
 */
@Command(name = "coq", mixinStandardHelpOptions = true,
        description = "Export a certificate as a Coq file (compile with: coqc -R src/coq FlowCert FILE.v).")
public final class CoqCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CERT", description = "the certificate file")
    Path cert;

    @Option(names = "--out", required = true, paramLabel = "FILE.v", description = "the Coq file to write")
    Path out;

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
        String name = out.getFileName().toString();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*\\.v")) {
            throw new UserError(null, "--out", "a Coq file name: letters, digits and _ then .v (Coq module"
                    + " names cannot hold '-'); found \"" + name + "\"");
        }
        CoqExport.Output o = CoqExport.export(bytes, cert.toString());
        AtomicFiles.write(out, o.text());
        o.summary().forEach(s -> System.out.println("EXPORTED " + s));
        System.out.println("wrote " + out + " (compile: coqc -R src/coq FlowCert " + out + ")");
        return Main.OK;
    }
}
