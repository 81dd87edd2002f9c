/**
 * Exhaustive small-scope checking: every (p, q) on the 1/N grid ({@link org.specverify.properties.exhaustive.Grid}),
 * for the vocabularies and K asked, every scheme, exactly
 * ({@link org.specverify.properties.exhaustive.ExhaustiveCheck}). Its laws are those of
 * {@link org.specverify.properties.SchemeProperties}, applied to exact laws computed once per (instance, scheme). The
 * size of a run is decided before it starts; too large is a refusal, never a failed check. Counterexamples are the first
 * in grid order, whatever the threads, shrunk before they are reported.
 */
package org.specverify.properties.exhaustive;
