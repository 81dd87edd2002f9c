package org.specverify.reference.interpret;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Verdict;

/**
 * The exact joint law of (drafts, output) of a bound scheme, from the {@link ExactEnumerator}: the output marginal, the
 * acceptance P(Y ∈ x̄) and the losslessness verdict, all as exact rationals.
 */
public final class ExactLaw {
    private final Scheme.Bound bound;
    private final Map<Outcome, BigFraction> joint;
    private final BigFraction[] output;
    private final BigFraction acceptance;
    private final BigFraction testAcceptance;

    /** One leaf of the enumeration: the outcome and whether a test accepted a draft. */
    private record Run(Outcome outcome, boolean byTest) {
    }

    private ExactLaw(Scheme.Bound bound, Map<Run, BigFraction> runs) {
        this.bound = bound;
        Map<Outcome, BigFraction> j = new LinkedHashMap<>();
        int n = bound.instance().vocab();
        BigFraction[] out = new BigFraction[n];
        Arrays.fill(out, BigFraction.ZERO);
        BigFraction acc = BigFraction.ZERO;
        BigFraction test = BigFraction.ZERO;
        for (Map.Entry<Run, BigFraction> e : runs.entrySet()) {
            Outcome o = e.getKey().outcome();
            j.merge(o, e.getValue(), BigFraction::add);
            out[o.output()] = out[o.output()].add(e.getValue());
            if (o.accepted()) {
                acc = acc.add(e.getValue());
            }
            if (e.getKey().byTest()) {
                test = test.add(e.getValue());
            }
        }
        this.joint = Collections.unmodifiableMap(j);
        this.output = out;
        this.acceptance = acc;
        this.testAcceptance = test;
    }

    /** Enumerates every branch of the scheme's draft process and verifier. */
    public static ExactLaw of(Scheme.Bound bound) {
        return new ExactLaw(bound, ExactEnumerator.enumerate(c -> {
            int[] drafts = bound.draftProcess().draw(c);
            Verdict v = bound.decide(drafts, c);
            return new Run(new Outcome(DraftTuple.of(drafts), v.output()), v.acceptedByTest());
        }));
    }

    public Scheme.Bound bound() {
        return bound;
    }

    /** P(drafts = x̄, Y = y) for every pair of positive probability. */
    public Map<Outcome, BigFraction> joint() {
        return joint;
    }

    /** The law of the drafts, as the marginal of the joint law. */
    public Map<DraftTuple, BigFraction> draftLaw() {
        Map<DraftTuple, BigFraction> m = new LinkedHashMap<>();
        joint.forEach((o, pr) -> m.merge(o.drafts(), pr, BigFraction::add));
        return m;
    }

    /** P(Y = y) for every token. */
    public BigFraction[] outputLaw() {
        return output.clone();
    }

    /** α = P(Y ∈ x̄), exactly. */
    public BigFraction acceptance() {
        return acceptance;
    }

    /**
     * P(a draft passes the verifier's accept test), exactly. At most {@link #acceptance()}; see {@link Verdict} for
     * when the two differ.
     */
    public BigFraction testAcceptance() {
        return testAcceptance;
    }

    /** Whether the output law equals the target law exactly. */
    public boolean lossless() {
        Distribution p = bound.instance().target();
        for (int y = 0; y < output.length; y++) {
            if (!output[y].equals(p.p(y))) {
                return false;
            }
        }
        return true;
    }

    /** max_y |P(Y = y) - p(y)|, exactly. */
    public BigFraction maxLawError() {
        Distribution p = bound.instance().target();
        BigFraction worst = BigFraction.ZERO;
        for (int y = 0; y < output.length; y++) {
            BigFraction d = output[y].subtract(p.p(y)).abs();
            if (d.compareTo(worst) > 0) {
                worst = d;
            }
        }
        return worst;
    }

    /** The token with the largest law error (lowest index on ties), for failure messages. */
    public int worstToken() {
        Distribution p = bound.instance().target();
        int worst = 0;
        BigFraction w = BigFraction.ZERO;
        for (int y = 0; y < output.length; y++) {
            BigFraction d = output[y].subtract(p.p(y)).abs();
            if (d.compareTo(w) > 0) {
                w = d;
                worst = y;
            }
        }
        return worst;
    }
}
