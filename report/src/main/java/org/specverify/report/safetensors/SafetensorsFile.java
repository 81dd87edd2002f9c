package org.specverify.report.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.specverify.reference.InvalidInputException;

/**
 * A safetensors file, read without loading its data: the header is parsed and checked whole, then rows are read on
 * demand with positional reads ({@link #readRow}), so memory stays bounded whatever the number of rows. Safe to read
 * rows from several threads at once.
 *
 * <p>The format: 8 bytes, the little-endian length n of the header; n bytes of UTF-8 JSON mapping each tensor name to
 * {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the data that follows the header), plus an optional
 * "__metadata__" object of strings; then the data, little-endian.
 *
 * <p>Refused, each with the file, the tensor and what is wrong named ({@link InvalidInputException}): a file shorter
 * than its 8-byte length or its header; a header above {@link #MAX_HEADER_BYTES}; a header that is not one UTF-8 JSON
 * object (a second document or trailing bytes other than spaces, which the format pads with, included); a dtype other
 * than F32, F16 and BF16 (another known one is named as unsupported); a shape that is not a list of non-negative
 * integers; offsets that are not [begin, end] with begin ≤ end; a byte count other than the shape's element count
 * times the dtype's size; data past the end of the file; two tensors whose bytes overlap.
 */
public final class SafetensorsFile implements Closeable {
    /** The largest header read: 100 MiB (the reference implementation's limit is the same order). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    /** Element types: floating rows (F32, F16, BF16) and integer token ids (I32, I64, read by {@link #readIntegers}). */
    public enum DType {
        F32(4), F16(2), BF16(2), I32(4), I64(8);

        private final int size;

        DType(int size) {
            this.size = size;
        }

        public int size() {
            return size;
        }

        /** Whether the type holds integers (token ids), not floating rows. */
        public boolean isInteger() {
            return this == I32 || this == I64;
        }

        /** The unit roundoff of the type: 2^-24, 2^-11, 2^-8. */
        public double unitRoundoff() {
            return switch (this) {
                case F32 -> 0x1p-24;
                case F16 -> 0x1p-11;
                case BF16 -> 0x1p-8;
                case I32, I64 -> 0;
            };
        }

        /** Half the spacing of the subnormals (the largest absolute rounding error near zero). */
        public double subnormalHalfSpacing() {
            return switch (this) {
                case F32 -> 0x1p-150;
                case F16 -> 0x1p-25;
                case BF16 -> 0x1p-134;
                case I32, I64 -> 0;
            };
        }
    }

    private static final List<String> KNOWN_UNSUPPORTED = List.of("F64", "F8_E4M3", "F8_E5M2", "I16",
        "I8", "U64", "U32", "U16", "U8", "BOOL", "C64", "F4", "F6_E2M3", "F6_E3M2", "E8M0", "F8_E8M0");

    /**
     * One tensor of the header.
     *
     * @param name its name
     * @param dtype its element type
     * @param shape its shape
     * @param begin the first byte in the file (absolute)
     * @param end one past the last byte in the file (absolute)
     */
    public record Tensor(String name, DType dtype, long[] shape, long begin, long end) {
        /** The number of elements. */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        /** The shape as "[3, 128256]". */
        public String shapeText() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < shape.length; i++) {
                b.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return b.append(']').toString();
        }
    }

    private final Path path;
    private final String label;
    private final FileChannel channel;
    private final long size;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, String label, FileChannel channel, long size, Map<String, Tensor> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.label = label;
        this.channel = channel;
        this.size = size;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and checks a file.
     *
     * @param label the file's name in messages (as the user wrote it)
     */
    public static SafetensorsFile open(Path path, String label) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(label + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            long size = ch.size();
            if (size < 8) {
                throw bad(label, "the file has " + size + " bytes, fewer than the 8 of the header length: truncated,"
                    + " or not a safetensors file");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.getLong(0);
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw bad(label, "the header claims " + Long.toUnsignedString(n) + " bytes, above the limit of "
                    + MAX_HEADER_BYTES + " (100 MiB): not a safetensors file, or a corrupt one");
            }
            if (8 + n > size) {
                throw bad(label, "the header claims " + n + " bytes but the file has only " + (size - 8)
                    + " after the length: truncated");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
            } catch (CharacterCodingException e) {
                throw bad(label, "the header is not valid UTF-8");
            }
            long dataStart = 8 + n;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Tensor> tensors = parseHeader(label, json, dataStart, size, metadata);
            return new SafetensorsFile(path, label, ch, size, tensors, metadata);
        } catch (IOException e) {
            close(ch);
            throw new InvalidInputException(label + ": cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    private static Map<String, Tensor> parseHeader(String label, String json, long dataStart, long size,
                                                   Map<String, String> metadata) {
        ObjectMapper om = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        om.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        JsonNode root;
        try (JsonParser parser = om.getFactory().createParser(json)) {
            root = om.readTree(parser);
            if (root == null) {
                throw bad(label, "the header is empty (it must be a JSON object)");
            }
            if (parser.nextToken() != null) {
                throw bad(label, "the header has more after its JSON object (a second document?): only one object"
                    + " is allowed, padded with spaces");
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            String why = msg.startsWith("Duplicate field") ? "a tensor name appears twice (" + msg + ")"
                : "it is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw bad(label, "the header cannot be read: " + why);
        } catch (IOException e) {
            throw bad(label, "the header cannot be read: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw bad(label, "the header must be a JSON object of tensors, found " + root.getNodeType()
                .toString().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode t = e.getValue();
            if (name.equals("__metadata__")) {
                if (!t.isObject()) {
                    throw bad(label, "__metadata__ must be an object of strings");
                }
                t.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String tn = "tensor '" + printable(name) + "'";
            if (!t.isObject()) {
                throw bad(label, tn + ": must be an object with dtype, shape and data_offsets");
            }
            JsonNode dt = t.get("dtype");
            if (dt == null || !dt.isTextual()) {
                throw bad(label, tn + ": no dtype string");
            }
            DType dtype;
            try {
                dtype = DType.valueOf(dt.asText());
            } catch (IllegalArgumentException unknown) {
                throw bad(label, tn + ": dtype " + dt.asText()
                    + (KNOWN_UNSUPPORTED.contains(dt.asText()) ? " is not supported" : " is unknown")
                    + " (supported: F32, F16, BF16 for rows; I32, I64 for token ids)");
            }
            JsonNode sh = t.get("shape");
            if (sh == null || !sh.isArray()) {
                throw bad(label, tn + ": no shape list");
            }
            long[] shape = new long[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = sh.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                    throw bad(label, tn + ": shape entry " + i + " is " + d + ", not a non-negative integer");
                }
                shape[i] = d.asLong();
            }
            JsonNode off = t.get("data_offsets");
            if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).canConvertToLong()
                || !off.get(1).canConvertToLong() || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()) {
                throw bad(label, tn + ": data_offsets must be [begin, end], two integers");
            }
            long b = off.get(0).asLong();
            long en = off.get(1).asLong();
            if (b < 0 || en < b) {
                throw bad(label, tn + ": data_offsets [" + b + ", " + en + "] do not make a range (need 0 <= begin"
                    + " <= end)");
            }
            long elements;
            try {
                elements = 1;
                for (long d : shape) {
                    elements = Math.multiplyExact(elements, d);
                }
                Math.multiplyExact(elements, dtype.size());
            } catch (ArithmeticException overflow) {
                throw bad(label, tn + ": shape " + java.util.Arrays.toString(shape) + " is too large");
            }
            if (en - b != elements * dtype.size()) {
                throw bad(label, tn + ": the header lies about its size: shape " + java.util.Arrays.toString(shape)
                    + " of " + dtype + " needs " + elements * dtype.size() + " bytes, data_offsets [" + b + ", " + en
                    + "] give " + (en - b));
            }
            if (dataStart + en > size) {
                throw bad(label, tn + ": data_offsets [" + b + ", " + en + "] reach byte " + (dataStart + en)
                    + " of a file of " + size + " bytes: truncated, or the header lies about offsets");
            }
            out.put(name, new Tensor(name, dtype, shape, dataStart + b, dataStart + en));
        }
        List<Tensor> sorted = new ArrayList<>(out.values());
        sorted.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        for (int i = 1; i < sorted.size(); i++) {
            Tensor a = sorted.get(i - 1);
            Tensor c = sorted.get(i);
            if (c.begin() < a.end() && c.end() > c.begin() && a.end() > a.begin()) {
                throw bad(label, "tensors '" + printable(a.name()) + "' and '" + printable(c.name())
                    + "' overlap: bytes [" + (c.begin() - dataStart) + ", " + Math.min(a.end(), c.end()) + ") of the"
                    + " data belong to both");
            }
        }
        return out;
    }

    /** A name with control characters shown as \\uXXXX, for one-line messages. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static InvalidInputException bad(String label, String what) {
        return new InvalidInputException(label + ": " + what);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        long pos = at;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    public Path path() {
        return path;
    }

    public String label() {
        return label;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor of this name, or an error naming the file and the tensors it has. */
    public Tensor require(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw bad(label, "no tensor '" + name + "' (the file has " + (tensors.isEmpty() ? "none"
                : String.join(", ", tensors.keySet().stream().map(SafetensorsFile::printable).toList())) + ")");
        }
        return t;
    }

    /**
     * Reads {@code count} consecutive elements starting at element {@code first} of the tensor into {@code out},
     * widened to double exactly.
     *
     * @param scratch a buffer of at least count × dtype size bytes, reused between calls (one per thread)
     */
    public void readRow(Tensor t, long first, int count, double[] out, ByteBuffer scratch) {
        if (t.dtype().isInteger()) {
            throw new InvalidInputException(label + ": tensor '" + printable(t.name()) + "' has dtype " + t.dtype()
                + "; its rows must be F32, F16 or BF16 (probabilities or logits)");
        }
        ByteBuffer buf = read(t, first, count, scratch);
        switch (t.dtype()) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = buf.getFloat(i * 4);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = halfToFloat(buf.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((buf.getShort(i * 2) & 0xffff) << 16);
                }
            }
            default -> throw new AssertionError(t.dtype());
        }
    }

    /**
     * Reads {@code count} consecutive integers of an I32 or I64 tensor starting at element {@code first}.
     *
     * @param scratch a buffer of at least count × 8 bytes, reused between calls
     * @throws InvalidInputException for a tensor of a floating dtype (naming it)
     */
    public void readIntegers(Tensor t, long first, int count, long[] out, ByteBuffer scratch) {
        if (!t.dtype().isInteger()) {
            throw new InvalidInputException(label + ": tensor '" + printable(t.name()) + "' has dtype " + t.dtype()
                + "; token ids must be I32 or I64");
        }
        ByteBuffer buf = read(t, first, count, scratch);
        for (int i = 0; i < count; i++) {
            out[i] = t.dtype() == DType.I32 ? buf.getInt(i * 4) : buf.getLong(i * 8);
        }
    }

    /** The bytes of {@code count} elements of the tensor from element {@code first}, in scratch, little-endian. */
    private ByteBuffer read(Tensor t, long first, int count, ByteBuffer scratch) {
        int bytes = count * t.dtype().size();
        ByteBuffer buf = scratch.clear().limit(bytes);
        try {
            readFully(channel, buf, t.begin() + first * t.dtype().size());
        } catch (IOException e) {
            throw new InvalidInputException(label + ": tensor '" + printable(t.name()) + "' cannot be read at element "
                + first + " (" + e.getMessage() + ")");
        }
        buf.flip().order(ByteOrder.LITTLE_ENDIAN);
        return buf;
    }

    /** IEEE binary16 to float, exactly (subnormals, infinities and NaN included). */
    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }

    @Override
    public void close() {
        close(channel);
    }
}
