package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/**
 * Drafts without replacement: q_1 = q, x_k ~ q_k, q_{k+1} = norm(q_k with x_k removed) (the Gumbel-top-K order).
 * Needs at least K tokens of positive draft mass.
 */
public final class WithoutReplacementDraft implements DraftProcess {
    private final Distribution q;
    private final int k;

    public WithoutReplacementDraft(Distribution q, int k) {
        DraftKind.WITHOUT_REPLACEMENT.require(k, q.size(), q.supportSize());
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
    public int[] draw(Draws<BigFraction> draws) {
        int[] x = new int[k];
        Distribution current = q;
        for (int i = 0; i < k; i++) {
            x[i] = draws.sample("draft " + i, current);
            int drawn = x[i];
            if (i + 1 < k) {
                current = current.without(t -> t == drawn);
            }
        }
        return x;
    }

    @Override
    public java.util.Map<DraftTuple, BigFraction> law() {
        return DraftProcess.collectedLaw(this);
    }

    @Override
    public Optional<BigInteger> tupleCount() {
        int support = q.supportSize();
        BigInteger n = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            n = n.multiply(BigInteger.valueOf(support - i));
        }
        return Optional.of(n);
    }

    /** Every ordered K-tuple of distinct tokens of positive mass, with Π_i q(x_i) / (1 − Σ_{j<i} q(x_j)). */
    @Override
    public void forEachTuple(TupleConsumer consumer) {
        int[] support = new int[q.supportSize()];
        BigFraction[] mass = new BigFraction[support.length];
        int j = 0;
        for (int x = 0; x < q.size(); x++) {
            if (q.positive(x)) {
                support[j] = x;
                mass[j] = q.p(x);
                j++;
            }
        }
        boolean[] used = new boolean[support.length];
        int[] drafts = new int[k];
        BigFraction[] prob = new BigFraction[k + 1];
        BigFraction[] left = new BigFraction[k + 1];
        prob[0] = BigFraction.ONE;
        left[0] = BigFraction.ONE;
        walk(0, support, mass, used, drafts, prob, left, consumer);
    }

    private void walk(int level, int[] support, BigFraction[] mass, boolean[] used, int[] drafts,
                      BigFraction[] prob, BigFraction[] left, TupleConsumer consumer) {
        if (level == k) {
            consumer.accept(drafts, prob[k]);
            return;
        }
        for (int j = 0; j < support.length; j++) {
            if (used[j]) {
                continue;
            }
            used[j] = true;
            drafts[level] = support[j];
            prob[level + 1] = prob[level].multiply(mass[j]).divide(left[level]);
            left[level + 1] = left[level].subtract(mass[j]);
            walk(level + 1, support, mass, used, drafts, prob, left, consumer);
            used[j] = false;
        }
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
