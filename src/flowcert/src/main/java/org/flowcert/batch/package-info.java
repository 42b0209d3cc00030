/**
 * {@code flowcert certify-batch}: a JSON-lines file of (problem, claims) jobs ({@link org.flowcert.batch.JobsFile},
 * format in examples/FORMATS.md), each certified independently ({@link org.flowcert.batch.Job#run()}), in this JVM
 * or as Spark tasks; the driver writes the certificates and the summary.
 */
package org.flowcert.batch;
