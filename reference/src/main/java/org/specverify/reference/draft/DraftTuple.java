package org.specverify.reference.draft;

import java.util.Arrays;

/** An ordered tuple of draft tokens (x_1..x_K), with value equality. Duplicates are allowed. */
public final class DraftTuple implements Comparable<DraftTuple> {
    private final int[] tokens;

    private DraftTuple(int[] tokens) {
        this.tokens = tokens;
    }

    public static DraftTuple of(int... tokens) {
        return new DraftTuple(tokens.clone());
    }

    public int k() {
        return tokens.length;
    }

    public int get(int i) {
        return tokens[i];
    }

    public int[] tokens() {
        return tokens.clone();
    }

    /** Whether y is one of the drafts (membership: the LP's notion of acceptance). */
    public boolean contains(int y) {
        for (int t : tokens) {
            if (t == y) {
                return true;
            }
        }
        return false;
    }

    /** The index of the first draft equal to y, or -1. */
    public int indexOf(int y) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == y) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DraftTuple && Arrays.equals(tokens, ((DraftTuple) o).tokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens);
    }

    @Override
    public int compareTo(DraftTuple o) {
        return Arrays.compare(tokens, o.tokens);
    }

    @Override
    public String toString() {
        return Arrays.toString(tokens);
    }
}
