package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/**
 * SpecHub's draft law (K = 2): a = argmax q (lowest index on ties); x_1 ~ q; x_2 = a if x_1 ≠ a, else
 * x_2 ~ norm(q without a). The draft set is {a, x} with x ≠ a of probability q(x)/(1-q(a)). Needs at least two tokens
 * of positive draft mass.
 */
public final class HubDraft implements DraftProcess {
    private final Distribution q;
    private final int hub;

    public HubDraft(Distribution q) {
        DraftKind.HUB.require(2, q.size(), q.supportSize());
        this.q = q;
        this.hub = q.argmax();
    }

    public Distribution q() {
        return q;
    }

    /** The hub token a = argmax q. */
    public int hub() {
        return hub;
    }

    @Override
    public String id() {
        return "hub";
    }

    @Override
    public int k() {
        return 2;
    }

    @Override
    public int vocab() {
        return q.size();
    }

    @Override
    public int[] draw(Draws<BigFraction> draws) {
        int x1 = draws.sample("draft 0", q);
        int x2 = x1 != hub ? hub : draws.sample("draft 1", q.without(t -> t == hub));
        return new int[] {x1, x2};
    }

    /** (x, a) and (a, x) for every non-hub token x of positive mass. */
    @Override
    public Optional<BigInteger> tupleCount() {
        return Optional.of(BigInteger.valueOf(2L * (q.supportSize() - 1)));
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        Optional<String> shape = DraftProcess.checkShape(this, drafts);
        if (shape.isPresent()) {
            return shape;
        }
        if (drafts[0] != hub && drafts[1] != hub) {
            return Optional.of("neither draft is the hub token " + hub + " (argmax q)");
        }
        if (drafts[0] == hub && drafts[1] == hub) {
            return Optional.of("both drafts are the hub token " + hub + ", which the hub process never draws");
        }
        int other = drafts[0] == hub ? drafts[1] : drafts[0];
        return !q.positive(other)
            ? Optional.of("the non-hub draft (token " + other + ") has zero draft mass") : Optional.empty();
    }
}
