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
import picocli.CommandLine.Option;

/**
 * Users' schemes on the command line: {@code --plugin FILE.jar} (repeatable) loads every {@link Scheme} a jar
 * registers through {@link ServiceLoader} (a file {@code META-INF/services/org.specverify.reference.scheme.Scheme}
 * listing classes with a public no-argument constructor); they run beside the built-in schemes. A mixin of the
 * commands that take it.
 */
final class Plugins {
    @Option(names = "--plugin", paramLabel = "FILE.jar",
        description = "Load the schemes a jar registers for org.specverify.reference.scheme.Scheme through"
            + " java.util.ServiceLoader, beside the built-in ones (repeatable).")
    List<String> jars = new ArrayList<>();

    /** The registry with the plugins' schemes appended (an id that is already taken is refused). */
    Schemes extend(Schemes registry, Cli.Context context) {
        if (jars.isEmpty()) {
            return registry;
        }
        List<Scheme> all = new ArrayList<>(registry.all());
        Set<String> ids = new HashSet<>();
        all.forEach(s -> ids.add(s.id()));
        for (String jar : jars) {
            for (Scheme s : load(context.resolve(jar), jar)) {
                if (!ids.add(s.id())) {
                    throw new InvalidInputException("--plugin " + jar + ": scheme id '" + s.id()
                        + "' is already taken; give the plugin's scheme another id");
                }
                all.add(s);
            }
        }
        return Schemes.of(all.toArray(Scheme[]::new));
    }

    /** The schemes one jar registers. */
    static List<Scheme> load(Path file, String shown) {
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
        URLClassLoader loader = new URLClassLoader(new URL[] {url}, Plugins.class.getClassLoader());
        List<Scheme> out = new ArrayList<>();
        try {
            for (Scheme s : ServiceLoader.load(Scheme.class, loader)) {
                if (s.getClass().getClassLoader() == loader) {
                    out.add(s);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidInputException("--plugin " + shown + ": cannot load its schemes: " + e.getMessage(), e);
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
}
