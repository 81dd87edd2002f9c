package org.specverify.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.specverify.audit.AuditListener;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;

/**
 * A progress indication on standard error for audits that run longer than {@link #DELAY_MILLIS}: silent before that, so
 * quick runs print nothing extra. On a terminal it rewrites one line and erases it at the end; otherwise (logs, pipes)
 * it prints nothing while the work runs (a line written early would only go stale) and one final line at the end, the
 * last state and the time taken. Standard output is never touched, so --json output stays pure JSON. The timer starts at the
 * first {@link #started} call. The time left is extrapolated from the audit's estimated work ({@link #work}).
 */
final class Progress implements AuditListener {
    static final long DELAY_MILLIS = 5_000;

    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final long delayMillis;
    private ScheduledExecutorService timer;
    private volatile String state = "audit: starting";
    private volatile double doneUnits;
    private volatile double totalUnits = -1;
    private long lastLogged = -1;
    private int lastWidth;
    private boolean shown;

    Progress(PrintWriter err, boolean terminal) {
        this(err, terminal, DELAY_MILLIS);
    }

    Progress(PrintWriter err, boolean terminal, long delayMillis) {
        this.err = err;
        this.terminal = terminal;
        this.delayMillis = delayMillis;
    }

    @Override
    public synchronized void started(int instanceIndex, Instance instance, Scheme scheme, int done, int total) {
        state = String.format(java.util.Locale.ROOT, "audit: %d/%d checks done; now instance %d '%s', scheme %s",
            done, total, instanceIndex, instance.name(), scheme.id());
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "specverify-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, delayMillis, terminal ? 250 : 1_000, TimeUnit.MILLISECONDS);
        }
    }

    /** Progress of work that is not an audit row (the built-in studies, a file's positions). */
    synchronized void step(String what, long done, long total) {
        String bar = bar(done, total);
        state = what + " " + bar + " " + done + "/" + total;
        this.doneUnits = done;
        this.totalUnits = total;
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "specverify-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, delayMillis, terminal ? 250 : 1_000, TimeUnit.MILLISECONDS);
        }
    }

    /** "[#####.....]" of width 20. */
    static String bar(long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(20, Math.max(0, 20 * done / total));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    @Override
    public void work(double done, double total) {
        this.doneUnits = done;
        this.totalUnits = total;
    }

    /**
     * "about N s left": the elapsed time scaled by the estimated work left over the work done (work in draft tuples ×
     * (K + 1), {@code AuditCost}); empty until some work is done or when the total is unknown.
     */
    static String timeLeft(long elapsedMillis, double done, double total) {
        if (!(done > 0) || !(total >= done)) {
            return "";
        }
        long left = Math.round(elapsedMillis / 1000.0 * (total - done) / done);
        return ", about " + left + " s left";
    }

    private synchronized void tick() {
        long millis = (System.nanoTime() - start) / 1_000_000;
        String line = state + " (" + millis / 1000 + " s" + timeLeft(millis, doneUnits, totalUnits) + ")";
        if (terminal) {
            String padded = line + " ".repeat(Math.max(0, lastWidth - line.length()));
            err.print("\r" + padded);
            lastWidth = line.length();
            shown = true;
            err.flush();
        } else {
            lastLogged = millis;
        }
    }

    @Override
    public void finished() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
        }
        if (t == null) {
            return;
        }
        t.shutdownNow();
        try {
            t.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (shown) {
                err.print("\r" + " ".repeat(lastWidth) + "\r");
                err.flush();
            } else if (!terminal && lastLogged >= 0) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                err.println(state + " (" + millis / 1000 + " s in all)");
                err.flush();
            }
        }
    }
}
