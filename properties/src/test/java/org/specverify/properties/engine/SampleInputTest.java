package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.InvalidInputException;

class SampleInputTest {
    static List<String> lines(byte[] bytes) {
        List<String> out = new ArrayList<>();
        try (SampleInput in = SampleInput.of(new ByteArrayInputStream(bytes), "t")) {
            String l;
            while ((l = in.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void linesAsBufferedReaderReadsThem() {
        assertEquals(List.of("a", "b\u00e9", "", "c"), lines("a\r\nb\u00e9\n\nc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), lines(new byte[0]));
        assertEquals(List.of("x"), lines("x\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void gzipIsDetectedByItsMagicBytes() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("one", "two"), lines(b.toByteArray()));
        byte[] truncated = java.util.Arrays.copyOf(b.toByteArray(), b.size() - 6);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> lines(truncated));
        assertTrue(e.getMessage().startsWith("t: "), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheLineAndTheByte() {
        byte[] bad = {'o', 'k', '\n', 'a', 'b', (byte) 0xff, 'c', '\n'};
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> lines(bad));
        assertEquals("t: line 2, byte 3 of the line (byte offset 5 in the file): invalid UTF-8 (bytes ff); samples"
            + " must be UTF-8 text", e.getMessage());
    }

    @Test
    void aDirectoryOrAMissingFileIsNamed(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(InvalidInputException.class, () -> SampleInput.open(dir, "d")).getMessage()
            .startsWith("d: is a directory"));
        assertEquals("m: no such file", assertThrows(InvalidInputException.class,
            () -> SampleInput.open(dir.resolve("m"), "m")).getMessage());
        Files.writeString(dir.resolve("f"), "z");
        try (SampleInput in = SampleInput.open(dir.resolve("f"), "f")) {
            assertEquals("z", in.readLine());
            assertNull(in.readLine());
        }
    }

    /** A named pipe cannot seek: it is read as a stream (the shell's {@code <(...)} gives one). */
    @Test
    void aNamedPipeIsRead(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mkfifo").canExecute()
            || new java.io.File("/bin/mkfifo").canExecute(), "no mkfifo here");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "p1\np2\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        List<String> got = new ArrayList<>();
        try (SampleInput in = SampleInput.open(fifo, "fifo")) {
            String l;
            while ((l = in.readLine()) != null) {
                got.add(l);
            }
        }
        writer.join(10_000);
        assertEquals(List.of("p1", "p2"), got);
    }
}
