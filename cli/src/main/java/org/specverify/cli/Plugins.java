package org.specverify.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Users' schemes on the command line: {@code --plugin FILE.jar} (repeatable) loads every {@link Scheme} a jar
 * registers through {@link ServiceLoader} (a file {@code META-INF/services/org.specverify.reference.scheme.Scheme}
 * listing classes with a public no-argument constructor); they run beside the built-in schemes. A mixin of the
 * commands that take it.
 *
 * <p>Plugin code runs under {@link PluginGuard}: every call into it (the constructor included) has a deadline,
 * {@code --plugin-timeout}, by default the command's {@code --max-seconds} where it has one, else
 * {@link #DEFAULT_TIMEOUT_SECONDS}; a call past it fails naming the plugin, and a plugin's {@code System.exit} is
 * reported and turned into exit code 1. A constructor that throws is reported with its cause.
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
        double seconds = timeout();
        PluginGuard.installExitHook();
        for (String jar : jars) {
            PluginGuard guard = new PluginGuard("--plugin " + jar, seconds, context.closeOutputOnInterrupt());
            for (Scheme s : load(context.resolve(jar), jar, guard)) {
                if (!ids.add(s.id())) {
                    throw new InvalidInputException("--plugin " + jar + ": scheme id '" + s.id()
                        + "' is already taken; give the plugin's scheme another id");
                }
                all.add(s);
            }
        }
        return Schemes.of(all.toArray(Scheme[]::new));
    }

    /** The schemes one jar registers, unguarded (for tests). */
    static List<Scheme> load(Path file, String shown) {
        return load(file, shown, null);
    }

    /** The schemes one jar registers, each under the guard when one is given. */
    static List<Scheme> load(Path file, String shown, PluginGuard guard) {
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
        if (out.isEmpty() && registersSequenceSchemes(loader)) {
            return out;
        }
        if (out.isEmpty()) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // nothing was loaded from it
            }
            throw new InvalidInputException("--plugin " + shown + ": the jar registers no scheme (expected"
                + " META-INF/services/org.specverify.reference.scheme.Scheme listing scheme classes)");
        }
        return out;
    }

    /** Whether the jar lists sequence schemes (org.specverify.reference.sequence.scheme.SequenceScheme). */
    private static boolean registersSequenceSchemes(URLClassLoader loader) {
        try {
            return loader.findResource("META-INF/services/" + SequenceScheme.class.getName()) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The sequence registry of a command: the reference's sequence schemes with tree-&lt;id&gt; for every token scheme
     * of {@code tokens}, and the sequence schemes the --plugin jars register through {@link ServiceLoader} under
     * {@code META-INF/services/org.specverify.reference.sequence.scheme.SequenceScheme}. Sequence plugin code runs
     * without the deadline of token plugins.
     */
    org.specverify.reference.sequence.scheme.SequenceSchemes extendSequence(Schemes tokens, Cli.Context context) {
        org.specverify.reference.sequence.scheme.SequenceSchemes base = MixedInput.registry(tokens);
        if (jars.isEmpty()) {
            return base;
        }
        List<SequenceScheme> more = new ArrayList<>();
        for (String jar : jars) {
            Path file = context.resolve(jar);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("--plugin " + jar + ": no such file");
            }
            try {
                @SuppressWarnings("resource")
                URLClassLoader loader = new URLClassLoader(PluginGuard.LOADER_PREFIX + jar,
                    new URL[] {file.toUri().toURL()}, Plugins.class.getClassLoader());
                for (SequenceScheme s : ServiceLoader.load(SequenceScheme.class, loader)) {
                    if (s.getClass().getClassLoader() == loader) {
                        more.add(s);
                    }
                }
            } catch (MalformedURLException e) {
                throw new InvalidInputException("--plugin " + jar + ": not a file path", e);
            } catch (ServiceConfigurationError | LinkageError e) {
                throw new InvalidInputException("--plugin " + jar + ": cannot load its sequence schemes: " + e, e);
            }
        }
        try {
            return base.with(more);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--plugin: " + e.getMessage(), e);
        }
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
