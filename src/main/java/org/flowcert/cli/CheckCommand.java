package org.flowcert.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `flowcert check`: not yet implemented. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Re-verify a certificate with the small trusted checker (exact arithmetic only).")
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowcert check: not implemented yet");
        return Main.INTERNAL;
    }
}
