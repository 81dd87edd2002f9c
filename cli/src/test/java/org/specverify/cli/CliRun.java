package org.specverify.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.specverify.reference.scheme.Schemes;

/** One in-process run of the command line: exit code, standard output and standard error. */
record CliRun(int code, String out, String err) {
    static CliRun run(Path workingDirectory, Schemes registry, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new Cli(workingDirectory, o, e, registry, false).run(args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun run(Path workingDirectory, String... args) {
        return run(workingDirectory, Schemes.reference(), args);
    }

    /**
     * Runs as from the repository root, in a temporary copy of it: a folder whose entries are symbolic links to the
     * root's (examples/, README.md, ...), so every input is found, while every output a command writes by a relative
     * path (the studies' audit-report/, a vectors file) lands in the temporary folder, never in the repository. The
     * folder is deleted when the JVM exits.
     */
    static CliRun atRoot(String... args) {
        return run(sandbox(), args);
    }

    private static Path sandbox;

    /** The temporary stand-in for the repository root (see {@link #atRoot}). */
    static synchronized Path sandbox() {
        if (sandbox == null) {
            try {
                Path root = repositoryRoot();
                Path dir = Files.createTempDirectory("specverify-cli-test-");
                try (java.util.stream.Stream<Path> entries = Files.list(root)) {
                    for (Path e : (Iterable<Path>) entries::iterator) {
                        String name = e.getFileName().toString();
                        if (!name.equals("audit-report") && !name.equals(".git")) {
                            Files.createSymbolicLink(dir.resolve(name), e);
                        }
                    }
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                sandbox = dir;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return sandbox;
    }

    /** Deletes a folder and what it holds, removing symbolic links without following them. */
    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
            // best effort at exit
        }
    }

    /** The repository root: the nearest directory above the working directory with README.md and a reactor pom. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("cli"))
                && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (README.md, cli/, pom.xml) above "
            + Path.of("").toAbsolutePath());
    }

    /**
     * Runs {@code python3 scripts/SCRIPT --out OUT} at the repository root and asserts that it exits 0 and writes
     * exactly the committed {@code example}; without python3 the test is aborted (it fails in CI, where python3 must
     * be there).
     */
    static void assertScriptWritesExample(String script, String example, Path out) throws Exception {
        Path root = repositoryRoot();
        ProcessBuilder pb = new ProcessBuilder("python3", "scripts/" + script, "--out", out.toString())
            .directory(root.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException noPython) {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CI") == null,
                "python3 is needed in CI: " + noPython);
            org.junit.jupiter.api.Assumptions.abort("python3 not found: " + noPython.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertEquals(0, p.waitFor(), log);
        org.junit.jupiter.api.Assertions.assertEquals(-1L, Files.mismatch(root.resolve(example), out),
            "the script no longer writes the committed example file");
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
