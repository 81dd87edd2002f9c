package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/** {@code specverify schemes}: table, JSON and Markdown list every registered scheme with its facts. */
class SchemesCommandTest {
    private final List<Scheme> schemes = Schemes.reference().all();

    @Test
    void tableHasOneRowPerSchemeWithItsFacts() {
        CliRun r = CliRun.atRoot("schemes");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("id ") && lines.get(0).contains("supported K"), lines.get(0));
        for (int i = 0; i < schemes.size(); i++) {
            Scheme s = schemes.get(i);
            String row = lines.get(i + 2);
            assertTrue(row.startsWith(s.id() + " "), row);
            assertTrue(row.contains(Scheme.describeK(s.minK(), s.maxK())), row);
            assertTrue(row.contains(s.draftProcess()), row);
            assertTrue(row.contains(s.claimsLossless() ? " yes " : " no "), row);
            assertTrue(row.endsWith(s.paper()), row);
        }
    }

    @Test
    void jsonIsAnArrayWithTheSameFacts() throws Exception {
        CliRun r = CliRun.atRoot("schemes", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertEquals(schemes.size(), a.size());
        for (int i = 0; i < schemes.size(); i++) {
            Scheme s = schemes.get(i);
            JsonNode o = a.get(i);
            assertEquals(s.id(), o.get("id").asText());
            assertEquals(s.draftProcess(), o.get("draftProcess").asText());
            assertEquals(Scheme.describeK(s.minK(), s.maxK()), o.get("supportedK").asText());
            assertEquals(s.claimsLossless(), o.get("claimsLossless").booleanValue());
            assertEquals(s.paper(), o.get("paper").asText());
            assertEquals(s.minK(), o.get("minK").intValue());
            assertEquals(s.maxK() == Integer.MAX_VALUE, o.get("maxK").isNull(), o.toString());
        }
    }

    @Test
    void markdownEscapesPipesInsideCells() {
        CliRun r = CliRun.atRoot("schemes", "--markdown");
        assertEquals(0, r.code());
        for (String row : r.out().lines().skip(2).toList()) {
            assertEquals(6, row.replace("\\|", "").chars().filter(c -> c == '|').count(), "5 cells: " + row);
        }
    }
}
