package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.SpeculativeSampling;

/** The progress indication: silent for quick runs, a status line once the delay has passed. */
class ProgressTest {
    private static final Instance INSTANCE = Instance.identical("slow-one", Distribution.parse("1"),
        Distribution.parse("1"), 1);

    @Test
    void quickRunsPrintNothing() {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), false, 60_000);
        p.started(0, INSTANCE, new SpeculativeSampling(), 0, 1);
        p.finished();
        assertEquals("", w.toString());
    }

    @Test
    void slowRunsShowWhatIsBeingChecked() throws InterruptedException {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), false, 10);
        p.started(0, INSTANCE, new SpeculativeSampling(), 3, 7);
        Thread.sleep(500);
        p.finished();
        assertTrue(w.toString().startsWith("audit: 3/7 checks done; now instance 0 'slow-one', scheme sd ("),
            w.toString());
    }

    @Test
    void onATerminalTheLineIsErasedAtTheEnd() throws InterruptedException {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), true, 10);
        p.started(0, INSTANCE, new SpeculativeSampling(), 0, 1);
        Thread.sleep(500);
        p.finished();
        String s = w.toString();
        assertTrue(s.startsWith("\raudit: 0/1"), s);
        assertTrue(s.endsWith("\r") && s.substring(s.lastIndexOf('\r', s.length() - 2)).isBlank(), s);
    }

    /** The time left is the elapsed time scaled by the work left over the work done; nothing before any work. */
    @Test
    void timeLeftExtrapolatesTheWorkDone() {
        assertEquals(", about 30 s left", Progress.timeLeft(10_000, 25, 100));
        assertEquals(", about 0 s left", Progress.timeLeft(10_000, 100, 100));
        assertEquals("", Progress.timeLeft(10_000, 0, 100));
        assertEquals("", Progress.timeLeft(10_000, 5, -1));
    }

    /** Without a terminal nothing is printed while the work runs (a line would go stale), and one line at the end. */
    @Test
    void withoutATerminalOneFinalLine() throws InterruptedException {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), false, 10);
        p.step("audit --input: positions", 5, 100);
        Thread.sleep(400);
        assertEquals("", w.toString(), "printed while running");
        p.step("audit --input: positions", 100, 100);
        p.finished();
        String s = w.toString();
        assertEquals(1, s.lines().count(), s);
        assertTrue(s.startsWith("audit --input: positions [####################] 100/100 ("), s);
    }
}
