package org.specverify.audit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

class SequenceInstanceRoundTripTest {
    static final ContextModel MARKOV = ContextModel.of(2, Map.of(List.of(), Distribution.parse("1/2", "1/2"),
        List.of(0), Distribution.parse("1/4", "3/4"), List.of(1, 0), Distribution.parse("1", "0")));
    static final ContextModel FLAT = ContextModel.constant(Distribution.parse("1/1073741824", "1073741823/1073741824"));

    private static String one(String fields) {
        return "{\"name\": \"s\", \"vocab\": 2, \"gamma\": 2, " + fields + "}";
    }

    private static String error(String json) {
        return assertThrows(InvalidInputException.class, () -> SequenceInstanceReader.parse(json, "seq.json"))
            .getMessage();
    }

    @Test
    void everyKindRoundTrips(@TempDir Path dir) {
        List<SequenceInstance> all = List.of(
            SequenceInstance.chain("chain", MARKOV, FLAT, 2),
            SequenceInstance.tree("iid", MARKOV, MARKOV, new int[] {2, 2, 1}, SiblingProcess.IID)
                .withNote("a note with \"quotes\""),
            SequenceInstance.tree("wr", FLAT, MARKOV, new int[] {2, 1}, SiblingProcess.WITHOUT_REPLACEMENT),
            SequenceInstance.tree("topk", FLAT, MARKOV, new int[] {2}, SiblingProcess.TOP_K),
            SequenceInstance.dynamic("dyn", MARKOV, FLAT, 3, 5),
            SequenceInstance.of("ind", 2, MARKOV, List.of(MARKOV, FLAT), new int[] {2, 1}, SiblingProcess.IID, 0, null));
        String text = SequenceInstanceWriter.json(all);
        assertEquals(all, SequenceInstanceReader.parse(text, "written"));
        Path file = dir.resolve("seq.json");
        SequenceInstanceWriter.write(file, all);
        assertEquals(all, SequenceInstanceReader.read(file, "seq.json"));
    }

    @Test
    void defaultsAndNumberForms() {
        SequenceInstance s = SequenceInstanceReader.parse(one("\"target\": {\"\": [0.25, \"3/4\"], \"1\": [\"1e-3\","
            + " \"0.999\"]}, \"draft\": [0.5, 0.5]"), "seq.json").get(0);
        assertTrue(s.isChain());
        assertEquals(SiblingProcess.IID, s.siblings());
        assertArrayEquals(new int[] {1, 1}, s.shape());
        assertEquals(BigFraction.of(1, 1000), s.target().lawAfter(0, 1).p(0));
        assertEquals(BigFraction.of(1, 4), s.target().lawAfter(1, 0).p(0));
    }

    @Test
    void errorsNameFileInstanceFieldPrefixAndToken() {
        String m = error(one("\"target\": {\"\": [0.5, 0.5], \"0,1\": [\"1.1\", \"-0.1\"]}, \"draft\": [0.5, 0.5]"));
        assertTrue(m.startsWith("seq.json: instance 0 ('s'): target: prefix \"0,1\": token 1:") && m.contains("-1/10"),
            m);
        m = error(one("\"target\": {\"\": [0.5, 0.5], \"1\": [0.5, 0.4]}, \"draft\": [0.5, 0.5]"));
        assertTrue(m.contains("target: prefix \"1\"") && m.contains("1/10"), m);
        m = error(one("\"target\": {\"0\": [0.5, 0.5]}, \"draft\": [0.5, 0.5]"));
        assertTrue(m.contains("target: ") && m.contains("empty prefix"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": {\"\": [0.5, 0.5], \"0,2\": [1, 0]}"));
        assertTrue(m.contains("draft: prefix \"0,2\": token 2") && m.contains("out of range"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": {\"\": [0.5, 0.5], \"0,1\": [1, 0], \"0, 1\": [0, 1]}"));
        assertTrue(m.contains("duplicate prefix"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [\"NaN\", 0.5]"));
        assertTrue(m.contains("draft: token 0") && m.contains("NaN"), m);
        m = error(one("\"target\": [0.5, 0.5, 0], \"draft\": [0.5, 0.5]"));
        assertTrue(m.contains("target: has 3 masses but vocab is 2"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"depth\": 3"));
        assertTrue(m.contains("unknown field 'depth'"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"tree\": [2]"));
        assertTrue(m.contains("tree:") && m.contains("gamma is 2"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"siblings\": \"dynamic\""));
        assertTrue(m.contains("nodeBudget: missing"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"nodeBudget\": 3"));
        assertTrue(m.contains("nodeBudget: only a dynamic tree"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"siblings\": \"topk\""));
        assertTrue(m.contains("siblings") && m.contains("top-k"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"drafts\": [[0.5, 0.5]]"));
        assertTrue(m.contains("not both"), m);
        m = error(one("\"target\": [0.5, 0.5], \"draft\": [0.5, 0.5], \"draft\": [0.5, 0.5]"));
        assertTrue(m.contains("appears twice"), m);
        m = error("{\"name\": \"s\", \"vocab\": 2, \"target\": [0.5, 0.5], \"draft\": [0.5, 0.5]}");
        assertTrue(m.contains("gamma: missing"), m);
        m = error("{\"instances\": [" + one("\"target\": [1, 0], \"draft\": [1, 0]") + ", "
            + one("\"target\": [1, 0], \"draft\": [1, 0]") + "]}");
        assertTrue(m.contains("instance 1 ('s')") && m.contains("already used"), m);
    }
}
