package org.specverify.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.specverify.reference.InvalidInputException;

/**
 * One output file written whole or not at all: the bytes go to a temporary file in the target's own directory, and
 * {@link #commit} renames it over the target atomically; {@link #close} without a commit deletes the temporary file and
 * leaves whatever was there before untouched. Every writer of the command line and of the reports goes through it, so
 * a rejected input, an error or Ctrl-C never leaves a truncated file behind. {@link #checkWritable} and
 * {@link #checkDirectory} refuse an output that cannot be written before any work starts.
 */
public final class AtomicFile implements Closeable {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final Path target;
    private final Path temporary;
    private final OutputStream stream;
    private Writer writer;
    private boolean done;

    private AtomicFile(Path target) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile, whose owner-only permissions the renamed file would keep: the file gets the
        // permissions any new file gets (the umask's)
        Path tmp;
        OutputStream s;
        while (true) {
            tmp = dir.resolve("." + this.target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".part");
            try {
                s = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another writer's temporary file: draw another name
            }
        }
        this.temporary = tmp;
        this.stream = s;
    }

    /** Starts writing {@code target} (its directory is created when missing). */
    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(target);
    }

    /** The final path. */
    public Path target() {
        return target;
    }

    /** The bytes, into the temporary file. */
    public OutputStream stream() {
        return stream;
    }

    /** A buffered UTF-8 writer over {@link #stream} (one per file). */
    public Writer writer() {
        if (writer == null) {
            writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        }
        return writer;
    }

    /** Closes the temporary file and renames it over the target. */
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException(target + " is already committed or abandoned");
        }
        done = true;
        try {
            if (writer != null) {
                writer.close();
            } else {
                stream.close();
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Abandons the file unless it was committed: the temporary file is deleted, the target left as it was. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            stream.close();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (AtomicFile f = create(target)) {
            f.stream().write(bytes);
            f.commit();
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses, before any work, an output file that cannot be written: {@code file} is a directory, or its nearest
     * existing ancestor is not a directory, or no file can be created there.
     *
     * @param what how the user named it ("--per-position pos.csv"), the start of the message
     * @throws InvalidInputException naming the option and the path
     */
    public static void checkWritable(Path file, String what) {
        Path f = file.toAbsolutePath().normalize();
        if (Files.isDirectory(f)) {
            throw new InvalidInputException(what + ": is a directory; give a file name");
        }
        if (Files.exists(f) && !Files.isWritable(f)) {
            throw new InvalidInputException(what + ": the file exists and is not writable");
        }
        checkCreatable(f.getParent(), what);
    }

    /**
     * Refuses, before any work, an output directory that cannot be written: {@code dir} exists and is not a directory,
     * or files cannot be created in it (or in its nearest existing ancestor, when it does not exist yet).
     *
     * @param what how the user named it ("--report out"), the start of the message
     */
    public static void checkDirectory(Path dir, String what) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new InvalidInputException(what + ": exists and is not a directory");
        }
        checkCreatable(d, what);
    }

    private static void checkCreatable(Path dir, String what) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidInputException(what + ": cannot be created, "
                + (existing == null ? "no existing folder above it" : existing + " is not a directory"));
        }
        try {
            Path probe = Files.createTempFile(existing, ".specverify-write-check.", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new InvalidInputException(what + ": cannot write in " + existing + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** An {@link IOException} as the unchecked error of writing {@code what}. */
    public static UncheckedIOException failed(String what, IOException e) {
        return new UncheckedIOException("writing " + what + ": " + e.getMessage(), e);
    }
}
