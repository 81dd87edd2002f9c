package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --level sequence: clean on the reference schemes, refusals, and a broken plugin's shrunk counterexample. */
class SequenceVerifyCommandTest {
    /** A chain verifier that draws its bonus token from the target's law one depth too early. */
    static final String BROKEN = """
        package com.example.broken;

        import java.util.Arrays;
        import org.specverify.reference.arith.Measure;
        import org.specverify.reference.sequence.scheme.BlockOutcome;
        import org.specverify.reference.sequence.scheme.DraftedTree;
        import org.specverify.reference.sequence.scheme.SequenceSchemeBase;
        import org.specverify.reference.sequence.scheme.SequenceVerifier;
        import org.specverify.reference.sequence.scheme.StepLaws;

        public final class WrongDepthBonus extends SequenceSchemeBase {
            public WrongDepthBonus() {
                super(define("wrong-depth-bonus").description("tokenwise with the bonus from p_gamma")
                    .paper("test fixture").lossless(true).chainsOnly().build());
            }

            @Override
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
                    return BlockOutcome.emit(x, "bonus", laws.target(Arrays.copyOf(x, x.length - 1)));
                };
            }
        }
        """;

    /** Compiles {@link #BROKEN} and packs it with its sequence-scheme service file. */
    static Path brokenJar(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/example/broken")).resolve("WrongDepthBonus.java");
        Files.writeString(src, BROKEN);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp",
            System.getProperty("java.class.path"), src.toString()), "the fixture compiles");
        Path jar = dir.resolve("broken-sequence.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/org.specverify.reference.sequence.scheme.SequenceScheme"));
            out.write("com.example.broken.WrongDepthBonus\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    try (OutputStream o = new java.io.FilterOutputStream(out) {
                        @Override
                        public void close() {
                            // keep the jar stream open
                        }
                    }) {
                        Files.copy(f, o);
                    }
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    @Test
    void theReferenceChainSchemesAreLosslessOnOrderOneGrids() throws Exception {
        CliRun r = CliRun.atRoot("verify", "--level", "sequence", "--scheme", "tokenwise,block,tree-rrs",
            "--gamma", "1,2", "--order", "0,1", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("sequence", root.get("level").asText());
        assertEquals(0, root.get("failures").intValue());
        for (JsonNode s : root.get("schemes")) {
            assertTrue(s.get("lossless").booleanValue() && s.get("checked").longValue() > 0, s.toString());
        }
    }

    @Test
    void aRunAboveTheLimitIsRefusedBeforeTheWork() {
        CliRun r = CliRun.atRoot("verify", "--level", "sequence", "--vocab", "3", "--order", "1", "--max-checks",
            "100");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("above the limit of 100"), r.err());
        CliRun bad = CliRun.atRoot("verify", "--level", "sideways");
        assertEquals(2, bad.code(), bad.toString());
        CliRun mixed = CliRun.atRoot("verify", "--gamma", "2");
        assertEquals(2, mixed.code(), mixed.toString());
        assertTrue(mixed.err().contains("--gamma belongs to --level sequence"), mixed.err());
    }

    @Test
    void aBrokenPluginIsCaughtAndItsCounterexampleShrunkToAnAuditableInstance(@TempDir Path dir) throws Exception {
        Path jar = brokenJar(dir);
        CliRun r = CliRun.run(dir, "verify", "--level", "sequence", "--plugin", jar.toString(), "--scheme",
            "wrong-depth-bonus,tokenwise", "--gamma", "1,2", "--order", "0,1", "--grid", "2");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("counterexample for wrong-depth-bonus, shrunk:"), r.out());
        String json = r.out().lines().dropWhile(l -> !l.startsWith("counterexample for wrong-depth-bonus"))
            .skip(1).findFirst().orElseThrow().strip();
        JsonNode ce = new ObjectMapper().readTree(json);
        // shrunk: the shortest depth that shows the bug, an order-1 target with one key besides ""
        assertEquals(1, ce.get("gamma").intValue(), json);
        assertEquals(2, ce.get("vocab").intValue(), json);
        assertTrue(ce.get("target").isObject() && ce.get("target").size() == 2, "one key besides \"\": " + json);
        assertTrue(ce.get("draft").isArray() || ce.get("draft").size() == 1, "the draft backs off to one row: " + json);
        // the audit reads it and finds the same failure
        Files.writeString(dir.resolve("ce.json"), json);
        CliRun a = CliRun.run(dir, "audit", "--plugin", jar.toString(), "--instance", "ce.json", "--scheme",
            "wrong-depth-bonus,tokenwise");
        assertEquals(1, a.code(), a.toString());
        assertTrue(a.out().contains("LOSSY (claims lossless!)") && a.out().contains("at sequence ["), a.out());
        assertTrue(a.out().contains("wrong-depth-bonus on instance 0"), a.out());
    }
}
