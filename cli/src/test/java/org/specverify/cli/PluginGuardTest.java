package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.scheme.Schemes;

/** Misbehaving plugins: a verifier that never returns, System.exit, a constructor that throws. */
class PluginGuardTest {
    /** A plugin scheme: rrs with {@code body} run first in its verifier (and {@code ctor} in its constructor). */
    static String source(String name, String ctor, String body) {
        return "package bad;\n"
            + "import org.specverify.reference.arith.Measure;\n"
            + "import org.specverify.reference.draft.DraftKind;\n"
            + "import org.specverify.reference.scheme.*;\n"
            + "public final class " + name + " extends SchemeBase {\n"
            + "  public static volatile boolean stop;\n"
            + "  public " + name + "() {\n"
            + "    super(define(\"" + name.toLowerCase() + "\").description(\"test\").paper(\"test\").lossless(true)"
            + ".drafts(DraftKind.IID).build());\n"
            + "    " + ctor + "\n"
            + "  }\n"
            + "  private static RuntimeException cause() { return new IllegalStateException(\"no config file\"); }\n"
            + "  @Override protected <S> Verifier<S> verifier(Laws<S> laws) {\n"
            + "    return (draws, drafts) -> {\n"
            + "      " + body + "\n"
            + "      Measure<S> pk = laws.target();\n"
            + "      for (int k = 0; k < drafts.length; k++) {\n"
            + "        Measure<S> qk = laws.draft(k);\n"
            + "        if (draws.accept(k, drafts[k], qk.probability(drafts[k]), pk.probability(drafts[k]))) {\n"
            + "          return Outcome.accept(k, drafts[k]);\n"
            + "        }\n"
            + "        pk = pk.residual(qk);\n"
            + "      }\n"
            + "      return Outcome.emit(\"residual\", pk);\n"
            + "    };\n"
            + "  }\n"
            + "}\n";
    }

    /** Compiles one plugin class and packs it with its service file. */
    static Path jar(Path dir, String name, String ctor, String body) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + name + "/bad")).resolve(name + ".java");
        Files.writeString(src, source(name, ctor, body));
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp",
            System.getProperty("java.class.path"), src.toString()), "the test plugin does not compile");
        Path jar = dir.resolve(name.toLowerCase() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/org.specverify.reference.scheme.Scheme"));
            out.write(("bad." + name + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
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

    @Test
    void aVerifierThatNeverReturnsIsStoppedAtTheDeadlineAndNamed(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "Hangs", "", "while (!stop) { Thread.onSpinWait(); }");
        long start = System.nanoTime();
        CliRun r = CliRun.run(dir, Schemes.reference(), "verify", "--plugin", jar.toString(), "--scheme", "hangs",
            "--vocab", "2", "--k", "1", "--grid", "2", "--threads", "1", "--plugin-timeout", "0.5", "--json");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, r.code(), r.toString());
        JsonNode s = Json.MAPPER.readTree(r.out()).get("schemes").get(0);
        assertTrue(s.get("error").asText().contains("--plugin " + jar + ": scheme 'hangs': the verifier did not return"
            + " within 0.5 s"), s.toString());
        assertEquals(0, Json.MAPPER.readTree(r.out()).get("failures").asLong(), "a hang is not a failed claim");
        assertTrue(seconds < 60, "took " + seconds + " s");
        // the audit's --max-seconds bounds it too
        CliRun a = CliRun.run(dir, Schemes.reference(), "audit", "--plugin", jar.toString(), "--scheme", "hangs",
            "--max-seconds", "1", "--json");
        assertTrue(a.code() == 1, a.toString());
        assertTrue((a.out() + a.err()).contains("did not return within 1.0 s"), a.toString());
    }

    @Test
    void aThrowingConstructorIsReportedWithItsCause(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "Throws", "if (!stop) { throw cause(); }", "");
        CliRun r = CliRun.run(dir, Schemes.reference(), "verify", "--plugin", jar.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("caused by: java.lang.IllegalStateException: no config file (at bad.Throws.cause"),
            r.err());
    }

    @Test
    void systemExitInAPluginEndsTheRunWithAMessageAndExitCodeOne(@TempDir Path dir) throws Exception {
        Path jar = jar(dir, "Exits", "", "System.exit(0);");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Main.class.getName(), "verify", "--plugin", jar.toString(),
            "--scheme", "exits", "--vocab", "2", "--k", "1", "--grid", "2"));
        File err = dir.resolve("err.txt").toFile();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err)
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not end");
        String e = Files.readString(err.toPath());
        assertEquals(1, p.exitValue(), e);
        assertTrue(e.contains("plugin code called System.exit and ended the run before specverify finished:"
            + " bad.Exits.lambda$verifier$0"), e);
        assertTrue(e.contains("from " + jar), e);
        assertFalse(Files.readString(dir.resolve("out.txt")).contains("every lossless claim holds"));
    }
}
