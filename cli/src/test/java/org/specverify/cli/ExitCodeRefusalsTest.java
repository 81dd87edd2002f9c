package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.audit.ExitCodes;
import org.specverify.reference.Instance;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.scheme.SpeculativeSampling;

/**
 * Every refusal path mapped to its exit code ({@link Refusals}), each by running a real command: bad input, too large,
 * an unwritable output, an interrupt, a plugin that cannot be loaded or whose scheme fails, and an internal error.
 */
class ExitCodeRefusalsTest {
    @TempDir
    Path dir;

    private static void refusal(CliRun r, int code, String... parts) {
        assertEquals(code, r.code(), r.toString());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "stderr lacks '" + p + "':\n" + r);
        }
        assertFalse(r.err().contains("\tat "), "a refusal prints no stack trace:\n" + r);
    }

    @Test
    void badInputExitsTwo() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\", \"target\": [0.5, 0.6], \"draft\": [1, 0],"
            + " \"k\": 1}");
        refusal(CliRun.run(dir, "audit", "--instance", "bad.json"), ExitCodes.BAD_INPUT, "error: ");
        assertEquals(Refusals.Kind.BAD_INPUT, Refusals.kind(new org.specverify.reference.InvalidInputException("x")));
        assertEquals(Refusals.Kind.FILE, Refusals.kind(new java.io.UncheckedIOException("writing out.csv",
            new java.io.IOException("No space left on device"))));
        assertEquals(Refusals.Kind.FILE, Refusals.kind(new java.nio.file.InvalidPathException("\u00e9", "unmappable")));
        assertEquals(ExitCodes.BAD_INPUT, Refusals.exitCode(new java.io.UncheckedIOException(new java.io.IOException())));
    }

    /** A TooLargeException thrown anywhere in a command is a refusal (exit 2, its message), never a bug or a verdict. */
    @Test
    void tooLargeExitsTwo() {
        Schemes registry = Schemes.reference().replacing(new ThrowingScheme(
            () -> new TooLargeException("too large: 10^30 draft tuples, above the limit of 5000000")));
        CliRun r = CliRun.run(dir, registry, "audit", "--scheme", "sd");
        refusal(r, ExitCodes.BAD_INPUT, "error: too large: 10^30 draft tuples, above the limit of 5000000");
        assertFalse(r.out().contains("OK"), r.toString());
    }

    /** A row too large for the exact enumeration makes the run undecided: exit 2, not success and not a failure. */
    @Test
    void aRowTooLargeToEnumerateExitsTwo() throws Exception {
        Files.writeString(dir.resolve("big.json"), "{\"name\": \"big\", \"target\": "
            + uniform(40) + ", \"draft\": " + uniform(40) + ", \"k\": 8}");
        CliRun r = CliRun.run(dir, "audit", "--instance", "big.json", "--scheme", "rrs");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.out().contains("UNDECIDED"), r.toString());
    }

    private static String uniform(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("\"1/").append(n).append('"');
        }
        return sb.append(']').toString();
    }

    @Test
    void unwritableOutputExitsTwoBeforeTheWork() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        refusal(CliRun.run(dir, "audit", "--report", "file"), ExitCodes.BAD_INPUT, "--report", "file",
            "not a directory");
        refusal(CliRun.run(dir, "audit", "--report", "file/sub"), ExitCodes.BAD_INPUT, "file/sub");
    }

    /** Interrupted: exit 130, the text says INTERRUPTED and never "OK" (the JSON says ok: false). */
    @Test
    void interruptedExitsOneThirtyAndIsNeverOk() {
        Schemes registry = Schemes.reference().replacing(new InterruptingScheme());
        CliRun r;
        try {
            r = CliRun.run(dir, registry, "audit", "--cases", "--scheme", "sd");
        } finally {
            Thread.interrupted();
        }
        assertEquals(ExitCodes.INTERRUPTED, r.code(), r.toString());
        assertTrue(r.out().contains("INTERRUPTED after "), r.toString());
        assertFalse(r.out().contains("OK: every lossless claim holds"), r.toString());
        assertTrue(r.out().contains("INTERRUPTED: no lossless claim failed on the "), r.toString());
        CliRun quiet;
        try {
            quiet = CliRun.run(dir, registry, "audit", "--cases", "--scheme", "sd", "--quiet");
        } finally {
            Thread.interrupted();
        }
        assertEquals(ExitCodes.INTERRUPTED, quiet.code(), quiet.toString());
        assertFalse(quiet.out().contains("OK"), quiet.toString());
        CliRun json;
        try {
            json = CliRun.run(dir, registry, "audit", "--cases", "--scheme", "sd", "--json");
        } finally {
            Thread.interrupted();
        }
        assertEquals(ExitCodes.INTERRUPTED, json.code(), json.toString());
        assertTrue(json.out().contains("\"ok\":false") && json.out().contains("\"interrupted\":true"),
            json.toString());
        assertEquals(Refusals.Kind.INTERRUPTED, Refusals.kind(new IllegalStateException("interrupted",
            new InterruptedException())));
    }

    @Test
    void pluginThatCannotBeLoadedExitsTwoAndAFailingPluginSchemeExitsOne() throws Exception {
        refusal(CliRun.run(dir, "audit", "--cases", "--plugin", "missing.jar"), ExitCodes.BAD_INPUT,
            "--plugin missing.jar: no such file");
        Files.writeString(dir.resolve("not-a-jar.jar"), "not a jar");
        refusal(CliRun.run(dir, "audit", "--cases", "--plugin", "not-a-jar.jar"), ExitCodes.BAD_INPUT,
            "--plugin not-a-jar.jar");
        // a scheme that throws while running on an instance it declared applicable is a failed row, a verdict
        Schemes registry = Schemes.reference().replacing(new BindThrowingScheme());
        CliRun r = CliRun.run(dir, registry, "audit", "--cases", "--scheme", "sd");
        assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
        assertTrue(r.out().contains("failed to run"), r.toString());
    }

    @Test
    void internalErrorExitsThreeWithTheTrace() {
        Schemes registry = Schemes.reference().replacing(new ThrowingScheme(() -> new IllegalStateException("boom")));
        CliRun r = CliRun.run(dir, registry, "audit", "--scheme", "sd");
        assertEquals(ExitCodes.INTERNAL_ERROR, r.code(), r.toString());
        assertTrue(r.err().startsWith("internal error"), r.toString());
        assertTrue(r.err().contains("\tat "), r.toString());
    }

    /** sd, except that running it interrupts the auditing thread (as Ctrl-C would between rows). */
    static final class InterruptingScheme extends Delegating {
        @Override
        public Bound bind(Instance instance) {
            Thread.currentThread().interrupt();
            return inner.bind(instance);
        }
    }

    /** sd, except that it throws while running on an instance it declared applicable. */
    static final class BindThrowingScheme extends Delegating {
        @Override
        public Bound bind(Instance instance) {
            throw new IllegalArgumentException("the plugin's verifier failed");
        }
    }

    /** A scheme that behaves as sd. */
    abstract static class Delegating implements Scheme {
        final Scheme inner = new SpeculativeSampling();

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public String description() {
            return "test double";
        }

        @Override
        public String paper() {
            return inner.paper();
        }

        @Override
        public String draftProcess() {
            return inner.draftProcess();
        }

        @Override
        public int minK() {
            return inner.minK();
        }

        @Override
        public int maxK() {
            return inner.maxK();
        }

        @Override
        public boolean claimsLossless() {
            return true;
        }

        @Override
        public Optional<String> notApplicable(Instance instance) {
            return inner.notApplicable(instance);
        }
    }
}
