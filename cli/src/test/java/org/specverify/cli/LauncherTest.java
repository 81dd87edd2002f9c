package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./specverify} launcher, run in a copy of the repository's launcher beside stand-ins for {@code mvn} (which
 * logs each build, waits, and writes the jar) and {@code java} (which prints its arguments): through a symbolic link it
 * builds and runs in the real tree, and two first runs at once build once, the second waiting for the first.
 */
class LauncherTest {
    @TempDir
    Path dir;
    private Path tree;
    private Path bin;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        tree = Files.createDirectories(dir.resolve("repo"));
        Files.copy(CliRun.repositoryRoot().resolve("specverify"), tree.resolve("specverify"));
        Files.createDirectories(tree.resolve("cli/src/main"));
        Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
        bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("mvn"), "#!/bin/bash\necho \"build in $PWD\" >> \"" + dir.resolve("builds.log")
            + "\"\nsleep 2\nmkdir -p cli/target && echo jar > cli/target/specverify.jar\n");
        script(bin.resolve("java"), "#!/bin/bash\necho \"java $*\"\n");
        executable(tree.resolve("specverify"));
    }

    private static void script(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        executable(p);
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Process start(Path launcher, Path workingDirectory) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", launcher.toString(), "--version")
            .directory(workingDirectory.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        return pb.start();
    }

    private static String finish(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private List<String> builds() throws IOException {
        Path log = dir.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
    }

    @Test
    void throughASymbolicLinkItBuildsAndRunsInTheRealTree() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("sv"), tree.resolve("specverify"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("sv2"), link);
        String out = finish(start(linkToLink, dir));
        assertTrue(out.contains("java -jar " + tree.toRealPath() + "/cli/target/specverify.jar --version"), out);
        assertEquals(List.of("build in " + tree.toRealPath()), builds());
        assertTrue(!Files.exists(elsewhere.resolve("cli")), "built in the link's folder");
    }

    @Test
    void twoFirstRunsAtOnceBuildOnce() throws Exception {
        Process a = start(tree.resolve("specverify"), dir);
        Thread.sleep(300);
        Process b = start(tree.resolve("specverify"), dir);
        String outA = finish(a);
        String outB = finish(b);
        assertTrue(outA.contains("java -jar") && outB.contains("java -jar"), outA + "\n" + outB);
        assertEquals(1, builds().size(), "builds: " + builds() + "\n" + outA + "\n" + outB);
        assertTrue(!Files.exists(tree.resolve(".specverify-build.lock")), "the lock is left behind");
    }
}
