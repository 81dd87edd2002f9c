package org.specverify.properties.engine;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.specverify.reference.InvalidInputException;

/**
 * The lines of a samples file, strictly UTF-8, gzip read transparently. A stream that starts with the gzip magic bytes
 * (1f 8b) is decompressed whatever the file is called; lines end at '\n' (a '\r' before it is dropped). An invalid UTF-8
 * sequence is an {@link InvalidInputException} naming the line, the byte offset in the line and in the (decompressed)
 * stream, and the bytes; a corrupt gzip stream, a directory, a missing or unreadable file likewise name what is wrong.
 * Nothing is replaced or skipped. Not thread-safe.
 */
public final class SampleInput implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final String shown;
    private final boolean gzip;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER];
    private int bufferPos;
    private int bufferEnd;
    private byte[] line = new byte[256];
    private long lineNumber;
    private long offset;
    private boolean eof;

    private SampleInput(InputStream raw, String shown) throws IOException {
        this.shown = shown;
        BufferedInputStream b = new BufferedInputStream(raw, BUFFER);
        b.mark(2);
        int b0 = b.read();
        int b1 = b0 < 0 ? -1 : b.read();
        b.reset();
        this.gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream s = b;
        if (gzip) {
            try {
                s = new GZIPInputStream(b, BUFFER);
            } catch (ZipException e) {
                throw new InvalidInputException(shown + ": starts like gzip (bytes 1f 8b) but is not a valid gzip"
                    + " stream: " + e.getMessage());
            }
        }
        this.in = s;
    }

    /**
     * Opens a file.
     *
     * @param shown the name used in messages (as the user wrote it)
     * @throws InvalidInputException when the file is missing, a directory, unreadable, or a corrupt gzip stream
     */
    public static SampleInput open(Path file, String shown) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(shown + ": is a directory; --samples takes one JSON-lines file (or '-'"
                + " for standard input); to check several files, concatenate them: cat DIR/*.jsonl | specverify"
                + " check --samples - ...");
        }
        if (!Files.exists(file)) {
            throw new InvalidInputException(shown + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(shown + ": permission denied");
        }
        try {
            // a FileInputStream, not a channel: pipes and FIFOs (/dev/fd/N, <(...)) cannot seek
            return new SampleInput(new java.io.FileInputStream(file.toFile()), shown);
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a stream (standard input); {@code shown} names it in messages. */
    public static SampleInput of(InputStream in, String shown) {
        try {
            return new SampleInput(in, shown);
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The name used in messages. */
    public String shown() {
        return shown;
    }

    /** Whether the stream was gzip-compressed. */
    public boolean gzip() {
        return gzip;
    }

    /** The number of the last line returned (1-based). */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its terminator, or null at the end.
     *
     * @throws InvalidInputException for invalid UTF-8 (naming the line and the byte offsets) or a read error
     */
    public String readLine() {
        if (!readLineBytes()) {
            return null;
        }
        return text(line, 0, lineLength, lineStartOfLast);
    }

    /** The length of the line last read by {@link #readLineBytes} into {@link #line}, without its terminator. */
    private int lineLength;
    /** The stream offset of its first byte. */
    private long lineStartOfLast;

    /** Reads the next line's bytes into {@link #line} (counting it); false at the end. */
    private boolean readLineBytes() {
        if (eof) {
            return false;
        }
        long lineStart = offset;
        int len = 0;
        boolean any = false;
        try {
            while (true) {
                if (bufferPos == bufferEnd) {
                    int n = in.read(buffer, 0, BUFFER);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    bufferPos = 0;
                    bufferEnd = n;
                }
                any = true;
                // copy up to the next '\n' (or the end of the buffer) at once
                int from = bufferPos;
                int nl = from;
                while (nl < bufferEnd && buffer[nl] != '\n') {
                    nl++;
                }
                int chunk = nl - from;
                if (len + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, len + chunk));
                }
                System.arraycopy(buffer, from, line, len, chunk);
                len += chunk;
                if (nl < bufferEnd) {
                    bufferPos = nl + 1;
                    offset += chunk + 1;
                    break;
                }
                bufferPos = nl;
                offset += chunk;
            }
        } catch (ZipException e) {
            throw new InvalidInputException(shown + ": corrupt gzip stream after line " + lineNumber + ": "
                + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(shown + ": the gzip stream ends early (truncated file?) after line "
                + lineNumber);
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot read after line " + lineNumber + ": " + e.getMessage(),
                e);
        }
        if (eof && !any) {
            return false;
        }
        lineNumber++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        lineLength = len;
        lineStartOfLast = lineStart;
        return true;
    }

    /**
     * Reads the next line into {@code s}: lines of the usual shape straight from the bytes
     * ({@link SampleLine#parseFast}), any other line decoded as {@link #readLine} does and given to
     * {@link SampleLine#parse}, so errors (invalid UTF-8 first, then the line's JSON) are the same as with
     * {@code s.parse(readLine(), ...)}. Returns false at the end.
     *
     * @throws InvalidInputException for invalid UTF-8, a read error, or a line {@link SampleLine#parse} rejects
     */
    public boolean next(SampleLine s) {
        if (eof) {
            return false;
        }
        // the common case: a line of the usual shape, '\n' included, already in the buffer: parsed in one pass
        int from = bufferPos;
        int end = bufferEnd;
        byte[] buf = buffer;
        int fast = s.parseFastToNewline(buf, from, end);
        if (fast >= 0) {
            bufferPos = fast + 1;
            offset += fast + 1 - from;
            lineNumber++;
            return true;
        }
        int nl = from;
        while (nl < end && buf[nl] != '\n') {
            nl++;
        }
        if (nl < end) {
            long lineStart = offset;
            bufferPos = nl + 1;
            offset += nl + 1 - from;
            lineNumber++;
            int to = nl > from && buf[nl - 1] == '\r' ? nl - 1 : nl;
            s.parse(text(buf, from, to - from, lineStart), lineNumber, shown);
            return true;
        }
        // a line across buffer refills, or the last line without '\n': through the copying reader
        if (!readLineBytes()) {
            return false;
        }
        if (!s.parseFast(line, 0, lineLength)) {
            s.parse(text(line, 0, lineLength, lineStartOfLast), lineNumber, shown);
        }
        return true;
    }

    /** The text of a line's bytes: Latin-1 when plain ASCII, otherwise strict UTF-8 (errors name the line). */
    private String text(byte[] bytes, int from, int len, long lineStart) {
        for (int i = from; i < from + len; i++) {
            if (bytes[i] < 0) {
                return decode(bytes, from, len, lineStart);
            }
        }
        return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
    }

    private String decode(byte[] src, int from, int len, long lineStart) {
        ByteBuffer bytes = ByteBuffer.wrap(src, from, len).slice();
        CharBuffer chars = CharBuffer.allocate(len);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            int at = bytes.position();
            StringBuilder hex = new StringBuilder();
            for (int i = at; i < Math.min(len, at + Math.max(1, r.length())); i++) {
                hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", src[from + i] & 0xff));
            }
            throw new InvalidInputException(shown + ": line " + lineNumber + ", byte " + (at + 1) + " of the line"
                + " (byte offset " + (lineStart + at) + (gzip ? " of the decompressed stream" : " in the file")
                + "): invalid UTF-8 (bytes " + hex + "); samples must be UTF-8 text");
        }
        chars.flip();
        return chars.toString();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }
}
