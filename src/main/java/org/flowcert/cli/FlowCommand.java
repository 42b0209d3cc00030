package org.flowcert.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `flowcert flow`: not yet implemented. */
@Command(name = "flow", mixinStandardHelpOptions = true, description = "Integrate the gradient flow theta' = -grad L.")
public final class FlowCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowcert flow: not implemented yet");
        return Main.INTERNAL;
    }
}
