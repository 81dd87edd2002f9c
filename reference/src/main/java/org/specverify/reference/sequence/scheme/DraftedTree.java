package org.specverify.reference.sequence.scheme;

import java.util.Arrays;
import org.specverify.reference.sequence.DraftTree;

/**
 * The drafted tree as a verifier sees it: the children of a node ({@link DraftTree#ROOT} for the root) and the token of
 * each node. Either a whole {@link DraftTree} ({@link #of}) or a tree drawn on demand ({@link LazyTree}): the children
 * of a node are drawn the first time a verifier asks for them, so an exact interpreter enumerates only the parts of the
 * tree the verifier looks at (the law of the block is the same: the children of a node are drawn given its path only,
 * and the parts never looked at cannot change the block).
 */
public interface DraftedTree {
    /** The children of a node in layout order ({@link DraftTree#ROOT} for the root's children). */
    int[] children(int node);

    /** The token of a node. */
    int token(int node);

    /**
     * Whether {@code path} is the root path of a node already known (drawn), without drawing anything: how an
     * interpreter checks that a verifier's accepted tokens are drafted tokens along a root path.
     */
    boolean knowsRootPath(int[] path);

    /** A whole draft tree. */
    static DraftedTree of(DraftTree tree) {
        return new DraftedTree() {
            @Override
            public int[] children(int node) {
                return tree.children(node);
            }

            @Override
            public int token(int node) {
                return tree.token(node);
            }

            @Override
            public boolean knowsRootPath(int[] path) {
                return tree.matchedPrefix(path, path.length) == path.length;
            }

            @Override
            public String toString() {
                return tree.toString();
            }
        };
    }

    /** The tokens of the root paths' nodes visited as a chain: x_1..x_gamma of a tree whose every node has one child. */
    static int[] chainTokens(DraftedTree tree) {
        int[] x = new int[0];
        int node = DraftTree.ROOT;
        while (true) {
            int[] kids = tree.children(node);
            if (kids.length == 0) {
                return x;
            }
            if (kids.length > 1) {
                throw new IllegalArgumentException("a chain verifier was handed a tree with " + kids.length
                    + " children at " + Arrays.toString(x) + ": " + tree);
            }
            node = kids[0];
            x = Arrays.copyOf(x, x.length + 1);
            x[x.length - 1] = tree.token(node);
        }
    }
}
