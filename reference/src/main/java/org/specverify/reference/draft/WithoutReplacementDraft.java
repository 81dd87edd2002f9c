package org.specverify.reference.draft;

import java.util.Optional;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Chooser;

/**
 * Drafts without replacement: q_1 = q, x_k ~ q_k, q_{k+1} = norm(q_k with x_k removed) (the Gumbel-top-K order).
 * Needs at least K tokens of positive draft mass.
 */
public final class WithoutReplacementDraft implements DraftProcess {
    private final Distribution q;
    private final int k;

    public WithoutReplacementDraft(Distribution q, int k) {
        if (k < 1) {
            throw new InvalidInputException("drafts without replacement need K >= 1, got " + k);
        }
        if (q.supportSize() < k) {
            throw new InvalidInputException("drafts without replacement need at least K = " + k
                + " tokens of positive draft mass, but q has " + q.supportSize());
        }
        this.q = q;
        this.k = k;
    }

    public Distribution q() {
        return q;
    }

    /**
     * The laws q_1..q_K each draft was drawn from, given the drafts.
     *
     * @throws InvalidInputException when a draft repeats or has zero mass under its q_k
     */
    public Distribution[] lawsAlong(int[] drafts) {
        Distribution[] laws = new Distribution[drafts.length];
        Distribution current = q;
        for (int i = 0; i < drafts.length; i++) {
            laws[i] = current;
            int x = drafts[i];
            if (current.p(x).signum() == 0) {
                throw new InvalidInputException("draft " + i + " (token " + x
                    + ") has zero mass under its without-replacement law");
            }
            if (i + 1 < drafts.length) {
                current = current.without(t -> t == x);
            }
        }
        return laws;
    }

    @Override
    public String id() {
        return "without-replacement";
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int vocab() {
        return q.size();
    }

    @Override
    public int[] draw(Chooser chooser) {
        int[] x = new int[k];
        Distribution current = q;
        for (int i = 0; i < k; i++) {
            x[i] = chooser.sample(current);
            int drawn = x[i];
            if (i + 1 < k) {
                current = current.without(t -> t == drawn);
            }
        }
        return x;
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        Optional<String> bad = DraftProcess.checkShapeAndMass(this, drafts, i -> q);
        if (bad.isPresent()) {
            return bad;
        }
        for (int i = 0; i < drafts.length; i++) {
            for (int j = 0; j < i; j++) {
                if (drafts[j] == drafts[i]) {
                    return Optional.of("drafts " + j + " and " + i + " repeat token " + drafts[i]
                        + ", but drafts are drawn without replacement");
                }
            }
        }
        return Optional.empty();
    }
}
