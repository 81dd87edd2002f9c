package org.specverify.reference.interpret;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.scheme.Scheme;

/**
 * The exact joint law of (drafts, output) of a bound scheme, from the {@link ExactEnumerator}: the output marginal, the
 * acceptance P(Y ∈ x̄) and the losslessness verdict, all as exact rationals.
 */
public final class ExactLaw {
    private final Scheme.Bound bound;
    private final Map<Outcome, BigFraction> joint;
    private final BigFraction[] output;
    private final BigFraction acceptance;

    private ExactLaw(Scheme.Bound bound, Map<Outcome, BigFraction> joint) {
        this.bound = bound;
        this.joint = Collections.unmodifiableMap(joint);
        int n = bound.instance().vocab();
        BigFraction[] out = new BigFraction[n];
        Arrays.fill(out, BigFraction.ZERO);
        BigFraction acc = BigFraction.ZERO;
        for (Map.Entry<Outcome, BigFraction> e : joint.entrySet()) {
            out[e.getKey().output()] = out[e.getKey().output()].add(e.getValue());
            if (e.getKey().accepted()) {
                acc = acc.add(e.getValue());
            }
        }
        this.output = out;
        this.acceptance = acc;
    }

    /** Enumerates every branch of the scheme's draft process and verifier. */
    public static ExactLaw of(Scheme.Bound bound) {
        return new ExactLaw(bound, ExactEnumerator.enumerate(c -> {
            int[] drafts = bound.draftProcess().draw(c);
            int y = bound.verify(drafts, c);
            return new Outcome(DraftTuple.of(drafts), y);
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
