package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact-audit table keeps its promise of at most {@link AuditCommand#WIDTH} columns, at large K too. */
class AuditTableWidthTest {
    @TempDir
    Path dir;

    @Test
    void everyLineOfTheTableFitsTheWidth() throws Exception {
        String longName = "a-very-long-instance-name-" + "x".repeat(130);
        Files.writeString(dir.resolve("wide.json"), "{\"instances\": [\n"
            + "  {\"name\": \"k12\", \"target\": [\"1/3\", \"2/3\"], \"draft\": [\"1/2\", \"1/2\"], \"k\": 12},\n"
            + "  {\"name\": \"k6-fractions\", \"target\": [\"1/7\", \"2/7\", \"4/7\"], \"draft\": [\"3/11\", \"5/11\","
            + " \"3/11\"], \"k\": 6},\n"
            + "  {\"name\": \"" + longName + "\", \"target\": [\"1/3\", \"2/3\"], \"draft\": [\"1/2\", \"1/2\"],"
            + " \"k\": 3}]}");
        CliRun r = CliRun.run(dir, "audit", "--instance", "wide.json", "--max-seconds", "30");
        assertTrue(r.code() == 0 || r.code() == 2, r.toString());
        int lines = 0;
        for (String line : r.out().lines().toList()) {
            if (line.matches("\\d+ checks: .*")) {
                continue; // the summary line lists counts, not table cells
            }
            assertTrue(line.length() <= AuditCommand.WIDTH, line.length() + " columns: " + line + "\n" + r.out());
            lines++;
        }
        assertTrue(lines > 30, r.out());
        assertTrue(r.out().contains("a-very-long-instance-name-"), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.contains("(|V| = ")).count(), r.out());
    }
}
