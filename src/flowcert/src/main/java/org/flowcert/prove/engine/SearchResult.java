package org.flowcert.prove.engine;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a search: each root's tree text in prefix order when every cell closed, else the failure.
 *
 * @param trees     one text per root, in the roots' order (null when the search failed)
 * @param reason    why it failed (null when proved)
 * @param failedRoot the index of the root whose subtree failed (-1 when proved)
 * @param leaves    leaves closed
 * @param maxDepth  the deepest cell visited
 * @param leafKinds leaves closed per leaf text (for progress lines and reports)
 */
public record SearchResult(List<String> trees, String reason, int failedRoot, long leaves, int maxDepth,
        Map<String, Long> leafKinds) {
    /** Whether every root's tree closed. */
    public boolean proved() {
        return trees != null;
    }
}
