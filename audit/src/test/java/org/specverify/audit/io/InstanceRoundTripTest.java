package org.specverify.audit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;

/** Writing instances and reading them back gives equal instances (exact masses, names, K, shared or per-draft laws). */
class InstanceRoundTripTest {
    @Test
    void builtinCasesRoundTrip(@TempDir Path dir) {
        List<Instance> cases = InstanceReader.builtin();
        Path f = dir.resolve("cases.json");
        InstanceWriter.write(f, cases);
        assertEquals(cases, InstanceReader.read(f, "cases.json"));
    }

    @Test
    void awkwardValuesRoundTrip() throws Exception {
        // names are one line of printable text (control characters are refused by the reader); quotes, backslashes and
        // non-ASCII letters must survive the round trip
        Instance tiny = Instance.identical("tiny \"quoted\" back\\slash na\u00efve \u03b1", Distribution.parse("1/3", "2/3", "0"),
            Distribution.ofFloats(new float[] {0x1p-30f, 0.75f, 0.25f}, "q"), 2);
        Instance rows = Instance.independent("rows", Distribution.parse("1/7", "6/7"),
            List.of(Distribution.parse("1", "0"), Distribution.parse("1/1000000007", "1000000006/1000000007")));
        String text = InstanceWriter.json(List.of(tiny, rows));
        assertEquals(List.of(tiny, rows), InstanceReader.parse(text, "text"));
        Path f = Files.createTempFile("round", ".json");
        try {
            InstanceWriter.write(f, List.of(tiny));
            assertEquals(List.of(tiny), InstanceReader.read(f, "f"));
        } finally {
            Files.delete(f);
        }
    }
}
