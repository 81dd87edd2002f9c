package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/** iid drafts: x_k ~ q independently (SpecInfer, SpecTr). Duplicates allowed. Q(x̄ ⊆ H) = q(H)^K. */
public final class IidDraft implements DraftProcess {
    private final Distribution q;
    private final int k;

    public IidDraft(Distribution q, int k) {
        DraftKind.IID.require(k, q.size(), q.supportSize());
        this.q = q;
        this.k = k;
    }

    public Distribution q() {
        return q;
    }

    @Override
    public String id() {
        return "iid";
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
        for (int i = 0; i < k; i++) {
            x[i] = draws.sample("draft " + i, q);
        }
        return x;
    }

    @Override
    public java.util.Map<DraftTuple, BigFraction> law() {
        return DraftProcess.collectedLaw(this);
    }

    @Override
    public Optional<BigInteger> tupleCount() {
        return Optional.of(BigInteger.valueOf(q.supportSize()).pow(k));
    }

    @Override
    public void forEachTuple(TupleConsumer consumer) {
        Distribution[] laws = new Distribution[k];
        Arrays.fill(laws, q);
        DraftProcess.forEachProduct(laws, consumer);
    }

    @Override
    public BigFraction probabilityAllIn(IntPredicate inH) {
        return q.mass(inH).pow(k);
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        return DraftProcess.checkShapeAndMass(this, drafts, i -> q);
    }
}
