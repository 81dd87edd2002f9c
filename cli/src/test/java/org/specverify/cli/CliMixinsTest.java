package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options several commands share are declared once, as mixins ({@link Mixins}): wherever a command takes one of
 * them, it comes from a mixin, and a mixin's own default and range still apply.
 */
class CliMixinsTest {
    @TempDir
    Path dir;

    /** Shared options that every command takes from {@link Mixins} (--vocab and --k where their type is one int). */
    private static final Set<String> SHARED = Set.of("--seed", "--json", "--device");

    /** Declared in the command, each for the reason given. */
    private static final java.util.Map<String, String> EXCEPTIONS = java.util.Map.of(
        "specverify schemes --json", "one of the exclusive --json/--markdown formats of an argument group, which a"
            + " mixin cannot join");

    @Test
    void sharedOptionsComeFromMixins() {
        CommandLine root = new Cli(dir, System.out, System.err).commandLine();
        List<String> declaredAgain = new ArrayList<>();
        int fromMixins = visit(root, declaredAgain);
        assertEquals(List.of(), declaredAgain, "options declared in a command instead of a mixin");
        assertTrue(fromMixins >= 8, "only " + fromMixins + " shared options found in mixins");
    }

    private static int visit(CommandLine cl, List<String> declaredAgain) {
        CommandSpec spec = cl.getCommandSpec();
        int found = 0;
        for (OptionSpec o : spec.options()) {
            if (!SHARED.contains(o.longestName())) {
                continue;
            }
            boolean inMixin = spec.mixins().values().stream().anyMatch(m -> m.options().contains(o)
                && m.userObject() != null && m.userObject().getClass().getEnclosingClass() == Mixins.class);
            if (inMixin) {
                found++;
            } else if (!EXCEPTIONS.containsKey(spec.qualifiedName() + " " + o.longestName())) {
                declaredAgain.add(spec.qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            found += visit(sub, declaredAgain);
        }
        return found;
    }

    /** A mixin keeps the command's default and refuses values out of the command's range, naming it. */
    @Test
    void mixinDefaultsAndRangesAreTheCommands() {
        CliRun r = CliRun.run(dir, "bench", "exact-audit", "--vocab", "1001");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: --vocab must be at most 1000, got 1001"), r.toString());
        CliRun help = CliRun.run(dir, "bench", "exact-audit", "--help");
        assertTrue(help.out().contains("default: 20") && help.out().contains("default: 7"), help.out());
    }
}
