package org.flowcert.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `flowcert certify`: not yet implemented. */
@Command(name = "certify", mixinStandardHelpOptions = true, description = "Prove claims and write a certificate.")
public final class CertifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowcert certify: not implemented yet");
        return Main.INTERNAL;
    }
}
