package org.specverify.reference.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.specverify.reference.InvalidInputException;

/**
 * A drafted token tree in the layout engines use: nodes in depth-first pre-order, each with its token and the index of
 * its parent ({@link #ROOT}, -1, for the children of the root, which stands for the step's context and holds no token).
 * A chain is the tree whose every node has one child.
 *
 * <p>Node i has depth {@link #depth(int)} (1 for the root's children), a root path {@link #path(int)} (its ancestors'
 * tokens and its own, from depth 1 down) and children {@link #children(int)} in layout order. Siblings may carry the
 * same token (iid drafts repeat). Immutable; equal when tokens and parents are equal (the order of siblings counts).
 */
public final class DraftTree {
    /** The parent index of the root's children. */
    public static final int ROOT = -1;

    private final int[] tokens;
    private final int[] parents;
    private final int[] depths;
    private final int[][] children;
    private final int[] rootChildren;

    private DraftTree(int[] tokens, int[] parents) {
        this.tokens = tokens;
        this.parents = parents;
        int n = tokens.length;
        depths = new int[n];
        List<List<Integer>> kids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kids.add(new ArrayList<>());
        }
        List<Integer> top = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int p = parents[i];
            depths[i] = p == ROOT ? 1 : depths[p] + 1;
            (p == ROOT ? top : kids.get(p)).add(i);
        }
        children = new int[n][];
        for (int i = 0; i < n; i++) {
            children[i] = kids.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        rootChildren = top.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A tree in depth-first pre-order layout.
     *
     * @throws InvalidInputException when the arrays differ in length, a token is negative, or a parent index is not
     *     {@link #ROOT} or a node on the current root path (which is what pre-order requires), naming the node
     */
    public static DraftTree of(int[] tokens, int[] parents) {
        if (tokens.length != parents.length) {
            throw new InvalidInputException("draft tree: " + tokens.length + " tokens but " + parents.length
                + " parent indices");
        }
        int[] stack = new int[tokens.length + 1];
        int top = 0;
        int[] depth = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0) {
                throw new InvalidInputException("draft tree: node " + i + " has the negative token " + tokens[i]);
            }
            int p = parents[i];
            if (p != ROOT && (p < 0 || p >= i)) {
                throw new InvalidInputException("draft tree: node " + i + " has parent " + p
                    + " (a parent comes before its child in pre-order; -1 is the root)");
            }
            int want = p == ROOT ? 0 : depth[p];
            if (want > top || (want > 0 && stack[want - 1] != p)) {
                throw new InvalidInputException("draft tree: node " + i + " has parent " + p
                    + ", which is not on the root path of node " + (i - 1) + ": the layout is not depth-first pre-order");
            }
            top = want;
            stack[top++] = i;
            depth[i] = top;
        }
        return new DraftTree(tokens.clone(), parents.clone());
    }

    /**
     * A tree from nodes in any order where every parent comes before its children (breadth-first, creation order),
     * laid out in depth-first pre-order keeping the relative order of siblings.
     */
    public static DraftTree fromParents(int[] tokens, int[] parents) {
        int n = tokens.length;
        if (parents.length != n) {
            throw new InvalidInputException("draft tree: " + n + " tokens but " + parents.length + " parent indices");
        }
        List<List<Integer>> kids = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            kids.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            int p = parents[i];
            if (p != ROOT && (p < 0 || p >= i)) {
                throw new InvalidInputException("draft tree: node " + i + " has parent " + p
                    + " (a parent must come before its child; -1 is the root)");
            }
            kids.get(p + 1).add(i);
        }
        int[] newTokens = new int[n];
        int[] newParents = new int[n];
        int[] newIndex = new int[n];
        int[] next = {0};
        layout(ROOT, kids, tokens, parents, newTokens, newParents, newIndex, next);
        return of(newTokens, newParents);
    }

    private static void layout(int node, List<List<Integer>> kids, int[] tokens, int[] parents, int[] newTokens,
                               int[] newParents, int[] newIndex, int[] next) {
        for (int c : kids.get(node + 1)) {
            int at = next[0]++;
            newIndex[c] = at;
            newTokens[at] = tokens[c];
            newParents[at] = node == ROOT ? ROOT : newIndex[node];
            layout(c, kids, tokens, parents, newTokens, newParents, newIndex, next);
        }
    }

    /** The chain x_1..x_g. */
    public static DraftTree chain(int... tokens) {
        int[] parents = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            parents[i] = i - 1;
        }
        return of(tokens, parents);
    }

    /** Number of nodes (the root not counted). */
    public int size() {
        return tokens.length;
    }

    public int token(int node) {
        return tokens[node];
    }

    /** The parent's index, or {@link #ROOT}. */
    public int parent(int node) {
        return parents[node];
    }

    /** Tokens in layout order (a copy). */
    public int[] tokens() {
        return tokens.clone();
    }

    /** Parent indices in layout order (a copy). */
    public int[] parents() {
        return parents.clone();
    }

    /** Depth of a node: 1 for a child of the root. */
    public int depth(int node) {
        return depths[node];
    }

    /** The largest depth (0 for the empty tree). */
    public int maxDepth() {
        int d = 0;
        for (int x : depths) {
            d = Math.max(d, x);
        }
        return d;
    }

    /** The tokens from depth 1 down to this node, included. */
    public int[] path(int node) {
        int[] p = new int[depths[node]];
        for (int i = node; i != ROOT; i = parents[i]) {
            p[depths[i] - 1] = tokens[i];
        }
        return p;
    }

    /** The children of a node ({@link #ROOT} for the root) in layout order. */
    public int[] children(int node) {
        return node == ROOT ? rootChildren.clone() : children[node].clone();
    }

    public boolean isLeaf(int node) {
        return children[node].length == 0;
    }

    /** Whether every node has at most one child. */
    public boolean isChain() {
        if (rootChildren.length > 1) {
            return false;
        }
        for (int[] c : children) {
            if (c.length > 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The length of the longest prefix of {@code y}, at most {@code cap}, that is the root path of a node (0 when no
     * child of the root carries y_1). Siblings with equal tokens are all followed.
     */
    public int matchedPrefix(int[] y, int cap) {
        return match(rootChildren, y, 0, Math.min(cap, y.length));
    }

    private int match(int[] candidates, int[] y, int at, int cap) {
        if (at >= cap) {
            return at;
        }
        int best = at;
        for (int c : candidates) {
            if (tokens[c] == y[at]) {
                best = Math.max(best, match(children[c], y, at + 1, cap));
                if (best == cap) {
                    break;
                }
            }
        }
        return best;
    }

    /**
     * The distinct root paths of the tree, sorted by length then token ids. Two trees with the same path set score
     * alike against every target block (they differ only in sibling order or repeated siblings).
     */
    public List<List<Integer>> pathSet() {
        TreeSet<List<Integer>> set = new TreeSet<>(PATH_ORDER);
        for (int i = 0; i < tokens.length; i++) {
            set.add(Arrays.stream(path(i)).boxed().toList());
        }
        return List.copyOf(set);
    }

    /** Shorter first, then lexicographic by token id. */
    public static final Comparator<List<Integer>> PATH_ORDER = (a, b) -> {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    @Override
    public boolean equals(Object o) {
        return o instanceof DraftTree t && Arrays.equals(t.tokens, tokens) && Arrays.equals(t.parents, parents);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(parents);
    }

    /** Nested form: {@code [0 [1 [2]] 2]} is a root with children 0 (child 1, grandchild 2) and 2. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(rootChildren, sb);
        return sb.toString();
    }

    private void write(int[] nodes, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < nodes.length; i++) {
            sb.append(i == 0 ? "" : " ").append(tokens[nodes[i]]);
            if (children[nodes[i]].length > 0) {
                sb.append(' ');
                write(children[nodes[i]], sb);
            }
        }
        sb.append(']');
    }
}
