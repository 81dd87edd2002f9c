package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: no Markdown file or source file refers to a path above the repository root or to a
 * note kept in a {@code shared} folder, and every note it cites under {@code proofs-notes/} exists.
 */
class StandsAloneTest {
    private static final Pattern NOTE = Pattern.compile("proofs-notes/([A-Za-z0-9_-]+\\.md)");
    /** A relative path that climbs out of the repository. */
    private static final Pattern ABOVE_ROOT = Pattern.compile("\\.\\./");
    /** A note cited from a shared folder, as in a backticked shared/NAME.md. */
    private static final Pattern SHARED_NOTE = Pattern.compile("`shared/[A-Za-z]+\\.md");

    /** A Markdown link from a page of docs/ to a file one folder up, at the repository root (the README, say). */
    private static final Pattern DOCS_LINK_UP = Pattern.compile("\\]\\(\\.\\./(?!\\.\\./)");

    /**
     * README.md, docs/*.md, proofs-notes/*.md and every .java file under a module's src/ (build outputs are not
     * walked).
     */
    private static List<Path> texts() throws IOException {
        Path root = CliRun.repositoryRoot();
        List<Path> out = new ArrayList<>();
        out.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        try (Stream<Path> notes = Files.list(root.resolve("proofs-notes"))) {
            notes.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(d -> Files.isDirectory(d.resolve("src"))).sorted().toList()) {
                try (Stream<Path> src = Files.walk(m.resolve("src"))) {
                    src.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".md")).sorted()
                        .forEach(out::add);
                }
            }
        }
        return out;
    }

    @Test
    void nothingPointsOutsideTheRepositoryForItsDomainNotes() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files = texts();
        assertTrue(files.size() > 100, "walked only " + files.size() + " files");
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (f.getParent().equals(CliRun.repositoryRoot().resolve("docs"))) {
                text = DOCS_LINK_UP.matcher(text).replaceAll("](");  // one folder up from docs/ is the root
            }
            for (Pattern outside : new Pattern[] {ABOVE_ROOT, SHARED_NOTE}) {
                Matcher m = outside.matcher(text);
                if (m.find()) {
                    found.add(CliRun.repositoryRoot().relativize(f) + " refers outside the repository: " + m.group());
                }
            }
        }
        assertEquals(List.of(), found, "cite proofs-notes/domain.md instead");
    }

    @Test
    void everyCitedNoteExists() throws IOException {
        Path notes = CliRun.repositoryRoot().resolve("proofs-notes");
        assertTrue(Files.isRegularFile(notes.resolve("domain.md")), "proofs-notes/domain.md is missing");
        List<String> missing = new ArrayList<>();
        for (Path f : texts()) {
            Matcher m = NOTE.matcher(Files.readString(f, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!Files.isRegularFile(notes.resolve(m.group(1)))) {
                    missing.add(CliRun.repositoryRoot().relativize(f) + " cites " + m.group());
                }
            }
        }
        assertEquals(List.of(), missing, "cited notes that do not exist");
    }
}
