package org.specverify.cli;

import java.nio.file.Path;
import org.specverify.lp.OptimalSchemes;

/** Entry point of the runnable jar (cli/target/specverify.jar), which the {@code ./specverify} launcher runs. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean terminal = System.console() != null;
        int code = new Cli(Path.of(""), System.out, System.err, OptimalSchemes.registry(), terminal).run(args);
        System.exit(code);
    }
}
