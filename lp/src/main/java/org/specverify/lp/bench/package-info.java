/**
 * Benchmarks of the lp module, run by hand or from the CLI, not by the test suite: {@link
 * org.specverify.lp.bench.OptimumBench} times the double α* of iid drafts at LLM vocabulary sizes against a plain sort
 * of the same size, and {@link org.specverify.lp.bench.LpScale} the optimal-transport LP's size, solve time and
 * distance to the exact α* as the vocabulary and K grow (lp/BENCHMARKS.md).
 */
package org.specverify.lp.bench;
