package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.random.Draws;

/**
 * Drafts drawn by exponential races on noise the verifier shares (a {@link DraftKind#CUSTOM} process, id
 * {@code race}): the stream {@link Draws#DRAFT} holds K·|V| exponentials E_(k,x), at index k·|V| + x, and draft k is
 * x_k = argmin_x E_(k,x)/q_k(x), the race over block k ({@link Draws#race} with the weights q_k on block k and 0
 * elsewhere). The drafts are independent, x_k ~ q_k (iid for one shared law), but the verifier reads the same noise,
 * so the law of the output given the drafts is not that of an independent verifier: the exact law is computed
 * jointly ({@link NoiseSharing}).
 */
public final class RaceDrafts implements NoiseSharing {
    private final List<Distribution> laws;
    private final int vocab;
    private final List<List<BigFraction>> blocks;

    /** Races for drafts 0..K-1 with the laws {@code laws} (one per draft, all of one vocabulary). */
    public RaceDrafts(List<Distribution> laws) {
        if (laws.isEmpty()) {
            throw new IllegalArgumentException("race drafts need K >= 1");
        }
        this.laws = List.copyOf(laws);
        this.vocab = laws.get(0).size();
        List<List<BigFraction>> b = new ArrayList<>();
        for (int k = 0; k < laws.size(); k++) {
            if (laws.get(k).size() != vocab) {
                throw new IllegalArgumentException("race drafts over " + vocab + " and " + laws.get(k).size()
                    + " tokens");
            }
            b.add(blockWeights(laws.get(k).masses(), k, laws.size()));
        }
        this.blocks = Collections.unmodifiableList(b);
    }

    /** The weights of the race of draft k: {@code masses} on block k of K, zero elsewhere. */
    public static <S> List<S> blockWeights(S[] masses, int k, int kCount, S zero) {
        int v = masses.length;
        List<S> w = new ArrayList<>(Collections.nCopies(v * kCount, zero));
        for (int x = 0; x < v; x++) {
            w.set(k * v + x, masses[x]);
        }
        return Collections.unmodifiableList(w);
    }

    private static List<BigFraction> blockWeights(BigFraction[] masses, int k, int kCount) {
        return List.copyOf(blockWeights(masses, k, kCount, BigFraction.ZERO));
    }

    /** The race weights of draft k (block k of the stream). */
    public List<BigFraction> weights(int k) {
        return blocks.get(k);
    }

    @Override
    public String id() {
        return "race";
    }

    @Override
    public Optional<BigInteger> tupleCount() {
        BigInteger n = BigInteger.ONE;
        for (Distribution q : laws) {
            n = n.multiply(BigInteger.valueOf(q.supportSize()));
        }
        return Optional.of(n);
    }

    @Override
    public void forEachTuple(TupleConsumer consumer) {
        DraftProcess.forEachProduct(laws.toArray(new Distribution[0]), consumer);
    }

    @Override
    public int k() {
        return laws.size();
    }

    @Override
    public int vocab() {
        return vocab;
    }

    @Override
    public int[] draw(Draws<BigFraction> draws) {
        int[] x = new int[laws.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = draws.race(Draws.DRAFT, blocks.get(k)) - k * vocab;
        }
        return x;
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        return DraftProcess.checkShapeAndMass(this, drafts, laws::get);
    }
}
