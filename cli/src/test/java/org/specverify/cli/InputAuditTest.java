package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Schemes;

/** {@code audit --input FILE.safetensors}: results against the exact reference, and one test per refused input. */
class InputAuditTest {
    @TempDir
    Path dir;

    /** A safetensors file of F32 tensors target [n, v] and draft with the given shape. */
    private Path write(String name, float[] target, int n, int v, float[] draft, long... draftShape)
        throws IOException {
        String dshape = java.util.Arrays.toString(draftShape).replace(" ", "");
        String header = "{\"target\":{\"dtype\":\"F32\",\"shape\":[" + n + "," + v + "],\"data_offsets\":[0,"
            + 4 * target.length + "]},\"draft\":{\"dtype\":\"F32\",\"shape\":" + dshape + ",\"data_offsets\":["
            + 4 * target.length + "," + 4 * (target.length + draft.length) + "]}}";
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
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private CliRun audit(String... args) {
        List<String> a = new java.util.ArrayList<>(List.of("audit", "--no-report"));
        a.addAll(List.of(args));
        return CliRun.run(dir, a.toArray(String[]::new));
    }

    private static void refused(CliRun r, String... parts) {
        assertEquals(2, r.code(), r.toString());
        for (String part : parts) {
            assertTrue(r.err().contains(part), "stderr lacks '" + part + "': " + r);
        }
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.toString());
    }

    private static final float[] T = {0.5f, 0.25f, 0.125f, 0.125f, 0.25f, 0.25f, 0.25f, 0.25f};
    private static final float[] D = {0.25f, 0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0f, 0f};

    @Test
    void perPositionAcceptanceEqualsTheExactReference() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        CliRun r = audit("--input", "two.safetensors", "--k", "2", "--per-position", "pos.csv",
            "--optimum-without-replacement", "--threads", "1");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("2 positions, |V| = 4, K = 2"), r.out());
        List<String> lines = Files.readAllLines(dir.resolve("pos.csv"));
        assertEquals("position,quantity,law,value,bound,gap_to_optimum", lines.get(0));
        Schemes ref = Schemes.reference();
        int checked = 0;
        for (int pos = 0; pos < 2; pos++) {
            Distribution p = Distribution.ofFloats(java.util.Arrays.copyOfRange(T, 4 * pos, 4 * pos + 4), "p");
            Distribution q = Distribution.ofFloats(java.util.Arrays.copyOfRange(D, 4 * pos, 4 * pos + 4), "q");
            Instance inst = Instance.identical("pos" + pos, p, q, 2);
            for (String scheme : List.of("rrs", "rrs-wor", "equality-match", "greedy", "spechub", "deterministic")) {
                BigFraction exact = ExactLaw.of(ref.get(scheme).bind(inst)).acceptance();
                String prefix = pos + "," + scheme + ",";
                String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
                    () -> new AssertionError("no " + prefix + " in " + lines));
                String[] f = line.split(",");
                double value = Double.parseDouble(f[3]);
                double bound = Double.parseDouble(f[4]);
                assertTrue(Math.abs(value - exact.doubleValue()) <= bound, line + " vs exact " + exact);
                checked++;
            }
        }
        assertEquals(12, checked);
    }

    @Test
    void oneLawPerDraftIsAuditedAsIndependentDrafts() throws Exception {
        float[] d = {0.25f, 0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0f, 0f, 0.125f, 0.125f, 0.5f, 0.25f, 0f, 0.5f, 0.5f, 0f};
        write("ind.safetensors", T, 2, 4, d, 2, 2, 4);
        CliRun r = audit("--input", "ind.safetensors", "--per-position", "pos.csv", "--optimum-independent");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("K = 2, drafts: one law per draft ([N, K, V])"), r.out());
        List<String> lines = Files.readAllLines(dir.resolve("pos.csv"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("0,alpha*,independent,")), lines.toString());
        Schemes ref = Schemes.reference();
        for (int pos = 0; pos < 2; pos++) {
            Distribution p = Distribution.ofFloats(java.util.Arrays.copyOfRange(T, 4 * pos, 4 * pos + 4), "p");
            List<Distribution> qs = List.of(
                Distribution.ofFloats(java.util.Arrays.copyOfRange(d, 8 * pos, 8 * pos + 4), "q1"),
                Distribution.ofFloats(java.util.Arrays.copyOfRange(d, 8 * pos + 4, 8 * pos + 8), "q2"));
            Instance inst = Instance.independent("pos" + pos, p, qs);
            for (String scheme : List.of("rrs", "equality-match")) {
                BigFraction exact = ExactLaw.of(ref.get(scheme).bind(inst)).acceptance();
                String prefix = pos + "," + scheme + ",independent,";
                String[] f = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().split(",");
                assertTrue(Math.abs(Double.parseDouble(f[3]) - exact.doubleValue()) <= Double.parseDouble(f[4]),
                    prefix + " " + f[3] + " vs exact " + exact);
            }
        }
    }

    @Test
    void jsonHasEveryQuantityWithQuantiles() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        CliRun r = audit("--input", "two.safetensors", "--k", "2", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(2, root.get("positions").asInt());
        assertTrue(root.get("quantities").size() >= 6, r.out());
        assertTrue(root.get("quantities").get(0).get("quantiles").has("p50"), r.out());
    }

    @Test
    void wrongShapes() throws IOException {
        write("s.safetensors", T, 2, 4, new float[6], 2, 3);
        refused(audit("--input", "s.safetensors"), "tensor 'draft' has shape [2, 3]",
            "must be [N, V] = [2, 4] or [N, K, V] = [2, K, 4]");
    }

    @Test
    void missingTensor() throws IOException {
        Path p = write("m.safetensors", T, 2, 4, D, 2, 4);
        byte[] b = Files.readAllBytes(p);
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("\"draft\"", "\"drafx\"");
        Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
        refused(audit("--input", "m.safetensors"), "no tensor 'draft'", "target, drafx");
    }

    @Test
    void nanEntry() throws IOException {
        float[] d = D.clone();
        d[5] = Float.NaN;
        write("n.safetensors", T, 2, 4, d, 2, 4);
        refused(audit("--input", "n.safetensors"), "tensor 'draft' row 1 (position 1)", "token 1 is NaN");
    }

    @Test
    void negativeEntry() throws IOException {
        float[] t = T.clone();
        t[2] = -0.125f;
        write("neg.safetensors", t, 2, 4, D, 2, 4);
        refused(audit("--input", "neg.safetensors"), "tensor 'target' row 0 (position 0)", "token 2 is -0.125",
            "pass --logits");
    }

    @Test
    void rowNotSummingToOne() throws IOException {
        float[] t = T.clone();
        t[7] = 0.24f;
        write("sum.safetensors", t, 2, 4, D, 2, 4);
        refused(audit("--input", "sum.safetensors"), "tensor 'target' row 1 (position 1)", "the row sums to 1 - 1.000e-02",
            "outside the tolerance 1.119e-06 (F32: 2u + |V|·eta + 1e-6");
    }

    @Test
    void truncatedFile() throws IOException {
        Path p = write("t.safetensors", T, 2, 4, D, 2, 4);
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length - 5));
        refused(audit("--input", "t.safetensors"), "t.safetensors: tensor 'draft'", "truncated");
    }

    @Test
    void headerLyingAboutSizes() throws IOException {
        write("l.safetensors", T, 2, 4, D, 2, 5);
        refused(audit("--input", "l.safetensors"), "tensor 'draft': the header lies about its size");
    }

    @Test
    void unknownDtype() throws IOException {
        Path p = write("d.safetensors", T, 2, 4, D, 2, 4);
        String s = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).replaceFirst("\"F32\"", "\"Q32\"");
        Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
        refused(audit("--input", "d.safetensors"), "tensor 'target': dtype Q32 is unknown");
    }

    @Test
    void oversizedHeader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0x7fffffffffL);
        Files.write(dir.resolve("o.safetensors"), b.array());
        refused(audit("--input", "o.safetensors"), "above the limit of 104857600 (100 MiB)");
    }

    @Test
    void overlappingTensors() throws IOException {
        Path p = write("ov.safetensors", T, 2, 4, D, 2, 4);
        String s = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
            .replace("\"data_offsets\":[32,64]", "\"data_offsets\":[16,48]");
        Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
        refused(audit("--input", "ov.safetensors"), "tensors 'target' and 'draft' overlap");
    }

    @Test
    void processingOptionsNeedLogits() throws IOException {
        write("p.safetensors", T, 2, 4, D, 2, 4);
        refused(audit("--input", "p.safetensors", "--top-k", "2"), "add --logits");
        refused(audit("--input", "p.safetensors", "--logits"), "--logits needs --temperature");
    }

    @Test
    void logitsAreProcessedAlikeAndOneSidedTruncationWarns() throws IOException {
        float inf = Float.NEGATIVE_INFINITY;
        float[] t = {1f, 0.5f, 0f, -1f, 2f, 0f, 0f, 0f};
        float[] d = {1f, 0.5f, inf, inf, 2f, 1f, inf, 0f};
        write("lg.safetensors", t, 2, 4, d, 2, 4);
        CliRun r = audit("--input", "lg.safetensors", "--logits", "--temperature", "0.7", "--top-k", "3");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("warning: draft rows look processed (2 of 2 rows have -inf logits"), r.err());
        assertTrue(r.out().contains("Rows: logits, processed here"), r.out());
    }

    @Test
    void theExampleFileRunsAndTheScriptWritesItAgain() throws Exception {
        Path root = CliRun.repositoryRoot();
        CliRun r = CliRun.run(root, "audit", "--input", "examples/synthetic-dump.safetensors", "--k", "4",
            "--no-report");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("16 positions, |V| = 512, K = 4"), r.out());
        for (String line : ProductCliTest.readmeBlockAfter("Rows of `./specverify audit --input")) {
            assertTrue(r.out().lines().anyMatch(line::equals), "README line no longer printed; paste the current"
                + " output:\n" + line + "\n--- actual ---\n" + r.out());
        }
        CliRun.assertScriptWritesExample("make_example_safetensors.py", "examples/synthetic-dump.safetensors", dir.resolve("again.safetensors"));
    }

    /** A rejected file leaves an existing per-position CSV exactly as it was (it was truncated to its header). */
    @Test
    void aRejectedFileLeavesTheExistingCsvUntouched() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        assertEquals(0, audit("--input", "two.safetensors", "--per-position", "pos.csv").code());
        byte[] before = Files.readAllBytes(dir.resolve("pos.csv"));
        float[] t = T.clone();
        t[7] = 0.24f;
        write("sum.safetensors", t, 2, 4, D, 2, 4);
        refused(audit("--input", "sum.safetensors", "--per-position", "pos.csv"), "the row sums to 1");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(dir.resolve("pos.csv")));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "a temporary file is left");
        }
    }

    /** Outputs that cannot be written are refused before any work, naming the path. */
    @Test
    void unwritableOutputsAreRefusedFirst() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        Files.createDirectories(dir.resolve("adir"));
        refused(audit("--input", "two.safetensors", "--per-position", "adir"), "--per-position adir",
            "is a directory");
        Files.writeString(dir.resolve("afile"), "x");
        CliRun r = CliRun.run(dir, "audit", "--input", "two.safetensors", "--report", "afile");
        refused(r, "--report afile", "not a directory");
        assertEquals("x", Files.readString(dir.resolve("afile")));
    }

    /** --k and --sum-tolerance are range-checked, and a --k that contradicts a [N, K, V] draft tensor is refused. */
    @Test
    void sizesAndTolerancesAreRangeChecked() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        refused(audit("--input", "two.safetensors", "--k", "2000000000"), "--k must be between 1 and 64",
            "2000000000");
        refused(audit("--input", "two.safetensors", "--sum-tolerance", "NaN"), "--sum-tolerance", "NaN");
        refused(audit("--input", "two.safetensors", "--sum-tolerance", "-1"), "--sum-tolerance", "-1");
        float[] d = new float[2 * 3 * 4];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.25f;
        }
        write("three.safetensors", T, 2, 4, d, 2, 3, 4);
        refused(audit("--input", "three.safetensors", "--k", "5"), "K = 3", "--k 5");
        assertEquals(0, audit("--input", "three.safetensors", "--k", "3").code());
    }

    /** The options of --input without --input say where they belong (not "Missing required argument --input"). */
    @Test
    void inputOptionsWithoutInputSayWhereTheyBelong() throws Exception {
        Files.writeString(dir.resolve("one.json"), "{\"name\": \"a\", \"target\": [0.5, 0.5], \"draft\": [0.5, 0.5],"
            + " \"k\": 1}");
        CliRun r = CliRun.run(dir, "audit", "--instance", "one.json", "--k", "5");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("belong to --input") && r.err().contains("takes K from each instance"),
            r.toString());
        assertTrue(!r.err().contains("Missing required"), r.toString());
    }

    /** Quantiles are exact: each is the value of one position (the histogram gave bin centres). */
    @Test
    void quantilesAreValuesOfPositions() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        CliRun r = audit("--input", "two.safetensors", "--k", "2", "--json", "--per-position", "pos.csv");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<String> csv = Files.readAllLines(dir.resolve("pos.csv"));
        int checked = 0;
        for (JsonNode q : root.get("quantities")) {
            java.util.List<Double> values = new java.util.ArrayList<>();
            for (String line : csv.subList(1, csv.size())) {
                String[] f = line.split(",");
                if (f[1].equals(q.get("quantity").asText()) && f[2].equals(q.get("law").asText())) {
                    values.add(Double.parseDouble(f[3]));
                }
            }
            java.util.Collections.sort(values);
            assertEquals(2, values.size(), q.toString());
            assertEquals(values.get(0), q.get("quantiles").get("p5").doubleValue(), 0.0, q.toString());
            assertEquals(values.get(0), q.get("quantiles").get("p50").doubleValue(), 0.0, q.toString());
            assertEquals(values.get(1), q.get("quantiles").get("p95").doubleValue(), 0.0, q.toString());
            checked++;
        }
        assertTrue(checked >= 3, "only " + checked + " quantities");
    }

    /** A report folder keeps no file of the previous page that this page does not own, and nothing else is touched. */
    @Test
    void theReportFolderLosesOnlyTheFilesItsPreviousPageOwned() throws Exception {
        write("two.safetensors", T, 2, 4, D, 2, 4);
        Path report = Files.createDirectories(dir.resolve("report"));
        Files.writeString(report.resolve("old-chart.png"), "old");
        Files.writeString(report.resolve("mine.txt"), "the user's");
        Files.writeString(report.resolve(org.specverify.report.Page.MANIFEST), "old-chart.png\nindex.html\n");
        CliRun r = CliRun.run(dir, "audit", "--input", "two.safetensors", "--report", "report");
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.isRegularFile(report.resolve("index.html")));
        assertTrue(Files.isRegularFile(report.resolve("positions.csv")));
        assertTrue(!Files.exists(report.resolve("old-chart.png")), "a stale chart of the previous report is left");
        assertEquals("the user's", Files.readString(report.resolve("mine.txt")));
        assertTrue(Files.readAllLines(report.resolve(org.specverify.report.Page.MANIFEST)).contains("positions.csv"));
    }
}
