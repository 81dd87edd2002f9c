package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.audit.io.InstanceReader;
import org.specverify.gpu.OpenCl;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import picocli.CommandLine;

/**
 * README.md and the pages of docs/ as tests.
 *
 * <p>In a fenced block without an info string, every line starting with {@code ./specverify} runs in-process through
 * the picocli entry point (with the command's own registry) and every line starting with {@code python3} runs as a
 * process, in the order of the page, in one scratch folder per page that holds a copy of {@code examples/} and
 * {@code scripts/}: each must exit with the documented code (0 unless the line ends in {@code # exits N}). A
 * {@code ```text} block that follows such a block with only blank lines between is the output of its last command:
 * every line of it (but the rules under table headers) must be printed. A file under {@code examples/} that a page's
 * command writes ({@code --out FILE} or {@code > FILE}) is left out of the copy, so the page's commands must write it,
 * and must write the committed file byte for byte. Commands in {@code ```sh} blocks (long measurements) and in inline
 * code are not run, but must parse: every option they name exists and every required one is given.
 *
 * <p>The scheme table of the README is exactly what {@code schemes --markdown} prints and agrees with the registry;
 * {@code .ci/run} runs the README's test command; examples/builtin-cases.json is the built-in resource.
 */
class ReadmeExamples {
    private static final Pattern EXITS = Pattern.compile("\\s+#\\s*exits\\s+(\\d+)\\s*$");
    private static final String TABLE_START = "<!-- schemes-table:start -->";
    private static final String TABLE_END = "<!-- schemes-table:end -->";
    /** An inline command: {@code `./specverify ...`}. */
    private static final Pattern INLINE = Pattern.compile("`(\\./specverify(?: [^`]*)?)`");
    /** Environment assignments in front of a shown command, as in {@code JDK_JAVA_OPTIONS=-Xmx512m ./specverify}. */
    private static final Pattern ENV = Pattern.compile("^(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)+");

    @TempDir
    Path scratch;

    /** A page of the documentation: its path from the repository root and its text. */
    record Page(String name, String text) {
    }

    /** One line of a page that runs: a {@code ./specverify} command (args) or a {@code python3} command (argv). */
    record Example(String page, int line, String text, boolean python, List<String> args, int expectedExit,
                   boolean pipedToJsonTool, String redirect, List<String> expectedOutput) {
        String where() {
            return page + " line " + line;
        }
    }

    static String readme() throws IOException {
        return Files.readString(CliRun.repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
    }

    /** README.md, then every page of docs/ in name order. */
    static List<Page> pages() throws IOException {
        Path root = CliRun.repositoryRoot();
        List<Page> out = new ArrayList<>();
        out.add(new Page("README.md", readme()));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path f : docs.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                out.add(new Page("docs/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** The text of every page, one after the other (for the samples that tests look up by a marker). */
    static String allPages() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Page p : pages()) {
            sb.append(p.text()).append('\n');
        }
        return sb.toString();
    }

    /** Every README command (the README alone). */
    static List<Example> examples(String readme) {
        return examples(new Page("README.md", readme));
    }

    /** The lines of a page that run, each with the output shown under it, if any. */
    static List<Example> examples(Page page) {
        List<Example> out = new ArrayList<>();
        String[] lines = page.text().split("\n", -1);
        String info = null; // the info string of the open fence, null outside code
        int lastPlainBlockEnd = -2; // line index of the closing fence of the last plain block with examples
        List<String> textBlock = null;
        boolean textFollowsExamples = false;
        int blockFirstExample = -1;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("```")) {
                if (info == null) {
                    info = l.substring(3).strip();
                    blockFirstExample = out.size();
                    if (info.equals("text")) {
                        textFollowsExamples = lastPlainBlockEnd >= 0 && blankBetween(lines, lastPlainBlockEnd, i);
                        textBlock = new ArrayList<>();
                    }
                } else {
                    if (info.isEmpty() && out.size() > blockFirstExample) {
                        lastPlainBlockEnd = i;
                    } else if (!info.isEmpty()) {
                        lastPlainBlockEnd = -2;
                    }
                    if (textBlock != null && textFollowsExamples) {
                        Example last = out.remove(out.size() - 1);
                        out.add(new Example(last.page(), last.line(), last.text(), last.python(), last.args(),
                            last.expectedExit(), last.pipedToJsonTool(), last.redirect(), List.copyOf(textBlock)));
                    }
                    textBlock = null;
                    info = null;
                }
                continue;
            }
            if (info == null) {
                if (!l.isEmpty()) {
                    lastPlainBlockEnd = -2;
                }
                continue;
            }
            if (textBlock != null) {
                textBlock.add(lines[i]);
                continue;
            }
            if (info.isEmpty() && (l.startsWith("./specverify") || l.startsWith("python3 "))) {
                out.add(example(page.name(), i + 1, l));
            }
        }
        assertTrue(info == null, page.name() + " has an unclosed code block");
        return out;
    }

    private static boolean blankBetween(String[] lines, int from, int to) {
        for (int j = from + 1; j < to; j++) {
            if (!lines[j].isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static Example example(String page, int line, String l) {
        String where = page + " line " + line;
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
                fail(where + ": only '| python3 -m json.tool' is understood after a command: " + l);
            }
            command = command.substring(0, pipe);
        }
        String redirect = null;
        int gt = command.indexOf('>');
        if (gt >= 0) {
            redirect = command.substring(gt + 1).strip();
            command = command.substring(0, gt);
            if (redirect.isEmpty() || redirect.contains(" ") || redirect.contains(">")) {
                fail(where + ": only '> FILE' is understood as a redirection: " + l);
            }
        }
        if (command.contains("\"") || command.contains("'") || command.contains("$")) {
            fail(where + ": quoting and variables are not supported here: " + l);
        }
        List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
        boolean python = words.get(0).equals("python3");
        if (!python) {
            assertEquals("./specverify", words.remove(0), where);
            if (redirect != null) {
                fail(where + ": redirect the output of python3 lines only: " + l);
            }
        }
        return new Example(page, line, l, python, words, expected, piped, redirect, List.of());
    }

    /** The files under examples/ that the page's examples write: {@code --out FILE} and {@code > FILE}. */
    static Set<String> writtenExamples(List<Example> examples) {
        Set<String> out = new LinkedHashSet<>();
        for (Example e : examples) {
            List<String> a = e.args();
            for (int i = 0; i + 1 < a.size(); i++) {
                if (a.get(i).equals("--out") && a.get(i + 1).startsWith("examples/")) {
                    out.add(a.get(i + 1));
                }
            }
            if (e.redirect() != null && e.redirect().startsWith("examples/")) {
                out.add(e.redirect());
            }
        }
        return out;
    }

    /** Commands shown but not run: inline {@code `./specverify ...`} and the lines of {@code ```sh} blocks. */
    static List<String> shownCommands(Page page) {
        List<String> out = new ArrayList<>();
        String info = null;
        for (String raw : page.text().split("\n", -1)) {
            String l = raw.strip();
            if (l.startsWith("```")) {
                info = info == null ? l.substring(3).strip() : null;
                continue;
            }
            if (info == null) {
                Matcher m = INLINE.matcher(raw);
                while (m.find()) {
                    out.add(m.group(1));
                }
            } else if (info.equals("sh")) {
                String c = ENV.matcher(l).replaceFirst("");
                if (c.startsWith("./specverify")) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Whether a shown command has placeholders ({@code V}, {@code FILE}, {@code [--json]}, {@code ...}). */
    private static boolean hasPlaceholders(String command) {
        return command.contains("...") || command.contains("[")
            || Arrays.stream(command.split("\\s+")).anyMatch(w -> w.matches("[A-Z][A-Z0-9_]*(?:[.,].*)?"));
    }

    private static void copyTree(Path from, Path to, Set<Path> skip) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!skip.contains(f)) {
                    Files.copy(f, target);
                }
            }
        }
    }

    static boolean hasPython() {
        return EngineCheckCommandTest.hasPython();
    }

    private static void runPython(Path dir, Example e) throws Exception {
        if (!hasPython()) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "python3 is needed in CI for " + e.where());
            Assumptions.abort("python3 not found: " + e.where() + " not run");
        }
        ProcessBuilder pb = new ProcessBuilder(e.args()).directory(dir.toFile());
        Path err = Files.createTempFile(dir, "python", ".err");
        pb.redirectError(err.toFile());
        Path out = e.redirect() == null ? Files.createTempFile(dir, "python", ".out") : dir.resolve(e.redirect());
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(e.where() + ": did not finish in 180 s: " + e.text());
        }
        assertEquals(e.expectedExit(), p.exitValue(), e.where() + ": " + e.text() + "\n" + Files.readString(err));
    }

    private static void runSpecverify(Path dir, Example e) throws Exception {
        if (!e.args().isEmpty() && e.args().get(0).equals("gpu")) {
            Assumptions.assumeTrue(OpenCl.probe().available() || System.getenv("CI") != null,
                "no OpenCL device: " + e.where() + " not run");
        }
        CliRun r = CliRun.run(dir, OptimalSchemes.registry(), e.args().toArray(String[]::new));
        assertEquals(e.expectedExit(), r.code(), e.where() + ": " + e.text() + "\n" + r);
        if (e.expectedExit() == 0 || e.expectedExit() == 1) {
            // 0 and 1 are verdicts, printed on standard output
            assertFalse(r.out().isBlank(), "no output from " + e.where() + ": " + e.text() + "\n" + r);
            assertFalse(r.err().contains("\tat "), "stack trace from " + e.where() + ": " + e.text() + "\n" + r);
        } else {
            assertFalse(r.err().isBlank(), "no error message from " + e.where() + ": " + e.text() + "\n" + r);
            assertFalse(r.err().contains("\tat "), "stack trace from " + e.where() + ": " + e.text() + "\n" + r);
        }
        if (e.pipedToJsonTool()) {
            JsonNode n = new ObjectMapper().readTree(r.out());
            assertTrue(n.isObject() || n.isArray(), e.text());
        }
        List<String> printed = r.out().lines().toList();
        for (String line : e.expectedOutput()) {
            if (line.isBlank() || line.matches("[- ]+")) {
                continue; // blank lines, and the rules under headers: their width follows notes elsewhere
            }
            assertTrue(printed.contains(line), e.where() + ": a line shown under ./specverify " + String.join(" ",
                e.args()) + " is no longer printed; paste the current output:\n" + line + "\n--- actual ---\n"
                + r.out());
        }
    }

    @TestFactory
    Stream<DynamicNode> everyCommandOnEveryPageRuns() throws IOException {
        Path root = CliRun.repositoryRoot();
        List<DynamicNode> containers = new ArrayList<>();
        int total = 0;
        for (Page page : pages()) {
            List<Example> examples = examples(page);
            total += examples.size();
            if (examples.isEmpty()) {
                continue;
            }
            Path dir = scratch.resolve(page.name().replace('/', '-'));
            Set<String> written = writtenExamples(examples);
            Set<Path> skip = new LinkedHashSet<>();
            written.forEach(w -> skip.add(root.resolve(w)));
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest(page.name() + ": scratch copy of examples/ and scripts/", () -> {
                Files.createDirectories(dir);
                copyTree(root.resolve("examples"), dir.resolve("examples"), skip);
                copyTree(root.resolve("scripts"), dir.resolve("scripts"), Set.of());
            }));
            for (Example e : examples) {
                tests.add(DynamicTest.dynamicTest(e.where() + ": " + e.text(), () -> {
                    if (e.python()) {
                        runPython(dir, e);
                    } else {
                        runSpecverify(dir, e);
                    }
                }));
            }
            if (!written.isEmpty()) {
                tests.add(DynamicTest.dynamicTest(page.name() + ": the files its commands write are the committed"
                    + " ones " + written, () -> {
                        for (String w : written) {
                            Path made = dir.resolve(w);
                            assertTrue(Files.isRegularFile(made), page.name() + ": no command wrote " + w);
                            assertEquals(-1L, Files.mismatch(root.resolve(w), made), page.name() + ": the documented"
                                + " commands no longer write the committed " + w + " byte for byte");
                        }
                    }));
            }
            containers.add(DynamicContainer.dynamicContainer(page.name(), tests));
        }
        assertTrue(total >= 20, "expected the README and docs/ to show at least 20 commands, found " + total);
        return containers.stream();
    }

    @Test
    void everyShownCommandParses() throws IOException {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (Page page : pages()) {
            for (String command : shownCommands(page)) {
                if (hasPlaceholders(command)) {
                    continue;
                }
                List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
                words.remove(0);
                Cli cli = new Cli(CliRun.repositoryRoot(), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
                try {
                    cli.commandLine().parseArgs(words.toArray(String[]::new));
                    checked++;
                } catch (CommandLine.ParameterException ex) {
                    bad.add(page.name() + ": " + command + ": " + ex.getMessage());
                }
            }
        }
        assertEquals(List.of(), bad, "commands shown on the pages that the command line refuses");
        assertTrue(checked >= 8, "expected at least 8 shown commands, parsed " + checked);
    }

    @Test
    void theCommittedExampleFilesAreWrittenByShownCommands() throws IOException {
        Set<String> written = new LinkedHashSet<>();
        for (Page page : pages()) {
            written.addAll(writtenExamples(examples(page)));
        }
        assertTrue(written.containsAll(List.of("examples/engine/vectors.json", "examples/engine/samples.jsonl",
            "examples/engine/sequence-vectors.json", "examples/engine/steps.jsonl",
            "examples/synthetic-dump.safetensors")), "the pages must show the commands that write the committed"
            + " example files: " + written);
    }

    @Test
    void theMainJobAndTheSchemeListAreAmongTheExamples() throws IOException {
        List<String> commands = examples(readme()).stream().map(e -> String.join(" ", e.args())).toList();
        assertTrue(commands.contains("audit"), "README must show ./specverify audit: " + commands);
        List<String> everywhere = new ArrayList<>();
        for (Page p : pages()) {
            examples(p).forEach(e -> everywhere.add(String.join(" ", e.args())));
        }
        assertTrue(everywhere.contains("schemes"), "the pages must show ./specverify schemes: " + everywhere);
    }

    @Test
    void everyPageIsLinkedFromTheReadme() throws IOException {
        String readme = readme();
        for (Page p : pages()) {
            if (!p.name().equals("README.md")) {
                assertTrue(readme.contains("](" + p.name() + ")"), "README.md does not link " + p.name());
            }
        }
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
        List<org.specverify.reference.sequence.scheme.SequenceScheme> sequence =
            org.specverify.reference.sequence.scheme.SequenceSchemes.reference().all();
        assertEquals(schemes.size() + sequence.size(), rows.size(),
            "one README table row per registered scheme, token then sequence:\n" + rows);
        for (int i = 0; i < schemes.size(); i++) {
            Scheme s = schemes.get(i);
            String[] cells = cells(rows.get(i));
            assertEquals(6, cells.length, rows.get(i));
            assertEquals("`" + s.id() + "`", cells[0], "row " + i);
            assertEquals("token", cells[1], s.id());
            assertEquals(SchemesCommand.markdownDraftLaw(s.draftProcess()), cells[2], s.id());
            assertEquals(Scheme.describeK(s.minK(), s.maxK()), cells[3], s.id());
            assertEquals(s.claimsLossless(), cells[4].startsWith("yes"), s.id() + ": lossless column " + cells[4]);
            assertEquals(s.paper(), cells[5].replace("\\|", "|"), s.id());
        }
        for (int i = 0; i < sequence.size(); i++) {
            org.specverify.reference.sequence.scheme.SequenceScheme s = sequence.get(i);
            String[] cells = cells(rows.get(schemes.size() + i));
            assertEquals(6, cells.length, rows.get(schemes.size() + i));
            assertEquals("`" + s.id() + "`", cells[0], "sequence row " + i);
            assertEquals("sequence", cells[1], s.id());
            assertEquals(s.claimsLossless(), cells[4].startsWith("yes"), s.id() + ": lossless column " + cells[4]);
            assertEquals(s.paper(), cells[5].replace("\\|", "|"), s.id());
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

    /** Every "Rows of `./specverify ...`" sample on every page is printed by its command, run in a scratch copy. */
    @Test
    void sampleOutputIsWhatTheCommandPrints() throws IOException {
        Path root = CliRun.repositoryRoot();
        Path dir = scratch.resolve("samples");
        copyTree(root.resolve("examples"), dir.resolve("examples"), Set.of());
        int samples = 0;
        for (Page page : pages()) {
            Matcher m = Pattern.compile("Rows of `\\./specverify ([^`]+)`[^\n]*\n(?:[^\n]+\n)*?\n```text\n(.*?)\n```",
                Pattern.DOTALL).matcher(page.text());
            while (m.find()) {
                samples++;
                CliRun r = CliRun.run(dir, OptimalSchemes.registry(), m.group(1).strip().split("\\s+"));
                assertEquals(0, r.code(), page.name() + ": " + m.group(1) + "\n" + r);
                List<String> printed = r.out().lines().toList();
                for (String line : m.group(2).split("\n")) {
                    if (line.matches("[- ]+")) {
                        continue; // the rule under the header: its width follows notes elsewhere in the output
                    }
                    assertTrue(printed.contains(line), page.name() + ": sample line no longer printed by ./specverify "
                        + m.group(1) + "; paste the current output:\n" + line + "\n--- actual ---\n" + r.out());
                }
            }
        }
        assertTrue(samples >= 2, "expected the 'Rows of `./specverify ...`' samples of docs/audit.md, found " + samples);
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
