package org.flowcert.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Measurement only (benchmarks/test-times.md): the wall time and the CPU time of the test JVM (all its threads,
 * JIT and GC included) spent in each test class, one line per class appended to
 * target/test-times/classes-PID.tsv. Registered for every class through META-INF/services and
 * junit-platform.properties; it asserts nothing and changes no test.
 */
public final class ClassTimes implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ClassTimes.class);

    private static long cpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    @Override
    public void beforeAll(ExtensionContext c) {
        c.getStore(NS).put("t", new long[] {System.nanoTime(), cpu()});
    }

    @Override
    public void afterAll(ExtensionContext c) {
        long[] t = c.getStore(NS).get("t", long[].class);
        if (t == null || c.getTestClass().isEmpty()) {
            return;
        }
        String line = String.format("%s\t%.3f\t%.3f%n", c.getTestClass().get().getName(),
                (System.nanoTime() - t[0]) / 1e9, t[1] < 0 ? -1.0 : (cpu() - t[1]) / 1e9);
        try {
            Path dir = Path.of("target", "test-times");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("classes-" + ProcessHandle.current().pid() + ".tsv"), line,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // measurement only: a read-only working directory must not fail a test
        }
    }
}
