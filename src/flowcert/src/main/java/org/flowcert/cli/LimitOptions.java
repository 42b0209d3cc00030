package org.flowcert.cli;

import java.util.List;
import org.flowcert.io.Limits;
import picocli.CommandLine.Option;

/**
 * The {@code --limit KEY=VALUE} option of the commands that read problem and claims files (eval, flow,
 * certify): one declaration, mixed into each (examples/LIMITS.md lists the keys and defaults).
 */
final class LimitOptions {
    @Option(names = "--limit", paramLabel = "KEY=VALUE",
            description = "raise (or lower) an input limit, repeatable: bytes, digits, exponent, nesting, width, depth,"
                    + " params, data, degree, pieces, bits, claims, time (defaults in examples/LIMITS.md)")
    List<String> limit;

    /** The limits in force: the defaults, changed by every {@code --limit} given (a bad one is exit 2). */
    Limits limits() {
        return Limits.parse(limit);
    }
}
