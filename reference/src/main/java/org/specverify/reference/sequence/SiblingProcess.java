package org.specverify.reference.sequence;

import java.util.Locale;
import org.specverify.reference.InvalidInputException;

/**
 * How the children of one node of a draft tree are drawn from the draft law q(.|path) of that node's root path (the
 * step's context followed by the node's tokens). The tree shape gives the number of children k at each depth, except
 * for {@link #DYNAMIC} trees, which have a node budget instead.
 */
public enum SiblingProcess {
    /**
     * k children drawn independently from q(.|path) (with replacement: siblings may repeat a token); with one draft
     * model per child, child j is drawn from draft model j. Every ordered k-tuple of positive probability is a separate
     * tree with probability prod_j q_j(x_j|path).
     */
    IID("iid"),
    /**
     * k distinct children drawn one after the other from q(.|path) with the tokens already drawn removed and the rest
     * renormalised: the ordered tuple (x_1..x_k) has probability prod_j q(x_j) / (1 - sum_(i&lt;j) q(x_i)). A node
     * whose q has fewer than k tokens of positive mass cannot be drafted: enumeration refuses it, naming the prefix.
     */
    WITHOUT_REPLACEMENT("without-replacement"),
    /**
     * Deterministic: the k tokens of largest q(.|path), in decreasing order of mass, the lowest token id first on ties
     * (zero-mass tokens are taken when q has fewer than k tokens of positive mass, as a top-k kernel would). One tree of
     * probability 1.
     */
    TOP_K("top-k"),
    /**
     * Deterministic, EAGLE-2 style (Li et al., arXiv 2406.16858): the tree is grown by cumulative draft probability up to
     * a node budget B. The value of a path x_1..x_d (1 &lt;= d &lt;= gamma) is prod_(i&lt;=d) q(x_i | c, x_&lt;i). Paths
     * of value zero are never taken. The tree is the set of the B best paths in the total order: larger value first;
     * on equal values the shorter path first; on equal lengths the lexicographically smaller token ids first. Since a
     * path's value never exceeds its prefix's and ties favour the prefix, every prefix of a chosen path ranks above it
     * and is chosen too: the set is a tree. (EAGLE-2 expands only the top-k nodes of each depth before its global
     * re-ranking; with k at least V, as here, its re-ranked tree is exactly this one.) Fewer than B nodes when fewer
     * paths have positive value. Children of a node are laid out in the order they were chosen (decreasing q, lowest
     * id first on ties). One tree of probability 1.
     */
    DYNAMIC("dynamic");

    private final String id;

    SiblingProcess(String id) {
        this.id = id;
    }

    /** The name used in files and reports: iid, without-replacement, top-k, dynamic. */
    public String id() {
        return id;
    }

    /** Whether the tree is a deterministic function of the draft model (one tree of probability 1). */
    public boolean deterministic() {
        return this == TOP_K || this == DYNAMIC;
    }

    /**
     * The process named {@code id} (as {@link #id()} writes it).
     *
     * @throws InvalidInputException naming the text and the known ids
     */
    public static SiblingProcess parse(String id) {
        for (SiblingProcess s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new InvalidInputException("unknown sibling process '" + id + "' (known: iid, without-replacement, top-k,"
            + " dynamic)" + (id != null && !id.equals(id.toLowerCase(Locale.ROOT)) ? "; ids are lower case" : ""));
    }
}
