/**
 * Engines that run a branch-and-bound search: a {@link org.flowcert.prove.engine.CellSearch} says what one cell
 * does (closes as a leaf, splits into children, or fails); an {@link org.flowcert.prove.engine.Engine} runs it and
 * returns each root's subtree as a prefix-order text. The text depends on the cells only, so every engine writes the
 * same certificate: {@link org.flowcert.prove.engine.ForkJoinEngine} (in-process, fork/join, the default) and
 * {@link org.flowcert.prove.engine.RoundEngine} (rounds over a frontier of open cells, mapped by a
 * {@link org.flowcert.prove.engine.Mapper}: threads here, Apache Spark in the flowcert-spark module, found through
 * {@link org.flowcert.prove.engine.EngineProvider}).
 */
package org.flowcert.prove.engine;
