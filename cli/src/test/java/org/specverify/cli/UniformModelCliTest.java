package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditResult;
import org.specverify.audit.AuditVerdict;
import org.specverify.audit.SchemeAudit;
import org.specverify.audit.UniformModelExtension;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;

/** {@code audit --uniform-model}: rows judged under the uniforms an engine draws (proofs-notes/uniform-models.md). */
class UniformModelCliTest {
    /** sd accepting iff u ≤ p/q: lossless for ideal uniforms, a leak where u = 0 can happen. */
    static final class AcceptAtMost extends SchemeBase {
        AcceptAtMost() {
            super(SchemeBase.define("sd-accept-at-most").k(1, 1).drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            return (draws, x) -> draws.uniform().atMost(laws.arithmetic().divide(p.probability(x[0]),
                q.probability(x[0]))) ? Outcome.accept(0, x[0]) : Outcome.emit("residual", p.residual(q));
        }
    }

    private static JsonNode json(CliRun r) throws Exception {
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void rowsCarryTheModelAndTheirResolutionBound() throws Exception {
        CliRun r = CliRun.atRoot("audit", "--cases", "--scheme", "sd", "--uniform-model", "float32-closed-open",
            "--json");
        assertEquals(0, r.code(), r.toString());
        int rows = 0;
        for (JsonNode i : json(r).get("instances")) {
            for (JsonNode s : i.get("schemes")) {
                if (!s.get("verdict").asText().equals("lossless")) {
                    continue;
                }
                assertEquals("float32-closed-open", s.get("uniformModel").asText(), s.toString());
                assertTrue(s.has("resolutionBound"), s.toString());
                assertTrue(s.get("uniformModelVerdict").asText().startsWith("lossless"), s.toString());
                rows++;
            }
        }
        assertTrue(rows > 0);
    }

    @Test
    void float32OpenClosedFailsSdOnTheBuiltInCasesByItsErrorPaths() throws Exception {
        CliRun r = CliRun.atRoot("audit", "--cases", "--scheme", "sd", "--uniform-model", "float32-open-closed",
            "--json");
        assertEquals(1, r.code(), r.toString());
        boolean errorPath = false;
        for (JsonNode i : json(r).get("instances")) {
            for (JsonNode s : i.get("schemes")) {
                errorPath |= s.path("uniformModelVerdict").asText().equals("error-path");
            }
        }
        assertTrue(errorPath, r.out());
    }

    @Test
    void verifyJudgesEveryGridInstanceUnderTheModel() throws Exception {
        CliRun ok = CliRun.atRoot("verify", "--scheme", "sd", "--vocab", "3", "--k", "1", "--grid", "4",
            "--uniform-model", "float32-closed-open", "--json");
        assertEquals(0, ok.code(), ok.toString());
        JsonNode root = json(ok);
        assertEquals("float32-closed-open", root.get("uniformModel").asText());
        JsonNode sd = root.get("schemes").get(0);
        assertTrue(sd.get("resolutionBound").asText().contains("/"), sd.toString());
        assertEquals(0, sd.get("failed").intValue(), sd.toString());
        // (0, 1]: the residual draw at u = 1 has no cell
        CliRun bad = CliRun.atRoot("verify", "--scheme", "sd", "--vocab", "3", "--k", "1", "--grid", "4",
            "--uniform-model", "float32-open-closed", "--json");
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(json(bad).get("schemes").get(0).get("failed").intValue() > 0, bad.out());
    }

    @Test
    void checkWithAModelNeedsAScheme() {
        CliRun r = CliRun.atRoot("check", "--cases", "no-such-cases.json", "--samples", "no-such-samples.jsonl",
            "--uniform-model", "float32-open-closed");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--uniform-model needs --scheme"), r.err());
    }

    @Test
    void anUnknownModelIsBadInput() {
        CliRun r = CliRun.atRoot("audit", "--cases", "--uniform-model", "float64");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown uniform model 'float64'"), r.err());
    }

    @Test
    void theAuditLibraryFailsTheNonStrictTestByItsExactLeak() {
        Distribution p = Distribution.of(BigFraction.of(1, 2), BigFraction.of(1, 2), BigFraction.ZERO);
        Distribution q = Distribution.of(BigFraction.of(1, 4), BigFraction.of(1, 4), BigFraction.of(1, 2));
        Instance leak = Instance.identical("zero-target token", p, q, 1);
        Audit audit = Audit.of(List.<Scheme>of(new AcceptAtMost()));
        assertEquals(AuditVerdict.LOSSLESS, audit.run(List.of(leak)).instances().get(0).schemes().get(0).verdict());
        AuditResult r = audit.with(new UniformModelExtension(UniformModel.FLOAT32_CLOSED_OPEN)).run(List.of(leak));
        SchemeAudit row = r.instances().get(0).schemes().get(0);
        assertEquals(AuditVerdict.CLAIM_FAILS, row.verdict(), row.toString());
        assertEquals("zero-mass-leak", row.extras().get("uniformModelVerdict"));
        assertEquals(BigFraction.of(1, 1 << 25), ((org.specverify.audit.ExactValue) row.extras().get("zeroTargetMass"))
            .exact());
    }
}
