package org.specverify.reference;

import java.util.List;
import java.util.Objects;

/**
 * One verification problem: a target law p, the draft model law(s), and the number of drafts K.
 *
 * <p>Either one draft law q shared by all K drafts ({@link #identical}: iid-style processes derive from it), or one law
 * per draft ({@link #independent}: K rows, different draft models). All laws share one vocabulary.
 */
public final class Instance {
    private final String name;
    private final Distribution target;
    private final List<Distribution> draftRows;
    private final int k;
    private final boolean identical;

    private Instance(String name, Distribution target, List<Distribution> draftRows, int k, boolean identical) {
        this.name = Objects.requireNonNull(name, "name");
        this.target = Objects.requireNonNull(target, "target");
        this.draftRows = List.copyOf(draftRows);
        this.k = k;
        this.identical = identical;
    }

    /**
     * K drafts all from one draft law q.
     *
     * @throws InvalidInputException when K < 1 or the vocabularies of p and q differ
     */
    public static Instance identical(String name, Distribution target, Distribution draft, int k) {
        if (k < 1) {
            throw new InvalidInputException("instance '" + name + "': k must be at least 1, got " + k);
        }
        requireSameVocab(name, target, draft, "draft");
        return new Instance(name, target, List.of(draft), k, true);
    }

    /**
     * One draft law per draft (K = number of rows).
     *
     * @throws InvalidInputException when there is no row or a row's vocabulary differs from the target's
     */
    public static Instance independent(String name, Distribution target, List<Distribution> drafts) {
        if (drafts == null || drafts.isEmpty()) {
            throw new InvalidInputException("instance '" + name + "': 'drafts' needs at least one row");
        }
        for (int i = 0; i < drafts.size(); i++) {
            requireSameVocab(name, target, drafts.get(i), "drafts row " + i);
        }
        return new Instance(name, target, drafts, drafts.size(), false);
    }

    private static void requireSameVocab(String name, Distribution p, Distribution q, String what) {
        if (p.size() != q.size()) {
            throw new InvalidInputException("instance '" + name + "': " + what + " has " + q.size()
                + " tokens but the target has " + p.size());
        }
    }

    public String name() {
        return name;
    }

    public Distribution target() {
        return target;
    }

    public int k() {
        return k;
    }

    public int vocab() {
        return target.size();
    }

    /** True when one draft law q is shared by all K drafts. */
    public boolean identicalDrafts() {
        return identical;
    }

    /**
     * The shared draft law q.
     *
     * @throws InvalidInputException when the instance gives one row per draft
     */
    public Distribution draft() {
        if (!identical) {
            throw new InvalidInputException("instance '" + name + "' has one draft law per draft, not one shared law");
        }
        return draftRows.get(0);
    }

    /** The law of draft {@code i} (0-based): q for identical drafts, row i otherwise. */
    public Distribution draft(int i) {
        if (i < 0 || i >= k) {
            throw new InvalidInputException("draft index " + i + " out of range 0.." + (k - 1));
        }
        return identical ? draftRows.get(0) : draftRows.get(i);
    }

    /** A copy with another K (identical drafts only). */
    public Instance withK(int newK) {
        return identical(name, target, draft(), newK);
    }

    /**
     * Value equality: the same name, target law, draft rows (the one shared law, or every row in order), K and
     * identical-drafts flag. Masses compare as exact rationals, so "0.5" and "1/2" are the same mass. An instance of one
     * shared law with K = 1 and an instance of one independent row are not equal: the flag differs.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Instance)) {
            return false;
        }
        Instance other = (Instance) o;
        return k == other.k && identical == other.identical && name.equals(other.name) && target.equals(other.target)
            && draftRows.equals(other.draftRows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, target, draftRows, k, identical);
    }

    @Override
    public String toString() {
        return "Instance[" + name + ", p=" + target + (identical ? ", q=" + draftRows.get(0) + ", k=" + k
            : ", q_k=" + draftRows) + "]";
    }
}
