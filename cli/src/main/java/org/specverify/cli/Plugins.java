package org.specverify.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Users' schemes on the command line: {@code --plugin FILE.jar} (repeatable) loads every {@link Scheme} a jar
 * registers through {@link ServiceLoader} (a file {@code META-INF/services/org.specverify.reference.scheme.Scheme}
 * listing classes with a public no-argument constructor) and every {@link SequenceScheme} it registers (a file
 * {@code META-INF/services/org.specverify.reference.sequence.scheme.SequenceScheme}); they run beside the built-in
 * schemes. A jar may register either kind or both. Commands get the token schemes through {@link #extend} and the
 * sequence schemes through {@link #sequenceRegistry} (which also holds tree-&lt;id&gt; for the plugins' token schemes).
 * A mixin of the commands that take it.
 *
 * <p>Plugin code runs under {@link PluginGuard}: every call into it (the constructor included) has a deadline,
 * {@code --plugin-timeout}, by default the command's {@code --max-seconds} where it has one, else
 * {@link #DEFAULT_TIMEOUT_SECONDS}; a call past it fails naming the plugin, and a plugin's {@code System.exit} is
 * reported and turned into exit code 1. A constructor that throws is reported with its cause. A sequence scheme's
 * constructor and its id, description and paper run under the guard when it is loaded; the calls an exact check makes
 * into its verifier are not guarded.
 */
final class Plugins {
    /** The deadline of one call into plugin code when neither --plugin-timeout nor --max-seconds is given. */
    static final double DEFAULT_TIMEOUT_SECONDS = 600;

    @Option(names = "--plugin", paramLabel = "FILE.jar",
        description = "Load the schemes a jar registers for org.specverify.reference.scheme.Scheme through"
            + " java.util.ServiceLoader, beside the built-in ones (repeatable).")
    List<String> jars = new ArrayList<>();

    @Option(names = "--plugin-timeout", paramLabel = "S",
        description = "The longest one call into plugin code may run before it is stopped and its scheme counts as"
            + " failing to run (default: --max-seconds where the command has it, else 600).")
    Double timeoutSeconds;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** What each jar registers, loaded once per command (by the name given on the command line). */
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();

    /** The schemes one plugin jar registers: token schemes and sequence schemes. */
    record Loaded(List<Scheme> tokens, List<SequenceScheme> sequences) {
    }

    /** The deadline of one call into plugin code, in seconds. */
    double timeout() {
        if (timeoutSeconds != null) {
            if (!(timeoutSeconds > 0)) {
                throw new InvalidInputException("--plugin-timeout must be a positive number of seconds, got "
                    + timeoutSeconds);
            }
            return timeoutSeconds;
        }
        OptionSpec maxSeconds = mixee == null ? null : mixee.findOption("--max-seconds");
        if (maxSeconds != null && maxSeconds.getValue() instanceof Number n && n.doubleValue() > 0) {
            return n.doubleValue();
        }
        return DEFAULT_TIMEOUT_SECONDS;
    }

    /** The registry with the plugins' schemes appended (an id that is already taken is refused). */
    Schemes extend(Schemes registry, Cli.Context context) {
        if (jars.isEmpty()) {
            return registry;
        }
        List<Scheme> all = new ArrayList<>(registry.all());
        Set<String> ids = new HashSet<>();
        all.forEach(s -> ids.add(s.id()));
        for (String jar : jars) {
            for (Scheme s : loaded(jar, context).tokens()) {
                if (!ids.add(s.id())) {
                    throw new InvalidInputException("--plugin " + jar + ": scheme id '" + s.id()
                        + "' is already taken; give the plugin's scheme another id");
                }
                all.add(s);
            }
        }
        return Schemes.of(all.toArray(Scheme[]::new));
    }

    /**
     * The sequence schemes the commands offer: the reference's (tokenwise, block, traversal, target-only and
     * tree-&lt;id&gt; for every token scheme of {@link #extend extend(context.registry(), context)}, the plugins' token
     * schemes included) followed by the sequence schemes the --plugin jars register. An id that is already taken is
     * refused, naming the jar.
     */
    SequenceSchemes sequenceRegistry(Cli.Context context) {
        SequenceSchemes registry = SequenceSchemes.reference(extend(context.registry(), context));
        for (String jar : jars) {
            List<SequenceScheme> mine = loaded(jar, context).sequences();
            for (SequenceScheme s : mine) {
                if (registry.all().stream().anyMatch(t -> t.id().equals(s.id()))) {
                    throw new InvalidInputException("--plugin " + jar + ": sequence scheme id '" + s.id()
                        + "' is already taken; give the plugin's scheme another id");
                }
            }
            registry = registry.with(mine);
        }
        return registry;
    }

    /** What one jar of --plugin registers, loaded (under the guard) the first time it is asked for. */
    private Loaded loaded(String jar, Cli.Context context) {
        Loaded l = loaded.get(jar);
        if (l == null) {
            double seconds = timeout();
            PluginGuard.installExitHook();
            PluginGuard guard = new PluginGuard("--plugin " + jar, seconds, context.closeOutputOnInterrupt());
            l = loadAll(context.resolve(jar), jar, guard);
            loaded.put(jar, l);
        }
        return l;
    }

    /** The token schemes one jar registers, unguarded (for tests). */
    static List<Scheme> load(Path file, String shown) {
        return loadAll(file, shown, null).tokens();
    }

    /** The token schemes one jar registers, each under the guard when one is given. */
    static List<Scheme> load(Path file, String shown, PluginGuard guard) {
        return loadAll(file, shown, guard).tokens();
    }

    /** The token and sequence schemes one jar registers (token schemes under the guard when one is given). */
    static Loaded loadAll(Path file, String shown, PluginGuard guard) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--plugin " + shown + ": no such file");
        }
        URL url;
        try {
            url = file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new InvalidInputException("--plugin " + shown + ": not a file path", e);
        }
        @SuppressWarnings("resource")
        URLClassLoader loader = new URLClassLoader(PluginGuard.LOADER_PREFIX + shown, new URL[] {url},
            Plugins.class.getClassLoader());
        List<Scheme> out = new ArrayList<>();
        java.util.function.Supplier<List<Scheme>> loadAll = () -> {
            List<Scheme> found = new ArrayList<>();
            for (Scheme s : ServiceLoader.load(Scheme.class, loader)) {
                if (s.getClass().getClassLoader() == loader) {
                    found.add(guard == null ? s : new PluginGuard.GuardedScheme(s, guard));
                }
            }
            return found;
        };
        try {
            out.addAll(guard == null ? loadAll.get() : guard.call("loading its schemes", loadAll));
        } catch (ServiceConfigurationError e) {
            throw new InvalidInputException("--plugin " + shown + ": cannot load its schemes: " + e.getMessage()
                + causes(e), e);
        } catch (LinkageError e) {
            throw new InvalidInputException("--plugin " + shown + ": cannot load its schemes: " + e, e);
        }
        List<SequenceScheme> sequences = new ArrayList<>();
        java.util.function.Supplier<List<SequenceScheme>> loadSequences = () -> {
            List<SequenceScheme> found = SequenceSchemes.plugins(loader);
            found.forEach(s -> {
                s.id();
                s.description();
                s.paper();
            });
            return found;
        };
        try {
            sequences.addAll(guard == null ? loadSequences.get()
                : guard.call("loading its sequence schemes", loadSequences));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--plugin " + shown + ": " + e.getMessage() + causes(e), e);
        } catch (LinkageError e) {
            throw new InvalidInputException("--plugin " + shown + ": cannot load its sequence schemes: " + e, e);
        }
        if (out.isEmpty() && sequences.isEmpty()) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // nothing was loaded from it
            }
            throw new InvalidInputException("--plugin " + shown + ": the jar registers no scheme (expected"
                + " META-INF/services/org.specverify.reference.scheme.Scheme listing scheme classes, or"
                + " META-INF/services/org.specverify.reference.sequence.scheme.SequenceScheme listing sequence"
                + " scheme classes)");
        }
        return new Loaded(List.copyOf(out), List.copyOf(sequences));
    }

    /**
     * The sequence registry of a command whose token registry is {@code tokens}: the reference's sequence schemes with
     * tree-&lt;id&gt; for every token scheme of {@code tokens}, and the sequence schemes the --plugin jars register (loaded
     * once, as {@link #sequenceRegistry} loads them). An id that is already taken is refused, naming the jar.
     */
    SequenceSchemes extendSequence(Schemes tokens, Cli.Context context) {
        SequenceSchemes registry = MixedInput.registry(tokens);
        for (String jar : jars) {
            List<SequenceScheme> mine = loaded(jar, context).sequences();
            for (SequenceScheme s : mine) {
                if (registry.all().stream().anyMatch(t -> t.id().equals(s.id()))) {
                    throw new InvalidInputException("--plugin " + jar + ": sequence scheme id '" + s.id()
                        + "' is already taken; give the plugin's scheme another id");
                }
            }
            registry = registry.with(mine);
        }
        return registry;
    }

    /** "; caused by: X: message (at frame)" for each cause, the plugin's own exception first. */
    static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
            sb.append("; caused by: ").append(c);
            StackTraceElement[] st = c.getStackTrace();
            if (st.length > 0) {
                StackTraceElement f = st[0];
                sb.append(" (at ").append(f.getClassName()).append('.').append(f.getMethodName()).append('(')
                    .append(f.getFileName()).append(':').append(f.getLineNumber()).append("))");
            }
        }
        return sb.toString();
    }
}
