/**
 * Randomness, in one interface. Every program of the project (a draft process, a verifier, a bound scheme's decision)
 * draws through {@link org.specverify.reference.random.Draws}: accept tests u·q &lt; p, Bernoulli and categorical draws,
 * and uniforms it compares itself ({@link org.specverify.reference.random.Uniform}). Each uniform has an identity
 * ({@link org.specverify.reference.random.DrawId}: a named stream and an index), so an interpreter can give two draws
 * the same uniform when their identity is the same: the exact replay follows each identity as an interval, the
 * uniform-driven interpreter reads given uniforms by identity, and the sampler maps identities to the counter-based
 * Philox4x32-10 generator ({@link org.specverify.reference.random.Philox4x32},
 * {@link org.specverify.reference.random.CounterUniforms}), bit for bit as the OpenCL kernels do.
 */
package org.specverify.reference.random;
