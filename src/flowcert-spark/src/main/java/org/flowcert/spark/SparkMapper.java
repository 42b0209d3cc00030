package org.flowcert.spark;

import java.io.File;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.flowcert.io.UserError;
import org.flowcert.prove.engine.Mapper;
import org.flowcert.prove.engine.SerializableFunction;

/**
 * A {@link Mapper} on Apache Spark: the items become one RDD with one partition per item, the function runs in
 * Spark tasks on the executors, and the results come back in the items' order ({@code collect}). A task that fails
 * is re-executed by Spark (up to {@code spark.task.maxFailures} times; with a {@code local[N,F]} master, F), which
 * is safe because the engines' functions are deterministic and have no side effects.
 *
 * <p>One Spark context per mapper (Spark allows one per JVM at a time): close the mapper to stop it. For a master
 * other than {@code local...}, the jars that hold flowcert's classes (target/flowcert.jar and
 * target/flowcert-spark.jar) are shipped to the executors ({@code spark.jars}).
 */
public final class SparkMapper implements Mapper {
    /** The master when none is given: every core of this machine. */
    public static final String DEFAULT_MASTER = "local[*]";

    /**
     * The master URL forms Spark's SparkContext accepts (its master parsing): local, local[N], local[*],
     * local[N,F], local-cluster[N,C,M], spark://, yarn, k8s:// and mesos:// masters. Checked before the context
     * starts, so that a mistyped --master is a user error (exit 2), not Spark's stack trace.
     */
    private static final Pattern MASTER = Pattern.compile(
            "local|local\\[(\\d+|\\*)(,\\d+)?]|local-cluster\\[\\d+,\\d+,\\d+]|yarn|(spark|k8s|mesos)://\\S+");

    private final String master;
    private final JavaSparkContext sc;

    /**
     * Starts a Spark context.
     *
     * @param master a Spark master URL ({@code local[2]}, {@code local[2,3]}, {@code spark://host:7077}); null:
     *               {@value #DEFAULT_MASTER}
     * @throws UserError when {@code master} is not a master URL Spark accepts
     */
    public SparkMapper(String master) {
        this.master = master == null ? DEFAULT_MASTER : master;
        if (!MASTER.matcher(this.master).matches()) {
            throw new UserError(null, "--master", "a Spark master URL: local[*], local[N], local[N,F], "
                    + "spark://HOST:PORT, yarn, k8s://... or mesos://..., not '" + this.master + "'");
        }
        SparkConf conf = new SparkConf().setAppName("flowcert").setMaster(this.master)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        if (this.master.startsWith("local")) {
            // everything in this JVM: no need to resolve the host name or listen beyond loopback
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            conf.setJars(jars());
        }
        this.sc = new JavaSparkContext(conf);
    }

    /** The jar files that hold the prover and this engine (none when running from class folders). */
    private static String[] jars() {
        Set<String> jars = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {Mapper.class, SparkMapper.class}) {
            try {
                File f = new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (f.isFile()) {
                    jars.add(f.getPath());
                }
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                // no code source: the executors must already have the classes
            }
        }
        return jars.toArray(new String[0]);
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(List<T> items, SerializableFunction<T, R> f) {
        if (items.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(sc.parallelize(items, items.size()).map(f::apply).collect());
    }

    @Override
    public int slots() {
        return sc.defaultParallelism();
    }

    @Override
    public String describe() {
        return "spark " + master;
    }

    @Override
    public void close() {
        sc.stop();
    }
}
