package org.specverify.reference.sequence.scheme;

import java.util.Arrays;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * traversal: traversal verification (Weng, Hu et al., "Traversal Verification for Speculative Tree Decoding", arXiv
 * 2505.12398, NeurIPS 2025): leaf to root, sequence-level acceptance. This is the project's reconstruction, checked
 * exactly (proofs-notes/sequence-traversal.md), not a transcription of the paper's pseudocode. Every node v keeps a
 * state: a weight a(v), a target side P_v (initially p(.|path v)) and a draft side Q_v (initially q(.|path v)); the
 * root has a = 1. The children of v are visited in layout order, each child c entered with
 * a(c) = min(1, a(v) P_v(c)/Q_v(c)) (P, Q normalised); the subtree of c is processed the same way, depth first, so the
 * first leaf in post-order is tested first. A node whose children are all rejected (a leaf from the start, or one
 * whose subtrees all failed) is accepted with its whole root path iff u &lt; a(v) (a fresh uniform): the block is that
 * path and one token from P_v (for an original leaf P_v = p(.|leaf path): the bonus). When the subtree of c fails, v
 * updates: R = (a(v) P_v - Q_v)+, M = sum R, a(v) &lt;- M / (M + 1 - a(v)) (1 when the denominator is 0), P_v &lt;- norm(R),
 * and for siblings drawn without replacement Q_v &lt;- norm(Q_v without c). The root is never rejected (its weight stays
 * 1): when all its children fail the block is one token from its updated P. A node whose weight is 0 is rejected with
 * certainty, with all that is left below it (no uniform is drawn for it).
 *
 * <p>On a chain this is block verification step by step (a(x_i) after the failure of its child is h_i of Sun et al.,
 * its updated P is norm((rho_i p_(i+1) - q_(i+1))+)); at one level it is rrs (iid siblings) or rrs-wor (without
 * replacement).
 */
public final class Traversal extends SequenceSchemeBase {
    public Traversal() {
        super(define("traversal").description("traversal verification: leaf to root, sequence-level weights,"
                + " residual updates at the parent of a rejected subtree")
            .paper("Weng, Hu et al., Traversal Verification for Speculative Tree Decoding, 2505.12398")
            .lossless(true).siblings(SiblingProcess.IID, SiblingProcess.WITHOUT_REPLACEMENT).build());
    }

    @Override
    protected java.util.Optional<String> whyNotApplicable(SequenceInstance instance) {
        return instance.drafts().size() > 1
            ? java.util.Optional.of("traversal verifies trees drafted from one draft model; the instance has "
                + instance.drafts().size())
            : java.util.Optional.empty();
    }

    @Override
    public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        boolean withoutReplacement = laws.instance().siblings() == SiblingProcess.WITHOUT_REPLACEMENT;
        return (draws, tree) -> {
            Walk<S> w = new Walk<>(laws, ar, tree, draws, withoutReplacement);
            return w.visit(DraftTree.ROOT, new int[0], ar.one());
        };
    }

    private static final class Walk<S> {
        private final StepLaws<S> laws;
        private final Arithmetic<S> ar;
        private final DraftedTree tree;
        private final org.specverify.reference.random.Draws<S> draws;
        private final boolean withoutReplacement;

        Walk(StepLaws<S> laws, Arithmetic<S> ar, DraftedTree tree, org.specverify.reference.random.Draws<S> draws,
             boolean withoutReplacement) {
            this.laws = laws;
            this.ar = ar;
            this.tree = tree;
            this.draws = draws;
            this.withoutReplacement = withoutReplacement;
        }

        /** The outcome when the subtree of {@code node} yields the block, or null when it is rejected. */
        BlockOutcome<S> visit(int node, int[] path, S a) {
            Measure<S> p = laws.target(path);
            Measure<S> q = laws.draft(path);
            boolean updated = false;
            for (int c : tree.children(node)) {
                if (ar.signum(a) == 0) {
                    return null; // weight 0: this node and what is left below it are rejected with certainty
                }
                int x = tree.token(c);
                S ac = ar.min(ar.one(), ar.divide(ar.multiply(a, p.probability(x)), q.probability(x)));
                int[] child = Arrays.copyOf(path, path.length + 1);
                child[path.length] = x;
                BlockOutcome<S> r = visit(c, child, ac);
                if (r != null) {
                    return r;
                }
                Measure<S> res = p.times(ar.divide(a, p.total())).minusPositive(q, ar.divide(ar.one(), q.total()));
                S m = res.total();
                S den = ar.add(m, ar.subtract(ar.one(), a));
                a = ar.signum(den) == 0 ? ar.one() : ar.divide(m, den);
                p = res;
                updated = true;
                if (withoutReplacement) {
                    q = q.without(x);
                }
            }
            String what = updated ? "residual after the rejected subtrees of " + Arrays.toString(path)
                : "bonus p(.|" + Arrays.toString(path) + ")";
            if (ar.signum(a) == 0) {
                return null;
            }
            if (node == DraftTree.ROOT || draws.bernoulli("traversal: accept " + Arrays.toString(path), a)) {
                return BlockOutcome.emit(path, what, p);
            }
            return null;
        }
    }
}
