/**
 * Seeded benchmarks of the reference: synthetic rows shaped like a language model's next-token laws
 * ({@link org.specverify.reference.bench.LlmLikeRows}), the exact conditional law at large vocabularies
 * ({@link org.specverify.reference.bench.ExactLawBench}) and certified decisions with their exact fallback rate
 * ({@link org.specverify.reference.bench.DecideBench}). The command line's {@code bench} commands print what they
 * measure; the numbers are for comparison on one machine, never absolute claims.
 */
package org.specverify.reference.bench;
