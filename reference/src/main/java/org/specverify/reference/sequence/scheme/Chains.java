package org.specverify.reference.sequence.scheme;

import org.specverify.reference.sequence.DraftTree;

/** Helpers of chain verifiers. */
final class Chains {
    private Chains() {
    }

    /**
     * The drafted tokens x_1..x_gamma of a chain: the root path of its deepest node (the last in pre-order).
     *
     * @throws IllegalArgumentException when the tree is not a chain
     */
    static int[] tokens(DraftTree tree) {
        if (!tree.isChain()) {
            throw new IllegalArgumentException("a chain verifier was handed a tree that is not a chain: " + tree);
        }
        return tree.size() == 0 ? new int[0] : tree.path(tree.size() - 1);
    }
}
