package org.specverify.properties.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.AcceptedLengthLaw;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SequenceLaw;
import org.specverify.reference.sequence.scheme.SequenceScheme;

/**
 * Black-box check of another engine's sequence-level traces against sequence cases (instances of
 * {@link SequenceInstance}, each name a case id): per line the drafted chain or tree, the emitted block y_1..y_L and
 * the engine's accepted count ({@link SequenceSampleLine}). Lines are streamed and counted per engine and case. Per
 * group it reports:
 * <ol>
 *   <li>(a) possibility: drafts the instance's draft process cannot produce (exact law of the draft trees), and blocks
 *       of conditional probability zero given their drafts, are certain failures shown with their line numbers. With a
 *       scheme, "possible" is positive mass under the scheme's exact conditional law given the drafted tree
 *       ({@link SequenceExact#blockLawGiven}); without, the block must have 1 to gamma + 1 tokens, its first L - 1 tokens
 *       must be the root path of a drafted node, and the target must give the block positive probability;</li>
 *   <li>(b) the engine's {@code accepted} field: accepted n means y_1..y_n is the root path of a drafted node (for a
 *       chain: y_1..y_n = x_1..x_n) and L = n + 1; a line where it is not is a certain failure, shown with its line;</li>
 *   <li>(c) the stream law to depth h = gamma + 1: each block continued by the target to h tokens (the continuation
 *       drawn from the exact target laws with a seeded generator, so the continued block has the law of the stream
 *       when later steps are lossless) against the target's law of h tokens, by a G-test with its p-value and the
 *       smallest total-variation bias it detects with power {@link GoodnessOfFit#POWER};</li>
 *   <li>(d) with a scheme, conformance: per drafted tree with at least {@link #MIN_TREE_SAMPLES} samples, a G-test of
 *       its emitted blocks against the scheme's exact conditional law given that tree, at α divided by the number of
 *       trees tested (Bonferroni), with the detectable bias of the best and the least sampled tree;</li>
 *   <li>(e) with a scheme, the histogram of accepted lengths L - 1 against the scheme's exact accepted-length law (the
 *       law over the drafts and the verifier), by a G-test with its detectable bias.</li>
 * </ol>
 * A group is {@link GroupReport#unchecked()} (never "passed") when a test it needs could not run or cannot detect any
 * bias: the stream test's detectable total variation is 1 or more or the cases are too large for it, or with a
 * scheme the length test likewise, or no tree has {@link #MIN_TREE_SAMPLES} samples for conformance, or the case has
 * more than {@link #MAX_DRAFT_TREES} draft trees (the possibility of the drafted trees is then not decided). Groups are
 * reported by engine (in order of first appearance), then in the order of the cases.
 *
 * <p>Memory: per group the stream counts (V^h cells, at most {@link #MAX_STREAM_CELLS}), the length histogram and,
 * with a scheme, the block counts per distinct drafted tree (at most {@link #MAX_TREES_TRACKED} trees; beyond them
 * conformance is skipped and the group unchecked). Per case the exact conditional laws of the trees seen, cached.
 */
public final class SequenceEngineCheck {
    /** The fewest samples of a drafted tree for its conformance test. */
    public static final int MIN_TREE_SAMPLES = 20;
    /** The most distinct drafted trees per group whose block counts are kept. */
    public static final int MAX_TREES_TRACKED = 100_000;
    /** The most cells (V^h) of the stream test. */
    public static final long MAX_STREAM_CELLS = 1L << 20;
    /** The most verifier leaves of one conditional law. */
    public static final long MAX_LEAVES = 2_000_000L;
    /** The most draft trees of a case whose exact law is enumerated for the possibility of drafts. */
    public static final long MAX_DRAFT_TREES = DraftTrees.DEFAULT_LAW_LIMIT;
    /** How many failing line numbers are kept per kind and group. */
    public static final int MAX_LINES_SHOWN = EngineCheck.MAX_LINES_SHOWN;

    private final Map<String, CaseInfo> cases = new LinkedHashMap<>();
    private final Map<String, Map<String, Group>> groups = new LinkedHashMap<>();
    private final SequenceScheme scheme;
    private final double alpha;
    private final long seed;
    private long samples;

    /**
     * @param cases  the sequence cases; names are the case ids
     * @param scheme the sequence scheme the engine claims to run, or null (then (d) and (e) are not run)
     * @param alpha  the significance level of every test
     * @param seed   the seed of the continuations of the stream test
     * @throws InvalidInputException when the scheme does not apply to a case (naming it)
     */
    public SequenceEngineCheck(List<SequenceInstance> cases, SequenceScheme scheme, double alpha, long seed) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
        this.scheme = scheme;
        this.alpha = alpha;
        this.seed = seed;
        int index = 0;
        for (SequenceInstance inst : cases) {
            if (scheme != null) {
                scheme.notApplicable(inst).ifPresent(why -> {
                    throw new InvalidInputException("case '" + inst.name() + "': sequence scheme " + scheme.id()
                        + " does not apply: " + why);
                });
            }
            if (cases.stream().filter(c -> c.name().equals(inst.name())).count() > 1) {
                throw new InvalidInputException("case '" + inst.name() + "' is given twice");
            }
            this.cases.put(inst.name(), new CaseInfo(inst, index++));
        }
        if (this.cases.isEmpty()) {
            throw new InvalidInputException("no sequence cases");
        }
    }

    /** A drafted tree seen in the samples of a case, with what is known about it. */
    private static final class Seen {
        final DraftTree tree;
        /** Why the draft process cannot produce it, or null. */
        final String impossible;
        /** With a scheme, the exact conditional law of the block given the tree (null when the drafts are impossible). */
        final BlockLaw law;

        Seen(DraftTree tree, String impossible, BlockLaw law) {
            this.tree = tree;
            this.impossible = impossible;
            this.law = law;
        }
    }

    /** A case prepared for checking. */
    private final class CaseInfo {
        final SequenceInstance inst;
        final int index;
        final int vocab;
        final int gamma;
        final int h;
        final boolean chain;
        final long streamCells;
        final Map<DraftTree, Seen> seen = new HashMap<>();
        final Map<Long, double[]> targetRows = new HashMap<>();
        Map<DraftTree, BigFraction> treeLaw;
        String treeLawNote;

        CaseInfo(SequenceInstance inst, int index) {
            this.inst = inst;
            this.index = index;
            this.vocab = inst.vocab();
            this.gamma = inst.gamma();
            this.h = inst.blockLength();
            this.chain = inst.isChain();
            double cells = Math.pow(vocab, h);
            this.streamCells = cells > MAX_STREAM_CELLS ? -1 : (long) cells;
        }

        /** The tree as seen, computed once: the possibility of its drafts and, with a scheme, its conditional law. */
        Seen seen(DraftTree tree) {
            Seen s = seen.get(tree);
            if (s != null) {
                return s;
            }
            String impossible = whyImpossible(tree);
            BlockLaw law = null;
            if (impossible == null && scheme != null) {
                law = SequenceExact.blockLawGiven(inst, scheme, tree, MAX_LEAVES);
            }
            s = new Seen(tree, impossible, law);
            if (seen.size() < MAX_TREES_TRACKED) {
                seen.put(tree, s);
            }
            return s;
        }

        /** Why the instance's draft process cannot draft this tree, or null when it can (or cannot be decided). */
        private String whyImpossible(DraftTree tree) {
            if (chain) {
                int[] x = tree.tokens();
                for (int i = 0; i < x.length; i++) {
                    if (!inst.draftFor(0).lawAfter(Arrays.copyOf(x, i)).positive(x[i])) {
                        return "draft x_" + (i + 1) + " = " + x[i] + " has draft probability zero after "
                            + Arrays.toString(Arrays.copyOf(x, i));
                    }
                }
                return null;
            }
            if (treeLaw == null && treeLawNote == null) {
                try {
                    treeLaw = DraftTrees.law(inst, new int[0], MAX_DRAFT_TREES);
                } catch (TooLargeException e) {
                    treeLawNote = "the drafted trees were not checked for possibility: " + e.getMessage();
                }
            }
            if (treeLaw == null) {
                return null;
            }
            return treeLaw.containsKey(tree) ? null : "the draft process (" + describe(inst) + ") cannot draft this"
                + " tree (not among its " + treeLaw.size() + " trees of positive probability, siblings in draw order)";
        }

        /** The target's row after {@code s[0..length)} as doubles, cached by prefix. */
        double[] targetRow(int[] s, int length) {
            long key = length;
            for (int i = 0; i < length; i++) {
                key = key * vocab + s[i];
            }
            // (length, tokens) as one number: distinct prefixes of length < h have distinct keys below V^h * h
            key = key * (h + 1) + length;
            double[] row = targetRows.get(key);
            if (row == null) {
                row = inst.target().lawAfter(Arrays.copyOf(s, length)).toDoubles();
                if (targetRows.size() < 1_000_000) {
                    targetRows.put(key, row);
                }
            }
            return row;
        }
    }

    private static String describe(SequenceInstance inst) {
        return inst.isDynamic() ? "dynamic tree, budget " + inst.nodeBudget() : "tree " + Arrays.toString(inst.shape())
            + ", " + inst.siblings().id() + " siblings";
    }

    /** Counts of one (engine, case). */
    private final class Group {
        final CaseInfo info;
        final String engine;
        final SplittableRandom rng;
        long n;
        long impossibleDrafts;
        long impossibleBlocks;
        long acceptedSaid;
        long acceptedWrong;
        List<String> draftLines;
        List<String> blockLines;
        List<String> acceptedLines;
        final long[] stream;
        final long[] lengths;
        Map<DraftTree, Map<List<Integer>, Long>> perTree;
        boolean perTreeOverflow;

        Group(CaseInfo info, String engine) {
            this.info = info;
            this.engine = engine;
            this.rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (info.index + 1)) ^ engine.hashCode());
            this.stream = info.streamCells < 0 ? null : new long[(int) info.streamCells];
            this.lengths = new long[info.gamma + 1];
        }
    }

    private static List<String> keep(List<String> lines, String line) {
        List<String> l = lines == null ? new ArrayList<>() : lines;
        if (l.size() < MAX_LINES_SHOWN) {
            l.add(line);
        }
        return l;
    }

    private static List<String> shown(List<String> lines) {
        return lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * Reads every line of the input. Lines repeat (an engine writes the same drafts and block many times): the
     * verdicts of a line's text are computed once and kept for up to {@link #MAX_CACHED_LINES} distinct lines.
     *
     * @throws InvalidInputException for a malformed line, an unknown case, a token out of range, drafts of the wrong
     *     shape (naming the line)
     */
    public void read(SampleInput in) {
        String source = in.shown();
        Map<String, Prepared> cache = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            long lineNo = in.lineNumber();
            Prepared p = cache.get(line);
            if (p == null) {
                if (line.isBlank()) {
                    throw new InvalidInputException(source + ": line " + lineNo + ": empty line; expected one JSON"
                        + " object per line");
                }
                p = prepare(SequenceSampleLine.parse(line, lineNo, source), lineNo, source);
                if (cache.size() < MAX_CACHED_LINES) {
                    cache.put(line, p);
                }
            }
            account(p, lineNo);
        }
    }

    /** The most distinct line texts whose verdicts {@link #read} keeps. */
    public static final int MAX_CACHED_LINES = 200_000;

    /** Adds one parsed line (numbered {@code lineNo} in {@code source}). */
    public void add(SequenceSampleLine s, long lineNo, String source) {
        account(prepare(s, lineNo, source), lineNo);
    }

    /** What a line's text decides, whatever its line number. */
    private record Prepared(Group group, SequenceSampleLine line, int[] emitted, List<Integer> block, String drafted,
                            String acceptedWrong, String impossibleDrafts, String impossibleBlock) {
    }

    private Prepared prepare(SequenceSampleLine s, long lineNo, String source) {
        CaseInfo info = cases.get(s.caseId());
        if (info == null) {
            throw new InvalidInputException(source + ": line " + lineNo + ": unknown case '" + s.caseId()
                + "' (the vectors have " + cases.size() + " sequence cases)");
        }
        DraftTree tree = s.tree();
        validate(info, s, tree, source + ": line " + lineNo + ": ");
        String engine = s.engine() == null ? "" : s.engine();
        Group g = groups.computeIfAbsent(engine, e -> new LinkedHashMap<>())
            .computeIfAbsent(info.inst.name(), id -> new Group(info, engine));
        int[] y = s.emitted();
        int len = y.length;
        String drafted = s.chainLine() ? "drafts " + Arrays.toString(tree.tokens()) : "tree " + tree;
        String wrong = null;
        if (s.accepted() != SequenceSampleLine.NOT_SAID) {
            int a = s.accepted();
            if (a > info.gamma) {
                wrong = "accepted " + a + " is more than gamma = " + info.gamma;
            } else if (len != a + 1) {
                wrong = "accepted " + a + " means a block of " + (a + 1) + " tokens, the engine emits " + len;
            } else if (tree.matchedPrefix(y, a) != a) {
                wrong = "accepted " + a + " but the emitted " + Arrays.toString(Arrays.copyOf(y, a))
                    + " is not " + (s.chainLine() ? "x_1..x_" + a : "the root path of a drafted node");
            }
        }
        Seen seen = info.seen(tree);
        String whyBlock = seen.impossible != null ? null : whyImpossible(info, seen, y);
        return new Prepared(g, s, y, Arrays.stream(y).boxed().toList(), drafted, wrong, seen.impossible, whyBlock);
    }

    private void account(Prepared p, long lineNo) {
        Group g = p.group();
        CaseInfo info = g.info;
        SequenceSampleLine s = p.line();
        long count = s.count();
        int[] y = p.emitted();
        int len = y.length;
        g.n += count;
        samples += count;
        String times = count == 1 ? "" : " (x" + count + ")";
        // (b) the engine's accepted field
        if (s.accepted() != SequenceSampleLine.NOT_SAID) {
            g.acceptedSaid += count;
            if (p.acceptedWrong() != null) {
                g.acceptedWrong += count;
                g.acceptedLines = keep(g.acceptedLines, "line " + lineNo + times + ": " + p.acceptedWrong()
                    + " (emitted " + Arrays.toString(y) + ", " + p.drafted() + ")");
            }
        }
        // (c) the stream to depth h, continued by the target
        if (g.stream != null && len >= info.h) {
            g.stream[streamCell(info, g.rng, y)] += count;
        } else if (g.stream != null && len >= 1) {
            for (long c = 0; c < count; c++) {
                g.stream[streamCell(info, g.rng, y)]++;
            }
        }
        if (len >= 1 && len <= info.h) {
            g.lengths[len - 1] += count;
        }
        // (a) possibility
        if (p.impossibleDrafts() != null) {
            g.impossibleDrafts += count;
            g.draftLines = keep(g.draftLines, "line " + lineNo + times + ": " + p.drafted() + ": "
                + p.impossibleDrafts());
            return;
        }
        if (p.impossibleBlock() != null) {
            g.impossibleBlocks += count;
            g.blockLines = keep(g.blockLines, "line " + lineNo + times + ": emitted " + Arrays.toString(y) + " on "
                + p.drafted() + ": " + p.impossibleBlock());
        }
        // (d) per-tree counts
        if (scheme != null && len >= 1 && len <= info.h) {
            if (g.perTree == null) {
                g.perTree = new HashMap<>();
            }
            DraftTree tree = s.tree();
            Map<List<Integer>, Long> counts = g.perTree.get(tree);
            if (counts == null && g.perTree.size() < MAX_TREES_TRACKED) {
                counts = new HashMap<>();
                g.perTree.put(tree, counts);
            }
            if (counts == null) {
                g.perTreeOverflow = true;
            } else {
                counts.merge(p.block(), count, Long::sum);
            }
        }
    }

    private static void validate(CaseInfo info, SequenceSampleLine s, DraftTree tree, String where) {
        String id = "case '" + info.inst.name() + "'";
        if (info.chain) {
            if (!tree.isChain() || tree.size() != info.gamma) {
                throw new InvalidInputException(where + id + " drafts a chain of gamma = " + info.gamma + " tokens,"
                    + " the line gives " + (s.chainLine() ? tree.size() + " drafts" : "the tree " + tree));
            }
        } else {
            if (s.chainLine()) {
                throw new InvalidInputException(where + id + " drafts a " + describe(info.inst) + ": give \"tree\":"
                    + " {\"tokens\": [...], \"parents\": [...]}, not \"drafts\"");
            }
            if (tree.maxDepth() > info.gamma) {
                throw new InvalidInputException(where + id + " drafts to depth gamma = " + info.gamma + ", the tree"
                    + " reaches depth " + tree.maxDepth());
            }
        }
        for (int i = 0; i < tree.size(); i++) {
            if (tree.token(i) >= info.vocab) {
                throw new InvalidInputException(where + (s.chainLine() ? "draft x_" + (i + 1) : "tree node " + i)
                    + " token " + tree.token(i) + " is out of range 0.." + (info.vocab - 1) + " of " + id);
            }
        }
        int[] y = s.emitted();
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= info.vocab) {
                throw new InvalidInputException(where + "emitted y_" + (i + 1) + " token " + y[i] + " is out of range"
                    + " 0.." + (info.vocab - 1) + " of " + id);
            }
        }
    }

    /** Why the block is impossible given its (possible) drafts, or null. */
    private String whyImpossible(CaseInfo info, Seen seen, int[] y) {
        if (y.length == 0) {
            return "an empty block (every step emits at least one token)";
        }
        if (y.length > info.h) {
            return "a block of " + y.length + " tokens, more than gamma + 1 = " + info.h;
        }
        if (seen.law != null) {
            return seen.law.mass(Arrays.stream(y).boxed().toList()).signum() > 0 ? null
                : "conditional probability zero under " + scheme.id() + " given these drafts";
        }
        if (scheme != null) {
            // the tree was not cached: its law is computed for this line
            BlockLaw law = SequenceExact.blockLawGiven(info.inst, scheme, seen.tree, MAX_LEAVES);
            return law.mass(Arrays.stream(y).boxed().toList()).signum() > 0 ? null
                : "conditional probability zero under " + scheme.id() + " given these drafts";
        }
        int accepted = y.length - 1;
        if (seen.tree.matchedPrefix(y, accepted) != accepted) {
            return "its first " + accepted + " tokens are not the root path of a drafted node (a verifier emits"
                + " accepted drafts, then one token)";
        }
        for (int i = 0; i < y.length; i++) {
            if (!info.inst.target().lawAfter(Arrays.copyOf(y, i)).positive(y[i])) {
                return "the target gives y_" + (i + 1) + " = " + y[i] + " probability zero after "
                    + Arrays.toString(Arrays.copyOf(y, i)) + " (no lossless engine emits it)";
            }
        }
        return null;
    }

    /** The cell of the block continued by the target to h tokens. */
    private static int streamCell(CaseInfo info, SplittableRandom rng, int[] y) {
        int h = info.h;
        int[] s = Arrays.copyOf(y, h);
        for (int i = y.length; i < h; i++) {
            s[i] = categorical(rng, info.targetRow(s, i));
        }
        int cell = 0;
        for (int i = 0; i < h; i++) {
            cell = cell * info.vocab + s[i];
        }
        return cell;
    }

    /** A token from the row (never a zero-mass one). */
    static int categorical(SplittableRandom rng, double[] row) {
        double total = 0;
        for (double w : row) {
            total += w;
        }
        double u = rng.nextDouble() * total;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < row.length; i++) {
            if (row[i] <= 0) {
                continue;
            }
            acc += row[i];
            last = i;
            if (u < acc) {
                return i;
            }
        }
        return last;
    }

    /** The number of samples read (lines weighted by their count). */
    public long samples() {
        return samples;
    }

    /** The cases no line named, in file order. */
    public List<String> casesWithoutSamples() {
        List<String> out = new ArrayList<>();
        for (String id : cases.keySet()) {
            boolean any = groups.values().stream().anyMatch(m -> m.containsKey(id));
            if (!any) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * The engine's accepted field over a group.
     *
     * @param samples the samples that give it (0: the engine does not say)
     * @param wrong   those where it contradicts the emitted block and the drafts: a certain failure
     * @param lines   their first lines
     */
    public record AcceptedField(long samples, long wrong, List<String> lines) {
    }

    /**
     * Conformance of the emitted blocks given each drafted tree.
     *
     * @param treesTested         the trees with at least {@link #MIN_TREE_SAMPLES} samples
     * @param treesRejected       those whose G-test rejects at {@code alphaPerTree}
     * @param alphaPerTree        α over the number of trees tested (Bonferroni)
     * @param detectableBiasBest  the smallest TV bias detected with power {@link GoodnessOfFit#POWER} on the most
     *                            sampled tree (NaN when none was tested)
     * @param detectableBiasWorst the same on the least sampled tree tested
     * @param note                why nothing or not everything was tested, or null
     */
    public record Conformance(int treesTested, int treesRejected, double alphaPerTree, String worstTree,
                              double worstPValue, String worstTable, double detectableBiasBest,
                              double detectableBiasWorst, String note) {
    }

    /**
     * The accepted-length histogram against the scheme's exact law.
     *
     * @param test         the G-test (null when the exact law could not be computed: see {@code note})
     * @param exact        P(tau = n) for n = 0..gamma, or null
     * @param observed     the observed counts of tau = L - 1
     * @param exactMean    E[tau], or null
     * @param observedMean the observed mean of tau
     */
    public record LengthTest(GoodnessOfFit.Result test, BigFraction[] exact, long[] observed, BigFraction exactMean,
                             double observedMean, String note) {
    }

    /**
     * The verdict of one (engine, case).
     *
     * @param stream      (c) the stream G-test, or null when the case is too large for it ({@code streamNote} says)
     * @param conformance (d), null without a scheme
     * @param length      (e), null without a scheme
     * @param unchecked   why the group was not (wholly) checked, or null: such a group never counts as passed
     * @param failed      a certain failure or a rejected test
     */
    public record GroupReport(String engine, String caseId, int gamma, long n, long impossibleDrafts,
                              List<String> draftLines, long impossibleBlocks, List<String> blockLines,
                              String draftsNote, AcceptedField accepted, GoodnessOfFit.Result stream,
                              String streamNote, Conformance conformance, LengthTest length, String unchecked,
                              boolean failed) {
        /** Whether the group was not (wholly) checked. */
        public boolean isUnchecked() {
            return unchecked != null;
        }
    }

    /** The whole report. */
    public record Report(long samples, double alpha, String scheme, long seed, List<GroupReport> groups,
                         boolean failed) {
    }

    /** The verdicts of every group read so far. */
    public Report report() {
        List<GroupReport> out = new ArrayList<>();
        Map<String, double[]> streamLaws = new HashMap<>();
        Map<String, AcceptedLengthLaw> lengthLaws = new HashMap<>();
        Map<String, String> lengthNotes = new HashMap<>();
        boolean failed = false;
        for (Map<String, Group> byCase : groups.values()) {
            for (String caseId : cases.keySet()) {
                Group g = byCase.get(caseId);
                if (g == null) {
                    continue;
                }
                CaseInfo info = g.info;
                List<String> unchecked = new ArrayList<>();
                GoodnessOfFit.Result stream = null;
                String streamNote = null;
                if (g.stream == null) {
                    streamNote = "V^(gamma+1) = " + info.vocab + "^" + info.h + " cells, above " + MAX_STREAM_CELLS
                        + ": the stream law was not tested";
                    unchecked.add(streamNote);
                } else if (Arrays.stream(g.stream).sum() == 0) {
                    streamNote = "no block of 1 to gamma + 1 tokens: the stream law was not tested";
                    unchecked.add(streamNote);
                } else {
                    double[] law = streamLaws.computeIfAbsent(caseId, id -> streamLaw(info));
                    stream = GoodnessOfFit.gTest(law, g.stream, streamLabels(info), alpha);
                    if (!(stream.detectableBias() < 1)) {
                        unchecked.add("the sample is too small to detect any bias of the stream law (the smallest"
                            + " detectable total variation would be 1 or more)");
                    }
                }
                Conformance conf = null;
                LengthTest length = null;
                if (scheme != null) {
                    conf = conformance(g);
                    if (conf.treesTested() == 0 || g.perTreeOverflow) {
                        unchecked.add("conformance: " + conf.note());
                    }
                    if (!lengthLaws.containsKey(caseId) && !lengthNotes.containsKey(caseId)) {
                        try {
                            lengthLaws.put(caseId, SequenceExact.blockLaw(info.inst, scheme)
                                .acceptedLengthLaw(info.gamma));
                        } catch (TooLargeException e) {
                            lengthNotes.put(caseId, "the exact accepted-length law is too large to compute: "
                                + e.getMessage());
                        }
                    }
                    length = lengthTest(g, lengthLaws.get(caseId), lengthNotes.get(caseId));
                    if (length.test() == null) {
                        unchecked.add("accepted lengths: " + length.note());
                    } else if (!(length.test().detectableBias() < 1)) {
                        unchecked.add("the sample is too small to detect any bias of the accepted-length law");
                    }
                }
                if (info.treeLawNote != null) {
                    unchecked.add(info.treeLawNote);
                }
                AcceptedField acc = new AcceptedField(g.acceptedSaid, g.acceptedWrong, shown(g.acceptedLines));
                boolean f = g.impossibleDrafts > 0 || g.impossibleBlocks > 0 || g.acceptedWrong > 0
                    || (stream != null && stream.rejected()) || (conf != null && conf.treesRejected() > 0)
                    || (length != null && length.test() != null && length.test().rejected());
                failed |= f;
                out.add(new GroupReport(g.engine, caseId, info.gamma, g.n, g.impossibleDrafts, shown(g.draftLines),
                    g.impossibleBlocks, shown(g.blockLines), info.treeLawNote, acc, stream, streamNote, conf, length,
                    unchecked.isEmpty() ? null : String.join("; ", unchecked), f));
            }
        }
        return new Report(samples, alpha, scheme == null ? null : scheme.id(), seed, out, failed);
    }

    /** The target's law of h tokens as doubles, by cell. */
    private static double[] streamLaw(CaseInfo info) {
        SequenceLaw law = SequenceLaw.target(info.inst.target(), new int[0], info.h);
        double[] out = new double[(int) info.streamCells];
        for (Map.Entry<List<Integer>, BigFraction> e : law.masses().entrySet()) {
            out[cell(e.getKey(), info.vocab)] = e.getValue().doubleValue();
        }
        normalise(out);
        return out;
    }

    private static int cell(List<Integer> y, int vocab) {
        int c = 0;
        for (int t : y) {
            c = c * vocab + t;
        }
        return c;
    }

    private static String[] streamLabels(CaseInfo info) {
        String[] labels = new String[(int) info.streamCells];
        int[] digits = new int[info.h];
        for (int c = 0; c < labels.length; c++) {
            int r = c;
            for (int i = info.h - 1; i >= 0; i--) {
                digits[i] = r % info.vocab;
                r /= info.vocab;
            }
            labels[c] = Arrays.toString(digits).replace(" ", "");
        }
        return labels;
    }

    private Conformance conformance(Group g) {
        if (g.perTree == null) {
            return new Conformance(0, 0, alpha, null, 1, null, Double.NaN, Double.NaN, "no drafted tree has "
                + MIN_TREE_SAMPLES + " samples");
        }
        List<Map.Entry<DraftTree, Map<List<Integer>, Long>>> tested = new ArrayList<>();
        for (Map.Entry<DraftTree, Map<List<Integer>, Long>> e : g.perTree.entrySet()) {
            long total = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            if (total >= MIN_TREE_SAMPLES && g.info.seen(e.getKey()).impossible == null) {
                tested.add(e);
            }
        }
        String overflow = g.perTreeOverflow ? "more than " + MAX_TREES_TRACKED + " distinct drafted trees: the"
            + " blocks of the rest were not counted" : null;
        if (tested.isEmpty()) {
            return new Conformance(0, 0, alpha, null, 1, null, Double.NaN, Double.NaN, overflow != null ? overflow
                : "no drafted tree has " + MIN_TREE_SAMPLES + " samples");
        }
        double perTree = alpha / tested.size();
        int rejected = 0;
        double worst = 2;
        String worstTree = null;
        String worstTable = null;
        double best = Double.POSITIVE_INFINITY;
        double least = 0;
        int counted = 0;
        for (Map.Entry<DraftTree, Map<List<Integer>, Long>> e : tested) {
            Seen seen = g.info.seen(e.getKey());
            BlockLaw law = seen.law != null ? seen.law
                : SequenceExact.blockLawGiven(g.info.inst, scheme, e.getKey(), MAX_LEAVES);
            Map<List<Integer>, BigFraction> masses = law.masses();
            List<List<Integer>> blocks = new ArrayList<>(masses.keySet());
            double[] expected = new double[blocks.size() + 1];
            long[] observed = new long[blocks.size() + 1];
            String[] labels = new String[blocks.size() + 1];
            Map<List<Integer>, Integer> at = new HashMap<>();
            for (int i = 0; i < blocks.size(); i++) {
                expected[i] = masses.get(blocks.get(i)).doubleValue();
                labels[i] = blocks.get(i).toString().replace(" ", "");
                at.put(blocks.get(i), i);
            }
            labels[blocks.size()] = "impossible";
            for (Map.Entry<List<Integer>, Long> c : e.getValue().entrySet()) {
                Integer i = at.get(c.getKey());
                observed[i == null ? blocks.size() : i] += c.getValue();
            }
            normalise(expected);
            GoodnessOfFit.Result r = GoodnessOfFit.gTest(expected, observed, labels, perTree);
            boolean informative = Double.isFinite(r.detectableBias());
            if (r.rejected()) {
                rejected++;
            }
            if (!informative && !r.rejected()) {
                continue; // its cells pool into one: the test compared nothing, so the tree is not counted as tested
            }
            counted++;
            if (informative) {
                best = Math.min(best, r.detectableBias());
                least = Math.max(least, r.detectableBias());
            }
            if (r.pValue() < worst) {
                worst = r.pValue();
                worstTree = e.getKey().isChain() ? Arrays.toString(e.getKey().tokens()) : e.getKey().toString();
                worstTable = r.table();
            }
        }
        if (counted == 0) {
            return new Conformance(0, 0, alpha, null, 1, null, Double.NaN, Double.NaN, "no drafted tree's test can"
                + " detect a shift at its sample size (its cells pool into one)");
        }
        return new Conformance(counted, rejected, perTree, worstTree, worst, worstTable,
            best == Double.POSITIVE_INFINITY ? Double.NaN : best, least == 0 ? Double.NaN : least, overflow);
    }

    /** Rescales doubles of exact probabilities summing to one so that their double sum is one within rounding. */
    private static void normalise(double[] p) {
        double s = 0;
        for (double x : p) {
            s += x;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= s;
        }
    }

    private LengthTest lengthTest(Group g, AcceptedLengthLaw law, String note) {
        long total = Arrays.stream(g.lengths).sum();
        double mean = 0;
        for (int t = 0; t < g.lengths.length; t++) {
            mean += (double) t * g.lengths[t];
        }
        mean = total == 0 ? Double.NaN : mean / total;
        if (law == null) {
            return new LengthTest(null, null, g.lengths.clone(), null, mean, note);
        }
        if (total == 0) {
            return new LengthTest(null, law.masses(), g.lengths.clone(), law.mean(), mean, "no block of 1 to gamma + 1"
                + " tokens");
        }
        BigFraction[] exact = law.masses();
        double[] expected = new double[exact.length];
        String[] labels = new String[exact.length];
        for (int t = 0; t < exact.length; t++) {
            expected[t] = exact[t].doubleValue();
            labels[t] = "tau=" + t;
        }
        normalise(expected);
        GoodnessOfFit.Result r = GoodnessOfFit.gTest(expected, g.lengths.clone(), labels, alpha);
        return new LengthTest(r, exact, g.lengths.clone(), law.mean(), mean, null);
    }
}
