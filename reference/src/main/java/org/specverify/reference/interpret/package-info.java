/**
 * The interpreters that run a scheme's program, so the exact law, the checked decision and the sample cannot drift
 * apart. {@link org.specverify.reference.interpret.Replay} is the one exact, depth-first replay (interval splitting per
 * uniform identity); on it, {@link org.specverify.reference.interpret.ExactEnumerator} gives the law of any program,
 * {@link org.specverify.reference.interpret.ConditionalLaw} the law of the output given the drafts, and
 * {@link org.specverify.reference.interpret.ExactLaw} the law of (drafts, output) with the acceptance and the
 * losslessness verdict, all exact rationals. {@link org.specverify.reference.interpret.UniformDriven} decides on given
 * uniforms with a trace and margins, {@link org.specverify.reference.interpret.CertifiedDecision} does the same in
 * certified floating point with an exact fallback, and {@link org.specverify.reference.interpret.Sampler} draws
 * Monte-Carlo runs ({@link org.specverify.reference.interpret.Run}) replayable from (seed, position).
 */
package org.specverify.reference.interpret;
