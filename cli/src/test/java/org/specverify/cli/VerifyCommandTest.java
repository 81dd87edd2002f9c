package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.audit.io.InstanceReader;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.scheme.Verifier;

class VerifyCommandTest {
    /** rrs that never looks at the last draft: lossless, and accepts less than rrs. */
    static final class IgnoresLastDraft extends SchemeBase {
        IgnoresLastDraft() {
            super(define("rrs-skips-last").description("rrs verifying only K - 1 drafts").paper("test")
                .lossless(true).drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                int checked = Math.max(1, drafts.length - 1);
                for (int k = 0; k < checked; k++) {
                    Measure<S> qk = laws.draft(k);
                    if (draws.accept(k, drafts[k], qk.probability(drafts[k]), pk.probability(drafts[k]))) {
                        return Outcome.accept(k, drafts[k]);
                    }
                    pk = pk.residual(qk);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    @Test
    void jsonHasTheDocumentedShapeAndLossyByDesignDoesNotFail() throws Exception {
        CliRun r = CliRun.run(Path.of("."), OptimalSchemes.registry(), "verify", "--vocab", "2,3", "--k", "1,2",
            "--grid", "3", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = Json.MAPPER.readTree(r.out());
        for (String key : List.of("instances", "checks", "failures", "schemes")) {
            assertTrue(root.has(key), key + " missing: " + r.out());
        }
        // (C(4,1)^2 + C(5,2)^2) laws^2 x 2 values of K
        assertEquals((16 + 100) * 2, root.get("instances").asLong());
        assertEquals(0, root.get("failures").asLong());
        long checks = 0;
        Set<String> ids = new TreeSet<>();
        for (JsonNode s : root.get("schemes")) {
            for (String key : List.of("id", "claimsLossless", "lossless", "checked", "failed", "counterexample",
                "maxLawError")) {
                assertTrue(s.has(key), key + " missing in " + s);
            }
            ids.add(s.get("id").asText());
            checks += s.get("checked").asLong();
            if (s.get("id").asText().equals("typical")) {
                assertFalse(s.get("claimsLossless").asBoolean());
                assertFalse(s.get("lossless").asBoolean());
                assertTrue(s.get("failed").asLong() > 0);
                assertTrue(s.get("counterexample").isObject(), s.toString());
            } else {
                assertTrue(s.get("lossless").asBoolean(), s.toString());
                assertTrue(s.get("counterexample").isNull());
            }
        }
        assertEquals(13, ids.size(), ids.toString());
        assertEquals(checks, root.get("checks").asLong());
    }

    @Test
    void failingLosslessClaimExitsOneAndItsCounterexampleIsReadBackByAudit(@TempDir Path dir) throws Exception {
        Schemes registry = Schemes.of(new BrokenScheme());
        CliRun r = CliRun.run(dir, registry, "verify", "--vocab", "3", "--k", "2", "--grid", "3", "--json");
        assertEquals(1, r.code(), r.toString());
        JsonNode s = Json.MAPPER.readTree(r.out()).get("schemes").get(0);
        assertTrue(s.get("failed").asLong() > 0);
        JsonNode ce = s.get("counterexample");
        Path file = dir.resolve("ce.json");
        Files.writeString(file, ce.toString());
        var back = InstanceReader.read(file, "ce.json");
        assertEquals(1, back.size());
        assertFalse(ExactLaw.of(new BrokenScheme().bind(back.get(0))).lossless(), "the counterexample does not fail");
        CliRun audit = CliRun.run(dir, registry, "audit", "--instance", "ce.json");
        assertEquals(1, audit.code(), audit.toString());
        // the table run says the same
        CliRun table = CliRun.run(dir, registry, "verify", "--vocab", "3", "--k", "2", "--grid", "3");
        assertEquals(1, table.code());
        assertTrue(table.out().contains("FAILS"), table.out());
        assertTrue(table.out().contains("counterexample for " + BrokenScheme.ID), table.out());
    }

    @Test
    void compareToReportsALosslessSchemeThatAcceptsLess() throws Exception {
        Schemes registry = Schemes.reference().replacing(new IgnoresLastDraft());
        CliRun r = CliRun.run(Path.of("."), registry, "verify", "--scheme", "rrs-skips-last", "--compare-to", "rrs",
            "--vocab", "2,3", "--k", "2", "--grid", "3", "--json");
        assertEquals(1, r.code(), r.toString());
        JsonNode s = Json.MAPPER.readTree(r.out()).get("schemes").get(0);
        assertTrue(s.get("lossless").asBoolean(), "skipping a draft is lossless: " + s);
        assertTrue(s.get("acceptsLess").asLong() > 0, s.toString());
        JsonNode ex = s.get("acceptsLessExample");
        var inst = InstanceReader.parse(ex.get("instance").toString(), "example").get(0);
        var mine = ExactLaw.of(new IgnoresLastDraft().bind(inst)).acceptance();
        var theirs = ExactLaw.of(Schemes.reference().get("rrs").bind(inst)).acceptance();
        assertTrue(org.specverify.reference.Fractions.compare(mine, theirs) < 0, ex.toString());
        assertEquals(org.specverify.reference.Fractions.format(mine), ex.get("acceptance").asText());
        CliRun rrs = CliRun.run(Path.of("."), registry, "verify", "--scheme", "rrs", "--compare-to", "rrs",
            "--vocab", "2", "--k", "2", "--grid", "3");
        assertEquals(0, rrs.code(), rrs.toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--grid", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--grid"), r.err());
        CliRun v = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--vocab", "1");
        assertEquals(2, v.code(), v.toString());
        CliRun s = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--scheme", "nope");
        assertEquals(2, s.code(), s.toString());
        assertTrue(s.err().contains("unknown scheme 'nope'"), s.err());
        CliRun big = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--grid", "40", "--vocab", "8");
        assertEquals(2, big.code(), big.toString());
        assertTrue(big.err().contains("--max-checks"), big.err());
    }

    static <T> int count(Iterator<T> it) {
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    @Test
    void tooLargeToEnumerateIsARefusalBeforeTheWorkNotAFailedClaim() {
        long start = System.nanoTime();
        CliRun r = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--vocab", "4", "--k", "12", "--scheme",
            "rrs");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, r.code(), r.toString());
        assertFalse(r.out().contains("failed checks"), r.toString());
        assertTrue(r.err().contains("rrs at |V| = 4, K = 12") && r.err().contains("16777216 draft tuples")
            && r.err().contains("limit of " + ExactLaw.MAX_TUPLES), r.err());
        assertTrue(seconds < 20, "refused after " + seconds + " s, not before the work");
        CliRun tuples = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--vocab", "3", "--k", "3",
            "--scheme", "rrs", "--max-tuples", "100", "--json");
        assertEquals(2, tuples.code(), tuples.toString());
        assertTrue(tuples.err().contains("above --max-tuples 100"), tuples.err());
    }

    @Test
    void hugeSizesAreRefusedWithTheLimitAndNoOverflow() {
        CliRun v = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--vocab", "1000");
        assertEquals(2, v.code(), v.toString());
        assertTrue(v.err().contains("above --max-checks"), v.err());
        assertFalse(v.err().matches("(?s).*\\s-\\d.*"), "a negative count: " + v.err());
        CliRun k = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--k", "2000000000");
        assertEquals(2, k.code(), k.toString());
        assertTrue(k.err().contains("limit of 64"), k.err());
    }

    /** rrs that throws on any q with a zero mass (a scheme that fails to run there). */
    static final class ThrowsOnZeroQ extends BrokenScheme {
        private final org.specverify.reference.scheme.Scheme rrs = Schemes.reference().get("rrs");

        @Override
        public String id() {
            return "rrs-throws";
        }

        @Override
        public Bound bind(org.specverify.reference.Instance instance) {
            if (instance.draft().supportSize() < instance.vocab()) {
                throw new IllegalArgumentException("no zero draft masses, please");
            }
            return rrs.bind(instance);
        }
    }

    @Test
    void aSchemeThatThrowsIsPrintedAsInstanceJsonWithTheMessage(@TempDir Path dir) throws Exception {
        Schemes registry = Schemes.of(new ThrowsOnZeroQ());
        CliRun r = CliRun.run(dir, registry, "verify", "--vocab", "2,3", "--k", "1,2", "--grid", "3", "--json");
        assertEquals(1, r.code(), r.toString());
        JsonNode root = Json.MAPPER.readTree(r.out());
        assertEquals(0, root.get("failures").asLong(), "a scheme that throws is not a failed lossless claim");
        assertTrue(root.get("errors").asLong() > 0);
        JsonNode s = root.get("schemes").get(0);
        assertTrue(s.get("error").asText().contains("no zero draft masses, please"), s.toString());
        var inst = InstanceReader.parse(s.get("errorInstance").toString(), "error").get(0);
        assertTrue(inst.draft().supportSize() < inst.vocab(), inst.toString());
        CliRun table = CliRun.run(dir, registry, "verify", "--vocab", "2,3", "--k", "1,2", "--grid", "3");
        assertEquals(1, table.code(), table.toString());
        String json = table.out().lines().filter(l -> l.startsWith("  {")).findFirst().orElseThrow();
        assertEquals(inst, InstanceReader.parse(json.trim(), "table").get(0));
        assertTrue(table.out().contains("threw IllegalArgumentException: no zero draft masses, please"),
            table.out());
        assertFalse(table.out().contains("Instance["), table.out());
        Files.writeString(dir.resolve("err.json"), json.trim());
        CliRun audit = CliRun.run(dir, registry, "audit", "--instance", "err.json");
        assertTrue(audit.code() == 1 || audit.code() == 2, audit.toString());
    }

    @Test
    void theCounterexampleIsTheSameWhateverTheThreads() throws Exception {
        String first = null;
        for (int run = 0; run < 6; run++) {
            CliRun r = CliRun.run(Path.of("."), Schemes.reference(), "verify", "--scheme", "typical", "--vocab", "2,3",
                "--k", "1,2", "--grid", "4", "--threads", run == 0 ? "1" : "2", "--json");
            assertEquals(0, r.code(), r.toString());
            String ce = Json.MAPPER.readTree(r.out()).get("schemes").get(0).get("counterexample").toString();
            if (first == null) {
                first = ce;
            }
            assertEquals(first, ce, "run " + run);
        }
    }
}
