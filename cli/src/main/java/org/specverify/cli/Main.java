package org.specverify.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.specverify.lp.OptimalSchemes;

/** Entry point of the runnable jar (cli/target/specverify.jar), which the {@code ./specverify} launcher runs. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its code. {@link Cli#run} turns everything a subcommand throws into exit code 3;
     * a throwable before that (building the registry, say) is reported the same way here.
     */
    public static void main(String[] args) {
        int code;
        try {
            boolean terminal = System.console() != null;
            code = new Cli(Path.of(""), System.out, System.err, OptimalSchemes.registry(), terminal, true).run(args);
        } catch (Throwable t) {
            System.out.flush();
            PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            code = Cli.internalError(err, t);
        }
        System.exit(code);
    }
}
