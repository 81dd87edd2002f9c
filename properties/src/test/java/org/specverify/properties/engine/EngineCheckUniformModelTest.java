package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.SpeculativeSampling;

/**
 * {@code check --uniform-model}: an output impossible for ideal uniforms but possible at a boundary uniform of the
 * engine's model is named so, and still fails.
 */
class EngineCheckUniformModelTest {
    // p(0) = q(0): draft 0 is always accepted for ideal u; at u = 1 (float32-open-closed) it is rejected and the
    // residual (p − q)+ = token 1 is emitted
    static final Instance INST = Instance.identical("c", Distribution.parse("0.5", "0.5", "0"),
        Distribution.parse("0.5", "0.25", "0.25"), 1);
    static final List<Cases.Case> CASES = List.of(new Cases.Case("c", INST, "iid"));
    static final String SAMPLES = "{\"case\": \"c\", \"output\": 0, \"drafts\": [0], \"engine\": \"e\"}\n"
        + "{\"case\": \"c\", \"output\": 1, \"drafts\": [0], \"engine\": \"e\"}\n"
        + "{\"case\": \"c\", \"output\": 2, \"drafts\": [2], \"engine\": \"e\"}\n";

    private static EngineCheck.GroupReport run(UniformModel model) {
        EngineCheck c = new EngineCheck(CASES, new SpeculativeSampling(), 0.001).uniformModel(model);
        c.read(new BufferedReader(new StringReader(SAMPLES)), "samples");
        EngineCheck.Report r = c.report();
        assertTrue(r.failed());
        return r.groups().get(0);
    }

    @Test
    void anOutputPossibleOnlyAtUEqualsOneIsNamedSoAndStillFails() {
        EngineCheck.GroupReport g = run(UniformModel.FLOAT32_OPEN_CLOSED);
        assertEquals(2, g.impossibleOutputs());
        String line2 = g.outputLines().get(0);
        assertTrue(line2.startsWith("line 2: output 1 on drafts [0]") && line2.contains("possible only at a boundary"
            + " uniform of float32-open-closed"), line2);
        // the zero-target token stays impossible: the strict test rejects it even at u = 0
        String line3 = g.outputLines().get(1);
        assertTrue(line3.startsWith("line 3: output 2") && !line3.contains("boundary"), line3);
    }

    @Test
    void withoutAModelOrUnderAModelThatCannotReachItTheLineIsPlain() {
        for (UniformModel m : List.of(UniformModel.IDEAL, UniformModel.FLOAT32_CLOSED_OPEN)) {
            EngineCheck.GroupReport g = run(m);
            assertEquals(2, g.impossibleOutputs());
            assertFalse(g.outputLines().get(0).contains("boundary"), m.id() + ": " + g.outputLines().get(0));
        }
    }
}
