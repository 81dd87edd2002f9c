package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.report.safetensors.SafetensorsFile;

/** {@link DumpAudit}: exact quantiles (nearest rank) and aggregates that agree with the per-position CSV. */
class DumpAuditTest {
    @TempDir
    Path dir;

    @Test
    void quantileIsTheValueOfNearestRank() {
        double[] v = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        assertEquals(0.1, DumpAudit.quantile(v, 0.05), 0.0);
        assertEquals(0.3, DumpAudit.quantile(v, 0.25), 0.0);
        assertEquals(0.5, DumpAudit.quantile(v, 0.5), 0.0);
        assertEquals(1.0, DumpAudit.quantile(v, 0.95), 0.0);
        assertEquals(0.42, DumpAudit.quantile(new double[] {0.42}, 0.05), 0.0);
        assertTrue(Double.isNaN(DumpAudit.quantile(new double[0], 0.5)));
    }

    /**
     * On random positions every quantile is one of the positions' values, computed exactly from them, and min <= p5 <=
     * median <= p95 <= max (a histogram's bin centre is none of the values and can sit above a mean it should bound).
     */
    @Test
    void aggregatesAgreeWithThePerPositionValues() throws IOException {
        long seed = Long.getLong("specverify.seed", System.nanoTime());
        System.out.println("DumpAuditTest seed " + seed);
        Random rnd = new Random(seed);
        int n = 37;
        int v = 6;
        float[] target = new float[n * v];
        float[] draft = new float[n * v];
        for (int i = 0; i < n; i++) {
            row(rnd, target, i, v);
            row(rnd, draft, i, v);
        }
        Path file = write(target, draft, n, v);
        StringWriter csv = new StringWriter();
        DumpAudit.Result r;
        try (SafetensorsFile f = SafetensorsFile.open(file, "random.safetensors")) {
            r = DumpAudit.run(f, new DumpAudit.Settings(false, Double.NaN, 0, 1, 2, 1e-5, false, false, 2), csv, null);
        }
        List<String> lines = csv.toString().lines().toList();
        int checked = 0;
        for (DumpAudit.Aggregate a : r.aggregates()) {
            List<Double> values = new ArrayList<>();
            for (String line : lines) {
                String[] f = line.split(",");
                if (f[1].equals(a.measurement().quantity()) && f[2].equals(a.measurement().law())) {
                    values.add(Double.parseDouble(f[3]));
                }
            }
            // a quantity that does not apply at some position (no such law there) has fewer values
            assertEquals(a.measurement().positions(), values.size(), "seed " + seed);
            assertTrue(values.size() > 0 && values.size() <= n, "seed " + seed);
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int m = sorted.length;
            double[] qs = {0.05, 0.25, 0.5, 0.75, 0.95};
            for (int i = 0; i < qs.length; i++) {
                assertEquals(sorted[(int) Math.max(1, Math.ceil(qs[i] * m)) - 1], a.quantiles()[i], 0.0,
                    a.measurement().label() + " q" + qs[i] + ", seed " + seed);
            }
            assertEquals(sorted[0], a.measurement().min(), 0.0);
            assertEquals(sorted[m - 1], a.measurement().max(), 0.0);
            for (int i = 1; i < qs.length; i++) {
                assertTrue(a.quantiles()[i - 1] <= a.quantiles()[i], Arrays.toString(a.quantiles()));
            }
            checked++;
        }
        assertTrue(checked >= 3, "only " + checked + " quantities");
    }

    private static void row(Random rnd, float[] out, int i, int v) {
        // dyadic masses that sum to exactly 1 in float: multiples of 1/64
        int[] units = new int[v];
        int left = 64;
        for (int t = 0; t < v - 1; t++) {
            units[t] = rnd.nextInt(left + 1);
            left -= units[t];
        }
        units[v - 1] = left;
        for (int t = 0; t < v; t++) {
            out[i * v + t] = units[t] / 64f;
        }
    }

    private Path write(float[] target, float[] draft, int n, int v) throws IOException {
        String header = "{\"target\":{\"dtype\":\"F32\",\"shape\":[" + n + "," + v + "],\"data_offsets\":[0,"
            + 4 * target.length + "]},\"draft\":{\"dtype\":\"F32\",\"shape\":[" + n + "," + v
            + "],\"data_offsets\":[" + 4 * target.length + "," + 4 * (target.length + draft.length) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * (target.length + draft.length))
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float x : target) {
            b.putFloat(x);
        }
        for (float x : draft) {
            b.putFloat(x);
        }
        Path p = dir.resolve("random.safetensors");
        Files.write(p, b.array());
        return p;
    }
}
