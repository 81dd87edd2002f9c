package org.specverify.reference.sequence;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

/**
 * One verification step at sequence level: a target model, one draft model (or one per draft model, for independent
 * siblings), the drafted depth gamma, the tree shape and the sibling process. The step starts at the empty context
 * (the models' laws after the prefixes drafted in the step are all a step ever reads; a context is passed separately
 * where an API takes one).
 *
 * <ul>
 *   <li>{@code gamma} &gt;= 1: the drafted depth; the target block of a step has h = gamma + 1 tokens.</li>
 *   <li>{@code shape}: the number of children of every node at each depth 0..gamma-1 (the root is depth 0), e.g.
 *       [2, 2, 1]; each at least 1. A chain is [1, ..., 1] of length gamma (the default). Empty for
 *       {@link SiblingProcess#DYNAMIC} trees, which have a node budget instead.</li>
 *   <li>{@code siblings}: the {@link SiblingProcess}.</li>
 *   <li>{@code nodeBudget}: for dynamic trees only, the number of tree nodes B &gt;= 1 (the root not counted); 0
 *       otherwise.</li>
 *   <li>{@code drafts}: one model (every child drawn from it) or one model per child index (child j of every node
 *       drawn from model j, independently): then the siblings must be {@link SiblingProcess#IID} and the number of
 *       models must equal the largest entry of the shape.</li>
 * </ul>
 *
 * <p>Every violation is an {@link InvalidInputException} naming the field. Immutable.
 */
public final class SequenceInstance {
    private final String name;
    private final int gamma;
    private final ContextModel target;
    private final List<ContextModel> drafts;
    private final int[] shape;
    private final SiblingProcess siblings;
    private final int nodeBudget;
    private final String note;

    private SequenceInstance(String name, int gamma, ContextModel target, List<ContextModel> drafts, int[] shape,
                             SiblingProcess siblings, int nodeBudget, String note) {
        this.name = name;
        this.gamma = gamma;
        this.target = target;
        this.drafts = drafts;
        this.shape = shape;
        this.siblings = siblings;
        this.nodeBudget = nodeBudget;
        this.note = note;
    }

    /**
     * The general factory; see the class comment for the rules.
     *
     * @param shape children per depth (length gamma), or null for the chain; must be null or empty for dynamic trees
     * @param note  free text or null
     * @throws InvalidInputException naming the field of the first violation
     */
    public static SequenceInstance of(String name, int gamma, ContextModel target, List<ContextModel> drafts,
                                      int[] shape, SiblingProcess siblings, int nodeBudget, String note) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name: expected a non-empty name");
        }
        if (gamma < 1) {
            throw new InvalidInputException("gamma: the drafted depth must be at least 1, got " + gamma);
        }
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(siblings, "siblings");
        if (drafts == null || drafts.isEmpty()) {
            throw new InvalidInputException("drafts: at least one draft model is required");
        }
        int v = target.vocab();
        for (int j = 0; j < drafts.size(); j++) {
            ContextModel q = Objects.requireNonNull(drafts.get(j), "draft model " + j);
            if (q.vocab() != v) {
                throw new InvalidInputException((drafts.size() == 1 ? "draft" : "drafts: model " + j) + ": has "
                    + q.vocab() + " tokens but the target has " + v + " (all models share one vocabulary)");
            }
        }
        int[] s;
        if (siblings == SiblingProcess.DYNAMIC) {
            if (shape != null && shape.length > 0) {
                throw new InvalidInputException("tree: a dynamic tree has a node budget, not a shape (got "
                    + Arrays.toString(shape) + ")");
            }
            if (nodeBudget < 1) {
                throw new InvalidInputException("nodeBudget: a dynamic tree needs a node budget >= 1, got " + nodeBudget);
            }
            if (drafts.size() > 1) {
                throw new InvalidInputException("drafts: a dynamic tree is grown from one draft model, got "
                    + drafts.size());
            }
            s = new int[0];
        } else {
            if (nodeBudget != 0) {
                throw new InvalidInputException("nodeBudget: only dynamic trees have a node budget (siblings are "
                    + siblings.id() + ")");
            }
            if (shape == null) {
                s = new int[gamma];
                Arrays.fill(s, 1);
            } else {
                s = shape.clone();
                if (s.length != gamma) {
                    throw new InvalidInputException("tree: " + Arrays.toString(s) + " has " + s.length
                        + " depths but gamma is " + gamma + " (one number of children per drafted depth)");
                }
            }
            int max = 0;
            for (int d = 0; d < s.length; d++) {
                if (s[d] < 1) {
                    throw new InvalidInputException("tree: depth " + d + " has " + s[d] + " children (at least 1)");
                }
                if (siblings != SiblingProcess.IID && s[d] > v) {
                    throw new InvalidInputException("tree: depth " + d + " has " + s[d] + " children but " + siblings.id()
                        + " siblings are distinct tokens and the vocabulary has " + v);
                }
                max = Math.max(max, s[d]);
            }
            if (drafts.size() > 1) {
                if (siblings != SiblingProcess.IID) {
                    throw new InvalidInputException("drafts: one model per draft needs iid (independent) siblings, not "
                        + siblings.id());
                }
                if (drafts.size() != max) {
                    throw new InvalidInputException("drafts: " + drafts.size() + " models, but the tree "
                        + Arrays.toString(s) + " has at most " + max + " children per node (child j is drawn from"
                        + " model j, so give exactly " + max + ")");
                }
            }
        }
        return new SequenceInstance(name, gamma, target, List.copyOf(drafts), s, siblings, nodeBudget, note);
    }

    /** A chain of depth gamma drafted from q. */
    public static SequenceInstance chain(String name, ContextModel target, ContextModel draft, int gamma) {
        return of(name, gamma, target, List.of(draft), null, SiblingProcess.IID, 0, null);
    }

    /** A tree of the given shape (gamma = its length). */
    public static SequenceInstance tree(String name, ContextModel target, ContextModel draft, int[] shape,
                                        SiblingProcess siblings) {
        return of(name, shape.length, target, List.of(draft), shape, siblings, 0, null);
    }

    /** An EAGLE-2-style dynamic tree of at most {@code budget} nodes and depth at most gamma. */
    public static SequenceInstance dynamic(String name, ContextModel target, ContextModel draft, int gamma, int budget) {
        return of(name, gamma, target, List.of(draft), null, SiblingProcess.DYNAMIC, budget, null);
    }

    /** The same instance with another note (null for none). */
    public SequenceInstance withNote(String text) {
        return new SequenceInstance(name, gamma, target, drafts, shape, siblings, nodeBudget, text);
    }

    public String name() {
        return name;
    }

    public int vocab() {
        return target.vocab();
    }

    public int gamma() {
        return gamma;
    }

    /** h = gamma + 1: the length of the target block a step is judged on. */
    public int blockLength() {
        return gamma + 1;
    }

    public ContextModel target() {
        return target;
    }

    /** The draft models: one, or one per child index. */
    public List<ContextModel> drafts() {
        return drafts;
    }

    /** The model child j of a node is drawn from. */
    public ContextModel draftFor(int child) {
        return drafts.size() == 1 ? drafts.get(0) : drafts.get(child);
    }

    /** Children per depth (a copy); empty for dynamic trees. */
    public int[] shape() {
        return shape.clone();
    }

    public SiblingProcess siblings() {
        return siblings;
    }

    /** The node budget of a dynamic tree; 0 otherwise. */
    public int nodeBudget() {
        return nodeBudget;
    }

    public boolean isDynamic() {
        return siblings == SiblingProcess.DYNAMIC;
    }

    /** Whether the draft is a chain: every entry of the shape is 1 (not a dynamic tree). */
    public boolean isChain() {
        if (isDynamic()) {
            return false;
        }
        for (int k : shape) {
            if (k != 1) {
                return false;
            }
        }
        return true;
    }

    /** The free-text note, if any. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /**
     * The number of nodes of every tree: sum over depths d of prod_(i&lt;=d) k_i; the budget for a dynamic tree (an
     * upper bound: fewer nodes when fewer paths have positive draft probability).
     */
    public BigInteger nodeCount() {
        if (isDynamic()) {
            return BigInteger.valueOf(nodeBudget);
        }
        BigInteger total = BigInteger.ZERO;
        BigInteger level = BigInteger.ONE;
        for (int k : shape) {
            level = level.multiply(BigInteger.valueOf(k));
            total = total.add(level);
        }
        return total;
    }

    /** The target's law after a prefix of the step (convenience for {@code target().lawAfter(prefix)}). */
    public Distribution p(int... prefix) {
        return target.lawAfter(prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceInstance s && s.name.equals(name) && s.gamma == gamma && s.target.equals(target)
            && s.drafts.equals(drafts) && Arrays.equals(s.shape, shape) && s.siblings == siblings
            && s.nodeBudget == nodeBudget && Objects.equals(s.note, note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, gamma, target, drafts, Arrays.hashCode(shape), siblings, nodeBudget, note);
    }

    @Override
    public String toString() {
        return "SequenceInstance '" + name + "' (V=" + vocab() + ", gamma=" + gamma + ", "
            + (isDynamic() ? "dynamic tree, budget " + nodeBudget : "tree " + Arrays.toString(shape) + " "
            + siblings.id()) + ", " + drafts.size() + " draft model" + (drafts.size() == 1 ? "" : "s") + ")";
    }
}
