package org.flowcert.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `flowcert eval`: not yet implemented. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate L and its gradient at theta.")
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowcert eval: not implemented yet");
        return Main.INTERNAL;
    }
}
