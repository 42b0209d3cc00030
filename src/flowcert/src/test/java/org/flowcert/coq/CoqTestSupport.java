package org.flowcert.coq;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowcert.cert.CertificateText;

/** Compiles the Coq library once into a temporary directory and runs coqc on exported files (tests only). */
final class CoqTestSupport {
    private static Path lib;

    private CoqTestSupport() {
    }

    record Compiled(int code, String output) {
        boolean ok() {
            return code == 0;
        }
    }

    static boolean coqcAvailable() {
        try {
            Process p = new ProcessBuilder("coqc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The compiled library (Spec.v, Lib.v); skips the test when coqc is absent. */
    static synchronized Path library() throws IOException, InterruptedException {
        assumeTrue(coqcAvailable(), "coqc is not installed (apt-get install coq libcoq-interval"
                + " libcoq-coquelicot; .ci/run installs them): Coq tests skipped");
        if (lib == null) {
            Path dir = Files.createTempDirectory("flowcert-coq-lib");
            for (String f : List.of("Spec.v", "Lib.v", "Gradient.v")) {
                Files.copy(Path.of("src/coq", f), dir.resolve(f));
                Compiled c = coqc(dir, dir.resolve(f));
                if (!c.ok()) {
                    throw new IllegalStateException("the Coq library does not compile: " + c.output());
                }
            }
            lib = dir;
        }
        return lib;
    }

    /** coqc -R LIB FlowCert FILE, from FILE's directory. */
    static Compiled coqc(Path libDir, Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("coqc", "-R", libDir.toString(), "FlowCert", file.getFileName().toString()));
        Process p = new ProcessBuilder(cmd).directory(file.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Compiled(-1, "timeout");
        }
        return new Compiled(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Exports CERT TEXT to DIR/MODULE.v and compiles it. */
    static Compiled exportAndCompile(String certText, String module) throws IOException, InterruptedException {
        Path libDir = library();
        Path dir = Files.createTempDirectory("flowcert-coq-out");
        Path v = dir.resolve(module + ".v");
        Files.writeString(v, CoqExport.export(certText.getBytes(StandardCharsets.UTF_8), module + ".cert").text());
        return coqc(libDir, v);
    }

    static String certificate(String name) throws IOException {
        return Files.readString(Path.of("certificates", name + ".cert"));
    }

    /** Re-assembles a certificate after editing its sections, with every hash recomputed. */
    static String edit(String text, java.util.function.UnaryOperator<String> claims,
            java.util.function.UnaryOperator<String> steps) {
        String[] s = CertificateText.split(text);
        List<String> lines = new ArrayList<>();
        for (String l : steps.apply(s[2]).split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return CertificateText.assemble(s[3], s[0], claims.apply(s[1]), lines);
    }
}
