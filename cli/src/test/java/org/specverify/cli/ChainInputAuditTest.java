package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --input} on chain dumps: the committed example through the command, the engine-trace tests (a faithful
 * engine passes, an engine whose accept test reads the right rows at the wrong index fails the calibration test only,
 * impossible steps are listed by index) and one refusal per malformed layout.
 */
class ChainInputAuditTest {
    @TempDir
    Path dir;

    /** One tensor of a file to write. */
    record Tensor(String name, String dtype, long[] shape, byte[] data) {
    }

    static Path write(Path file, List<Tensor> tensors) throws IOException {
        StringBuilder h = new StringBuilder("{");
        long offset = 0;
        for (Tensor t : tensors) {
            h.append(h.length() > 1 ? "," : "").append('"').append(t.name()).append("\":{\"dtype\":\"")
                .append(t.dtype()).append("\",\"shape\":").append(java.util.Arrays.toString(t.shape()).replace(" ", ""))
                .append(",\"data_offsets\":[").append(offset).append(',').append(offset + t.data().length)
                .append("]}");
            offset += t.data().length;
        }
        h.append('}');
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length).array());
        out.write(hb);
        for (Tensor t : tensors) {
            out.write(t.data());
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    static byte[] f32(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] i32(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    static byte[] i64(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    /**
     * A chain dump whose drafts all have p &lt; q: at every depth token 0 has q = 0 and p = 1 - sum of the rest, and
     * every other token y has p(y) = a_y q(y) with a_y uniform in [0.05, 0.95], independent of everything. So the
     * tokenwise acceptance of a draft is its a_y, the residual is token 0 alone, and an engine that takes the accept
     * ratio of the previous step's rows (at the same token) accepts at the same overall rate, with the same law of
     * accepted lengths, while its decisions do not follow its own step's probabilities.
     */
    static final class Dump {
        final int n;
        final int g;
        final int v;
        final float[] target;
        final float[] draft;
        final int[] drafts;
        final int[] accepted;
        final int[] emitted;

        Dump(long seed, int n, int g, int v, boolean wrongIndex) {
            this.n = n;
            this.g = g;
            this.v = v;
            Random rng = new Random(seed);
            target = new float[n * (g + 1) * v];
            draft = new float[n * g * v];
            drafts = new int[n * g];
            accepted = new int[n];
            emitted = new int[n * (g + 1)];
            for (int s = 0; s < n; s++) {
                for (int i = 0; i <= g; i++) {
                    float[] q = new float[v];
                    float[] p = new float[v];
                    double qs = 0;
                    for (int y = 1; y < v; y++) {
                        q[y] = (float) (0.2 + rng.nextDouble());
                        qs += q[y];
                    }
                    double rest = 0;
                    for (int y = 1; y < v; y++) {
                        q[y] = (float) (q[y] / qs);
                        p[y] = (float) (q[y] * (0.05 + 0.9 * rng.nextDouble()));
                        rest += p[y];
                    }
                    p[0] = (float) (1 - rest);
                    System.arraycopy(p, 0, target, (s * (g + 1) + i) * v, v);
                    if (i < g) {
                        System.arraycopy(q, 0, draft, (s * g + i) * v, v);
                        drafts[s * g + i] = sample(rng, q);
                    }
                }
                int ref = wrongIndex && s > 0 ? s - 1 : s;
                int acc = g;
                for (int i = 0; i < g; i++) {
                    int x = drafts[s * g + i];
                    double a = target[(ref * (g + 1) + i) * v + x] / draft[(ref * g + i) * v + x];
                    if (!(rng.nextDouble() < a)) {
                        acc = i;
                        break;
                    }
                }
                accepted[s] = acc;
                java.util.Arrays.fill(emitted, s * (g + 1), (s + 1) * (g + 1), -1);
                for (int i = 0; i < acc; i++) {
                    emitted[s * (g + 1) + i] = drafts[s * g + i];
                }
                float[] bonus = java.util.Arrays.copyOfRange(target, (s * (g + 1) + g) * v, (s * (g + 1) + g + 1) * v);
                emitted[s * (g + 1) + acc] = acc == g ? sample(rng, bonus) : 0;
            }
        }

        private static int sample(Random rng, float[] w) {
            double total = 0;
            for (float x : w) {
                total += x;
            }
            double u = rng.nextDouble() * total;
            int last = 0;
            for (int y = 0; y < w.length; y++) {
                if (w[y] > 0) {
                    last = y;
                    u -= w[y];
                    if (u < 0) {
                        return y;
                    }
                }
            }
            return last;
        }

        List<Tensor> tensors() {
            return new ArrayList<>(List.of(
                new Tensor("target", "F32", new long[] {n, g + 1, v}, f32(target)),
                new Tensor("draft", "F32", new long[] {n, g, v}, f32(draft)),
                new Tensor("draft_tokens", "I32", new long[] {n, g}, i32(drafts)),
                new Tensor("accepted", "I64", new long[] {n}, i64(accepted)),
                new Tensor("emitted", "I32", new long[] {n, g + 1}, i32(emitted))));
        }
    }

    private CliRun audit(String... args) {
        List<String> a = new ArrayList<>(List.of("audit", "--no-report"));
        a.addAll(List.of(args));
        return CliRun.run(dir, a.toArray(String[]::new));
    }

    private static JsonNode json(CliRun r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    private static void refused(CliRun r, String... parts) {
        assertEquals(2, r.code(), r.toString());
        for (String part : parts) {
            assertTrue(r.err().contains(part), "stderr lacks '" + part + "': " + r);
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.toString());
    }

    /** The committed example (a faithful tokenwise engine) passes, and the script writes it again byte for byte. */
    @Test
    void theExampleChainDumpPassesAndTheScriptWritesItAgain() throws Exception {
        Path root = CliRun.repositoryRoot();
        CliRun r = CliRun.run(root, "audit", "--input", "examples/chain-dump.safetensors", "--no-report");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("chain dump, 160 steps, gamma = 4, |V| = 32"), r.out());
        assertTrue(r.out().contains("impossible steps: none") && r.out().contains("passed"), r.out());
        CliRun j = CliRun.run(root, "audit", "--input", "examples/chain-dump.safetensors", "--no-report", "--json");
        assertEquals(0, j.code(), j.toString());
        JsonNode root2 = json(j);
        assertEquals("chain", root2.get("layout").asText());
        List<String> quantities = new ArrayList<>();
        for (JsonNode q : root2.get("quantities")) {
            quantities.add(q.get("quantity").asText());
            assertEquals(160, q.get("positions").asInt());
            assertEquals(4, q.get("acceptanceByDepth").size());
            assertEquals(5, q.get("lengthLaw").size());
            assertTrue(q.get("bound").asDouble() < 1e-9, q.toString());
        }
        assertEquals(List.of("tokenwise", "block"), quantities);
        JsonNode e = root2.get("engineTrace");
        assertEquals(0, e.get("impossibleSteps").size());
        assertFalse(e.get("rejected").asBoolean());
        assertTrue(e.get("pValue").asDouble() > ChainInputAudit.ALPHA, e.toString());
        assertTrue(e.get("detectableShift").get("calibration").asDouble() > 0, e.toString());
        CliRun.assertScriptWritesExample("make_example_chain_dump.py", "examples/chain-dump.safetensors", dir.resolve("again.safetensors"));
    }

    /**
     * The per-step mean of the JSON's tokenwise quantity is the mean of the closed form sum_j prod a_i over the steps
     * (checked here independently, in double, from the rows as written).
     */
    @Test
    void tokenwiseMeanIsTheClosedForm() throws Exception {
        Dump d = new Dump(11, 50, 3, 6, false);
        write(dir.resolve("d.safetensors"), d.tensors());
        JsonNode r = json(audit("--input", "d.safetensors", "--json"));
        double sum = 0;
        for (int s = 0; s < d.n; s++) {
            double prod = 1;
            for (int i = 0; i < d.g; i++) {
                int x = d.drafts[s * d.g + i];
                double pt = 0;
                double qt = 0;
                for (int y = 0; y < d.v; y++) {
                    pt += d.target[(s * (d.g + 1) + i) * d.v + y];
                    qt += d.draft[(s * d.g + i) * d.v + y];
                }
                double a = Math.min(1, (d.target[(s * (d.g + 1) + i) * d.v + x] / pt)
                    / (d.draft[(s * d.g + i) * d.v + x] / qt));
                prod *= a;
                sum += prod;
            }
        }
        JsonNode tw = r.get("quantities").get(0);
        assertEquals("tokenwise", tw.get("quantity").asText());
        assertEquals(sum / d.n, tw.get("value").asDouble(), 1e-12);
        JsonNode gain = r.get("gain");
        assertEquals(r.get("quantities").get(1).get("value").asDouble() - tw.get("value").asDouble(),
            gain.get("value").asDouble(), 1e-12);
    }

    /**
     * An engine whose accept test reads the right rows at the wrong index (the previous step's) keeps the overall
     * acceptance rate and the histogram of accepted lengths, emits only possible blocks, and is caught by the
     * calibration test alone; the faithful engine on the same kind of dump passes.
     */
    @Test
    void wrongIndexRowsAreCaughtByCalibrationOnly() throws Exception {
        long seed = 424242L;
        System.out.println("ChainInputAuditTest seed " + seed);
        write(dir.resolve("faithful.safetensors"), new Dump(seed, 1500, 4, 8, false).tensors());
        write(dir.resolve("broken.safetensors"), new Dump(seed, 1500, 4, 8, true).tensors());
        CliRun good = audit("--input", "faithful.safetensors", "--json");
        assertEquals(0, good.code(), good.toString());
        JsonNode g = json(good).get("engineTrace");
        assertFalse(g.get("rejected").asBoolean(), g.toString());
        CliRun bad = audit("--input", "broken.safetensors", "--json");
        assertEquals(1, bad.code(), bad.toString());
        JsonNode b = json(bad).get("engineTrace");
        assertTrue(b.get("rejected").asBoolean(), b.toString());
        assertEquals(0, b.get("impossibleCount").asLong(), b.toString());
        JsonNode calibration = b.get("tests").get(0);
        JsonNode lengths = b.get("tests").get(1);
        assertEquals("calibration", calibration.get("name").asText());
        assertTrue(calibration.get("rejected").asBoolean(), calibration.toString());
        assertEquals("lengths", lengths.get("name").asText());
        assertFalse(lengths.get("rejected").asBoolean(), "the broken engine's lengths should look right: "
            + lengths);
        double observed = b.get("observedMean").asDouble();
        double predicted = b.get("predictedMean").asDouble();
        assertTrue(Math.abs(observed - predicted) < 0.1, "overall rate kept: observed " + observed + ", predicted "
            + predicted);
        CliRun text = audit("--input", "broken.safetensors");
        assertEquals(1, text.code(), text.toString());
        assertTrue(text.out().contains("calibration") && text.out().contains("REJECTED")
            && text.out().contains("FAILED"), text.out());
    }

    /** A faithful trace too small for its tests to detect any shift is "not checked" (exit 1), never "passed". */
    @Test
    void aTraceTooSmallToTestIsNotCheckedNotPassed() throws Exception {
        write(dir.resolve("small.safetensors"), new Dump(7, 3, 4, 8, false).tensors());
        CliRun r = audit("--input", "small.safetensors");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("impossible steps: none") && r.out().contains("NOT CHECKED"), r.out());
        assertFalse(r.out().contains("passed"), r.out());
        CliRun j = audit("--input", "small.safetensors", "--json");
        assertEquals(1, j.code(), j.toString());
        JsonNode e = json(j).get("engineTrace");
        assertFalse(e.get("rejected").asBoolean(), e.toString());
        assertTrue(e.get("unchecked").asText().contains("too small"), e.toString());
        CliRun q = audit("--input", "small.safetensors", "-q");
        assertEquals(1, q.code(), q.toString());
        assertTrue(q.out().contains("NOT CHECKED"), q.out());
    }

    /** Impossible steps are listed by index: wrong prefix, inconsistent count, a residual token of mass zero. */
    @Test
    void impossibleStepsAreListedByIndex() throws Exception {
        Dump d = new Dump(5, 40, 3, 6, false);
        // step 3: a count that does not match the emitted block
        d.accepted[3] = d.accepted[3] == d.g ? 0 : d.accepted[3] + 1;
        // step 7: the residual token is not token 0 (the only token of positive residual mass)
        int n7 = d.accepted[7] == d.g ? 0 : d.accepted[7];
        d.accepted[7] = n7;
        java.util.Arrays.fill(d.emitted, 7 * (d.g + 1), 8 * (d.g + 1), -1);
        for (int i = 0; i < n7; i++) {
            d.emitted[7 * (d.g + 1) + i] = d.drafts[7 * d.g + i];
        }
        d.emitted[7 * (d.g + 1) + n7] = 1;
        // step 11: accepted 1 but the first emitted token is not the draft
        d.accepted[11] = 1;
        java.util.Arrays.fill(d.emitted, 11 * (d.g + 1), 12 * (d.g + 1), -1);
        d.emitted[11 * (d.g + 1)] = (d.drafts[11 * d.g] + 1) % d.v;
        d.emitted[11 * (d.g + 1) + 1] = 0;
        write(dir.resolve("i.safetensors"), d.tensors());
        CliRun r = audit("--input", "i.safetensors", "--json");
        assertEquals(1, r.code(), r.toString());
        JsonNode e = json(r).get("engineTrace");
        List<Long> steps = new ArrayList<>();
        e.get("impossibleSteps").forEach(x -> steps.add(x.asLong()));
        assertEquals(List.of(3L, 7L, 11L), steps, e.toString());
        assertTrue(e.get("rejected").asBoolean());
        // the same trace judged under block: block's residual at depth 1 after 0 accepted is (p - q)+ too
        CliRun blockRun = audit("--input", "i.safetensors", "--json", "--scheme", "block");
        assertEquals(1, blockRun.code(), blockRun.toString());
    }

    @Test
    void malformedLayoutsAreRefused() throws Exception {
        Dump d = new Dump(3, 4, 2, 5, false);
        List<Tensor> t = d.tensors();
        t.set(0, new Tensor("target", "F32", new long[] {4, 2, 5}, f32(java.util.Arrays.copyOf(d.target, 40))));
        write(dir.resolve("a.safetensors"), t);
        refused(audit("--input", "a.safetensors"), "tensor 'target' has shape [4, 2, 5]", "[N, gamma + 1, V]");

        t = d.tensors();
        t.set(2, new Tensor("draft_tokens", "F32", new long[] {4, 2}, f32(new float[8])));
        write(dir.resolve("b.safetensors"), t);
        refused(audit("--input", "b.safetensors"), "tensor 'draft_tokens' has dtype F32", "I32 or I64");

        t = d.tensors();
        t.remove(4);
        write(dir.resolve("c.safetensors"), t);
        refused(audit("--input", "c.safetensors"), "'accepted' [N] and 'emitted'");

        t = d.tensors();
        int[] tokens = d.drafts.clone();
        tokens[5] = 9;
        t.set(2, new Tensor("draft_tokens", "I32", new long[] {4, 2}, i32(tokens)));
        write(dir.resolve("d.safetensors"), t);
        refused(audit("--input", "d.safetensors"), "tensor 'draft_tokens' step 2 depth 2: token 9");

        t = d.tensors();
        t.set(1, new Tensor("draft", "F32", new long[] {4, 2, 4}, f32(java.util.Arrays.copyOf(d.draft, 32))));
        write(dir.resolve("e.safetensors"), t);
        refused(audit("--input", "e.safetensors"), "tensor 'draft' has shape [4, 2, 4]", "[N, gamma, V] = [4, 2, 5]");

        t = d.tensors();
        t.set(4, new Tensor("emitted", "I32", new long[] {4, 2}, i32(new int[8])));
        write(dir.resolve("f.safetensors"), t);
        refused(audit("--input", "f.safetensors"), "tensor 'emitted' has shape [4, 2]");

        // trace values outside their domain are bad input, as in check's sample lines (not impossible steps)
        t = d.tensors();
        int[] acc = d.accepted.clone();
        acc[1] = -1;
        t.set(3, new Tensor("accepted", "I32", new long[] {4}, i32(acc)));
        write(dir.resolve("h.safetensors"), t);
        refused(audit("--input", "h.safetensors"), "tensor 'accepted' step 1: -1 is negative");

        t = d.tensors();
        int[] em = d.emitted.clone();
        em[2 * 3 + 1] = 5;
        t.set(4, new Tensor("emitted", "I32", new long[] {4, 3}, i32(em)));
        write(dir.resolve("i.safetensors"), t);
        refused(audit("--input", "i.safetensors"), "tensor 'emitted' step 2 entry 1: 5 is neither a token 0..4");

        em = d.emitted.clone();
        em[3 * 3 + 2] = -2;
        t.set(4, new Tensor("emitted", "I32", new long[] {4, 3}, i32(em)));
        write(dir.resolve("j.safetensors"), t);
        refused(audit("--input", "j.safetensors"), "tensor 'emitted' step 3 entry 2: -2");

        write(dir.resolve("g.safetensors"), d.tensors());
        refused(audit("--input", "g.safetensors", "--scheme", "rrs"), "unknown chain scheme 'rrs'");
        refused(audit("--input", "g.safetensors", "--k", "2"), "--k");
    }

    /** With --report: the page, its measurements and one CSV line per step. */
    @Test
    void reportPageAndPerStepCsv() throws Exception {
        Dump d = new Dump(9, 30, 2, 5, false);
        write(dir.resolve("r.safetensors"), d.tensors());
        CliRun r = CliRun.run(dir, "audit", "--input", "r.safetensors", "--report", "rep", "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(dir.resolve("rep/index.html")), r.toString());
        List<String> csv = Files.readAllLines(dir.resolve("rep/steps.csv"));
        assertEquals(31, csv.size());
        assertEquals("step,tokenwise,tokenwise_bound,block,block_bound,tokenwise_reach_1,tokenwise_reach_2,"
            + "block_reach_1,block_reach_2,accepted", csv.get(0));
        assertEquals(Integer.toString(d.accepted[29]), csv.get(30).substring(csv.get(30).lastIndexOf(',') + 1));
        String html = Files.readString(dir.resolve("rep/index.html"));
        assertTrue(html.contains("Engine trace under tokenwise"), "the page reports the trace");
    }

    /**
     * The rows are handled as in token dumps: logits with temperature, top-k and top-p give the same target law on
     * both paths. With a one-hot draft at x, a token dump's sd acceptance sum_y min(p, q) is p(x), and a chain dump's
     * tokenwise E[tau] at gamma = 1 is min(1, p(x)/1) = p(x): the two means agree to the last bit.
     */
    @Test
    void rowsAreProcessedAsInTokenDumps() throws Exception {
        long seed = 31337L;
        System.out.println("ChainInputAuditTest seed " + seed);
        Random rng = new Random(seed);
        int n = 20;
        int v = 40;
        float[] logits = new float[n * v];
        float[] oneHot = new float[n * v];
        float[] chainTarget = new float[n * 2 * v];
        int[] x = new int[n];
        java.util.Arrays.fill(oneHot, Float.NEGATIVE_INFINITY);
        for (int s = 0; s < n; s++) {
            for (int y = 0; y < v; y++) {
                logits[s * v + y] = (float) (3 * rng.nextGaussian());
            }
            x[s] = rng.nextInt(v);
            oneHot[s * v + x[s]] = 0;
            System.arraycopy(logits, s * v, chainTarget, 2 * s * v, v);
            System.arraycopy(logits, s * v, chainTarget, (2 * s + 1) * v, v);
        }
        write(dir.resolve("tokens.safetensors"), List.of(
            new Tensor("target", "F32", new long[] {n, v}, f32(logits)),
            new Tensor("draft", "F32", new long[] {n, v}, f32(oneHot))));
        write(dir.resolve("chain.safetensors"), List.of(
            new Tensor("target", "F32", new long[] {n, 2, v}, f32(chainTarget)),
            new Tensor("draft", "F32", new long[] {n, 1, v}, f32(oneHot)),
            new Tensor("draft_tokens", "I32", new long[] {n, 1}, i32(x))));
        String[] processing = {"--logits", "--temperature", "0.7", "--top-k", "12", "--top-p", "0.8", "--json"};
        List<String> a = new ArrayList<>(List.of("--input", "tokens.safetensors"));
        a.addAll(List.of(processing));
        CliRun tokens = audit(a.toArray(String[]::new));
        assertEquals(0, tokens.code(), tokens.toString());
        a.set(1, "chain.safetensors");
        CliRun chain = audit(a.toArray(String[]::new));
        assertEquals(0, chain.code(), chain.toString());
        double sd = Double.NaN;
        for (JsonNode q : json(tokens).get("quantities")) {
            if (q.get("quantity").asText().equals("sd")) {
                sd = q.get("value").asDouble();
            }
        }
        double tokenwise = json(chain).get("quantities").get(0).get("value").asDouble();
        assertTrue(sd > 0.01, "the cut must leave some acceptance: " + sd);
        assertEquals(sd, tokenwise, 0.0, "the same doubles on both paths");
    }

    /** The result does not depend on the number of threads (steps are accumulated in order). */
    @Test
    void threadsDoNotChangeTheResult() throws Exception {
        write(dir.resolve("t.safetensors"), new Dump(17, 101, 3, 7, false).tensors());
        JsonNode one = json(audit("--input", "t.safetensors", "--json", "--threads", "1"));
        JsonNode three = json(audit("--input", "t.safetensors", "--json", "--threads", "3"));
        for (String path : List.of("/quantities/0/value", "/quantities/1/value", "/quantities/1/bound",
            "/quantities/0/quantiles/p50", "/gain/value", "/engineTrace/pValue", "/engineTrace/observedMean")) {
            assertEquals(one.at(path).asDouble(), three.at(path).asDouble(), 0.0, path);
        }
    }
}
