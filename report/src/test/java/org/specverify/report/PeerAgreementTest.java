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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.report.safetensors.SafetensorsFile;

/**
 * The numpy peer of {@code audit --input} (scripts/peers/audit_input_numpy.py, used by the benchmarks) computes the same
 * quantities as the project: on a small seeded dump every per-position figure agrees within {@link #AGREEMENT}. Runs
 * python3 when it is on the PATH and imports numpy; otherwise the test is skipped and says why.
 */
class PeerAgreementTest {
    /** numpy's plain float64 sums and its own K-SEQ bisection against the project's compensated figures. */
    static final double AGREEMENT = 1e-9;
    private static final long SEED = 16L;
    private static final Path SCRIPT = Path.of("..", "scripts", "peers", "audit_input_numpy.py");

    @Test
    void numpyPeerAgreesWithTheAudit(@TempDir Path dir) throws Exception {
        String why = pythonWithNumpy();
        if (why != null) {
            System.out.println("PeerAgreementTest skipped: " + why);
        }
        Assumptions.assumeTrue(why == null, why);
        assertTrue(Files.isRegularFile(SCRIPT), "the peer script " + SCRIPT.toAbsolutePath() + " is missing");
        System.out.println("PeerAgreementTest seed " + SEED);
        int n = 6;
        int v = 50;
        int k = 4;
        Path file = dir.resolve("small.safetensors");
        writeDump(file, n, v, new Random(SEED));

        StringWriter csv = new StringWriter();
        try (SafetensorsFile f = SafetensorsFile.open(file, "small.safetensors")) {
            DumpAudit.run(f, new DumpAudit.Settings(false, Double.NaN, 0, 1, k, Double.NaN, false, false, 1), csv,
                null);
        }
        Map<String, Double> project = new HashMap<>();
        for (String line : csv.toString().split("\n")) {
            String[] c = line.split(",");
            if (c.length >= 4 && c[2].equals("iid") || c.length >= 4 && c[1].equals(c[2])) {
                project.put(c[0] + " " + c[1], Double.parseDouble(c[3]));
            }
        }

        Process proc = new ProcessBuilder("python3", SCRIPT.toString(), file.toString(), "--k", Integer.toString(k),
            "--per-position").redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "the peer did not finish");
        assertEquals(0, proc.exitValue(), "the peer failed:\n" + out);
        int compared = 0;
        for (String line : out.split("\n")) {
            String[] c = line.trim().split(" ");
            if (c.length != 3 || c[0].equals("mean") || !c[0].chars().allMatch(Character::isDigit)) {
                continue;
            }
            String key = c[0] + " " + c[1];
            Double mine = project.get(key);
            assertTrue(mine != null, "the audit has no figure for " + key + " (seed " + SEED + ")");
            assertEquals(mine, Double.parseDouble(c[2]), AGREEMENT, key + " (seed " + SEED + ")");
            compared++;
        }
        assertEquals(n * List.of("rrs", "kseq", "greedy", "deterministic", "equality-match", "alpha*").size(), compared,
            "figures compared; the peer said:\n" + out);
    }

    /** Null when python3 runs and imports numpy, else the reason to skip. */
    private static String pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "python3 -c 'import numpy' did not finish in 60 s";
            }
            return p.exitValue() == 0 ? null : "python3 cannot import numpy: " + out.strip();
        } catch (IOException e) {
            return "no python3 on the PATH (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** target and draft [n, v] float32 probability rows, skewed like small LLM rows. */
    private static void writeDump(Path file, int n, int v, Random rng) throws IOException {
        long bytes = 4L * n * v;
        String header = "{\"target\":{\"dtype\":\"F32\",\"shape\":[" + n + "," + v + "],\"data_offsets\":[0," + bytes
            + "]},\"draft\":{\"dtype\":\"F32\",\"shape\":[" + n + "," + v + "],\"data_offsets\":[" + bytes + ","
            + 2 * bytes + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) (2 * bytes)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        float[][] rows = new float[2 * n][];
        for (int r = 0; r < 2 * n; r++) {
            double[] w = new double[v];
            double s = 0;
            for (int x = 0; x < v; x++) {
                w[x] = Math.exp(3 * rng.nextGaussian()) * (rng.nextInt(10) == 0 ? 0 : 1);
                s += w[x];
            }
            rows[r] = new float[v];
            for (int x = 0; x < v; x++) {
                rows[r][x] = (float) (w[x] / s);
            }
        }
        for (float[] row : rows) {
            for (float x : row) {
                buf.putFloat(x);
            }
        }
        Files.write(file, buf.array());
    }
}
