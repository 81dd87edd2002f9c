package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.CanonicalImportanceSampling;
import org.specverify.properties.SchemeContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.interpret.ExactLaw;

class CanonicalImportanceSamplingTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new CanonicalImportanceSampling();
    }

    /** Law: for K = 1 the canonical scheme is sd (r = q), so α = 1 - TV(p, q). */
    @Test
    void kOneIsSd() {
        for (Instance inst : applicableInstances()) {
            if (inst.k() == 1) {
                assertEquals(BigFraction.ONE.subtract(inst.target().totalVariation(inst.draft(0))),
                    ExactLaw.of(scheme().bind(inst)).acceptance(), inst.name());
            }
        }
    }

    /** Law: any valid step-1 weights give a lossless scheme (here: all weight on the first draft). */
    @Test
    void firstDraftWeightsAreLossless() {
        CanonicalImportanceSampling.Step1Weights first = edited("first-draft", (t, w) -> {
            Arrays.fill(w, BigFraction.ZERO);
            w[t.get(0)] = BigFraction.ONE;
            return w;
        });
        for (Instance inst : applicableInstances()) {
            assertTrue(ExactLaw.of(new CanonicalImportanceSampling(first).bind(inst)).lossless(), inst.name());
        }
    }

    /** Builds weights from the importance default, then applies {@code edit} to every row. */
    private static CanonicalImportanceSampling.Step1Weights edited(String name,
            java.util.function.BiFunction<DraftTuple, BigFraction[], BigFraction[]> edit) {
        return new CanonicalImportanceSampling.Step1Weights() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<DraftTuple, BigFraction[]> weights(Instance instance, DraftProcess process) {
                Map<DraftTuple, BigFraction[]> m = new LinkedHashMap<>();
                CanonicalImportanceSampling.IMPORTANCE.weights(instance, process)
                    .forEach((t, w) -> {
                        BigFraction[] e = edit.apply(t, w.clone());
                        if (e != null) {
                            m.put(t, e);
                        }
                    });
                return m;
            }
        };
    }

    /** Law: negative weights, weights not summing to 1, wrong row length and missing rows are refused by name. */
    @Test
    void malformedWeightsAreRefused() {
        Instance inst = Instance.identical("w", org.specverify.reference.Distribution.parse("1/2", "1/4", "1/4"),
            org.specverify.reference.Distribution.parse("1/4", "1/4", "1/2"), 2);
        Map<String, CanonicalImportanceSampling.Step1Weights> bad = new LinkedHashMap<>();
        bad.put("negative weight", edited("neg", (t, w) -> {
            w[t.get(0)] = w[t.get(0)].add(BigFraction.ONE);
            for (int y = 0; y < w.length; y++) {
                if (y != t.get(0) && t.contains(y)) {
                    w[y] = w[y].subtract(BigFraction.ONE);
                    return w;
                }
            }
            w[t.get(0)] = BigFraction.of(-1);
            return w;
        }));
        bad.put("not 1", edited("sum", (t, w) -> {
            w[t.get(0)] = w[t.get(0)].add(BigFraction.of(1, 3));
            return w;
        }));
        bad.put("expected 3 weights", edited("len", (t, w) -> java.util.Arrays.copyOf(w, 2)));
        bad.put("got none", edited("missing", (t, w) -> t.get(0) == 0 && t.get(1) == 0 ? null : w));
        bad.forEach((message, weights) -> {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new CanonicalImportanceSampling(weights).bind(inst));
            assertTrue(e.getMessage().contains(message) && e.getMessage().contains("drafts ["), message + ": "
                + e.getMessage());
        });
    }

    /** Law: weights on a token that is not a draft are refused, naming the token and the drafts. */
    @Test
    void weightOffTheDraftSetIsRefused() {
        CanonicalImportanceSampling.Step1Weights bad = edited("off-set", (t, w) -> {
            Arrays.fill(w, BigFraction.ZERO);
            int off = 0;
            while (t.contains(off)) {
                off++;
            }
            w[off] = BigFraction.ONE;
            return w;
        });
        Instance inst = applicableInstances().get(0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> new CanonicalImportanceSampling(bad).bind(inst));
        assertTrue(e.getMessage().contains("is not a draft"), e.getMessage());
    }

    /** The same scheme with the LP module's optimal inputs: the contract, and α = α*(p, Q) exactly. */
    @org.junit.jupiter.api.Nested
    class WithOptimalInputs implements SchemeContract {
        @Override
        public Scheme scheme() {
            return org.specverify.lp.OptimalSchemes.registry().get("canonical-is");
        }

        @Override
        public boolean claimsOptimal() {
            return true;
        }
    }
}
