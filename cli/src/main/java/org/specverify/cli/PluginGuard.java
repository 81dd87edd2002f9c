package org.specverify.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.ExitCodes;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Decision;
import org.specverify.reference.scheme.Parameters;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;

/**
 * Plugin code under a deadline, and a plugin's {@code System.exit} made visible. Every call into a plugin scheme (its
 * constructor, {@code bind}, {@code notApplicable}, {@code decide}, each run of its verifier program) is timed; a
 * watchdog thread stops a call that has run longer than the deadline, and the call then fails with a
 * {@link PluginFailureException} naming the plugin, the scheme and the call, which the commands report as that scheme
 * failing to run. Never a hang.
 *
 * <p>How a call is stopped: Java offers no cooperative way to end code that never returns, so on Java 17 the watchdog
 * uses {@link Thread#stop()} (deprecated, still working there; it raises {@link ThreadDeath} in the plugin's frame,
 * which this class turns into the failure). Where {@code Thread.stop} is unsupported (Java 20 and later), the command
 * line prints the failure and halts the JVM with exit code 1 instead; in-process callers (tests) then get no halt.
 *
 * <p>{@code System.exit} in a plugin: on Java 17 without flags a security manager can no longer be installed quietly
 * (it is deprecated for removal and prints a warning), and {@code Runtime.halt} cannot be intercepted at all. So a
 * shutdown hook, installed when a plugin is loaded, looks at the thread that is exiting: when the frame that called
 * {@code System.exit} (or {@code Runtime.exit}) belongs to a class of a plugin's class loader, it prints which plugin
 * method ended the run and halts with exit code 1 (a scheme that fails to run) instead of the plugin's status. Nothing
 * can be done for {@code Runtime.halt}.
 */
final class PluginGuard {
    /** The name prefix of every plugin class loader (stack frames carry it, so plugin code is recognised by it). */
    static final String LOADER_PREFIX = "specverify-plugin:";

    private static final Map<Thread, Active> ACTIVE = new ConcurrentHashMap<>();
    private static final ThreadLocal<Active> CURRENT = ThreadLocal.withInitial(Active::new);
    private static Thread watchdog;
    private static boolean exitHookInstalled;

    /** What a thread is doing inside plugin code. */
    private static final class Active {
        int depth;
        long since;
        String what;
        PluginGuard guard;
        boolean inside;
        volatile boolean stopped;
    }

    private final String plugin;
    private final long deadlineNanos;
    private final double seconds;
    private final boolean mayHalt;

    /**
     * @param plugin  how the plugin is named in messages ("--plugin x.jar")
     * @param seconds the longest one call into plugin code may take
     * @param mayHalt whether the JVM may be halted when a call cannot be stopped (the command line, not tests)
     */
    PluginGuard(String plugin, double seconds, boolean mayHalt) {
        this.plugin = plugin;
        this.seconds = seconds;
        this.deadlineNanos = (long) Math.min(Long.MAX_VALUE / 2.0, seconds * 1e9);
        this.mayHalt = mayHalt;
    }

    /** Runs one call into plugin code under the deadline. */
    <T> T call(String what, Supplier<T> body) {
        Active a = CURRENT.get();
        if (a.depth > 0) {
            // a nested call is timed by the outermost one
            a.depth++;
            try {
                return body.get();
            } finally {
                a.depth--;
            }
        }
        try {
            synchronized (a) {
                a.depth = 1;
                a.since = System.nanoTime();
                a.what = what;
                a.guard = this;
                a.inside = true;
                a.stopped = false;
            }
            ACTIVE.put(Thread.currentThread(), a);
            startWatchdog();
            try {
                return body.get();
            } finally {
                synchronized (a) {
                    a.inside = false;
                    a.depth = 0;
                }
                ACTIVE.remove(Thread.currentThread());
            }
        } catch (ThreadDeath d) {
            if (a.stopped) {
                a.stopped = false;
                a.depth = 0;
                ACTIVE.remove(Thread.currentThread());
                throw new PluginFailureException(timeoutMessage(what));
            }
            throw d;
        }
    }

    private String timeoutMessage(String what) {
        return plugin + ": " + what + " did not return within " + seconds + " s (--plugin-timeout); the call was"
            + " stopped and the scheme counts as failing to run";
    }

    private static synchronized void startWatchdog() {
        if (watchdog != null) {
            return;
        }
        watchdog = new Thread(PluginGuard::watch, "specverify-plugin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void watch() {
        while (true) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Map.Entry<Thread, Active> e : ACTIVE.entrySet()) {
                Active a = e.getValue();
                synchronized (a) {
                    if (!a.inside || a.stopped || now - a.since <= a.guard.deadlineNanos) {
                        continue;
                    }
                    a.stopped = true;
                    try {
                        e.getKey().stop();
                    } catch (UnsupportedOperationException unsupported) {
                        String m = a.guard.timeoutMessage(a.what);
                        if (a.guard.mayHalt) {
                            System.out.flush();
                            System.err.println("error: " + m.replace("the call was stopped", "it cannot be stopped"
                                + " on this Java") + "; ending the run");
                            System.err.flush();
                            Runtime.getRuntime().halt(ExitCodes.FAILURE);
                        }
                    }
                }
            }
        }
    }

    /**
     * Installs, once per JVM, the shutdown hook that reports a plugin's {@code System.exit} and replaces its status with
     * exit code 1.
     */
    static synchronized void installExitHook() {
        if (exitHookInstalled) {
            return;
        }
        exitHookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(PluginGuard::onExit, "specverify-plugin-exit-check"));
    }

    private static void onExit() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Optional<StackTraceElement> caller = pluginExitCaller(e.getValue());
            if (caller.isPresent()) {
                StackTraceElement c = caller.get();
                System.out.flush();
                System.err.println("error: plugin code called System.exit and ended the run before specverify"
                    + " finished: " + c.getClassName() + "." + c.getMethodName() + " (" + c.getFileName() + ":"
                    + c.getLineNumber() + ") from " + c.getClassLoaderName().substring(LOADER_PREFIX.length())
                    + "; no verdict was reached (exit code " + ExitCodes.FAILURE + ": a scheme that fails to run)");
                System.err.flush();
                Runtime.getRuntime().halt(ExitCodes.FAILURE);
            }
        }
    }

    /** The plugin frame that called System.exit or Runtime.exit in this stack, if any. */
    static Optional<StackTraceElement> pluginExitCaller(StackTraceElement[] stack) {
        for (int i = 0; i + 1 < stack.length; i++) {
            StackTraceElement f = stack[i];
            boolean exit = f.getMethodName().equals("exit") && (f.getClassName().equals("java.lang.System")
                || f.getClassName().equals("java.lang.Runtime"));
            if (!exit) {
                continue;
            }
            int j = i + 1;
            while (j < stack.length && stack[j].getMethodName().equals("exit")
                && (stack[j].getClassName().equals("java.lang.System")
                || stack[j].getClassName().equals("java.lang.Runtime"))) {
                j++;
            }
            if (j < stack.length) {
                String loader = stack[j].getClassLoaderName();
                if (loader != null && loader.startsWith(LOADER_PREFIX)) {
                    return Optional.of(stack[j]);
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A plugin's scheme with every call into it under the guard. */
    static final class GuardedScheme implements Scheme {
        private final Scheme inner;
        private final PluginGuard guard;
        private final String id;
        private final String description;
        private final String paper;
        private final String draftProcess;
        private final int minK;
        private final int maxK;
        private final boolean claimsLossless;

        GuardedScheme(Scheme inner, PluginGuard guard) {
            this.inner = inner;
            this.guard = guard;
            this.id = guard.call("id()", inner::id);
            String s = "scheme '" + id + "': ";
            this.description = guard.call(s + "description()", inner::description);
            this.paper = guard.call(s + "paper()", inner::paper);
            this.draftProcess = guard.call(s + "draftProcess()", inner::draftProcess);
            this.minK = guard.call(s + "minK()", inner::minK);
            this.maxK = guard.call(s + "maxK()", inner::maxK);
            this.claimsLossless = guard.call(s + "claimsLossless()", inner::claimsLossless);
        }

        /** The plugin's own object (for tests). */
        Scheme inner() {
            return inner;
        }

        private String where(String call) {
            return "scheme '" + id + "': " + call;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public String paper() {
            return paper;
        }

        @Override
        public String draftProcess() {
            return draftProcess;
        }

        @Override
        public int minK() {
            return minK;
        }

        @Override
        public int maxK() {
            return maxK;
        }

        @Override
        public boolean claimsLossless() {
            return claimsLossless;
        }

        @Override
        public Parameters parameters() {
            return guard.call(where("parameters()"), inner::parameters);
        }

        @Override
        public Optional<String> notApplicable(Instance instance) {
            return guard.call(where("notApplicable(" + instance.name() + ")"), () -> inner.notApplicable(instance));
        }

        @Override
        public Optional<DraftProcess> draftProcessFor(Instance instance) {
            return guard.call(where("draftProcessFor(" + instance.name() + ")"),
                () -> inner.draftProcessFor(instance));
        }

        @Override
        public Bound bind(Instance instance) {
            Bound b = guard.call(where("bind(" + instance.name() + ")"), () -> inner.bind(instance));
            return new GuardedBound(this, b);
        }
    }

    /** A plugin's bound scheme: decide and every run of its program under the guard. */
    private static final class GuardedBound implements Scheme.Bound {
        private final GuardedScheme scheme;
        private final Scheme.Bound inner;
        private final boolean hasProgram;
        private final Map<Arithmetic<?>, Program<?>> programs = new ConcurrentHashMap<>();

        GuardedBound(GuardedScheme scheme, Scheme.Bound inner) {
            this.scheme = scheme;
            this.inner = inner;
            this.hasProgram = scheme.guard.call(scheme.where("hasProgram()"), inner::hasProgram);
        }

        @Override
        public Scheme scheme() {
            return scheme;
        }

        @Override
        public Instance instance() {
            return inner.instance();
        }

        @Override
        public DraftProcess draftProcess() {
            return inner.draftProcess();
        }

        @Override
        public Decision decide(int[] drafts, Draws<BigFraction> draws) {
            return scheme.guard.call(scheme.where("decide"), () -> inner.decide(drafts, draws));
        }

        @Override
        public boolean hasProgram() {
            return hasProgram;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> Program<S> program(Arithmetic<S> arithmetic) {
            return (Program<S>) programs.computeIfAbsent(arithmetic, a -> {
                Program<S> p = scheme.guard.call(scheme.where("program()"), () -> inner.program(arithmetic));
                return new Program<S>(scheme.id(), p.laws(),
                    (draws, drafts) -> scheme.guard.call(scheme.where("the verifier"), () -> p.run(draws, drafts)));
            });
        }
    }
}
