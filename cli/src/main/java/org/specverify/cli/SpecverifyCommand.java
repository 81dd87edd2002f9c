package org.specverify.cli;

import org.specverify.audit.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code specverify} command; the work is done by its subcommands. */
@Command(name = "specverify", mixinStandardHelpOptions = true, versionProvider = SpecverifyCommand.Version.class,
    description = "Exact verification of the token-level draft selection schemes of (multi-draft) speculative"
        + " decoding: is a scheme lossless, and what is its acceptance probability?",
    footer = {"", "Examples:",
        "  specverify audit                      the built-in studies and report (./audit-report)",
        "  specverify audit --cases              exact audit of the built-in cases",
        "  specverify audit --input dump.safetensors --k 4",
        "  specverify schemes                    the schemes and their draft laws",
        "  specverify help audit                 a command's options",
        "",
        "Exit codes: 0 every lossless claim holds; 1 a verification failure;",
        "2 bad input or usage, or too large (refused before the work);",
        "3 internal error; 130 interrupted (nothing after the last finished result was checked).", "",
        "Run 'specverify COMMAND --help' for a command's options."})
final class SpecverifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing command (see the list below; the main one is audit)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /** The version from the jar manifest, or "development build" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SpecverifyCommand.class.getPackage().getImplementationVersion();
            return new String[] {"specverify " + (v == null ? "(development build)" : v)};
        }
    }
}
