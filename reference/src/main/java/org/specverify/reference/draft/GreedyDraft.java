package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/**
 * Greedy drafts (Hu et al. construction, reconstructed): T = the K-1 tokens of largest q (lowest index on ties) as fixed
 * drafts x_1..x_{K-1}, and x_K ~ q' = norm(q·1[x ∉ T]). Needs q(V \ T) > 0 ({@link DraftKind#GREEDY}).
 */
public final class GreedyDraft implements DraftProcess {
    private final Distribution q;
    private final int k;
    private final int[] top;
    private final boolean[] inTop;
    private volatile Distribution rest;

    public GreedyDraft(Distribution q, int k) {
        DraftKind.GREEDY.require(k, q.size(), q.supportSize());
        this.q = q;
        this.k = k;
        this.top = Arrays.copyOf(q.tokensByDecreasingMass(), k - 1);
        this.inTop = new boolean[q.size()];
        for (int t : top) {
            inTop[t] = true;
        }
    }

    private int restSupport() {
        int c = 0;
        for (int x = 0; x < q.size(); x++) {
            if (!inTop[x] && q.positive(x)) {
                c++;
            }
        }
        return c;
    }

    public Distribution q() {
        return q;
    }

    /** The fixed drafts T (top K-1 tokens of q). */
    public int[] top() {
        return top.clone();
    }

    public boolean inTop(int token) {
        return inTop[token];
    }

    /** q' = norm(q·1[x ∉ T]), the law of the last draft. */
    public Distribution restLaw() {
        Distribution r = rest;
        if (r == null) {
            r = q.without(t -> inTop[t]);
            rest = r;
        }
        return r;
    }

    @Override
    public Optional<BigInteger> tupleCount() {
        return Optional.of(BigInteger.valueOf(restSupport()));
    }

    @Override
    public String id() {
        return "greedy";
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
    public int[] draw(Draws<BigFraction> draws) {
        int[] x = Arrays.copyOf(top, k);
        x[k - 1] = draws.sample("draft " + (k - 1), restLaw());
        return x;
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        Optional<String> shape = DraftProcess.checkShape(this, drafts);
        if (shape.isPresent()) {
            return shape;
        }
        for (int i = 0; i < k - 1; i++) {
            if (drafts[i] != top[i]) {
                return Optional.of("draft " + i + " is token " + drafts[i] + " but the fixed greedy draft " + i
                    + " is token " + top[i]);
            }
        }
        int last = drafts[k - 1];
        return inTop[last] || !q.positive(last)
            ? Optional.of("the sampled draft (token " + last + ") has zero mass outside the fixed drafts")
            : Optional.empty();
    }
}
