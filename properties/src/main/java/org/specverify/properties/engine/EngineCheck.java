package org.specverify.properties.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.specverify.lp.optimum.Optimum;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.ConditionalLaw;
import org.specverify.reference.interpret.NoToken;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Scheme;

/**
 * Black-box check of another engine's samples against test vectors ({@link Cases}). Samples are streamed and only
 * counted, per engine and case: the output counts, the accepted count, and with a scheme the output counts per draft
 * tuple. Per group it reports:
 * <ol>
 *   <li>possibility: a sample whose drafts the draft process cannot produce, or whose output has conditional
 *       probability zero given its drafts (with a scheme: under its exact conditional law; without: p(y) = 0), is a
 *       certain failure, shown with its line number;</li>
 *   <li>losslessness: a G-test of the output counts against p, with its p-value and the smallest total-variation bias
 *       it detects with power {@link GoodnessOfFit#POWER};</li>
 *   <li>with a scheme, conformance: per draft tuple with at least {@link #MIN_TUPLE_SAMPLES} samples, a G-test of the
 *       outputs against the scheme's exact conditional law, at α divided by the number of tuples tested
 *       (Bonferroni), so a bug is localised to a draft tuple;</li>
 *   <li>acceptance: the share of samples whose output is one of their drafts, P(Y ∈ x̄), with a Wilson interval at
 *       level 1 − α, against the scheme's exact acceptance (with a scheme) and α* of the draft process (an interval
 *       wholly above α* cannot come from a lossless engine);</li>
 *   <li>the engine's own {@code accepted} field, where samples give it: its acceptance share beside P(Y ∈ x̄), and the
 *       samples where it contradicts the output. A sample the engine calls accepted whose output is not the accepted
 *       draft (not any draft, for {@code "accepted": true}) is a certain failure, shown with its line; a sample the
 *       engine calls rejected whose output is one of its drafts is flagged (a scheme may emit a drafted token from a
 *       residual law), not failed;</li>
 *   <li>with a scheme, the engine's seed: a line that gives {@code seed} and {@code position} has its decision
 *       replayed exactly on the uniforms of the project's Philox4x32-10 layout (see {@link #replay}): an output (or a
 *       stated accepted draft) other than the reference's on those uniforms is a certain failure, shown with its
 *       line. Decision level, not statistical; only for engines that draw their uniforms with that layout.</li>
 * </ol>
 * A group whose sample is too small to detect any bias (the detectable total variation is 1 or more) is marked
 * {@link GroupReport#tooSmall()}: its losslessness was not tested. A line may stand for several identical samples
 * ({@code "count": n}, see {@link SampleLine}). Groups are reported by engine (in order of first appearance), then in
 * the order of the cases file.
 *
 * <p>Memory: per group counts proportional to the distinct outputs seen (at most |V|) plus, with a scheme, the same per
 * distinct draft tuple seen (at most the draft process's tuples; above {@link #MAX_TUPLES} tuples the per-tuple counts
 * are not kept and conformance is skipped). Many engines over one case cost only what each stores.
 */
public final class EngineCheck {
    /** The fewest samples of a draft tuple for its conformance test. */
    public static final int MIN_TUPLE_SAMPLES = 20;
    /** The most draft tuples a case may have for per-tuple counts and caches. */
    public static final long MAX_TUPLES = 1_000_000L;
    /** The most draft tuples a case may have for lookups by array instead of by map. */
    static final int DENSE_TUPLES = 1 << 16;
    /** How many failing line numbers are kept per kind and group. */
    public static final int MAX_LINES_SHOWN = 10;

    private final Map<String, CaseInfo> cases = new LinkedHashMap<>();
    private final Map<String, Map<String, Group>> groups = new LinkedHashMap<>();
    private final Scheme scheme;
    private final double alpha;
    private long samples;
    private UniformModel uniformModel = UniformModel.IDEAL;

    /** A case prepared for checking. */
    static final class CaseInfo {
        final Cases.Case c;
        final DraftProcess process;
        final Scheme.Bound bound;
        final int vocab;
        final int k;
        final boolean trackTuples;
        final Map<Long, Tuple> tuples = new HashMap<>();
        /** The tuples by code when there are at most {@link #DENSE_TUPLES} (no boxing per sample); else null. */
        final Tuple[] dense;

        CaseInfo(Cases.Case c, Scheme scheme) {
            this.c = c;
            this.process = c.process();
            this.vocab = c.instance().vocab();
            this.k = c.instance().k();
            if (scheme != null) {
                Optional<String> why = scheme.notApplicable(c.instance());
                if (why.isPresent()) {
                    throw new InvalidInputException("case '" + c.id() + "': scheme " + scheme.id()
                        + " does not apply: " + why.get());
                }
                this.bound = scheme.bind(c.instance());
                if (!bound.draftProcess().id().equals(process.id())) {
                    throw new InvalidInputException("case '" + c.id() + "': draftProcess is '" + process.id()
                        + "' but scheme " + scheme.id() + " draws " + bound.draftProcess().id() + " drafts");
                }
            } else {
                this.bound = null;
            }
            BigInteger space = BigInteger.valueOf(vocab).pow(k);
            this.trackTuples = space.compareTo(BigInteger.valueOf(MAX_TUPLES)) <= 0;
            this.dense = space.compareTo(BigInteger.valueOf(DENSE_TUPLES)) <= 0 ? new Tuple[space.intValueExact()]
                : null;
        }

        long code(SampleLine s) {
            long code = 0;
            for (int i = k - 1; i >= 0; i--) {
                code = code * vocab + s.draft(i);
            }
            return code;
        }

        Tuple tuple(SampleLine s, long code, UniformModel model) {
            if (dense != null) {
                Tuple d = dense[(int) code];
                if (d != null) {
                    return d;
                }
            }
            Tuple t = trackTuples ? tuples.get(code) : null;
            if (t == null) {
                int[] d = Arrays.copyOf(s.drafts, k);
                t = new Tuple(d);
                Optional<String> why = process.whyImpossible(d);
                if (why.isPresent()) {
                    t.impossible = why.get();
                } else {
                    t.possible = new boolean[vocab];
                    if (bound != null) {
                        ConditionalLaw law = ConditionalLaw.of(bound, d);
                        for (int y = 0; y < vocab; y++) {
                            t.possible[y] = law.possible(y);
                        }
                        if (model.discrete()) {
                            t.possibleUnderModel = UniformModelLaw.possibleOutputs(bound, d, model);
                        }
                    } else {
                        for (int y = 0; y < vocab; y++) {
                            t.possible[y] = c.instance().target().positive(y);
                        }
                    }
                }
                if (trackTuples) {
                    tuples.put(code, t);
                }
            }
            if (dense != null) {
                dense[(int) code] = t;
            }
            return t;
        }
    }

    /** What is known of one draft tuple of a case. */
    static final class Tuple {
        final int[] drafts;
        String impossible;
        boolean[] possible;
        boolean[] possibleUnderModel;

        Tuple(int[] drafts) {
            this.drafts = drafts;
        }
    }

    /** The counts of one (engine, case): sized by what is stored, not by |V|. */
    static final class Group {
        final CaseInfo info;
        final String engine;
        long n;
        long accepted;
        final Counts outputs = new Counts();
        Map<Long, Counts> perTuple;
        /** The same counts as {@link #perTuple} by code, when the case has {@link CaseInfo#dense} tuples. */
        Counts[] perTupleDense;
        long impossibleOutputs;
        long impossibleDrafts;
        long engineSaid;
        long engineAccepted;
        long acceptedButDiffers;
        long rejectedButDrafted;
        List<String> outputLines;
        List<String> draftLines;
        List<String> acceptedLines;
        List<String> rejectedLines;
        long replayed;
        long replayMismatches;
        List<String> replayLines;

        Group(CaseInfo info, String engine) {
            this.info = info;
            this.engine = engine;
        }

        static List<String> keep(List<String> lines, String line) {
            List<String> l = lines == null ? new ArrayList<>(2) : lines;
            if (l.size() < MAX_LINES_SHOWN) {
                l.add(line);
            }
            return l;
        }

        static List<String> shown(List<String> lines) {
            return lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** Counts per token, sparse (sorted tokens) while few tokens are seen. */
    static final class Counts {
        private int[] tokens = new int[0];
        private long[] counts = new long[0];
        private int size;

        void add(int token, long c) {
            int i = Arrays.binarySearch(tokens, 0, size, token);
            if (i >= 0) {
                counts[i] += c;
                return;
            }
            i = -i - 1;
            if (size == tokens.length) {
                int n = Math.max(2, size * 2);
                tokens = Arrays.copyOf(tokens, n);
                counts = Arrays.copyOf(counts, n);
            }
            System.arraycopy(tokens, i, tokens, i + 1, size - i);
            System.arraycopy(counts, i, counts, i + 1, size - i);
            tokens[i] = token;
            counts[i] = c;
            size++;
        }

        long total() {
            long t = 0;
            for (int i = 0; i < size; i++) {
                t += counts[i];
            }
            return t;
        }

        long[] dense(int vocab) {
            long[] d = new long[vocab];
            for (int i = 0; i < size; i++) {
                d[tokens[i]] = counts[i];
            }
            return d;
        }
    }

    /**
     * @param cases  the vectors the samples refer to
     * @param scheme the scheme whose exact conditional law the samples must follow, or null (losslessness only)
     * @param alpha  the significance level of every test
     * @throws InvalidInputException when the scheme does not apply to a case or draws another process
     */
    public EngineCheck(List<Cases.Case> cases, Scheme scheme, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidInputException("alpha must lie in (0, 1), got " + alpha);
        }
        this.scheme = scheme;
        this.alpha = alpha;
        for (Cases.Case c : cases) {
            this.cases.put(c.id(), new CaseInfo(c, scheme));
        }
    }

    /**
     * Classifies, under {@code model}, the outputs that are impossible for ideal uniforms: those possible at a grid
     * point of the model (u = 0, u = 1, u exactly at a threshold) are named so in the failure lines. They still fail
     * the group (the claim is about the ideal law; under the model they are a leak). Call before {@link #read}.
     */
    public EngineCheck uniformModel(UniformModel model) {
        this.uniformModel = java.util.Objects.requireNonNull(model, "model");
        return this;
    }

    /** The ids of the cases no sample referred to, in the order of the cases file. */
    public List<String> casesWithoutSamples() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Group> byCase : groups.values()) {
            seen.addAll(byCase.keySet());
        }
        List<String> out = new ArrayList<>();
        for (String id : cases.keySet()) {
            if (!seen.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The number of samples read. */
    public long samples() {
        return samples;
    }

    /**
     * Reads JSON-lines samples (blank lines are errors too: nothing is skipped silently).
     *
     * @throws InvalidInputException naming the line: bad JSON, unknown case, wrong number of drafts, token out of range
     */
    public void read(BufferedReader in, String source) {
        read(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source, e);
            }
        }, source);
    }

    /**
     * Reads JSON-lines samples from a {@link SampleInput} (strict UTF-8, gzip transparent).
     *
     * @throws InvalidInputException naming the line, as {@link #read(BufferedReader, String)}, and for invalid UTF-8
     */
    public void read(SampleInput in) {
        SampleLine s = new SampleLine();
        String source = in.shown();
        String lastCase = null;
        String lastEngine = null;
        Group last = null;
        while (in.next(s)) {
            long lineNo = in.lineNumber();
            String engine = s.engine() == null ? "" : s.engine();
            Group g;
            // the fast parser hands back the same String objects while lines repeat their case and engine
            if (last != null && (s.caseId() == lastCase || s.caseId().equals(lastCase))
                && (engine == lastEngine || engine.equals(lastEngine))) {
                g = last;
            } else {
                g = group(s, engine, lineNo, source);
                last = g;
                lastCase = s.caseId();
                lastEngine = engine;
            }
            add(g, s, lineNo, source);
            samples += s.count();
        }
    }

    private Group group(SampleLine s, String engine, long lineNo, String source) {
        CaseInfo info = cases.get(s.caseId());
        if (info == null) {
            throw new InvalidInputException(source + ": line " + lineNo + ": unknown case '"
                + s.caseId() + "' (the vectors have " + cases.size() + " cases)");
        }
        return groups.computeIfAbsent(engine, e -> new LinkedHashMap<>())
            .computeIfAbsent(info.c.id(), id -> new Group(info, engine));
    }

    private void read(java.util.function.Supplier<String> lines, String source) {
        SampleLine s = new SampleLine();
        long lineNo = 0;
        String line;
        String lastCase = null;
        String lastEngine = null;
        Group last = null;
        {
            while ((line = lines.get()) != null) {
                lineNo++;
                s.parse(line, lineNo, source);
                Group g;
                String engine = s.engine() == null ? "" : s.engine();
                if (last != null && s.caseId().equals(lastCase) && engine.equals(lastEngine)) {
                    g = last;
                } else {
                    g = group(s, engine, lineNo, source);
                    last = g;
                    lastCase = s.caseId();
                    lastEngine = engine;
                }
                add(g, s, lineNo, source);
                samples += s.count();
            }
        }
    }

    private void add(Group g, SampleLine s, long lineNo, String source) {
        CaseInfo info = g.info;
        if (s.draftCount() != info.k) {
            throw new InvalidInputException(source + ": line " + lineNo + ": case '" + info.c.id() + "' has K = "
                + info.k + " drafts, the sample gives " + s.draftCount());
        }
        int v = info.vocab;
        if (s.output() >= v) {
            throw new InvalidInputException(source + ": line " + lineNo + ": output token " + s.output()
                + " is out of range 0.." + (v - 1) + " of case '" + info.c.id() + "'");
        }
        for (int i = 0; i < info.k; i++) {
            if (s.draft(i) >= v) {
                throw new InvalidInputException(source + ": line " + lineNo + ": draft " + i + " token " + s.draft(i)
                    + " is out of range 0.." + (v - 1) + " of case '" + info.c.id() + "'");
            }
        }
        long code = info.code(s);
        Tuple t = info.tuple(s, code, uniformModel);
        long count = s.count();
        g.n += count;
        int y = s.output();
        g.outputs.add(y, count);
        boolean inDrafts = false;
        for (int i = 0; i < info.k; i++) {
            inDrafts |= s.draft(i) == y;
        }
        if (inDrafts) {
            g.accepted += count;
        }
        int said = s.accepted();
        if (said != SampleLine.ACCEPTED_NOT_SAID) {
            g.engineSaid += count;
            if (said != SampleLine.ACCEPTED_NONE) {
                g.engineAccepted += count;
                boolean consistent = said == SampleLine.ACCEPTED_SOME ? inDrafts : s.draft(said) == y;
                if (!consistent) {
                    g.acceptedButDiffers += count;
                    g.acceptedLines = Group.keep(g.acceptedLines, "line " + lineNo + times(count) + ": the engine says "
                        + (said == SampleLine.ACCEPTED_SOME ? "accepted" : "draft " + said + " (token " + s.draft(said)
                        + ") accepted") + " but outputs " + y + " on drafts " + Arrays.toString(t.drafts));
                }
            } else if (inDrafts) {
                g.rejectedButDrafted += count;
                g.rejectedLines = Group.keep(g.rejectedLines, "line " + lineNo + times(count) + ": the engine says rejected"
                    + " but outputs " + y + ", one of its drafts " + Arrays.toString(t.drafts));
            }
        }
        if (t.impossible != null) {
            g.impossibleDrafts += count;
            g.draftLines = Group.keep(g.draftLines, "line " + lineNo + times(count) + ": drafts " + Arrays.toString(t.drafts)
                + ": " + t.impossible);
            return;
        }
        if (s.seeded()) {
            replay(g, t, s, lineNo, source);
        }
        if (!t.possible[y]) {
            g.impossibleOutputs += count;
            g.outputLines = Group.keep(g.outputLines, "line " + lineNo + times(count) + ": output " + y + " on drafts "
                + Arrays.toString(t.drafts) + " has conditional probability zero" + (t.possibleUnderModel != null
                && t.possibleUnderModel[y] ? "; possible only at a boundary uniform of " + uniformModel.id()
                + " (u = 0 or u = 1, or u exactly at a threshold), which the ideal model excludes" : ""));
        }
        if (info.bound != null && info.trackTuples) {
            if (g.perTuple == null) {
                g.perTuple = new HashMap<>();
            }
            Counts c = null;
            if (info.dense != null) {
                if (g.perTupleDense == null) {
                    g.perTupleDense = new Counts[info.dense.length];
                }
                c = g.perTupleDense[(int) code];
            }
            if (c == null) {
                c = g.perTuple.computeIfAbsent(code, x -> new Counts());
                if (g.perTupleDense != null) {
                    g.perTupleDense[(int) code] = c;
                }
            }
            c.add(y, count);
        }
    }

    /**
     * Replays one seeded decision: the verifier's uniform d is {@link CounterUniforms#uniformFloat}(seed, position,
     * {@link CounterUniforms#VERIFY_STREAM}, d), i.e. Philox4x32-10 with key (seed mod 2^32, seed div 2^32), counter
     * (d, position mod 2^32, position div 2^32, 1), word 0 w mapped to (2·(w >>> 9) + 1)·2^-24 (the float32-open grid,
     * as this project's GPU kernels draw), d = 0, 1, ... in the order the scheme's program reads its uniforms. The
     * reference's decision on those uniforms ({@link CertifiedDecision}, equal to the exact one) must be the line's
     * output, and the accepted draft where the line says one.
     */
    private void replay(Group g, Tuple t, SampleLine s, long lineNo, String source) {
        CaseInfo info = g.info;
        if (info.bound == null) {
            throw new InvalidInputException(source + ": line " + lineNo + ": \"seed\" and \"position\" need --scheme:"
                + " the replay decides with the scheme's verifier");
        }
        long count = s.count();
        g.replayed += count;
        long seed = s.seed();
        long position = s.position();
        String why = null;
        try {
            CertifiedDecision d = CertifiedDecision.of(info.bound, t.drafts, u -> CounterUniforms.uniformFloat(seed,
                position, CounterUniforms.VERIFY_STREAM, u), Integer.MAX_VALUE, Uniforms.OPEN);
            int said = s.accepted();
            if (d.output() != s.output()) {
                why = "the reference outputs " + d.output() + (d.acceptedDraft() >= 0 ? " (draft " + d.acceptedDraft()
                    + " accepted)" : " (no draft accepted)") + ", the engine " + s.output();
            } else if (said >= 0 && d.acceptedDraft() != said || said == SampleLine.ACCEPTED_SOME
                && d.acceptedDraft() < 0 || said == SampleLine.ACCEPTED_NONE && d.acceptedDraft() >= 0) {
                why = "same output " + s.output() + ", but the reference " + (d.acceptedDraft() >= 0 ? "accepts draft "
                    + d.acceptedDraft() : "accepts no draft") + " and the engine says " + (said >= 0 ? "draft " + said
                    : said == SampleLine.ACCEPTED_SOME ? "accepted" : "rejected");
            }
        } catch (NoToken e) {
            why = "the reference finds no token on these uniforms: " + e.getMessage();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw new InvalidInputException(source + ": line " + lineNo + ": the seed cannot be replayed for scheme "
                + info.bound.scheme().id() + ": " + e.getMessage());
        }
        if (why != null) {
            g.replayMismatches += count;
            g.replayLines = Group.keep(g.replayLines, "line " + lineNo + times(count) + ": seed "
                + Long.toUnsignedString(seed) + ", position " + position + ", drafts " + Arrays.toString(t.drafts)
                + ": " + why);
        }
    }

    private static String times(long count) {
        return count == 1 ? "" : " (x" + count + ")";
    }

    /** Conformance of the outputs given each draft tuple. */
    public record Conformance(int tuplesTested, int tuplesRejected, double alphaPerTuple, String worstTuple,
                              double worstPValue, String worstTable, boolean skipped, String note) {
    }

    /**
     * The verdict of one (engine, case).
     *
     * @param acceptance         P(Y ∈ x̄) estimated: the share of samples whose output is one of their drafts
     * @param engineAcceptance   what the engine itself says: the engine's accepted field, as {@link EngineAcceptance}
     * @param tooSmall           the sample is too small to detect any bias (detectable TV of 1 or more): losslessness
     *                           was not tested; {@link #failed} does not include it (the command decides)
     */
    public record GroupReport(String engine, String caseId, long n, long impossibleOutputs, List<String> outputLines,
                              long impossibleDrafts, List<String> draftLines, GoodnessOfFit.Result lossless,
                              Conformance conformance, double acceptance, double acceptanceLow, double acceptanceHigh,
                              BigFraction exactAcceptance, BigFraction optimum, boolean acceptanceMismatch,
                              boolean aboveOptimum, EngineAcceptance engineAcceptance, SeedReplay seedReplay,
                              boolean tooSmall, boolean failed) {
    }

    /**
     * The decisions replayed from the engine's seed and position (lines with {@code seed} and {@code position}).
     *
     * @param samples    the samples replayed (0: no line of the group gives a seed)
     * @param mismatches those whose output (or stated accepted draft) differs from the reference's decision on the
     *                   same uniforms: a certain failure
     * @param lines      their first lines
     */
    public record SeedReplay(long samples, long mismatches, List<String> lines) {
    }

    /**
     * The engine's own accepted field over a group.
     *
     * @param samples            the samples that give the field (0: the engine does not say; the rest is then empty)
     * @param accepted           those the engine calls accepted
     * @param estimate           accepted / samples
     * @param low                Wilson interval at level 1 − α
     * @param high               Wilson interval at level 1 − α
     * @param acceptedButDiffers samples called accepted whose output is not the accepted draft: a certain failure
     * @param acceptedLines      their first lines
     * @param rejectedButDrafted samples called rejected whose output is one of their drafts: flagged, not failed
     * @param rejectedLines      their first lines
     */
    public record EngineAcceptance(long samples, long accepted, double estimate, double low, double high,
                                   long acceptedButDiffers, List<String> acceptedLines, long rejectedButDrafted,
                                   List<String> rejectedLines) {
    }

    /** The whole report. */
    public record Report(long samples, double alpha, String scheme, List<GroupReport> groups, boolean failed) {
    }

    /** The verdicts of every group read so far. */
    public Report report() {
        List<GroupReport> out = new ArrayList<>();
        Map<String, BigFraction[]> exact = new HashMap<>();
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability(alpha / 2);
        boolean failed = false;
        for (Map<String, Group> byCase : groups.values()) {
            for (String caseId : cases.keySet()) {
                Group g = byCase.get(caseId);
                if (g == null) {
                    continue;
                }
                CaseInfo info = g.info;
                Instance inst = info.c.instance();
                double[] p = inst.target().toDoubles();
                String[] labels = new String[info.vocab];
                for (int y = 0; y < labels.length; y++) {
                    labels[y] = Integer.toString(y);
                }
                GoodnessOfFit.Result lossless = GoodnessOfFit.gTest(p, g.outputs.dense(info.vocab), labels, alpha);
                boolean tooSmall = !(lossless.detectableBias() < 1);
                Conformance conf = info.bound == null ? null : conformance(g, labels);
                double a = (double) g.accepted / g.n;
                double[] ci = wilson(g.accepted, g.n, z);
                BigFraction[] ex = exact.computeIfAbsent(info.c.id(), id -> exactValues(info));
                BigFraction exactAcceptance = ex[0];
                BigFraction opt = ex[1];
                boolean mismatch = exactAcceptance != null
                    && (exactAcceptance.doubleValue() < ci[0] || exactAcceptance.doubleValue() > ci[1]);
                boolean above = opt != null && ci[0] > opt.doubleValue();
                EngineAcceptance said;
                if (g.engineSaid == 0) {
                    said = new EngineAcceptance(0, 0, Double.NaN, Double.NaN, Double.NaN, 0, List.of(), 0, List.of());
                } else {
                    double[] eci = wilson(g.engineAccepted, g.engineSaid, z);
                    said = new EngineAcceptance(g.engineSaid, g.engineAccepted,
                        (double) g.engineAccepted / g.engineSaid, eci[0], eci[1], g.acceptedButDiffers,
                        Group.shown(g.acceptedLines), g.rejectedButDrafted, Group.shown(g.rejectedLines));
                }
                boolean f = g.impossibleDrafts > 0 || g.impossibleOutputs > 0 || lossless.rejected()
                    || (conf != null && conf.tuplesRejected() > 0) || mismatch || above || g.acceptedButDiffers > 0
                    || g.replayMismatches > 0;
                failed |= f;
                out.add(new GroupReport(g.engine, info.c.id(), g.n, g.impossibleOutputs, Group.shown(g.outputLines),
                    g.impossibleDrafts, Group.shown(g.draftLines), lossless, conf, a, ci[0], ci[1], exactAcceptance,
                    opt, mismatch, above, said, new SeedReplay(g.replayed, g.replayMismatches,
                    Group.shown(g.replayLines)), tooSmall, f));
            }
        }
        return new Report(samples, alpha, scheme == null ? null : scheme.id(), out, failed);
    }

    /** {exact acceptance of the scheme or null, α* or null}. */
    private static BigFraction[] exactValues(CaseInfo info) {
        BigFraction acc = null;
        BigFraction opt = null;
        if (info.bound != null) {
            try {
                acc = ExactLaw.of(info.bound).acceptance();
            } catch (org.specverify.reference.TooLargeException tooLarge) {
                acc = null;
            }
        }
        try {
            opt = Optimum.exact(info.c.instance().target(), info.process);
        } catch (InvalidInputException noRoute) {
            opt = null;
        }
        return new BigFraction[] {acc, opt};
    }

    private Conformance conformance(Group g, String[] labels) {
        if (!g.info.trackTuples) {
            return new Conformance(0, 0, alpha, null, 1, null, true, "|V|^K above " + MAX_TUPLES
                + ": per-tuple counts not kept");
        }
        List<Map.Entry<Long, Counts>> tested = new ArrayList<>();
        if (g.perTuple != null) {
            for (Map.Entry<Long, Counts> e : g.perTuple.entrySet()) {
                if (e.getValue().total() >= MIN_TUPLE_SAMPLES) {
                    tested.add(e);
                }
            }
        }
        if (tested.isEmpty()) {
            return new Conformance(0, 0, alpha, null, 1, null, false, "no draft tuple has " + MIN_TUPLE_SAMPLES
                + " samples");
        }
        double perTuple = alpha / tested.size();
        int rejected = 0;
        double worst = 2;
        String worstTuple = null;
        String worstTable = null;
        for (Map.Entry<Long, Counts> e : tested) {
            Tuple t = g.info.tuples.get(e.getKey());
            double[] expected = Arrays.stream(ConditionalLaw.of(g.info.bound, t.drafts).masses())
                .mapToDouble(BigFraction::doubleValue).toArray();
            GoodnessOfFit.Result r = GoodnessOfFit.gTest(expected, e.getValue().dense(g.info.vocab), labels,
                perTuple);
            if (r.rejected()) {
                rejected++;
            }
            if (r.pValue() < worst) {
                worst = r.pValue();
                worstTuple = Arrays.toString(t.drafts);
                worstTable = r.table();
            }
        }
        return new Conformance(tested.size(), rejected, perTuple, worstTuple, worst, worstTable, false, null);
    }

    /** The Wilson score interval for k successes in n trials at normal quantile z. */
    static double[] wilson(long k, long n, double z) {
        double ph = (double) k / n;
        double z2 = z * z;
        double centre = (ph + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(ph * (1 - ph) / n + z2 / (4.0 * n * n));
        // at k = 0 (k = n) the interval ends exactly at 0 (1); the formula leaves rounding residue there
        return new double[] {k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half)};
    }
}
