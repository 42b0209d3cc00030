package org.flowcert.check;

/**
 * One checker rule (certificate-format.md section 3; each rule has a note in
 * proofs-notes/rules/). A new rule is a new class plus one line in {@link Rules}.
 */
public interface Rule {
    /** Checks the step and returns its fact, or throws {@link Invalid} with the reason. */
    Fact apply(Step step) throws Invalid;
}
