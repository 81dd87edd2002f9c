package org.specverify.reference;

import java.util.Objects;

/**
 * What the two scheme bases share: a scheme declares itself by a definition whose common part is a
 * {@link Declaration} (id, one-line description, paper, claim), and answers {@link #id()}, {@link #description()},
 * {@link #paper()} and {@link #claimsLossless()} from it. The token-level base ({@code scheme.SchemeBase}) and the
 * sequence-level base ({@code sequence.scheme.SequenceSchemeBase}) each extend this class with their own definition
 * record, and their definition builders extend {@link Builder}, which holds the steps both have.
 *
 * @param <D> the definition record of the base
 */
public abstract class DeclaredScheme<D extends DeclaredScheme.Declaration> {
    /** The definition, never null; {@link #definition()} returns it. */
    protected final D definition;

    protected DeclaredScheme(D definition) {
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    /**
     * The part of a scheme's definition every scheme has. Implemented by the definition records of both bases; their
     * compact constructors check it with {@link #check}.
     */
    public interface Declaration {
        /** Stable id (letters, digits, '.', '_', '-'). */
        String id();

        /** One line. */
        String description();

        /** Where the scheme comes from. */
        String paper();

        /** Whether the scheme claims its output has the target's law exactly. */
        boolean claimsLossless();

        /**
         * Refuses a declaration without an id, with an id of other characters than letters, digits, '.', '_' and
         * '-' (or not starting with a letter or digit), or without description or paper.
         *
         * @param kind what is declared ("scheme", "sequence scheme"), the first words of the message
         * @throws IllegalArgumentException naming the id and the characters allowed
         * @throws NullPointerException     naming the missing part
         */
        static void check(String kind, String id, String description, String paper) {
            Objects.requireNonNull(id, "id");
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException(kind + " id '" + id + "': use letters, digits, '.', '_' and '-'");
            }
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(paper, "paper");
        }
    }

    /**
     * The builder steps every definition has: the id it starts from, and description, paper and claim, with the
     * defaults an empty description, an empty paper and a lossless claim.
     *
     * @param <B> the concrete builder, returned by every step
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String id;
        private String description = "";
        private String paper = "";
        private boolean lossless = true;

        protected Builder(String id) {
            this.id = id;
        }

        /** This builder, as its own type. */
        protected abstract B self();

        public final B description(String d) {
            this.description = d;
            return self();
        }

        public final B paper(String p) {
            this.paper = p;
            return self();
        }

        public final B lossless(boolean claims) {
            this.lossless = claims;
            return self();
        }

        protected final String id() {
            return id;
        }

        protected final String description() {
            return description;
        }

        protected final String paper() {
            return paper;
        }

        protected final boolean lossless() {
            return lossless;
        }
    }

    public final D definition() {
        return definition;
    }

    public final String id() {
        return definition.id();
    }

    public final String description() {
        return definition.description();
    }

    public final String paper() {
        return definition.paper();
    }

    public final boolean claimsLossless() {
        return definition.claimsLossless();
    }
}
