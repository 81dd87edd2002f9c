package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.scheme.Schemes;

/** Refusals of the exact audit, decided before the work, and an interrupted run that is never OK. */
class AuditRefusalTest {
    /** K = 1000000 is refused at once by its size (it used to run minutes on the exact optima). */
    @Test
    void anInstanceBeyondTheLargestKIsRefusedUpFront() {
        Instance big = Instance.identical("big", Distribution.parse("1/2", "1/2"), Distribution.parse("1/2", "1/2"),
            1_000_000);
        long t0 = System.nanoTime();
        TooLargeException e = assertThrows(TooLargeException.class, () -> AuditCost.checkInstance(big));
        assertTrue(e.getMessage().contains("K = 1000000") && e.getMessage().contains("limit of K = "
            + AuditCost.MAX_K), e.getMessage());
        AuditCost.checkInstance(Instance.identical("ok", Distribution.parse("1/2", "1/2"),
            Distribution.parse("1/2", "1/2"), AuditCost.MAX_K));
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "the check is immediate");
    }

    /** A refused row's tuple count is written compactly, never as a number of a million digits. */
    @Test
    void hugeCountsAreWrittenAsPowersOfTen() {
        assertEquals("12345", Audit.count(BigInteger.valueOf(12345)));
        assertEquals("about 1.000e100", Audit.count(BigInteger.TEN.pow(100)));
        assertTrue(Audit.count(BigInteger.TWO.pow(1_000_000)).startsWith("about 9.90"),
            Audit.count(BigInteger.TWO.pow(1_000_000)));
        assertTrue(Audit.count(BigInteger.TWO.pow(1_000_000)).endsWith("e301029"));
    }

    /** A run stopped early is never OK: its exit code says interrupted, whatever the rows before it said. */
    @Test
    void anInterruptedRunIsNotOk() {
        List<Instance> cases = org.specverify.audit.io.InstanceReader.builtin();
        AuditSummary summary = new AuditSummary();
        Thread.currentThread().interrupt();
        try {
            Audit.of(List.of(Schemes.reference().get("sd"))).run(cases, cases.size(), new AuditSink.Collecting(),
                AuditListener.NONE, summary);
        } finally {
            Thread.interrupted();
        }
        assertTrue(summary.interrupted());
        assertEquals(0, summary.instances());
        assertEquals(ExitCodes.INTERRUPTED, summary.exitCode());
    }
}
