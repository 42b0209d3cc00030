import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowcert.check.Checker;
import org.flowcert.check.Limits;

/** Prints wall and checker-thread CPU time per step, through the checker's public Progress hook. */
public class StepTimes {
    public static void main(String[] a) throws Exception {
        byte[] b = Files.readAllBytes(Path.of(a[0]));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] last = {System.nanoTime(), 0};
        long t0 = System.nanoTime();
        Checker.Result r = Checker.check(b, Limits.DEFAULT, (done, total, rule) -> {
            long now = System.nanoTime(), cpu = mx.getCurrentThreadCpuTime();
            System.out.printf("step %d/%d %-22s wall %8.3f s  cpu %8.3f s%n", done, total, rule,
                    (now - last[0]) / 1e9, (cpu - last[1]) / 1e9);
            last[0] = now; last[1] = cpu;
        });
        System.out.printf("total in check %.3f s, exit %d, %s%n", (System.nanoTime() - t0) / 1e9, r.exitCode(), r.lines());
    }
}
