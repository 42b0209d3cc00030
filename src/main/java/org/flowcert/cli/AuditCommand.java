package org.flowcert.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `flowcert audit`: not yet implemented. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Cross-check a floating-point experiment.")
public final class AuditCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowcert audit: not implemented yet");
        return Main.INTERNAL;
    }
}
