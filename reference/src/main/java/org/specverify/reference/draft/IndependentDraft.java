package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/** Independent drafts from different draft models: x_k ~ q_k. Q(x̄ ⊆ H) = Π_k q_k(H). */
public final class IndependentDraft implements DraftProcess {
    private final List<Distribution> qs;

    public IndependentDraft(List<Distribution> qs) {
        if (qs.isEmpty()) {
            throw new InvalidInputException("independent drafts need at least one draft law");
        }
        for (Distribution q : qs) {
            qs.get(0).requireSameSize(q);
        }
        this.qs = List.copyOf(qs);
    }

    public Distribution q(int i) {
        return qs.get(i);
    }

    @Override
    public String id() {
        return "independent";
    }

    @Override
    public int k() {
        return qs.size();
    }

    @Override
    public int vocab() {
        return qs.get(0).size();
    }

    @Override
    public int[] draw(Draws<BigFraction> draws) {
        int[] x = new int[qs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = draws.sample("draft " + i, qs.get(i));
        }
        return x;
    }

    @Override
    public java.util.Map<DraftTuple, BigFraction> law() {
        return DraftProcess.collectedLaw(this);
    }

    @Override
    public Optional<BigInteger> tupleCount() {
        return Optional.of(DraftProcess.productOfSupports(qs.toArray(Distribution[]::new)));
    }

    @Override
    public void forEachTuple(TupleConsumer consumer) {
        DraftProcess.forEachProduct(qs.toArray(Distribution[]::new), consumer);
    }

    @Override
    public BigFraction probabilityAllIn(IntPredicate inH) {
        BigFraction s = BigFraction.ONE;
        for (Distribution q : qs) {
            s = s.multiply(q.mass(inH));
        }
        return s;
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        return DraftProcess.checkShapeAndMass(this, drafts, qs::get);
    }
}
