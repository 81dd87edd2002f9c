package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gives exit code 2, nothing on standard output, and one message on standard error that names the place: the
 * file, the instance (index and name), the field, the row and the token. No stack trace.
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** Writes cases.json (single quotes become double quotes, for readability) and audits it. */
    private CliRun audit(String json) throws IOException {
        Files.writeString(dir.resolve("cases.json"), json.replace('\'', '"'));
        return CliRun.run(dir, "audit", "--instance", "cases.json");
    }

    private static void assertError(CliRun r, String expected) {
        assertEquals(2, r.code(), r.toString());
        assertEquals("", r.out(), "stdout must stay empty on bad input");
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace:\n" + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains(expected), "expected the message to contain\n  " + expected + "\ngot\n  " + r.err());
    }

    private static String threeInstances(String third) {
        return "{'instances': ["
            + "{'name': 'a', 'target': [1], 'draft': [1], 'k': 1},"
            + "{'name': 'b', 'target': [0.5, 0.5], 'draft': [0.5, 0.5], 'k': 2},"
            + third + "]}";
    }

    @Test
    void negativeMassNamesFileInstanceFieldAndToken() throws IOException {
        CliRun r = audit(threeInstances(
            "{'name': 'zero-mass', 'target': [0.6, 0.5, 0, -0.1], 'draft': [0.25, 0.25, 0.25, 0.25], 'k': 2}"));
        assertEquals("error: cases.json: instance 2 ('zero-mass'): target: token 3: negative mass -1/10\n", r.err());
        assertError(r, "token 3: negative mass -1/10");
    }

    @Test
    void nanTextNamesTheToken() throws IOException {
        assertError(audit("{'name': 'nan', 'target': [0.5, 0.5], 'draft': [0.5, 'NaN'], 'k': 1}"),
            "cases.json: instance 0 ('nan'): draft: token 1: not an exact number: 'NaN'");
    }

    @Test
    void bareNanIsInvalidJsonWithItsPosition() throws IOException {
        assertError(audit("{'name': 'nan', 'target': [0.5, NaN], 'draft': [0.5, 0.5], 'k': 1}"),
            "cases.json: line 1, column ");
        assertError(audit("{'name': 'nan', 'target': [0.5, NaN], 'draft': [0.5, 0.5], 'k': 1}"), "not valid JSON");
    }

    @Test
    void sumNotOneGivesTheSum() throws IOException {
        assertError(audit("{'name': 'short', 'target': [0.5, 0.4], 'draft': [0.5, 0.5], 'k': 1}"),
            "cases.json: instance 0 ('short'): target: masses sum to 9/10");
    }

    @Test
    void decimalsAreExactSoTenthsSumToOne() throws IOException {
        // 0.1 + 0.2 + 0.7 is not 1 in doubles; read exactly it is.
        CliRun r = audit("{'name': 'tenths', 'target': [0.1, 0.2, 0.7], 'draft': [0.7, 0.2, 0.1], 'k': 1}");
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void emptyTarget() throws IOException {
        assertError(audit("{'name': 'empty', 'target': [], 'draft': [1], 'k': 1}"),
            "cases.json: instance 0 ('empty'): target: empty");
    }

    @Test
    void mismatchedVocabularyOfDraft() throws IOException {
        assertError(audit("{'name': 'vocab', 'target': [0.5, 0.25, 0.25, 0], 'draft': [0.5, 0.25, 0.25], 'k': 1}"),
            "cases.json: instance 0 ('vocab'): draft: has 3 tokens but the target has 4");
    }

    @Test
    void mismatchedVocabularyOfADraftRow() throws IOException {
        assertError(audit("{'name': 'rows', 'target': [0.5, 0.5, 0], 'drafts': [[0.5, 0.5, 0], [1, 0]]}"),
            "cases.json: instance 0 ('rows'): drafts: row 1: has 2 tokens but the target has 3");
    }

    @Test
    void negativeMassInADraftRowNamesTheRow() throws IOException {
        assertError(audit("{'name': 'rows', 'target': [0.5, 0.5], 'drafts': [[0.5, 0.5], [-1, 2]]}"),
            "cases.json: instance 0 ('rows'): drafts: row 1: token 0: negative mass -1");
    }

    @Test
    void kDisagreeingWithTheRows() throws IOException {
        assertError(audit("{'name': 'k', 'target': [0.5, 0.5], 'drafts': [[0.5, 0.5], [1, 0]], 'k': 3}"),
            "cases.json: instance 0 ('k'): k: 3 disagrees with the 2 rows of 'drafts'");
    }

    @Test
    void kMissingZeroOrFractional() throws IOException {
        assertError(audit("{'name': 'nok', 'target': [1], 'draft': [1]}"), "instance 0 ('nok'): k: missing");
        assertError(audit("{'name': 'k0', 'target': [1], 'draft': [1], 'k': 0}"),
            "instance 0 ('k0'): k: expected a whole number >= 1, got 0");
        assertError(audit("{'name': 'kf', 'target': [1], 'draft': [1], 'k': 1.0}"),
            "instance 0 ('kf'): k: expected a whole number >= 1, got the number 1.0");
        assertError(audit("{'name': 'kb', 'target': [1], 'draft': [1], 'k': 10000000000}"),
            "instance 0 ('kb'): k: 10000000000 drafts is beyond any exact enumeration");
        assertError(audit("{'name': 'ks', 'target': [1], 'draft': [1], 'k': '2'}"),
            "instance 0 ('ks'): k: expected a whole number >= 1, got the string \"2\"");
    }

    @Test
    void draftAndDraftsTogetherOrNeither() throws IOException {
        assertError(audit("{'name': 'both', 'target': [1], 'draft': [1], 'drafts': [[1]], 'k': 1}"),
            "instance 0 ('both'): give either 'draft'");
        assertError(audit("{'name': 'none', 'target': [1], 'k': 1}"), "instance 0 ('none'): draft: missing");
    }

    @Test
    void unknownFieldIsNamed() throws IOException {
        assertError(audit("{'name': 'typo', 'target': [1], 'drafs': [[1]]}"),
            "cases.json: instance 0 ('typo'): unknown field 'drafs'");
        assertError(audit("{'instances': [], 'extra': 1}"), "cases.json: unknown field 'extra'");
    }

    @Test
    void wrongTypes() throws IOException {
        assertError(audit("{'name': 'bool', 'target': [true], 'draft': [1], 'k': 1}"),
            "instance 0 ('bool'): target: token 0: expected a number or a string such as \"1/3\"");
        assertError(audit("{'name': 'obj', 'target': {'a': 1}, 'draft': [1], 'k': 1}"),
            "instance 0 ('obj'): target: expected an array of token masses, got an object");
        assertError(audit("[1, 2]"), "cases.json: expected a JSON object");
        assertError(audit("{'instances': [{'name': 'a', 'target': [1], 'draft': [1], 'k': 1}, 7]}"),
            "cases.json: instance 1: expected an object");
    }

    @Test
    void missingOrDuplicateName() throws IOException {
        assertError(audit("{'target': [1], 'draft': [1], 'k': 1}"), "cases.json: instance 0: name: missing");
        assertError(audit("{'instances': [{'name': 'a', 'target': [1], 'draft': [1], 'k': 1},"
                + " {'name': 'a', 'target': [1], 'draft': [1], 'k': 1}]}"),
            "cases.json: instance 1 ('a'): name: 'a' is already used by instance 0");
    }

    @Test
    void emptyInstanceListAndEmptyFile() throws IOException {
        assertError(audit("{'instances': []}"), "cases.json: instances: the list is empty");
        assertError(audit(""), "cases.json: empty file");
    }

    @Test
    void fractionStringsWithZeroDenominator() throws IOException {
        assertError(audit("{'name': 'zero-den', 'target': ['1/0', 1], 'draft': [0.5, 0.5], 'k': 1}"),
            "instance 0 ('zero-den'): target: token 0: zero denominator in '1/0'");
    }

    @Test
    void hugeExponentIsRefusedNotComputed() throws IOException {
        assertError(audit("{'name': 'huge', 'target': [1e-999999999, 1], 'draft': [0.5, 0.5], 'k': 1}"),
            "instance 0 ('huge'): target: token 0: '");
    }

    @Test
    void unknownSchemeListsTheKnownOnes() {
        CliRun r = CliRun.atRoot("audit", "--scheme", "rrs,nope");
        assertError(r, "--scheme: unknown scheme 'nope'; known: sd, rrs,");
    }

    @Test
    void missingFileIsNamedAsWritten() {
        CliRun r = CliRun.run(dir, "audit", "--instance", "missing.json");
        assertEquals("error: missing.json: no such file\n", r.err());
        assertError(r, "missing.json: no such file");
    }

    @Test
    void usageErrorsAreShortAndPointToHelp() {
        CliRun r = CliRun.atRoot("audit", "--bogus");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals("error: Unknown option: '--bogus'", lines.get(0));
        assertTrue(lines.get(1).startsWith("Usage: specverify audit "), r.err());
        assertEquals("Run 'specverify audit --help' for the options.", lines.get(lines.size() - 1));
        CliRun both = CliRun.atRoot("schemes", "--json", "--markdown");
        assertTrue(both.err().startsWith("error: --json, --markdown are mutually exclusive"), both.err());
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Files.createDirectory(dir.resolve("cases"));
        assertError(CliRun.run(dir, "audit", "--instance", "cases"), "cases: is a directory");
    }

    /** vectors refuses a size it cannot write whole, and an output it cannot write, before generating anything. */
    @Test
    void vectorsRefusesSizesAndUnwritableOutputsBeforeTheWork() throws IOException {
        CliRun huge = CliRun.run(dir, "vectors", "--out", "v.json", "--vocab", "2000000000", "--k", "2");
        assertEquals(2, huge.code(), huge.toString());
        assertTrue(huge.err().contains("--vocab must be in 2..65536"), huge.err());
        CliRun bigK = CliRun.run(dir, "vectors", "--out", "v.json", "--vocab", "4", "--k", "100000");
        assertEquals(2, bigK.code(), bigK.toString());
        assertTrue(bigK.err().contains("--k must be in 1..64"), bigK.err());
        Files.writeString(dir.resolve("afile"), "x");
        CliRun under = CliRun.run(dir, "vectors", "--out", "afile/v.json", "--vocab", "4", "--k", "2");
        assertEquals(2, under.code(), under.toString());
        assertTrue(under.err().contains("--out afile/v.json"), under.err());
        assertFalse(Files.exists(dir.resolve("v.json")));
    }

    /** A case whose hub draft process is given K other than 2 is refused by the draft kind's rule, not built. */
    @Test
    void aHubCaseWithKOtherThanTwoIsRefused() throws IOException {
        Files.writeString(dir.resolve("c.json"), "{\"cases\": [{\"id\": \"h\", \"target\": [\"1/2\", \"1/2\", \"0\"],"
            + " \"draft\": [\"1/3\", \"1/3\", \"1/3\"], \"k\": 3, \"draftProcess\": \"hub\"}]}");
        Files.writeString(dir.resolve("s.jsonl"), "{\"case\": \"h\", \"drafts\": [0, 1, 2], \"output\": 0}\n");
        CliRun r = CliRun.run(dir, "check", "--cases", "c.json", "--samples", "s.jsonl");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("case 'h': draftProcess 'hub'"), r.err());
    }

    /** An endless instance file is refused as too large (exit 2) after reading at most the limit, whatever its kind. */
    @Test
    void anEndlessInstanceFileIsRefusedAsTooLarge() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")), "no /dev/zero");
        CliRun r = CliRun.run(dir, "audit", "--instance", "/dev/zero");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("larger than the limit of"), r.err());
    }
}
