package org.specverify.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A one-line description of the machine, printed beside every benchmark number. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return cpuModel().orElse(System.getProperty("os.arch")) + ", " + Runtime.getRuntime().availableProcessors()
            + " processors, Java " + System.getProperty("java.version");
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
