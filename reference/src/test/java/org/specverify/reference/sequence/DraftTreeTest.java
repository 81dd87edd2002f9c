package org.specverify.reference.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

class DraftTreeTest {
    @Test
    void breadthFirstNodesAreLaidOutDepthFirst() {
        // creation order: a=5, b=6 under the root; c=7 under a; d=8 under b
        DraftTree t = DraftTree.fromParents(new int[] {5, 6, 7, 8}, new int[] {-1, -1, 0, 1});
        assertArrayEquals(new int[] {5, 7, 6, 8}, t.tokens());
        assertArrayEquals(new int[] {-1, 0, -1, 2}, t.parents());
        assertArrayEquals(new int[] {1, 2, 1, 2}, new int[] {t.depth(0), t.depth(1), t.depth(2), t.depth(3)});
        assertArrayEquals(new int[] {6, 8}, t.path(3));
        assertArrayEquals(new int[] {0, 2}, t.children(DraftTree.ROOT));
        assertArrayEquals(new int[] {3}, t.children(2));
        assertTrue(t.isLeaf(1));
        assertFalse(t.isChain());
        assertEquals("[5 [7] 6 [8]]", t.toString());
        assertEquals(2, t.maxDepth());
    }

    @Test
    void layoutThatIsNotPreOrderIsRefused() {
        // node 2's parent 0 is not on the root path of node 1 (which is the root's second child)
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> DraftTree.of(new int[] {1, 2, 3}, new int[] {-1, -1, 0}));
        assertTrue(e.getMessage().contains("node 2") && e.getMessage().contains("pre-order"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> DraftTree.of(new int[] {1, 2}, new int[] {-1, 1}));
        assertThrows(InvalidInputException.class, () -> DraftTree.of(new int[] {1, -2}, new int[] {-1, 0}));
        assertThrows(InvalidInputException.class, () -> DraftTree.of(new int[] {1}, new int[] {-1, 0}));
    }

    @Test
    void chainIsOneChildPerNode() {
        DraftTree c = DraftTree.chain(2, 0, 1);
        assertTrue(c.isChain());
        assertArrayEquals(new int[] {-1, 0, 1}, c.parents());
        assertArrayEquals(new int[] {2, 0, 1}, c.path(2));
        assertEquals(2, c.matchedPrefix(new int[] {2, 0, 0, 1}, 3));
        assertEquals(3, c.matchedPrefix(new int[] {2, 0, 1, 1}, 3));
        assertEquals(2, c.matchedPrefix(new int[] {2, 0, 1, 1}, 2), "capped");
        assertEquals(0, c.matchedPrefix(new int[] {0, 0, 1, 1}, 3));
    }

    @Test
    void matchingFollowsEverySiblingWithTheToken() {
        // root children 1 (leaf) and 1 (child 0): iid siblings that repeat a token
        DraftTree t = DraftTree.of(new int[] {1, 1, 0}, new int[] {-1, -1, 1});
        assertEquals(2, t.matchedPrefix(new int[] {1, 0, 0}, 2));
        assertEquals(1, t.matchedPrefix(new int[] {1, 1, 0}, 2));
        assertEquals(List.of(List.of(1), List.of(1, 0)), t.pathSet());
    }
}
