package org.specverify.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options several commands share, each declared once as a picocli mixin ({@code @Mixin}); a command that takes one
 * includes it (with its own default where it has one) instead of declaring the option again.
 */
final class Mixins {
    private Mixins() {
    }

    /** {@code --seed S}: the seed of what the command generates (rows, instances, cases). */
    static final class Seed {
        @Option(names = "--seed", paramLabel = "S", description = "Seed of the generated input (default:"
            + " ${DEFAULT-VALUE}).")
        long seed;

        Seed() {
            this(1);
        }

        Seed(long seed) {
            this.seed = seed;
        }
    }

    /** {@code --json}: the result as JSON on standard output, and nothing else there. */
    static final class Json {
        @Option(names = "--json", description = "Print the result as JSON on standard output (nothing else goes"
            + " there; errors and progress go to standard error).")
        boolean json;
    }

    /** {@code --device D}: the OpenCL device. */
    static final class Device {
        @Option(names = "--device", paramLabel = "D", description = "OpenCL device: pocl, nvidia or part of a device"
            + " name (default: the first GPU, else the first CPU device).")
        String device;
    }

    /** {@code --scheme ID}: one scheme, by id. */
    static final class Scheme {
        @Option(names = "--scheme", paramLabel = "ID", description = "Scheme id (default: ${DEFAULT-VALUE}; see"
            + " 'specverify schemes').")
        String id;

        Scheme() {
        }

        Scheme(String id) {
            this.id = id;
        }
    }

    /** {@code --scheme ID[,ID...]}: some schemes of the registry, by id (default: all). */
    static final class SchemeList {
        @Option(names = "--scheme", paramLabel = "ID", arity = "1..*", split = ",",
            description = "Only these schemes (repeat, or separate by commas or spaces; default: all, plugins"
                + " included; see 'specverify schemes').")
        java.util.List<String> ids = new java.util.ArrayList<>();
    }

    /**
     * {@code --vocab V} and {@code --k K}: the size of generated rows or instances, with the command's default and
     * range; {@link #check} refuses a value out of range as a usage error naming the range (exit code 2), before
     * anything is allocated.
     */
    static final class Size {
        @Option(names = "--vocab", paramLabel = "V", description = "Vocabulary size |V| (default: ${DEFAULT-VALUE};"
            + " a value out of range is refused with the range).")
        int vocab;

        @Option(names = "--k", paramLabel = "K", description = "Number of drafts K (default: ${DEFAULT-VALUE}; a"
            + " value out of range is refused with the range).")
        int k;

        private final int minVocab;
        private final int maxVocab;
        private final int minK;
        private final int maxK;

        Size(int vocab, int minVocab, int maxVocab, int k, int minK, int maxK) {
            this.vocab = vocab;
            this.k = k;
            this.minVocab = minVocab;
            this.maxVocab = maxVocab;
            this.minK = minK;
            this.maxK = maxK;
        }

        /** Refuses --vocab or --k out of range (usage error, exit code 2). */
        void check(CommandLine cl) {
            BenchCommand.requireAtLeast(cl, "--vocab", vocab, minVocab);
            BenchCommand.requireAtMost(cl, "--vocab", vocab, maxVocab);
            BenchCommand.requireAtLeast(cl, "--k", k, minK);
            BenchCommand.requireAtMost(cl, "--k", k, maxK);
        }
    }

    /** {@code --gamma G} and {@code --shape S}: the drafted chain of block and the tree of the tree-* schemes. */
    static final class ChainShape {
        @Option(names = "--gamma", defaultValue = "4",
            description = "block: drafted tokens per request (default: ${DEFAULT-VALUE}).")
        int gamma;

        @Option(names = "--shape", defaultValue = "2,2,1",
            description = "tree-*: children per depth (default: ${DEFAULT-VALUE}).")
        String shape;
    }
}
