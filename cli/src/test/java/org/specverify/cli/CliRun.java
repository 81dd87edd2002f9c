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

    /** Runs from the repository root. */
    static CliRun atRoot(String... args) {
        return run(repositoryRoot(), args);
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

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
