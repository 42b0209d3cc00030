package org.flowcert;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The test inputs kept in this repository (src/test/resources, see each folder's PROVENANCE.md),
 * found on the test classpath so that tests pass from any working directory and without any
 * folder beside the repository.
 */
public final class TestData {
    private TestData() {
    }

    /** The case problems and their exact expected values (cases/EXPECTED.md). */
    public static Path cases() {
        return folder("cases");
    }

    /** One case file, e.g. {@code caseFile("w1-tanh-h4.json")}. */
    public static Path caseFile(String name) {
        return cases().resolve(name);
    }

    /** The ITF1788 conformance vectors (itf1788/elementary.tsv). */
    public static Path itf1788() {
        return folder("itf1788");
    }

    /**
     * Any folder of src/test/resources by name (e.g. {@code resources("audit")}), found on the classpath
     * through one file it holds.
     */
    public static Path resources(String name, String fileInIt) {
        URL url = TestData.class.getResource("/" + name + "/" + fileInIt);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + "/" + fileInIt + " not on the classpath");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path folder(String name) {
        URL url = TestData.class.getResource("/" + name + "/PROVENANCE.md");
        if (url == null) {
            throw new IllegalStateException("test resource folder " + name + "/ not on the classpath");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
