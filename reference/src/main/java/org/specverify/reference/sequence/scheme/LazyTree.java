package org.specverify.reference.sequence.scheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * A draft tree drawn on demand through the randomness interface, in the {@link Draws#DRAFT} stream: the children of a
 * node are drawn, all k of them and in order, the first time {@link #children} is asked for that node, exactly as
 * {@code sequence.DraftTrees} enumerates them: iid (child j from q_j(.|path)) or without replacement (sequentially from
 * q(.|path) with the drawn tokens removed and the rest renormalised). Deterministic trees (top-k, dynamic) are not
 * drawn: use {@link DraftedTree#of} with their one tree.
 */
public final class LazyTree implements DraftedTree {
    private final SequenceInstance instance;
    private final int[] context;
    private final int[] shape;
    private final Draws<?> draws;
    private final List<Integer> tokens = new ArrayList<>();
    private final List<int[]> paths = new ArrayList<>();
    private final List<int[]> children = new ArrayList<>();
    private int[] rootChildren;

    private LazyTree(SequenceInstance instance, int[] context, Draws<?> draws) {
        this.instance = instance;
        this.context = context;
        this.shape = instance.shape();
        this.draws = draws.inStream(Draws.DRAFT);
    }

    /**
     * The tree of a shaped instance with iid or without-replacement siblings, drawn on demand from {@code draws}.
     *
     * @throws IllegalArgumentException for deterministic (top-k, dynamic) siblings
     */
    public static LazyTree drawn(SequenceInstance instance, int[] context, Draws<?> draws) {
        if (instance.siblings().deterministic()) {
            throw new IllegalArgumentException("a " + instance.siblings().id() + " tree is not drawn; it is one tree");
        }
        return new LazyTree(instance, context.clone(), draws);
    }

    @Override
    public int[] children(int node) {
        if (node == DraftTree.ROOT) {
            if (rootChildren == null) {
                rootChildren = draw(new int[0]);
            }
            return rootChildren.clone();
        }
        int[] c = children.get(node);
        if (c == null) {
            c = draw(paths.get(node));
            children.set(node, c);
        }
        return c.clone();
    }

    @Override
    public int token(int node) {
        return tokens.get(node);
    }

    @Override
    public boolean knowsRootPath(int[] path) {
        return known(rootChildren, path, 0);
    }

    /** Whether some drawn node among {@code level} (and its drawn descendants) carries path[at..]; duplicates all tried. */
    private boolean known(int[] level, int[] path, int at) {
        if (at == path.length) {
            return true;
        }
        if (level == null) {
            return false;
        }
        for (int c : level) {
            if (tokens.get(c) == path[at] && known(children.get(c), path, at + 1)) {
                return true;
            }
        }
        return false;
    }

    private int[] draw(int[] path) {
        int depth = path.length;
        if (depth >= shape.length) {
            return new int[0];
        }
        int k = shape[depth];
        int[] ids = new int[k];
        String at = ContextModel.describePrefix(Arrays.stream(path).boxed().toList());
        if (instance.siblings() == SiblingProcess.IID) {
            for (int j = 0; j < k; j++) {
                Distribution q = instance.draftFor(j).lawAfter(context, path);
                ids[j] = add(path, draws.sample("draft child " + j + " at " + at, q));
            }
        } else {
            Distribution q = instance.draftFor(0).lawAfter(context, path);
            if (q.supportSize() < k) {
                throw new InvalidInputException("tree of '" + instance.name() + "': the node at " + at + " needs " + k
                    + " distinct draft tokens without replacement but q has " + q.supportSize()
                    + " tokens of positive mass there");
            }
            BigFraction[] w = q.masses();
            for (int j = 0; j < k; j++) {
                int x = draws.sample("draft child " + j + " at " + at, Distribution.normalize(w));
                w[x] = BigFraction.ZERO;
                ids[j] = add(path, x);
            }
        }
        return ids;
    }

    private int add(int[] parentPath, int token) {
        int id = tokens.size();
        tokens.add(token);
        int[] p = Arrays.copyOf(parentPath, parentPath.length + 1);
        p[parentPath.length] = token;
        paths.add(p);
        children.add(null);
        return id;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LazyTree [drawn: ");
        for (int i = 0; i < tokens.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(paths.get(i)));
        }
        return sb.append("]").toString();
    }
}
