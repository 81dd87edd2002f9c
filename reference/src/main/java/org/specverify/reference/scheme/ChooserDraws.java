package org.specverify.reference.scheme;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.Chooser;

/** Exact draws from a {@link Chooser}: the bridge from programs to {@link Scheme.Bound#decide}. */
public final class ChooserDraws implements Draws<BigFraction> {
    private final Chooser chooser;

    public ChooserDraws(Chooser chooser) {
        this.chooser = chooser;
    }

    @Override
    public boolean accept(int draft, int token, BigFraction q, BigFraction p) {
        return chooser.bernoulli(Draws.acceptProbability(draft, token, q, p));
    }

    @Override
    public boolean bernoulli(String what, BigFraction probability) {
        return chooser.bernoulli(probability);
    }

    @Override
    public int choose(String what, List<BigFraction> weights) {
        return chooser.categorical(weights.toArray(BigFraction[]::new));
    }

    @Override
    public int sample(String what, Measure<BigFraction> law) {
        return chooser.categorical(weights(law));
    }

    /** The masses of an exact measure, token by token. */
    public static BigFraction[] weights(Measure<BigFraction> law) {
        BigFraction[] w = new BigFraction[law.size()];
        for (int x = 0; x < w.length; x++) {
            w[x] = law.at(x);
        }
        return w;
    }
}
