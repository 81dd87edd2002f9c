package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.random.UniformModel;

/**
 * The exact-law conformance under the kernel's own uniform grid ({@link Conformance#gridLaw}): the shipped kernel
 * decides like the reference on every grid point of its grid, float32-open; a variant whose Philox uniforms lie on the
 * closed-open grid and whose accept test is u·q ≤ p leaks exactly q(x)·2^-24 onto a zero-target token; the u·q ≤ p test
 * on the shipped grid differs only where p/q is itself a grid value, on exactly the two indices of that value.
 */
class KernelGridLawTest {
    private static final BigFraction TWO_TO_MINUS_24 = BigFraction.of(1, 1 << 24);

    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<Arguments> shipped() {
        return KernelChecks.everyScheme(2);
    }

    /** On LLM-like rows at V = 8 the shipped kernel agrees with the reference at every probe of its grid. */
    @ParameterizedTest(name = "{0} {1} K={2} perDraft={3}")
    @MethodSource("shipped")
    void theShippedKernelsLawIsTheReferencesLawUnderItsGrid(OpenCl.Device d, KernelScheme s, int k, boolean perDraft) {
        float[][] rows = KernelChecks.rows(8, perDraft ? k : 1, 4242 + k);
        float[][] q = java.util.Arrays.copyOfRange(rows, 1, rows.length);
        try (BatchVerifier v = new BatchVerifier(d)) {
            assertEquals(UniformModel.FLOAT32_OPEN, v.uniformModel());
            Conformance.GridLaw g = Conformance.gridLaw(v, s, k, perDraft, rows[0], q);
            System.out.println(s.id() + " K=" + k + " perDraft=" + perDraft + " on " + d + ": " + g);
            assertEquals(0, g.mismatches(), g.toString());
            assertTrue(g.passed(), g.toString());
            assertTrue(g.exact(), g.toString());
            assertTrue(g.verdict().passes(), g.toString());
            assertTrue(g.probes() > g.cells(), g.toString());
        }
    }

    static Stream<Arguments> devices() {
        return OpenClDevices.all().stream().map(Arguments::of);
    }

    /** p = (1/2, 1/2, 0), q = (1/4, 1/4, 1/2): u = 0 under u·q ≤ p accepts token 2, which the target forbids. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void aClosedOpenKernelWithAnAtMostTestLeaksExactlyQTimesTwoToMinus24(OpenCl.Device d) {
        float[] p = {0.5f, 0.5f, 0f};
        float[][] q = {{0.25f, 0.25f, 0.5f}};
        try (BatchVerifier v = new BatchVerifier(d, "-DSV_UNIFORM_CLOSED_OPEN -DSV_BROKEN_LE_ACCEPT")) {
            assertEquals(UniformModel.FLOAT32_CLOSED_OPEN, v.uniformModel());
            Conformance.GridLaw g = Conformance.gridLaw(v, KernelScheme.SD, 1, false, p, q);
            System.out.println("closed-open grid, u*q <= p, on " + d + ": " + g);
            assertFalse(g.passed(), g.toString());
            assertTrue(g.mismatches() > 0, g.toString());
            assertTrue(g.exact(), g.toString());
            BigFraction leak = BigFraction.of(1, 2).multiply(TWO_TO_MINUS_24);
            assertEquals(leak, g.disagreement(), g.toString());
            assertEquals(leak, g.zeroTargetMass(), g.toString());
            assertEquals(leak, g.kernelLaw()[2], g.toString());
            assertEquals(UniformModelLaw.Verdict.ZERO_MASS_LEAK, g.verdict(), g.toString());
            // the reference's own law under that grid has no leak: the strict test u*q < p
            assertTrue(g.referenceVerdict().passes(), g.toString());
        }
        // the strict test on the closed-open grid decides like the reference everywhere
        try (BatchVerifier v = new BatchVerifier(d, "-DSV_UNIFORM_CLOSED_OPEN")) {
            Conformance.GridLaw g = Conformance.gridLaw(v, KernelScheme.SD, 1, false, p, q);
            System.out.println("closed-open grid, u*q < p, on " + d + ": " + g);
            assertTrue(g.passed(), g.toString());
            assertEquals(BigFraction.ZERO, g.zeroTargetMass(), g.toString());
        }
    }

    /**
     * On the shipped grid (odd multiples of 2^-24) u = 0 never occurs, so u·q ≤ p leaks nothing on the instance above;
     * where p/q = 2^-24 is itself a grid value it accepts on the two indices of that value, which the strict test
     * rejects: a disagreement of exactly Q(x)·2^-23, found exactly though far below any sampling test.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void theAtMostTestOnTheShippedGridDiffersExactlyWhereTheRatioIsAGridValue(OpenCl.Device d) {
        try (BatchVerifier v = new BatchVerifier(d, "-DSV_BROKEN_LE_ACCEPT")) {
            assertEquals(UniformModel.FLOAT32_OPEN, v.uniformModel());
            Conformance.GridLaw clean = Conformance.gridLaw(v, KernelScheme.SD, 1, false, new float[] {0.5f, 0.5f, 0f},
                new float[][] {{0.25f, 0.25f, 0.5f}});
            System.out.println("shipped grid, u*q <= p, p(2) = 0, on " + d + ": " + clean);
            assertTrue(clean.passed(), clean.toString());
            float tiny = 0x1.0p-25f;
            float[] p = {tiny, 0.5f, 0.5f - tiny};
            float[][] q = {{0.5f, 0.25f, 0.25f}};
            Conformance.GridLaw g = Conformance.gridLaw(v, KernelScheme.SD, 1, false, p, q);
            System.out.println("shipped grid, u*q <= p, p(0)/q(0) = 2^-24, on " + d + ": " + g);
            assertFalse(g.passed(), g.toString());
            assertTrue(g.exact(), g.toString());
            assertEquals(BigFraction.of(1, 2).multiply(BigFraction.of(2, 1 << 24)), g.disagreement(), g.toString());
            assertEquals(BigFraction.ZERO, g.zeroTargetMass(), g.toString());
        }
    }
}
