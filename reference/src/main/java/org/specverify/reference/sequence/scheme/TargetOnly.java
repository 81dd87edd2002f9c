package org.specverify.reference.sequence.scheme;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.Uniform;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * target-only: target-only tree sampling for deterministic (top-k, dynamic) trees, as one engine ships it for its
 * top-k trees (reconstructed from its kernel; SGLang's tree sampling with {@code threshold_single} and
 * {@code threshold_acc}). At each node of the walk from the root, one coin u (a fresh uniform of the verifier's
 * stream) for the level; the children are tried in layout order with prob_acc += p(x_j) (p = p(.|node path)); x_j is
 * accepted, and the walk descends into it, iff u·threshold_acc &lt; prob_acc (u &lt; prob_acc / threshold_acc, strict)
 * or p(x_j) &gt;= threshold_single. When no child is accepted the step ends with a token from p without the tried
 * tokens (renormalised, drawn with a fresh uniform); an accepted leaf is followed by the bonus from p(.|leaf path).
 * At thresholds 1 this is inverse-CDF sampling from p with the children first: lossless. Below 1 it accepts more
 * than p allows: lossy by design, and registered as such ({@link #lossy()}).
 */
public final class TargetOnly extends SequenceSchemeBase {
    private final BigFraction thresholdSingle;
    private final BigFraction thresholdAcc;

    /** The lossless setting: both thresholds 1. */
    public TargetOnly() {
        this("target-only", Fractions.ONE, Fractions.ONE);
    }

    private TargetOnly(String id, BigFraction thresholdSingle, BigFraction thresholdAcc) {
        super(define(id).description("target-only tree sampling: one coin per level against cumulative p of the"
                + " children (threshold_single " + Fractions.format(thresholdSingle) + ", threshold_acc "
                + Fractions.format(thresholdAcc) + ")")
            .paper("engine kernel (SGLang tree speculative sampling, target-only mode), reconstructed")
            .lossless(thresholdSingle.equals(Fractions.ONE) && thresholdAcc.equals(Fractions.ONE))
            .siblings(SiblingProcess.TOP_K, SiblingProcess.DYNAMIC).build());
        if (thresholdAcc.signum() <= 0 || thresholdSingle.signum() <= 0) {
            throw new IllegalArgumentException(id + ": thresholds must be positive");
        }
        this.thresholdSingle = thresholdSingle;
        this.thresholdAcc = thresholdAcc;
    }

    /** Target-only sampling with the given thresholds in (0, 1]; claims lossless only at thresholds 1. */
    public static TargetOnly withThresholds(String id, BigFraction thresholdSingle, BigFraction thresholdAcc) {
        return new TargetOnly(id, thresholdSingle, thresholdAcc);
    }

    /** The lossy setting registered beside the default: target-only-lossy, both thresholds 1/2. */
    public static TargetOnly lossy() {
        return new TargetOnly("target-only-lossy", BigFraction.of(1, 2), BigFraction.of(1, 2));
    }

    @Override
    public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        S single = ar.of(thresholdSingle);
        S acc = ar.of(thresholdAcc);
        return (draws, tree) -> {
            int node = DraftTree.ROOT;
            int[] path = new int[0];
            while (true) {
                int[] kids = tree.children(node);
                Measure<S> p = laws.target(path);
                if (kids.length == 0) {
                    return BlockOutcome.emit(path, "bonus p(.|" + Arrays.toString(path) + ")", p);
                }
                Uniform<S> u = draws.uniform();
                S probAcc = ar.zero();
                int next = -1;
                Measure<S> rest = p;
                for (int j = 0; j < kids.length && next < 0; j++) {
                    int x = tree.token(kids[j]);
                    S px = p.probability(x);
                    probAcc = ar.add(probAcc, px);
                    if (u.timesLessThan(acc, probAcc) || ar.compare(px, single) >= 0) {
                        next = j;
                    } else {
                        rest = rest.without(x);
                    }
                }
                if (next < 0) {
                    return BlockOutcome.emit(path, "p without the tried children", rest);
                }
                node = kids[next];
                path = Arrays.copyOf(path, path.length + 1);
                path[path.length - 1] = tree.token(node);
            }
        };
    }
}
