import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowcert.cert.CertificateText;
import org.flowcert.cert.Steps;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ClaimsFile;
import org.flowcert.prove.Outcome;
import org.flowcert.prove.ProofContext;
import org.flowcert.prove.ProofSettings;
import org.flowcert.prove.Provers;

/**
 * Certifier.certify without its final re-check (run the check separately, e.g. with --limit seconds=3600): used
 * for certificates/w3-tanh-flow-t100.cert, whose re-check inside `flowcert certify` passed the default 600 s
 * deadline on the loaded machine. The certificate text is the one certify writes (same assemble, version 0.1.0).
 * Build: javac -cp src/flowcert/target/classes:src/flowcert-check/target/classes:JACKSON:COMMONS-NUMBERS -d DIR
 */
public class MakeCert {
    public static void main(String[] a) throws Exception {
        Path problem = Path.of(a[0]), claims = Path.of(a[1]);
        String problemText = Files.readString(problem);
        Problem p = ProblemReader.read(problem);
        String claimsText = Files.readString(claims);
        JsonNode list = ClaimsFile.parse(claimsText, a[1], p.parameterCount());
        ProofContext ctx = new ProofContext(p, new Steps(), ProofSettings.defaults());
        for (int i = 0; i < list.size(); i++) {
            Outcome o = Provers.get(list.get(i).path("type").asText()).prove(ctx, i, list.get(i));
            System.out.println(o.proved() + " " + o.message());
            if (!o.proved()) System.exit(1);
        }
        Files.writeString(Path.of(a[2]), CertificateText.assemble("0.1.0", problemText, claimsText, ctx.steps().lines()));
    }
}
