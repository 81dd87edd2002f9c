package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.InvalidInputException;

/** {@link AtomicFile}: a file appears whole on commit, and an abandoned write leaves the old file and no debris. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void anAbandonedWriteLeavesTheOldFile() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old\n");
        try (AtomicFile f = AtomicFile.create(target)) {
            f.writer().write("new, half written");
            f.writer().flush();
            assertEquals("old\n", Files.readString(target));
        }
        assertEquals("old\n", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "a temporary file is left");
        }
    }

    @Test
    void aCommitReplacesTheFileWhole() throws IOException {
        Path target = dir.resolve("sub/out.csv");
        try (AtomicFile f = AtomicFile.create(target)) {
            f.writer().write("new\n");
            f.commit();
        }
        assertEquals("new\n", Files.readString(target));
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target),
            "the file has the permissions of any new file");
        AtomicFile.writeString(target, "again\n");
        assertEquals("again\n", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void unwritableOutputsAreRefusedNamingThePath() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        Files.createDirectories(dir.resolve("d"));
        assertTrue(assertThrows(InvalidInputException.class, () -> AtomicFile.checkWritable(dir.resolve("d"),
            "--out d")).getMessage().startsWith("--out d: is a directory"));
        assertTrue(assertThrows(InvalidInputException.class, () -> AtomicFile.checkDirectory(dir.resolve("file"),
            "--report file")).getMessage().startsWith("--report file: exists and is not a directory"));
        assertTrue(assertThrows(InvalidInputException.class, () -> AtomicFile.checkWritable(
            dir.resolve("file/x.csv"), "--out file/x.csv")).getMessage().contains("is not a directory"));
        Files.createDirectories(dir.resolve("e"));
        String upAndDown = String.join("/", "e", "x", "..", "..", "file", "y.csv");  // e/x, up twice, then file/y.csv
        assertTrue(assertThrows(InvalidInputException.class, () -> AtomicFile.checkWritable(
            dir.resolve(upAndDown), "--out " + upAndDown)).getMessage()
            .contains("is not a directory"));
        AtomicFile.checkWritable(dir.resolve("new/deeper/x.csv"), "--out new/deeper/x.csv");
        assertTrue(!Files.exists(dir.resolve("new")), "the check creates nothing");
    }
}
