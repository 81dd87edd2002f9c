package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * {@code check} with the engine's seed: lines that give {@code seed} and {@code position} have their decision replayed
 * on the Philox uniforms of that layout; an engine that decides on the same uniforms passes every line, one that keys
 * its uniforms otherwise or tests u·q ≤ p is caught line by line.
 */
class EngineCheckSeedReplayTest {
    static final Instance INST = Instance.identical("c", Distribution.parse("0.4", "0.3", "0.2", "0.1", "0"),
        Distribution.parse("0.1", "0.2", "0.3", "0.2", "0.2"), 2);
    static final List<Cases.Case> CASES = List.of(new Cases.Case("c", INST, "iid"));
    static final Scheme RRS = Schemes.reference().get("rrs");

    /** An engine: which verifying stream it keys its uniforms with, and the position it believes it is at. */
    private static String samples(long seed0, int n, int stream, long positionShift) {
        SplittableRandom r = new SplittableRandom(seed0);
        Scheme.Bound b = RRS.bind(INST);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            long seed = r.nextLong();
            long position = r.nextLong(1L << 40);
            // drafts from q (token 4 included: q(4) = 0.2, p(4) = 0)
            int[] x = {r.nextInt(5), r.nextInt(5)};
            CertifiedDecision d = CertifiedDecision.of(b, x, u -> CounterUniforms.uniformFloat(seed,
                position + positionShift, stream, u), Integer.MAX_VALUE, Uniforms.OPEN);
            sb.append("{\"case\": \"c\", \"engine\": \"e\", \"output\": ").append(d.output()).append(", \"drafts\": [")
                .append(x[0]).append(", ").append(x[1]).append("], \"accepted\": ")
                .append(d.acceptedDraft() >= 0 ? Integer.toString(d.acceptedDraft()) : "false")
                .append(", \"seed\": ").append(Long.toUnsignedString(seed)).append(", \"position\": ").append(position)
                .append("}\n");
        }
        return sb.toString();
    }

    private static EngineCheck.GroupReport check(String samples) {
        EngineCheck c = new EngineCheck(CASES, RRS, 0.001);
        c.read(new BufferedReader(new StringReader(samples)), "samples");
        return c.report().groups().get(0);
    }

    @Test
    void anEngineOnTheSameUniformsPassesEveryReplayedLine() {
        long seed = 20_261_207L;
        System.out.println("EngineCheckSeedReplayTest seed " + seed);
        EngineCheck.GroupReport g = check(samples(seed, 400, CounterUniforms.VERIFY_STREAM, 0));
        assertEquals(400, g.seedReplay().samples());
        assertEquals(0, g.seedReplay().mismatches(), g.seedReplay().lines().toString());
    }

    @Test
    void anEngineKeyedOnTheDraftStreamOrTheNextPositionIsCaughtLineByLine() {
        long seed = 20_261_208L;
        System.out.println("EngineCheckSeedReplayTest seed " + seed);
        for (String[] bug : new String[][] {{"draft stream", "0", "0"}, {"next position", "1", "1"}}) {
            EngineCheck.GroupReport g = check(samples(seed, 400, Integer.parseInt(bug[1]), Long.parseLong(bug[2])));
            System.out.println(bug[0] + ": " + g.seedReplay().mismatches() + " of " + g.seedReplay().samples()
                + " replayed decisions differ; first: " + g.seedReplay().lines().get(0));
            assertTrue(g.seedReplay().mismatches() > 40, bug[0] + ": " + g.seedReplay());
            assertTrue(g.failed(), bug[0]);
            assertTrue(g.seedReplay().lines().get(0).matches("line \\d+: seed \\d+, position \\d+, drafts .*"),
                g.seedReplay().lines().get(0));
        }
    }

    @Test
    void anAtMostTestIsCaughtWhereTheUniformMeetsTheRatio() {
        // drafts (4, 4): p(4) = 0, so u·q < p never accepts; an engine testing u·q <= p with u = 0 would accept.
        // The layout's uniforms are never 0, so the line below is the engine's claim at a uniform it cannot draw:
        // output 4 on drafts [4, 4] differs from the reference's decision on the replayed uniforms.
        String line = "{\"case\": \"c\", \"output\": 4, \"drafts\": [4, 4], \"accepted\": 0, \"seed\": 7, \"position\":"
            + " 3}\n";
        EngineCheck.GroupReport g = check(line);
        assertEquals(1, g.seedReplay().mismatches());
        assertTrue(g.seedReplay().lines().get(0).contains("the reference outputs"), g.seedReplay().lines().get(0));
        assertTrue(g.failed());
    }

    @Test
    void aSeedNeedsAPositionAndAScheme() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> check(
            "{\"case\": \"c\", \"output\": 0, \"drafts\": [0, 0], \"seed\": 7}\n"));
        assertTrue(e.getMessage().contains("\"seed\" without \"position\""), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> check(
            "{\"case\": \"c\", \"output\": 0, \"drafts\": [0, 0], \"seed\": -7, \"position\": 1}\n"));
        assertTrue(e.getMessage().contains("\"seed\": must be a non-negative integer"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> check(
            "{\"case\": \"c\", \"output\": 0, \"drafts\": [0, 0], \"seed\": 18446744073709551616, \"position\": 1}\n"));
        assertTrue(e.getMessage().contains("above 2^64 - 1"), e.getMessage());
        EngineCheck noScheme = new EngineCheck(CASES, null, 0.001);
        e = assertThrows(InvalidInputException.class, () -> noScheme.read(new BufferedReader(new StringReader(
            "{\"case\": \"c\", \"output\": 0, \"drafts\": [0, 0], \"seed\": 7, \"position\": 1}\n")), "samples"));
        assertTrue(e.getMessage().contains("need --scheme"), e.getMessage());
        // the largest seed is read as 64 unsigned bits
        EngineCheck.GroupReport g = check("{\"case\": \"c\", \"output\": 0, \"drafts\": [0, 0], \"seed\":"
            + " 18446744073709551615, \"position\": 9223372036854775807}\n");
        assertEquals(1, g.seedReplay().samples());
        assertFalse(g.seedReplay().lines().isEmpty() && g.seedReplay().mismatches() > 0);
    }
}
