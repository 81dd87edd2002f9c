package org.specverify.reference.sequence.scheme;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.specverify.reference.DeclaredScheme;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * The base of every sequence scheme, the project's and a user's: a {@link Definition} (id, description, paper, claim,
 * the sibling processes and tree shapes it verifies) and one method, {@link #verifier}. The base supplies
 * {@link #notApplicable} from the definition (chains only, or trees of the declared sibling processes) and then asks
 * {@link #whyNotApplicable} for scheme-specific reasons.
 *
 * <p><b>Randomness.</b> A verifier draws only through {@code random.Draws}, in the verifier's stream: accept tests
 * ({@code draws.accept(i, x, q, p)}, true iff u·q &lt; p, strict), Bernoulli draws (u &lt; π), categorical draws and
 * uniforms it compares itself ({@code draws.uniform(id)}); every uniform lies in the open interval (0, 1), so an event
 * of probability zero never happens. It ends in a {@link BlockOutcome}: the accepted draft tokens, then one token from a
 * law (the interpreter draws it with the next uniform of the stream) or a fixed token.
 *
 * <p>A minimal lossless chain scheme (token-wise speculative decoding):
 * <pre>{@code
 * public final class MyTokenwise extends SequenceSchemeBase {
 *     public MyTokenwise() {
 *         super(define("my-tokenwise").description("sd at every depth").chainsOnly().build());
 *     }
 *     public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
 *         return (draws, tree) -> {
 *             int[] x = DraftedTree.chainTokens(tree);
 *             for (int i = 0; i < x.length; i++) {
 *                 int[] before = Arrays.copyOf(x, i);
 *                 Measure<S> p = laws.target(before), q = laws.draft(before);
 *                 if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
 *                     return BlockOutcome.emit(before, "residual", p.residual(q));
 *                 }
 *             }
 *             return BlockOutcome.emit(x, "bonus", laws.target(x));
 *         };
 *     }
 * }
 * }</pre>
 */
public abstract class SequenceSchemeBase extends DeclaredScheme<SequenceSchemeBase.Definition>
    implements SequenceScheme {
    protected SequenceSchemeBase(Definition definition) {
        super(definition);
    }

    /** Starts a definition for the scheme with this id. */
    public static Definition.Builder define(String id) {
        return new Definition.Builder(id);
    }

    /**
     * What a sequence scheme declares about itself.
     *
     * @param id             stable id (letters, digits, '.', '_', '-')
     * @param description    one line
     * @param paper          where it comes from
     * @param claimsLossless whether it claims the stream has the target's law
     * @param chainsOnly     whether it verifies chains only (every node one child)
     * @param siblings       the sibling processes whose trees it verifies (for chains: the process of the single child,
     *                       which for a chain of iid children is plain drafting)
     */
    public record Definition(String id, String description, String paper, boolean claimsLossless, boolean chainsOnly,
                             Set<SiblingProcess> siblings) implements DeclaredScheme.Declaration {
        public Definition {
            DeclaredScheme.Declaration.check("sequence scheme", id, description, paper);
            siblings = Set.copyOf(siblings);
            if (siblings.isEmpty()) {
                throw new IllegalArgumentException("sequence scheme " + id + ": no sibling process declared");
            }
        }

        /** Builds a {@link Definition}; defaults: lossless, trees of iid siblings. */
        public static final class Builder extends DeclaredScheme.Builder<Builder> {
            private boolean chainsOnly;
            private Set<SiblingProcess> siblings = EnumSet.of(SiblingProcess.IID);

            Builder(String id) {
                super(id);
            }

            @Override
            protected Builder self() {
                return this;
            }

            /** Chains only: drafted chains of iid (sampled) tokens. */
            public Builder chainsOnly() {
                this.chainsOnly = true;
                this.siblings = EnumSet.of(SiblingProcess.IID);
                return this;
            }

            /** Trees whose siblings come from one of these processes. */
            public Builder siblings(SiblingProcess first, SiblingProcess... more) {
                this.siblings = EnumSet.of(first, more);
                return this;
            }

            public Definition build() {
                return new Definition(id(), description(), paper(), lossless(), chainsOnly, siblings);
            }
        }
    }

    @Override
    public String appliesTo() {
        String processes = definition.siblings().stream().sorted().map(SiblingProcess::id)
            .collect(Collectors.joining("|"));
        return definition.chainsOnly() ? "chains" : "trees with " + processes + " siblings";
    }

    @Override
    public final Optional<String> notApplicable(SequenceInstance instance) {
        if (definition.chainsOnly() && !instance.isChain()) {
            return Optional.of(id() + " verifies chains (one child per node); the instance's tree is "
                + (instance.isDynamic() ? "dynamic" : java.util.Arrays.toString(instance.shape())));
        }
        if (definition.chainsOnly() && instance.drafts().size() > 1) {
            return Optional.of(id() + " verifies a chain drafted from one draft model; the instance has "
                + instance.drafts().size());
        }
        if (!definition.siblings().contains(instance.siblings())) {
            return Optional.of(id() + " verifies " + appliesTo() + "; the instance's siblings are "
                + instance.siblings().id());
        }
        return whyNotApplicable(instance);
    }

    /** Scheme-specific reasons not to apply, after the shape and the sibling process were checked. */
    protected Optional<String> whyNotApplicable(SequenceInstance instance) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
