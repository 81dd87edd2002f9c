package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
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
import org.specverify.lp.OptimalSchemes;

/**
 * Users' schemes as plugins: the example scheme of examples/plugin (the scheme of WriteYourOwnSchemeExamples) is
 * compiled and packed into a jar here, then loaded with --plugin by verify, audit and check (the README's example).
 */
class PluginJarTest {
    static final Path PLUGIN = CliRun.repositoryRoot().resolve("examples/plugin");

    /** Compiles examples/plugin against the test classpath and writes the jar with its service file. */
    static Path buildJar(Path dir) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = PLUGIN.resolve("src/com/example/myscheme/ReverseRrs.java");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
            source.toString());
        assertEquals(0, rc, "the example plugin does not compile");
        Path jar = dir.resolve("reverse-rrs.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String service = "META-INF/services/org.specverify.reference.scheme.Scheme";
            out.putNextEntry(new JarEntry(service));
            out.write(Files.readAllBytes(PLUGIN.resolve(service)));
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
    void verifyAuditAndCheckLoadTheExampleSchemeFromAJar(@TempDir Path dir) throws Exception {
        Path jar = buildJar(dir);
        CliRun v = CliRun.run(dir, OptimalSchemes.registry(), "verify", "--plugin", jar.toString(), "--scheme",
            "reverse-rrs", "--compare-to", "rrs", "--vocab", "2,3", "--k", "1,2", "--grid", "3", "--json");
        assertEquals(0, v.code(), v.toString());
        JsonNode s = Json.MAPPER.readTree(v.out()).get("schemes").get(0);
        assertEquals("reverse-rrs", s.get("id").asText());
        assertTrue(s.get("lossless").asBoolean(), s.toString());
        assertEquals(0, s.get("acceptsLess").asLong(), s.toString());
        CliRun a = CliRun.run(dir, OptimalSchemes.registry(), "audit", "--plugin", jar.toString(), "--scheme",
            "reverse-rrs,rrs");
        assertEquals(0, a.code(), a.toString());
        assertTrue(a.out().contains("reverse-rrs"), a.out());
        CliRun table = CliRun.run(dir, OptimalSchemes.registry(), "verify", "--plugin", jar.toString(), "--scheme",
            "reverse-rrs", "--vocab", "2,3", "--k", "1,2", "--grid", "3");
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().contains("reverse-rrs  yes"), table.out());
        List<String> missing = List.of("verify", "--plugin", dir.resolve("none.jar").toString());
        CliRun bad = CliRun.run(dir, OptimalSchemes.registry(), missing.toArray(String[]::new));
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("no such file"), bad.err());
    }

    @Test
    void schemesAndVectorsTakePlugins(@TempDir Path dir) throws Exception {
        Path jar = buildJar(dir);
        CliRun s = CliRun.run(dir, OptimalSchemes.registry(), "schemes", "--plugin", jar.toString(), "--json");
        assertEquals(0, s.code(), s.toString());
        boolean listed = false;
        for (JsonNode n : Json.MAPPER.readTree(s.out())) {
            listed |= n.get("id").asText().equals("reverse-rrs");
        }
        assertTrue(listed, s.out());
        CliRun t = CliRun.run(dir, OptimalSchemes.registry(), "schemes", "--plugin", jar.toString());
        assertTrue(t.out().contains("reverse-rrs"), t.out());
        CliRun v = CliRun.run(dir, OptimalSchemes.registry(), "vectors", "--plugin", jar.toString(), "--scheme",
            "reverse-rrs", "--vocab", "3", "--k", "2", "--out", "v.json");
        assertEquals(0, v.code(), v.toString());
        assertTrue(Files.readString(dir.resolve("v.json")).contains("\"draftProcess\": \"iid\""));
        CliRun missing = CliRun.run(dir, OptimalSchemes.registry(), "schemes", "--plugin", "none.jar");
        assertEquals(2, missing.code(), missing.toString());
    }
}
