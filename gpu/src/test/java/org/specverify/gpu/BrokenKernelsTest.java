package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.properties.stats.GoodnessOfFit;

/**
 * Broken variants of the kernel, built from the same source with a {@code -D} switch, kept as fixtures: each must be
 * caught by the checks the correct kernel passes, and this test says which check caught which (printed as a table
 * line per variant, and asserted for the check expected to catch it).
 */
class BrokenKernelsTest {
    /** The checks. */
    enum Check {
        CONFORMANCE, BOUNDARY, GRID_LAW, G_TEST
    }

    /** The broken variants: compile-time switch, what it does, the checks that must catch it. */
    enum Variant {
        CORRECT("", "the kernel as shipped", EnumSet.noneOf(Check.class)),
        REUSE_ACCEPT_UNIFORM("SV_BROKEN_REUSE_ACCEPT_UNIFORM", "the residual draw reuses the last acceptance uniform",
            EnumSet.of(Check.CONFORMANCE, Check.GRID_LAW, Check.G_TEST)),
        SHARED_STREAM("SV_BROKEN_SHARED_STREAM", "verifying draws from the drafting key range (stream 0)",
            EnumSet.of(Check.CONFORMANCE, Check.G_TEST)),
        EMPTY_FALLBACK("SV_BROKEN_EMPTY_FALLBACK", "an empty residual emits token 0 instead of an error status",
            EnumSet.of(Check.BOUNDARY)),
        LE_ACCEPT("SV_BROKEN_LE_ACCEPT", "accept test u*q <= p (u = 0 accepts a draft of target mass 0)",
            EnumSet.of(Check.BOUNDARY)),
        WRONG_POSITION("SV_BROKEN_WRONG_POSITION", "the residual read from the next position's target row",
            EnumSet.of(Check.CONFORMANCE)),
        UNNORMALISED_RESIDUAL("SV_BROKEN_UNNORMALISED_RESIDUAL",
            "the accept test after a rejection uses the residual (p - q)+ without dividing by its mass",
            EnumSet.of(Check.CONFORMANCE, Check.G_TEST));

        final String define;
        final String what;
        final Set<Check> mustCatch;

        Variant(String define, String what, Set<Check> mustCatch) {
            this.define = define;
            this.what = what;
            this.mustCatch = mustCatch;
        }
    }

    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<Arguments> variants() {
        return OpenClDevices.withEach(Variant.values());
    }

    /** Runs the four checks on a variant; asserts the expected ones catch it (and none catches the correct kernel). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void brokenVariant_caughtBy(OpenCl.Device d, Variant variant) {
        Set<Check> caught = EnumSet.noneOf(Check.class);
        List<String> why = new ArrayList<>();
        long t0 = System.nanoTime();
        try (BatchVerifier v = new BatchVerifier(d, variant.define.isEmpty() ? "" : "-D" + variant.define)) {
            long t1 = System.nanoTime();
            why.add(String.format(java.util.Locale.ROOT, "built in %.1f s", (t1 - t0) / 1e9));
            Conformance.Report c = KernelChecks.conformance(v);
            if (!c.passed()) {
                caught.add(Check.CONFORMANCE);
                why.add("conformance: " + c.mismatches() + " mismatches");
            }
            Conformance.Report b = KernelChecks.boundary(v);
            if (!b.passed()) {
                caught.add(Check.BOUNDARY);
                why.add("boundary: " + b.mismatches() + " mismatches");
            }
            float[][] dq = {KernelLawTest.DYADIC_Q};
            float[][] rows = KernelChecks.rows(8, 1, 4244);
            float[][] q = {rows[1]};
            for (KernelChecks.GridLaw g : new KernelChecks.GridLaw[] {
                KernelChecks.gridLaw(v, KernelScheme.SD, 1, false, KernelLawTest.DYADIC_P, dq, 16, true),
                KernelChecks.gridLaw(v, KernelScheme.RRS, 2, false, KernelLawTest.DYADIC_P, dq, 16, true),
                KernelChecks.gridLaw(v, KernelScheme.SD, 1, false, rows[0], q, 64, false)}) {
                if (!g.passed()) {
                    caught.add(Check.GRID_LAW);
                    why.add("grid law: max error " + g.maxError() + " > bound " + g.bound());
                }
            }
            for (int k : new int[] {1, 2}) {
                GoodnessOfFit.Result t = KernelChecks.gTest(v, k == 1 ? KernelScheme.SD : KernelScheme.RRS, k,
                    false, rows[0], q, KernelLawTest.SAMPLES, KernelChecks.SEED + k, KernelLawTest.ALPHA);
                if (t.rejected()) {
                    caught.add(Check.G_TEST);
                    why.add("G-test K=" + k + ": p-value " + t.pValue());
                }
            }
        }
        System.out.println("variant " + variant + " (" + variant.what + ") on " + d + ": caught by " + caught + " "
            + why);
        if (variant == Variant.CORRECT) {
            assertEquals(EnumSet.noneOf(Check.class), caught, "the correct kernel failed a check: " + why);
        } else {
            assertTrue(caught.containsAll(variant.mustCatch), variant + " should be caught by " + variant.mustCatch
                + " but was caught by " + caught);
        }
    }
}
