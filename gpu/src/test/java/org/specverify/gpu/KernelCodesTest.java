package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.specverify.gpu.BatchVerifier.Program;
import org.specverify.gpu.BatchVerifier.Status;

/**
 * The kernel's codes and the Java enums are one list: every {@code #define SVP_X n} of verify.cl is
 * {@link Program#X} with code n, every {@code #define ST_X n} is {@link Status#X} with ordinal n, and the other way
 * round; the kernel's sizes are the host's. Runs without an OpenCL device (it reads the source).
 */
class KernelCodesTest {
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(SVP|ST|SV)_(\\w+)\\s+(\\S+)\\s*$");

    static Map<String, Map<String, String>> defines() throws IOException {
        String src;
        try (InputStream in = BatchVerifier.class.getResourceAsStream("kernels/verify.cl")) {
            src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Map<String, String>> byPrefix = new TreeMap<>();
        Matcher m = DEFINE.matcher(src);
        while (m.find()) {
            String prev = byPrefix.computeIfAbsent(m.group(1), p -> new LinkedHashMap<>())
                .putIfAbsent(m.group(2), m.group(3));
            // a code is defined once (SV_ switches of the broken variants, such as SV_VERIFY_STREAM, may differ)
            assertTrue(prev == null || m.group(1).equals("SV"), "two definitions of " + m.group(1) + "_" + m.group(2));
        }
        return byPrefix;
    }

    @Test
    void programCodesAreTheKernels() throws IOException {
        Map<String, String> svp = defines().get("SVP");
        Map<String, String> java = Arrays.stream(Program.values())
            .collect(Collectors.toMap(Enum::name, p -> Integer.toString(p.code()), (a, b) -> a, LinkedHashMap::new));
        assertEquals(java, svp, "#define SVP_* of verify.cl against BatchVerifier.Program");
        assertEquals(Program.values().length, svp.values().stream().distinct().count(), "distinct codes: " + svp);
    }

    @Test
    void statusCodesAreTheKernels() throws IOException {
        Map<String, String> st = defines().get("ST");
        Map<String, String> java = Arrays.stream(Status.values())
            .collect(Collectors.toMap(Enum::name, s -> Integer.toString(s.ordinal()), (a, b) -> a,
                LinkedHashMap::new));
        assertEquals(java, st, "#define ST_* of verify.cl against BatchVerifier.Status (ordinal = code)");
    }

    @Test
    void sizesAreTheHosts() throws IOException {
        Map<String, String> sv = defines().get("SV");
        assertEquals(Integer.toString(BatchVerifier.MAX_K), sv.get("MAXK"), "SV_MAXK against BatchVerifier.MAX_K");
        assertEquals(Integer.toString(BatchVerifier.TILE_PER_ITEM), sv.get("E"),
            "SV_E against BatchVerifier.TILE_PER_ITEM");
    }

    /** Every kernel scheme runs a program the kernel has; rrs alone has one for one draft law per draft. */
    @Test
    void everyKernelSchemeMapsToAProgram() {
        for (BatchVerifier.KernelScheme k : BatchVerifier.KernelScheme.values()) {
            assertTrue(Arrays.asList(Program.values()).contains(k.program(false)), k.toString());
            assertEquals(k == BatchVerifier.KernelScheme.RRS, k.perDraftRows(), k.toString());
        }
        assertEquals(Program.INDEPENDENT, BatchVerifier.KernelScheme.RRS.program(true));
    }
}
