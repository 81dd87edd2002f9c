package org.specverify.report.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.InvalidInputException;

/** The safetensors reader: what it reads, and one test per malformed file it must refuse with a clear message. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    /** A file from a header text and data bytes. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private String refused(byte[] bytes) throws IOException {
        Path p = write("bad.safetensors", bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> SafetensorsFile.open(p, "bad.safetensors").close());
        assertTrue(e.getMessage().startsWith("bad.safetensors: "), e.getMessage());
        return e.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message lacks '" + part + "': " + message);
        }
    }

    @Test
    void readsF32F16AndBf16Rows() throws IOException {
        ByteBuffer half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        half.putShort((short) 0x3c00).putShort((short) 0x3800).putShort((short) 0x0001).putShort((short) 0xc000);
        ByteBuffer bf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        bf.putShort((short) 0x3f80).putShort((short) 0x3e80);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(floats(0.25f, 0.75f));
        data.write(half.array());
        data.write(bf.array());
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[8,16]},"
            + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[16,20]},"
            + "\"__metadata__\":{\"synthetic\":\"true\"}}   ";
        Path p = write("ok.safetensors", file(header, data.toByteArray()));
        try (SafetensorsFile f = SafetensorsFile.open(p, "ok.safetensors")) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(64);
            double[] out = new double[4];
            f.readRow(f.require("a"), 0, 2, out, scratch);
            assertArrayEquals(new double[] {0.25, 0.75}, Arrays.copyOf(out, 2));
            f.readRow(f.require("b"), 0, 4, out, scratch);
            assertArrayEquals(new double[] {1.0, 0.5, 0x1p-24, -2.0}, out);
            f.readRow(f.require("c"), 0, 2, out, scratch);
            assertArrayEquals(new double[] {1.0, 0.25}, Arrays.copyOf(out, 2));
            assertEquals("true", f.metadata().get("synthetic"));
        }
    }

    @Test
    void truncatedBeforeTheHeaderLength() throws IOException {
        contains(refused(new byte[] {1, 2, 3}), "fewer than the 8 of the header length", "truncated");
    }

    @Test
    void truncatedInsideTheHeader() throws IOException {
        byte[] ok = file("{}", new byte[0]);
        contains(refused(Arrays.copyOf(ok, ok.length - 1)), "the header claims 2 bytes", "truncated");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] ok = file("{\"target\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", floats(0.5f, 0.5f));
        contains(refused(Arrays.copyOf(ok, ok.length - 3)), "tensor 'target'", "truncated, or the header lies");
    }

    @Test
    void oversizedHeader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1L << 40).putLong(0);
        contains(refused(b.array()), "above the limit of", "100 MiB");
    }

    @Test
    void unknownAndUnsupportedDtypes() throws IOException {
        contains(refused(file("{\"target\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}",
            new byte[16])), "tensor 'target'", "dtype F128 is unknown", "supported: F32, F16, BF16");
        contains(refused(file("{\"target\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
            new byte[8])), "dtype F64 is not supported");
    }

    @Test
    void headerLyingAboutTheSize() throws IOException {
        contains(refused(file("{\"draft\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[0,8]}}",
            floats(0.5f, 0.5f))), "tensor 'draft'", "lies about its size", "needs 12 bytes", "give 8");
    }

    @Test
    void headerLyingAboutOffsets() throws IOException {
        contains(refused(file("{\"draft\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}",
            floats(0.5f, 0.5f))), "tensor 'draft'", "reach byte", "the header lies about offsets");
        contains(refused(file("{\"draft\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}",
            new byte[8])), "do not make a range");
    }

    @Test
    void overlappingTensors() throws IOException {
        contains(refused(file("{\"target\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"draft\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12])),
            "tensors 'target' and 'draft' overlap");
    }

    @Test
    void headerThatIsNotOneJsonObject() throws IOException {
        contains(refused(file("{\"a\":1} {\"b\":2}", new byte[0])), "a second document");
        contains(refused(file("[1,2]", new byte[0])), "must be a JSON object");
        contains(refused(file("{\"a\": ", new byte[0])), "not valid JSON at line 1");
    }

    @Test
    void shapesMustBeNonNegativeIntegers() throws IOException {
        contains(refused(file("{\"target\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}",
            new byte[0])), "shape entry 0 is -1");
    }

    @Test
    void controlCharactersInNamesArePrintedEscaped() {
        assertEquals("a\\u000ab", SafetensorsFile.printable("a\nb"));
    }

    @Test
    void halfPrecisionConversionIsExactOnEveryValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = SafetensorsFile.halfToFloat((short) bits);
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            double expected = exp == 0 ? mant * 0x1p-24 : exp == 0x1f ? (mant == 0 ? Double.POSITIVE_INFINITY
                : Double.NaN) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            if ((bits & 0x8000) != 0) {
                expected = -expected;
            }
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(f), Integer.toHexString(bits));
            } else {
                assertEquals(expected, f, 0.0, Integer.toHexString(bits));
            }
        }
    }
}
