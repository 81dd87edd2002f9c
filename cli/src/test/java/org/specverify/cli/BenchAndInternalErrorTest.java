package org.specverify.cli;

import org.specverify.audit.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.specverify.lp.bench.OptimumBench;
import org.specverify.reference.scheme.Schemes;

/**
 * Size and range checks of the benchmarks (usage errors, exit code 2, before anything is allocated) and internal
 * errors (exit code 3 with a one-line reason and the trace), errors such as OutOfMemoryError included.
 */
class BenchAndInternalErrorTest {
    private static void usageError(String expected, String... args) {
        CliRun r = CliRun.atRoot(args);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: " + expected), r.toString());
        assertFalse(r.err().contains("\tat "), "stack trace for a usage error:\n" + r);
        assertTrue(r.out().isEmpty(), "no output for a usage error:\n" + r);
    }

    /** A vocabulary whose arrays cannot fit in this JVM's heap is refused with both numbers, not run into an OOM. */
    @Test
    void vocabularyLargerThanTheHeapIsRefused() {
        long max = Runtime.getRuntime().maxMemory();
        long fits = (max - OptimumBench.FIXED_HEAP_BYTES) / OptimumBench.HEAP_BYTES_PER_TOKEN;
        int vocab = (int) Math.min(OptimumBench.MAX_VOCAB, fits + 1_000);
        assertTrue(OptimumBench.heapBytesNeeded(vocab, 21) > max, "this JVM's heap of " + max + " bytes fits "
            + vocab + " tokens");
        long need = OptimumBench.heapBytesNeeded(vocab, 21);
        usageError("benchmark vocabulary " + vocab + " with 21 repetitions needs about " + need + " bytes",
            "bench", "optimum", "--vocab", Integer.toString(vocab));
        CliRun r = CliRun.atRoot("bench", "optimum", "--vocab", Integer.toString(vocab));
        assertTrue(r.err().contains("the JVM's max heap is " + max + " bytes"), r.toString());
    }

    @Test
    void optimumRefusesOutOfRangeOptions() {
        usageError("--vocab must be at most " + OptimumBench.MAX_VOCAB + ", got 2147483647",
            "bench", "optimum", "--vocab", "2147483647");
        usageError("--vocab must be at least 1, got 0", "bench", "optimum", "--vocab", "0");
        usageError("--vocab must be at least 1, got -5", "bench", "optimum", "--vocab", "-5");
        usageError("--k must be at least 1, got 0", "bench", "optimum", "--vocab", "64", "--k", "0");
        usageError("--k must be at least 1, got -1", "bench", "optimum", "--vocab", "64", "--k", "-1");
        usageError("--reps must be at least 1, got 0", "bench", "optimum", "--vocab", "64", "--reps", "0");
    }

    @Test
    void lpRefusesOutOfRangeOptions() {
        usageError("--max-variables must be at least 1, got -1", "bench", "lp", "--max-variables", "-1");
        usageError("--max-variables must be at least 1, got 0", "bench", "lp", "--max-variables", "0");
        usageError("--pdlp-from must be at least -1, got -2", "bench", "lp", "--pdlp-from", "-2");
        usageError("--pdlp-threads must be at least 1, got 0", "bench", "lp", "--pdlp-threads", "0");
        usageError("--pdlp-time-limit must be a positive number of seconds, got 0.0", "bench", "lp",
            "--pdlp-time-limit", "0");
    }

    private static CliRun auditWith(Supplier<? extends Throwable> thrown) {
        Schemes registry = Schemes.reference().replacing(new ThrowingScheme(thrown));
        return CliRun.run(CliRun.repositoryRoot(), registry, "audit", "--scheme", "sd");
    }

    private static void internalError(CliRun r, String firstLine) {
        assertEquals(ExitCodes.INTERNAL_ERROR, r.code(), r.toString());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith(firstLine), "first line of standard error:\n" + first + "\n" + r);
        assertTrue(r.err().contains("\tat org.specverify.cli.ThrowingScheme.notApplicable"), "no trace:\n" + r);
    }

    @Test
    void outOfMemoryErrorInsideASubcommandExitsThree() {
        internalError(auditWith(() -> new OutOfMemoryError("Java heap space")),
            "internal error: out of memory (java.lang.OutOfMemoryError: Java heap space) with a max heap of ");
    }

    @Test
    void stackOverflowErrorInsideASubcommandExitsThree() {
        internalError(auditWith(StackOverflowError::new),
            "internal error: stack overflow (java.lang.StackOverflowError), a bug in specverify");
    }

    @Test
    void otherErrorsAndExceptionsExitThree() {
        internalError(auditWith(() -> new AssertionError("invariant broken")),
            "internal error (a bug in specverify; please report it with this trace): java.lang.AssertionError:"
                + " invariant broken");
        internalError(auditWith(() -> new IllegalStateException("boom")),
            "internal error (a bug in specverify; please report it with this trace): java.lang.IllegalStateException:"
                + " boom");
    }
}
