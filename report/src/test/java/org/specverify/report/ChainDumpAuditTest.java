package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.numeric.Law;
import org.specverify.report.safetensors.SafetensorsFile;

/**
 * {@link ChainDumpAudit}: the per-step laws are {@link ChainStepLaw}'s, and the impossible steps of a trace are
 * decided exactly where the doubles cannot tell (a ratio exactly 1, rho exactly 1).
 */
class ChainDumpAuditTest {
    @TempDir
    Path dir;

    private static final float THIRD = 1f / 3;
    private static final float TWO_THIRDS = 2f / 3;

    /** A chain dump of F32 rows with an I32 trace; rows given per step as [depth][token]. */
    private Path write(String name, float[][][] target, float[][][] draft, int[][] drafts, int[] accepted,
                       int[][] emitted) throws IOException {
        int n = target.length;
        int g = drafts[0].length;
        int v = target[0][0].length;
        ByteBuffer t = buffer(4 * n * (g + 1) * v);
        ByteBuffer d = buffer(4 * n * g * v);
        ByteBuffer x = buffer(4 * n * g);
        ByteBuffer a = buffer(4 * n);
        ByteBuffer e = buffer(4 * n * (g + 1));
        for (int s = 0; s < n; s++) {
            for (float[] row : target[s]) {
                for (float f : row) {
                    t.putFloat(f);
                }
            }
            for (float[] row : draft[s]) {
                for (float f : row) {
                    d.putFloat(f);
                }
            }
            for (int tok : drafts[s]) {
                x.putInt(tok);
            }
            a.putInt(accepted[s]);
            for (int tok : emitted[s]) {
                e.putInt(tok);
            }
        }
        List<Object[]> tensors = List.of(
            new Object[] {"target", "F32", "[" + n + "," + (g + 1) + "," + v + "]", t.array()},
            new Object[] {"draft", "F32", "[" + n + "," + g + "," + v + "]", d.array()},
            new Object[] {"draft_tokens", "I32", "[" + n + "," + g + "]", x.array()},
            new Object[] {"accepted", "I32", "[" + n + "]", a.array()},
            new Object[] {"emitted", "I32", "[" + n + "," + (g + 1) + "]", e.array()});
        StringBuilder h = new StringBuilder("{");
        long offset = 0;
        for (Object[] o : tensors) {
            byte[] data = (byte[]) o[3];
            h.append(h.length() > 1 ? "," : "").append("\"").append(o[0]).append("\":{\"dtype\":\"").append(o[1])
                .append("\",\"shape\":").append(o[2]).append(",\"data_offsets\":[").append(offset).append(",")
                .append(offset + data.length).append("]}");
            offset += data.length;
        }
        byte[] hb = h.append("}").toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(buffer(8).putLong(hb.length).array());
        out.write(hb);
        for (Object[] o : tensors) {
            out.write((byte[]) o[3]);
        }
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ChainDumpAudit.Result run(Path p, ChainStepLaw.Scheme scheme, StringWriter csv) {
        try (SafetensorsFile f = SafetensorsFile.open(p, p.getFileName().toString())) {
            assertTrue(ChainDumpAudit.isChainDump(f));
            return ChainDumpAudit.run(f, new ChainDumpAudit.Settings(false, Double.NaN, 0, 1, Double.NaN, scheme, 2),
                csv, null);
        }
    }

    /**
     * The paper's example in float32 (1/3 and 2/3 are 11184811·2^-25 and 11184811·2^-24, so the ratios are exactly
     * 1/2 and 2): drafts (0, 1) give rho_2 = 1 exactly, so block accepts both drafts always and the trace "accepted 0,
     * then token 1" is impossible under block; under tokenwise (a_1 = 1/2) it is possible. The doubles see rho_2 = 1
     * with no margin: the exact route decides.
     */
    @Test
    void rhoExactlyOneMakesShortBlocksImpossibleUnderBlockOnly() throws IOException {
        float[] p = {THIRD, TWO_THIRDS};
        float[] q = {TWO_THIRDS, THIRD};
        float[][][] target = {{p, p, p}, {p, p, p}};
        float[][][] draft = {{q, q}, {q, q}};
        int[][] drafts = {{0, 1}, {0, 1}};
        int[] accepted = {0, 2};
        int[][] emitted = {{1, -1, -1}, {0, 1, 1}};
        Path f = write("paper.safetensors", target, draft, drafts, accepted, emitted);
        StringWriter csv = new StringWriter();
        ChainDumpAudit.Result tw = run(f, ChainStepLaw.Scheme.TOKENWISE, csv);
        assertEquals(0, tw.trace().impossibleCount(), tw.trace().reasons().toString());
        ChainDumpAudit.Result bl = run(f, ChainStepLaw.Scheme.BLOCK, null);
        assertEquals(List.of(0L), bl.trace().impossibleSteps(), bl.trace().reasons().toString());
        assertTrue(bl.trace().reasons().get(0).contains("rho_2 = 1"), bl.trace().reasons().toString());
        // the figures: tokenwise E = 1/2 + 1/2 = 1, block E = 2 on both steps
        assertEquals(1.0, tw.tokenwise().mean().value(), tw.tokenwise().mean().bound() + 1e-15);
        assertEquals(2.0, tw.block().mean().value(), tw.block().mean().bound() + 1e-15);
        assertEquals(1.0, tw.gain().value(), tw.gain().bound() + 1e-15);
        // the per-step CSV: the header, then one line per step with ChainStepLaw's values
        List<String> lines = csv.toString().lines().skip(1).toList();
        assertEquals(ChainDumpAudit.stepCsvHeader(2), csv.toString().lines().findFirst().orElseThrow());
        assertEquals(2, lines.size(), csv.toString());
        Law lp = Law.ofFloats(p, "p");
        Law lq = Law.ofFloats(q, "q");
        ChainStepLaw direct = ChainStepLaw.block(new Law[] {lp, lp, lp}, new Law[] {lq, lq}, new int[] {0, 1});
        assertEquals(Double.toString(direct.expected().value()), lines.get(0).split(",")[3]);
    }

    /**
     * Identical target and draft rows at depth 1 (1/3 each, as float32): tokenwise accepts with probability exactly 1,
     * so "accepted 0" is impossible, and the residual (p - q)+ is empty; "accepted 1" with the bonus is possible.
     */
    @Test
    void ratioExactlyOneIsDecidedExactly() throws IOException {
        float[] u = {THIRD, THIRD, THIRD};
        float[][][] target = {{u, u}, {u, u}};
        float[][][] draft = {{u}, {u}};
        int[][] drafts = {{2}, {2}};
        int[] accepted = {0, 1};
        int[][] emitted = {{1, -1}, {2, 0}};
        Path f = write("same.safetensors", target, draft, drafts, accepted, emitted);
        for (ChainStepLaw.Scheme s : ChainStepLaw.Scheme.values()) {
            ChainDumpAudit.Result r = run(f, s, null);
            assertEquals(List.of(0L), r.trace().impossibleSteps(), s + ": " + r.trace().reasons());
            assertEquals(1, r.trace().observedLengths()[1]);
            assertFalse(r.trace().reasons().isEmpty());
        }
    }

    /** The exact sum of doubles, subnormals and huge values included, against BigFraction's exact conversions. */
    @Test
    void exactSumOfDoubles() {
        double[] w = {0.1, 0.2, Double.MIN_VALUE, 1e300, 0, 3 * Double.MIN_NORMAL / 7};
        org.apache.commons.numbers.fraction.BigFraction expected = org.apache.commons.numbers.fraction.BigFraction.ZERO;
        for (double v : w) {
            expected = expected.add(org.apache.commons.numbers.fraction.BigFraction.from(v));
        }
        assertEquals(expected, ChainDumpAudit.ExactStep.exactSum(w));
    }
}
