package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * Sequence schemes as plugins: a jar that registers a {@link SequenceScheme} through ServiceLoader, compiled and packed
 * here, reaches the commands through {@link Plugins#sequenceRegistry}, beside the reference's sequence schemes.
 */
class PluginSequenceJarTest {
    static final String SERVICE = "META-INF/services/org.specverify.reference.sequence.scheme.SequenceScheme";

    /** A plugin sequence scheme with the given id: token-wise speculative sampling over a chain, written out. */
    static String source(String id) {
        return """
            package com.example.seq;

            import java.util.Arrays;
            import org.specverify.reference.arith.Measure;
            import org.specverify.reference.sequence.scheme.BlockOutcome;
            import org.specverify.reference.sequence.scheme.DraftedTree;
            import org.specverify.reference.sequence.scheme.SequenceSchemeBase;
            import org.specverify.reference.sequence.scheme.SequenceVerifier;
            import org.specverify.reference.sequence.scheme.StepLaws;

            public final class MyTokenwise extends SequenceSchemeBase {
                public MyTokenwise() {
                    super(define("%s").description("sd at every depth").chainsOnly().build());
                }

                public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
                    return (draws, tree) -> {
                        int[] x = DraftedTree.chainTokens(tree);
                        for (int i = 0; i < x.length; i++) {
                            int[] before = Arrays.copyOf(x, i);
                            Measure<S> p = laws.target(before);
                            Measure<S> q = laws.draft(before);
                            if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
                                return BlockOutcome.emit(before, "residual", p.residual(q));
                            }
                        }
                        return BlockOutcome.emit(x, "bonus", laws.target(x));
                    };
                }
            }
            """.formatted(id);
    }

    /** Compiles the scheme with this id and writes a jar registering it (or registering nothing when asked). */
    static Path buildJar(Path dir, String id, boolean register) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/example/seq")).resolve("MyTokenwise.java");
        Files.writeString(src, source(id));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
            src.toString());
        assertEquals(0, rc, "the sequence plugin does not compile");
        Path jar = dir.resolve(id + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (register) {
                out.putNextEntry(new JarEntry(SERVICE));
                out.write("com.example.seq.MyTokenwise\n".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    static Cli.Context context(Path dir) {
        return new Cli.Context(dir, Schemes.reference(), false, false);
    }

    static Plugins plugins(Path... jars) {
        Plugins p = new Plugins();
        for (Path j : jars) {
            p.jars.add(j.toString());
        }
        return p;
    }

    @Test
    void aJarsSequenceSchemeJoinsTheSequenceRegistry(@TempDir Path dir) throws Exception {
        Path jar = buildJar(dir, "my-tokenwise", true);
        Plugins p = plugins(jar);
        Cli.Context c = context(dir);
        SequenceSchemes registry = p.sequenceRegistry(c);
        SequenceScheme mine = registry.get("my-tokenwise");
        assertEquals("com.example.seq.MyTokenwise", mine.getClass().getName());
        assertTrue(mine.getClass().getClassLoader() != Plugins.class.getClassLoader());
        // every reference sequence scheme is still there, in front
        List<String> ids = registry.all().stream().map(SequenceScheme::id).toList();
        List<String> reference = SequenceSchemes.reference().all().stream().map(SequenceScheme::id).toList();
        assertEquals(reference, ids.subList(0, reference.size()));
        assertEquals("my-tokenwise", ids.get(ids.size() - 1));
        // a jar with only sequence schemes adds no token scheme and is not refused
        assertEquals(Schemes.reference().all().size(), p.extend(Schemes.reference(), c).all().size());
        // the plugin's verifier runs under the exact check: token-wise is lossless, with tokenwise's acceptance
        ContextModel target = ContextModel.constant(Distribution.parse("1/3", "2/3"));
        ContextModel draft = ContextModel.constant(Distribution.parse("2/3", "1/3"));
        SequenceInstance chain = SequenceInstance.chain("c", target, draft, 2);
        SequenceExact.Result r = SequenceExact.check(chain, mine);
        assertTrue(r.lossless(), r.toString());
        assertEquals(SequenceExact.check(chain, registry.get("tokenwise")).expectedAccepted(), r.expectedAccepted());
        // asked twice, the jar is loaded once: the same objects come back
        assertTrue(p.sequenceRegistry(c).get("my-tokenwise") == mine);
    }

    @Test
    void aTakenIdIsRefusedNamingTheJar(@TempDir Path dir) throws Exception {
        Path jar = buildJar(dir, "block", true);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> plugins(jar).sequenceRegistry(context(dir)));
        assertTrue(e.getMessage().contains("--plugin " + jar) && e.getMessage().contains("'block' is already taken"),
            e.getMessage());
    }

    @Test
    void aJarRegisteringNothingIsRefused(@TempDir Path dir) throws Exception {
        Path jar = buildJar(dir, "unregistered", false);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> plugins(jar).sequenceRegistry(context(dir)));
        assertTrue(e.getMessage().contains("registers no scheme")
            && e.getMessage().contains("org.specverify.reference.sequence.scheme.SequenceScheme"), e.getMessage());
    }
}
