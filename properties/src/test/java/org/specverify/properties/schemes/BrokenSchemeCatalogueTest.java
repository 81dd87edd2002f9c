package org.specverify.properties.schemes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.InstanceReader;
import org.specverify.properties.InstanceBank;
import org.specverify.properties.SchemeProperties;
import org.specverify.properties.gen.InstanceGenerators;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import org.specverify.reference.scheme.Scheme;

/**
 * Every fixture of the broken-scheme catalogue ({@link BrokenSchemes}) is rejected by the property library with a
 * shrunk counterexample, and this table records which property rejects it first (the properties are tried in the order
 * of {@link #PROPERTIES}). If a fixture passes, or another property catches it first, the test fails: the table is the
 * measured strength of the suite, kept in step with the README.
 */
class BrokenSchemeCatalogueTest {
    static final List<SchemeProperties.Property> PROPERTIES = List.of(SchemeProperties.LOSSLESS,
        SchemeProperties.NO_ZERO_MASS_OUTPUT, SchemeProperties.ACCEPTANCE_IN_UNIT_INTERVAL,
        SchemeProperties.AT_MOST_OPTIMUM, SchemeProperties.SAMPLES_POSSIBLE,
        SchemeProperties.acceptsAtLeast(new RecursiveRejectionSampling()));

    /** fixture id → the first property that rejects it. */
    static final Map<String, String> CAUGHT_BY = new LinkedHashMap<>();

    static {
        CAUGHT_BY.put("bug-unnormalised-residual", "lossless");
        CAUGHT_BY.put("bug-residual-wrong-step", "lossless");
        CAUGHT_BY.put("bug-sorted-siblings", "lossless");
        CAUGHT_BY.put("bug-stale-residual", "lossless");
        CAUGHT_BY.put("bug-masked-residual", "lossless");
        CAUGHT_BY.put("bug-duplicates-merged", "lossless");
        CAUGHT_BY.put("bug-greedy-drafts-softmax-q", "lossless");
        CAUGHT_BY.put("bug-wor-drafts-rrs-residual", "lossless");
        CAUGHT_BY.put("bug-first-row-only", "lossless");
        CAUGHT_BY.put("bug-temperature-one-side", "lossless");
        CAUGHT_BY.put("bug-empty-residual-fixed-index", "lossless");
        CAUGHT_BY.put("bug-threshold-above-one", "lossless");
        CAUGHT_BY.put("bug-bf16-ratio", "lossless");
        CAUGHT_BY.put("bug-off-by-one-k", "lossless");
        CAUGHT_BY.put("bug-checks-k-minus-one", "accepts-at-least-rrs");
        CAUGHT_BY.put("bug-ratio-inverted", "lossless");
        CAUGHT_BY.put("bug-resample-from-p", "lossless");
        CAUGHT_BY.put("bug-deterministic-accept", "lossless");
        CAUGHT_BY.put("bug-residual-reuses-accept-uniform", "lossless");
        CAUGHT_BY.put("bug-one-uniform-all-siblings", "lossless");
        CAUGHT_BY.put("bug-draft-uniform-accepts", "lossless");
        CAUGHT_BY.put("bug-race-noise-reused", "lossless");
    }

    static List<Instance> instances(Scheme s) {
        List<Instance> out = new ArrayList<>();
        for (Instance i : InstanceBank.all()) {
            if (s.notApplicable(i).isEmpty()) {
                out.add(i);
            }
        }
        out.addAll(InstanceGenerators.sample(0xCA7A10L, 40, s));
        return out;
    }

    @Test
    void everyBrokenSchemeIsRejectedWithAMinimalCounterexample() {
        List<Scheme> fixtures = BrokenSchemes.all();
        assertTrue(fixtures.size() >= 15, "the catalogue has " + fixtures.size() + " fixtures");
        assertEquals(CAUGHT_BY.keySet(), new java.util.LinkedHashSet<>(fixtures.stream().map(Scheme::id).toList()));
        StringBuilder table = new StringBuilder("fixture | caught by | minimal counterexample\n");
        List<String> problems = new ArrayList<>();
        for (Scheme s : fixtures) {
            List<Instance> insts = instances(s);
            Optional<SchemeProperties.Violation> caught = Optional.empty();
            for (SchemeProperties.Property p : PROPERTIES) {
                caught = SchemeProperties.firstViolation(p, s, insts);
                if (caught.isPresent()) {
                    break;
                }
            }
            if (caught.isEmpty()) {
                problems.add(s.id() + " passes every property");
                table.append(s.id()).append(" | NOT CAUGHT |\n");
                continue;
            }
            SchemeProperties.Violation v = caught.get();
            List<String> all = new ArrayList<>();
            for (SchemeProperties.Property p : PROPERTIES) {
                if (insts.stream().anyMatch(i -> SchemeProperties.violates(p, s, i).isPresent())) {
                    all.add(p.id());
                }
            }
            table.append(s.id()).append(" | ").append(v.property()).append(" | ").append(v.minimal().json())
                .append("   (").append(v.message()).append("; rejected by: ").append(String.join(", ", all))
                .append(")\n");
            if (!v.property().equals(CAUGHT_BY.get(s.id()))) {
                problems.add(s.id() + " is caught by " + v.property() + ", the table says " + CAUGHT_BY.get(s.id()));
            }
            // the minimal counterexample reads back and still fails
            Instance back = InstanceReader.parse(v.minimal().json(), s.id()).get(0);
            assertEquals(v.minimal().instance(), back);
            SchemeProperties.Property p = PROPERTIES.stream().filter(x -> x.id().equals(v.property())).findFirst()
                .orElseThrow();
            if (SchemeProperties.violates(p, s, back).isEmpty()) {
                problems.add(s.id() + ": the minimal counterexample does not fail " + v.property());
            }
        }
        System.out.print(table);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\n" + table);
        }
    }
}
