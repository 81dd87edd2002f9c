/**
 * The OpenCL fast path and its differential check against the reference. {@link org.specverify.gpu.OpenCl} finds the
 * devices (PoCL on every CI machine, NVIDIA where present), {@link org.specverify.gpu.ClProgram} builds the kernels of
 * {@code kernels/*.cl}; {@link org.specverify.gpu.BatchVerifier} runs a batch of positions, one work-group each, and
 * chain mode; {@link org.specverify.gpu.GpuSchemes} is the module's one table keyed by the scheme registry (which
 * scheme has a kernel, or why not). {@link org.specverify.gpu.Conformance} compares every kernel output with the
 * reference's certified decision on the same float32 rows and uniforms, {@link org.specverify.gpu.LawSampling} feeds
 * the statistical checks, {@link org.specverify.gpu.GpuBench} times the kernels and {@link
 * org.specverify.gpu.GpuLimits} refuses sizes that cannot fit before anything is allocated.
 */
package org.specverify.gpu;
