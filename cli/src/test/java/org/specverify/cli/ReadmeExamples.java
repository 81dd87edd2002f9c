package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * README.md as tests: every {@code ./specverify ...} command in its code blocks runs in-process through the picocli
 * entry point with the documented exit code (0 unless the line ends in {@code # exits N}) and prints something; the
 * scheme table is exactly what {@code schemes --markdown} prints and agrees with the registry; {@code .ci/run} runs the
 * README's test command; examples/builtin-cases.json is the built-in resource.
 */
class ReadmeExamples {
    private static final Pattern EXITS = Pattern.compile("\\s+#\\s*exits\\s+(\\d+)\\s*$");
    private static final String TABLE_START = "<!-- schemes-table:start -->";
    private static final String TABLE_END = "<!-- schemes-table:end -->";

    /** One command line of the README. */
    record Example(int line, String text, List<String> args, int expectedExit, boolean pipedToJsonTool) {
    }

    static String readme() throws IOException {
        return Files.readString(CliRun.repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
    }

    /** Every line starting with "./specverify " inside a fenced code block. */
    static List<Example> examples(String readme) {
        List<Example> out = new ArrayList<>();
        boolean inCode = false;
        String[] lines = readme.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode || !l.startsWith("./specverify")) {
                continue;
            }
            int expected = 0;
            String command = l;
            Matcher m = EXITS.matcher(command);
            if (m.find()) {
                expected = Integer.parseInt(m.group(1));
                command = command.substring(0, m.start());
            }
            boolean piped = false;
            int pipe = command.indexOf('|');
            if (pipe >= 0) {
                piped = command.substring(pipe + 1).strip().equals("python3 -m json.tool");
                if (!piped) {
                    fail("README line " + (i + 1) + ": only '| python3 -m json.tool' is understood after a command: " + l);
                }
                command = command.substring(0, pipe);
            }
            if (command.contains("\"") || command.contains("'") || command.contains("$") || command.contains(">")) {
                fail("README line " + (i + 1) + ": quoting, variables and redirection are not supported here: " + l);
            }
            List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
            assertEquals("./specverify", words.remove(0), "README line " + (i + 1));
            out.add(new Example(i + 1, l, words, expected, piped));
        }
        assertFalse(inCode, "README.md has an unclosed code block");
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandInTheReadmeRuns() throws IOException {
        List<Example> examples = examples(readme());
        assertTrue(examples.size() >= 5, "expected the README to show at least 5 commands, found " + examples);
        return examples.stream().map(e -> DynamicTest.dynamicTest("README line " + e.line() + ": " + e.text(), () -> {
            CliRun r = CliRun.atRoot(e.args().toArray(String[]::new));
            assertEquals(e.expectedExit(), r.code(), e.text() + "\n" + r);
            if (e.expectedExit() == 0) {
                assertFalse(r.out().isBlank(), "no output from " + e.text() + "\n" + r);
            } else {
                assertFalse(r.err().isBlank(), "no error message from " + e.text() + "\n" + r);
                assertFalse(r.err().contains("\tat "), "stack trace from " + e.text() + "\n" + r);
            }
            if (e.pipedToJsonTool()) {
                JsonNode n = new ObjectMapper().readTree(r.out());
                assertTrue(n.isObject() || n.isArray(), e.text());
            }
        }));
    }

    @Test
    void theMainJobAndTheSchemeListAreAmongTheExamples() throws IOException {
        List<String> commands = examples(readme()).stream().map(e -> String.join(" ", e.args())).toList();
        assertTrue(commands.contains("audit"), "README must show ./specverify audit: " + commands);
        assertTrue(commands.contains("schemes"), "README must show ./specverify schemes: " + commands);
    }

    @Test
    void schemeTableIsWhatSchemesMarkdownPrints() throws IOException {
        CliRun r = CliRun.atRoot("schemes", "--markdown");
        assertEquals(0, r.code(), r.toString());
        assertEquals(r.out().strip(), tableSection(readme()),
            "README scheme table is out of date: replace it with the output of ./specverify schemes --markdown");
    }

    @Test
    void schemeTableMatchesTheRegistry() throws IOException {
        List<String> rows = tableSection(readme()).lines().skip(2).toList();
        List<Scheme> schemes = Schemes.reference().all();
        assertEquals(schemes.size(), rows.size(), "one README table row per registered scheme:\n" + rows);
        for (int i = 0; i < rows.size(); i++) {
            Scheme s = schemes.get(i);
            String[] cells = cells(rows.get(i));
            assertEquals(5, cells.length, rows.get(i));
            assertEquals("`" + s.id() + "`", cells[0], "row " + i);
            assertEquals(SchemesCommand.markdownDraftLaw(s.draftProcess()), cells[1], s.id());
            assertEquals(Scheme.describeK(s.minK(), s.maxK()), cells[2], s.id());
            assertEquals(s.claimsLossless(), cells[3].startsWith("yes"), s.id() + ": lossless column " + cells[3]);
            assertEquals(s.paper(), cells[4].replace("\\|", "|"), s.id());
        }
    }

    /** The cells of a Markdown table row (a '|' escaped as '\|' stays inside its cell). */
    private static String[] cells(String row) {
        String r = row.strip();
        assertTrue(r.startsWith("|") && r.endsWith("|"), row);
        String[] parts = r.substring(1, r.length() - 1).split("(?<!\\\\)\\|", -1);
        return Arrays.stream(parts).map(String::strip).toArray(String[]::new);
    }

    private static String tableSection(String readme) {
        int a = readme.indexOf(TABLE_START);
        int b = readme.indexOf(TABLE_END);
        assertTrue(a >= 0 && b > a, "README.md must hold the scheme table between " + TABLE_START + " and " + TABLE_END);
        return readme.substring(a + TABLE_START.length(), b).strip();
    }

    /** The test command: the first line of the second code block of the section "The two commands". */
    static String readmeTestCommand(String readme) {
        int section = readme.indexOf("## The two commands");
        assertTrue(section >= 0, "README.md needs a section '## The two commands'");
        List<String> blocks = new ArrayList<>();
        String[] lines = readme.substring(section).split("\n");
        StringBuilder current = null;
        for (String l : lines) {
            if (l.startsWith("## ") && current == null && !blocks.isEmpty()) {
                break;
            }
            if (l.startsWith("```")) {
                if (current == null) {
                    current = new StringBuilder();
                } else {
                    blocks.add(current.toString().strip());
                    current = null;
                }
            } else if (current != null) {
                current.append(l).append('\n');
            }
        }
        assertTrue(blocks.size() >= 2, "'The two commands' needs two code blocks (main job, tests): " + blocks);
        assertEquals("./specverify audit", blocks.get(0), "the main job");
        return blocks.get(1);
    }

    @Test
    void sampleOutputIsWhatTheCommandPrints() throws IOException {
        String readme = readme();
        Matcher m = Pattern.compile("Rows of `\\./specverify ([^`]+)`[^\n]*\n\n```text\n(.*?)\n```", Pattern.DOTALL)
            .matcher(readme);
        assertTrue(m.find(), "README.md needs a sample: Rows of `./specverify ...` followed by a text block");
        CliRun r = CliRun.atRoot(m.group(1).strip().split("\\s+"));
        assertEquals(0, r.code(), r.toString());
        List<String> printed = r.out().lines().toList();
        for (String line : m.group(2).split("\n")) {
            if (line.matches("[- ]+")) {
                continue; // the rule under the header: its width follows notes elsewhere in the output
            }
            assertTrue(printed.contains(line), "README sample line no longer printed by ./specverify " + m.group(1)
                + "; paste the current output:\n" + line + "\n--- actual ---\n" + r.out());
        }
    }

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        String command = readmeTestCommand(readme());
        Path ci = CliRun.repositoryRoot().resolve(".ci/run");
        assertTrue(Files.isExecutable(ci), ".ci/run must exist and be executable");
        List<String> lines = Files.readAllLines(ci, StandardCharsets.UTF_8).stream().map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("echo ")).toList();
        assertEquals(command, lines.get(lines.size() - 1), ".ci/run must end by running the README's test command");
    }

    @Test
    void examplesCopyOfTheBuiltinCasesIsInSync() throws IOException {
        String copy = Files.readString(CliRun.repositoryRoot().resolve("examples/builtin-cases.json"),
            StandardCharsets.UTF_8);
        assertEquals(InstanceReader.builtinText(), copy,
            "examples/builtin-cases.json must be a copy of audit/src/main/resources/org/specverify/audit/builtin-cases.json");
    }
}
