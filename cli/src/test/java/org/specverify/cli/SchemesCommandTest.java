package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

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
        assertEquals(schemes.size() + SequenceSchemes.reference().all().size(), a.size());
        for (int i = 0; i < schemes.size(); i++) {
            Scheme s = schemes.get(i);
            JsonNode o = a.get(i);
            assertEquals(s.id(), o.get("id").asText());
            assertEquals("token", o.get("level").asText());
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
            assertEquals(7, row.replace("\\|", "").chars().filter(c -> c == '|').count(), "6 cells: " + row);
        }
    }

    @Test
    void sequenceSchemesAreListedWithTheirLevelInEveryFormat() throws Exception {
        List<SequenceScheme> sequence = SequenceSchemes.reference().all();
        CliRun text = CliRun.atRoot("schemes");
        assertEquals(0, text.code(), text.toString());
        List<String> lines = text.out().lines().toList();
        int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("Sequence schemes")).findFirst()
            .orElseThrow());
        for (int i = 0; i < sequence.size(); i++) {
            SequenceScheme s = sequence.get(i);
            String row = lines.get(heading + 3 + i);
            assertTrue(row.startsWith(s.id() + " ") && row.contains(" sequence ") && row.endsWith(s.paper())
                && row.contains(s.claimsLossless() ? " yes " : " no "), row);
        }
        JsonNode a = new ObjectMapper().readTree(CliRun.atRoot("schemes", "--json").out());
        for (int i = 0; i < sequence.size(); i++) {
            JsonNode o = a.get(schemes.size() + i);
            assertEquals(sequence.get(i).id(), o.get("id").asText());
            assertEquals("sequence", o.get("level").asText());
            assertEquals(sequence.get(i).claimsLossless(), o.get("claimsLossless").booleanValue());
            assertEquals(sequence.get(i).appliesTo(), o.get("appliesTo").asText());
        }
        List<String> md = CliRun.atRoot("schemes", "--markdown").out().lines().toList();
        assertEquals(2 + schemes.size() + sequence.size(), md.size());
        assertTrue(md.get(2 + schemes.size()).startsWith("| `" + sequence.get(0).id() + "` | sequence | "),
            md.get(2 + schemes.size()));
        assertTrue(md.get(2).startsWith("| `" + schemes.get(0).id() + "` | token | "), md.get(2));
    }
}
