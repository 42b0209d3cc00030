/**
 * The Apache Spark engine (issue 19): {@link org.flowcert.spark.SparkMapper} runs the tasks of a
 * {@link org.flowcert.prove.engine.RoundEngine} round, or the jobs of {@code certify-batch}, as Spark tasks;
 * {@link org.flowcert.spark.SparkEngineProvider} makes it {@code --engine spark}. The searches, their cells and the
 * assembly of the certificate are the prover module's (prove.engine): this module only ships work to executors.
 */
package org.flowcert.spark;
