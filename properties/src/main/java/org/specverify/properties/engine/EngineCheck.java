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
import org.specverify.reference.interpret.ConditionalLaw;
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
 *   <li>acceptance: the share of samples whose output is one of their drafts, with a Wilson interval at level 1 − α,
 *       against the scheme's exact acceptance (with a scheme) and α* of the draft process (an interval wholly above α*
 *       cannot come from a lossless engine).</li>
 * </ol>
 * Memory: per group O(|V|) counts plus, with a scheme, O(|V|) per distinct draft tuple seen (at most the draft
 * process's tuples; above {@link #MAX_TUPLES} tuples the per-tuple counts are not kept and conformance is skipped).
 */
public final class EngineCheck {
    /** The fewest samples of a draft tuple for its conformance test. */
    public static final int MIN_TUPLE_SAMPLES = 20;
    /** The most draft tuples a case may have for per-tuple counts and caches. */
    public static final long MAX_TUPLES = 1_000_000L;
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
        }

        long code(SampleLine s) {
            long code = 0;
            for (int i = k - 1; i >= 0; i--) {
                code = code * vocab + s.draft(i);
            }
            return code;
        }

        Tuple tuple(SampleLine s, long code, UniformModel model) {
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

    /** The counts of one (engine, case). */
    static final class Group {
        final CaseInfo info;
        final String engine;
        long n;
        long accepted;
        final long[] outputs;
        final Map<Long, long[]> perTuple = new HashMap<>();
        long impossibleOutputs;
        long impossibleDrafts;
        final List<String> outputLines = new ArrayList<>();
        final List<String> draftLines = new ArrayList<>();

        Group(CaseInfo info, String engine) {
            this.info = info;
            this.engine = engine;
            this.outputs = new long[info.vocab];
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

    /** The ids of the cases no sample referred to. */
    public List<String> casesWithoutSamples() {
        List<String> out = new ArrayList<>();
        for (String id : cases.keySet()) {
            boolean seen = false;
            for (Map<String, Group> byCase : groups.values()) {
                seen |= byCase.containsKey(id);
            }
            if (!seen) {
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
        SampleLine s = new SampleLine();
        long lineNo = 0;
        String line;
        String lastCase = null;
        String lastEngine = null;
        Group last = null;
        try {
            while ((line = in.readLine()) != null) {
                lineNo++;
                s.parse(line, lineNo, source);
                Group g;
                String engine = s.engine() == null ? "" : s.engine();
                if (last != null && s.caseId().equals(lastCase) && engine.equals(lastEngine)) {
                    g = last;
                } else {
                    CaseInfo info = cases.get(s.caseId());
                    if (info == null) {
                        throw new InvalidInputException(source + ": line " + lineNo + ": unknown case '"
                            + s.caseId() + "' (the vectors have " + cases.size() + " cases)");
                    }
                    g = groups.computeIfAbsent(engine, e -> new LinkedHashMap<>())
                        .computeIfAbsent(info.c.id(), id -> new Group(info, engine));
                    last = g;
                    lastCase = s.caseId();
                    lastEngine = engine;
                }
                add(g, s, lineNo, source);
                samples++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
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
        g.n++;
        int y = s.output();
        g.outputs[y]++;
        boolean accepted = false;
        for (int i = 0; i < info.k; i++) {
            accepted |= s.draft(i) == y;
        }
        if (accepted) {
            g.accepted++;
        }
        if (t.impossible != null) {
            g.impossibleDrafts++;
            if (g.draftLines.size() < MAX_LINES_SHOWN) {
                g.draftLines.add("line " + lineNo + ": drafts " + Arrays.toString(t.drafts) + ": " + t.impossible);
            }
            return;
        }
        if (!t.possible[y]) {
            g.impossibleOutputs++;
            if (g.outputLines.size() < MAX_LINES_SHOWN) {
                g.outputLines.add("line " + lineNo + ": output " + y + " on drafts " + Arrays.toString(t.drafts)
                    + " has conditional probability zero" + (t.possibleUnderModel != null && t.possibleUnderModel[y]
                    ? "; possible only at a boundary uniform of " + uniformModel.id() + " (u = 0 or u = 1, or u"
                    + " exactly at a threshold), which the ideal model excludes" : ""));
            }
        }
        if (info.bound != null && info.trackTuples) {
            g.perTuple.computeIfAbsent(code, c -> new long[v])[y]++;
        }
    }

    /** Conformance of the outputs given each draft tuple. */
    public record Conformance(int tuplesTested, int tuplesRejected, double alphaPerTuple, String worstTuple,
                              double worstPValue, String worstTable, boolean skipped, String note) {
    }

    /** The verdict of one (engine, case). */
    public record GroupReport(String engine, String caseId, long n, long impossibleOutputs, List<String> outputLines,
                              long impossibleDrafts, List<String> draftLines, GoodnessOfFit.Result lossless,
                              Conformance conformance, double acceptance, double acceptanceLow, double acceptanceHigh,
                              BigFraction exactAcceptance, BigFraction optimum, boolean acceptanceMismatch,
                              boolean aboveOptimum, boolean failed) {
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
            for (Group g : byCase.values()) {
                CaseInfo info = g.info;
                Instance inst = info.c.instance();
                double[] p = inst.target().toDoubles();
                String[] labels = new String[info.vocab];
                for (int y = 0; y < labels.length; y++) {
                    labels[y] = Integer.toString(y);
                }
                GoodnessOfFit.Result lossless = GoodnessOfFit.gTest(p, g.outputs, labels, alpha);
                Conformance conf = info.bound == null ? null : conformance(g, labels);
                double a = (double) g.accepted / g.n;
                double[] ci = wilson(g.accepted, g.n, z);
                BigFraction[] ex = exact.computeIfAbsent(info.c.id(), id -> exactValues(info));
                BigFraction exactAcceptance = ex[0];
                BigFraction opt = ex[1];
                boolean mismatch = exactAcceptance != null
                    && (exactAcceptance.doubleValue() < ci[0] || exactAcceptance.doubleValue() > ci[1]);
                boolean above = opt != null && ci[0] > opt.doubleValue();
                boolean f = g.impossibleDrafts > 0 || g.impossibleOutputs > 0 || lossless.rejected()
                    || (conf != null && conf.tuplesRejected() > 0) || mismatch || above;
                failed |= f;
                out.add(new GroupReport(g.engine, info.c.id(), g.n, g.impossibleOutputs, List.copyOf(g.outputLines),
                    g.impossibleDrafts, List.copyOf(g.draftLines), lossless, conf, a, ci[0], ci[1], exactAcceptance,
                    opt, mismatch, above, f));
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
            } catch (IllegalStateException | org.specverify.reference.TooLargeException tooLarge) {
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
        List<Map.Entry<Long, long[]>> tested = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : g.perTuple.entrySet()) {
            if (Arrays.stream(e.getValue()).sum() >= MIN_TUPLE_SAMPLES) {
                tested.add(e);
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
        for (Map.Entry<Long, long[]> e : tested) {
            Tuple t = g.info.tuples.get(e.getKey());
            double[] expected = Arrays.stream(ConditionalLaw.of(g.info.bound, t.drafts).masses())
                .mapToDouble(BigFraction::doubleValue).toArray();
            GoodnessOfFit.Result r = GoodnessOfFit.gTest(expected, e.getValue(), labels, perTuple);
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
