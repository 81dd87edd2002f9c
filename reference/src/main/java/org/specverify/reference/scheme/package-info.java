/**
 * The schemes, each written once. A {@link org.specverify.reference.scheme.Scheme} is a draft process and a verifier;
 * built on {@link org.specverify.reference.scheme.SchemeBase}, its verifier is a short program over an arithmetic it
 * does not choose, drawing all randomness through {@code random.Draws} and ending in an
 * {@link org.specverify.reference.scheme.Outcome} (a draft accepted, a law to draw the output from, or a fixed token).
 * {@link org.specverify.reference.scheme.Laws} is what a verifier is prepared from,
 * {@link org.specverify.reference.scheme.Program} runs it after refusing impossible drafts, and
 * {@link org.specverify.reference.scheme.Decision} is the output with the draft a test accepted.
 * {@link org.specverify.reference.scheme.Schemes} is the registry of the built-in schemes.
 */
package org.specverify.reference.scheme;
