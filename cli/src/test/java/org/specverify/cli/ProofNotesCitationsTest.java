package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test a proof note cites as {@code `Class#method`} (a class named *Test, *Properties or *Examples) exists in
 * some module's sources with that method, or, for a scheme suite, in the contract it implements; so a note never
 * points at a check that moved or vanished.
 */
class ProofNotesCitationsTest {
    private static final Pattern CITE = Pattern.compile("`([A-Z]\\w*(?:Test|Properties|Examples))#(\\w+)`");

    @Test
    void everyCitedTestExists() throws IOException {
        Path root = CliRun.repositoryRoot();
        Map<String, StringBuilder> sources = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
                && !p.toString().contains("/target/")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                sources.computeIfAbsent(name, k -> new StringBuilder()).append(Files.readString(f,
                    StandardCharsets.UTF_8));
            }
        }
        String contract = sources.getOrDefault("SchemeContract", new StringBuilder()).toString();
        List<String> broken = new ArrayList<>();
        int cited = 0;
        try (Stream<Path> notes = Files.list(root.resolve("proofs-notes"))) {
            for (Path n : notes.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = CITE.matcher(Files.readString(n, StandardCharsets.UTF_8));
                while (m.find()) {
                    cited++;
                    StringBuilder src = sources.get(m.group(1));
                    Pattern method = Pattern.compile("\\b" + m.group(2) + "\\s*\\(");
                    boolean found = src != null && (method.matcher(src).find()
                        || src.indexOf("SchemeContract") >= 0 && method.matcher(contract).find());
                    if (!found) {
                        broken.add(n.getFileName() + ": " + m.group(1) + "#" + m.group(2));
                    }
                }
            }
        }
        assertTrue(cited > 100, "only " + cited + " test citations found");
        assertTrue(broken.isEmpty(), "proof notes cite tests that do not exist: " + broken);
    }
}
