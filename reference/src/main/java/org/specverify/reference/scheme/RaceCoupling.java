package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.RaceDrafts;
import org.specverify.reference.random.Draws;

/**
 * The Gumbel-coupled schemes: drafts and output are exponential races on one noise ({@link Draws#race}). The drafts
 * are the {@link RaceDrafts} process (x_k = argmin_x E_(k,x)/q(x), one block of exponentials per draft); the verifier
 * states the drafts' races ({@link Draws#raceGiven}) and runs the target's race over every block,
 * y = argmin_(k,x) E_(k,x)/p(x), i.e. y = argmin_x (min_k E_(k,x))/p(x), whose law is p whatever the drafts: lossless.
 * It accepts when y is one of the drafts (by membership) and otherwise emits y itself: there is no residual.
 *
 * <ul>
 *   <li>{@code gumbel} (K = 1): drafter-invariant speculative decoding, Daliri et al. arXiv 2408.07978; acceptance
 *       Σ_x 1 / Σ_z max(p(z)/p(x), q(z)/q(x)).</li>
 *   <li>{@code gls} (K ≥ 1): Gumbel-max list sampling, Rowan, Phan, Khisti arXiv 2506.05632, the K drafts iid q
 *       from K independent blocks of exponentials, the target's race over their minimum.</li>
 * </ul>
 * With the noise fixed, the output is the target's race alone: it does not depend on q (drafter invariance).
 */
public final class RaceCoupling extends SchemeBase {
    private RaceCoupling(Definition definition) {
        super(definition);
    }

    /** gumbel: K = 1, draft and output races on one stream. */
    public static RaceCoupling gumbel() {
        return new RaceCoupling(define("gumbel")
            .description("drafter-invariant sd: draft = argmin E/q, output = argmin E/p on shared exponentials E")
            .paper("Daliri et al. 2408.07978").k(1, 1).lossless(true).drafts(DraftKind.CUSTOM).build());
    }

    /** gls: K drafts, one block of exponentials each, the output the target's race over all blocks. */
    public static RaceCoupling gls() {
        return new RaceCoupling(define("gls")
            .description("Gumbel-max list sampling: x_k = argmin E_k/q, output = argmin_x (min_k E_(k,x))/p(x)")
            .paper("Rowan, Phan, Khisti 2506.05632").k(1, Integer.MAX_VALUE).lossless(true)
            .drafts(DraftKind.CUSTOM).build());
    }

    @Override
    public DraftProcess draftProcess(Instance instance) {
        List<Distribution> laws = new ArrayList<>();
        for (int k = 0; k < instance.k(); k++) {
            laws.add(instance.draft(k));
        }
        return new RaceDrafts(laws);
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Instance instance = laws.instance();
        int kCount = instance.k();
        int v = instance.vocab();
        S zero = laws.of(BigFraction.ZERO);
        List<List<S>> drafts = new ArrayList<>();
        for (int k = 0; k < kCount; k++) {
            // immutable lists (List.copyOf): the exact replay remembers race laws by the identity of their weights
            drafts.add(List.copyOf(RaceDrafts.blockWeights(converted(laws, instance.draft(k)), k, kCount, zero)));
        }
        List<S> p = java.util.Arrays.asList(converted(laws, instance.target()));
        List<S> target = new ArrayList<>(kCount * v);
        for (int k = 0; k < kCount; k++) {
            target.addAll(p);
        }
        List<S> targetRace = List.copyOf(target);
        return (draws, x) -> {
            for (int k = 0; k < kCount; k++) {
                draws.raceGiven(Draws.DRAFT, drafts.get(k), k * v + x[k]);
            }
            int y = draws.race(Draws.DRAFT, targetRace) % v;
            for (int k = 0; k < kCount; k++) {
                if (x[k] == y) {
                    return Outcome.accept(k, y);
                }
            }
            return Outcome.token(y, "the target's race on the drafts' noise");
        };
    }

    @SuppressWarnings("unchecked")
    private static <S> S[] converted(Laws<S> laws, Distribution d) {
        BigFraction[] m = d.masses();
        Object[] out = new Object[m.length];
        for (int x = 0; x < m.length; x++) {
            out[x] = laws.of(m[x]);
        }
        return (S[]) out;
    }
}
