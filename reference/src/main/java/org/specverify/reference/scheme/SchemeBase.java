package org.specverify.reference.scheme;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.DeclaredScheme;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftProcesses;
import org.specverify.reference.random.Draws;

/**
 * The base of every scheme, the project's and a user's: a {@link Definition} (id, K range, claim, draft processes,
 * parameters) and one method, {@link #verifier}, that prepares the verifier's program for an instance in any
 * arithmetic. The base supplies the rest: the K checks and applicability of the draft processes, the draft process
 * itself, refusal of impossible draft tuples before the program runs, the exact {@link Scheme.Bound#decide} on any
 * exact {@link Draws}, and one prepared program per arithmetic.
 *
 * <p><b>Randomness.</b> A verifier draws only through {@link Draws}: accept tests ({@code draws.accept(i, x, q, p)},
 * true iff u·q &lt; p, strict, with u a fresh uniform in the open interval (0, 1), so probability min(1, p/q); for
 * q = 0 it holds iff p &gt; 0, and never throws), Bernoulli draws (u &lt; π), categorical draws (F_{i-1} ≤ u·W &lt;
 * F_i) and uniforms it compares itself ({@code draws.uniform()} or {@code draws.uniform(id)} with
 * {@code lessThan}, {@code timesLessThan}, {@code locate}; the same identity gives the same uniform, so a scheme
 * that shares noise between steps says so by reusing an identity). It ends in an {@link Outcome}: a draft accepted,
 * a law to draw the output from, or a fixed token.
 *
 * <p>A minimal lossless scheme (single-draft speculative sampling):
 * <pre>{@code
 * public final class MySd extends SchemeBase {
 *     public MySd() {
 *         super(SchemeBase.define("my-sd").description("sd, again").k(1, 1).lossless(true)
 *             .drafts(DraftKind.IID).build());
 *     }
 *     protected <S> Verifier<S> verifier(Laws<S> laws) {
 *         Measure<S> p = laws.target();
 *         Measure<S> q = laws.draft(0);
 *         return (draws, x) -> draws.accept(0, x[0], q.probability(x[0]), p.probability(x[0]))
 *             ? Outcome.accept(0, x[0]) : Outcome.emit("residual", p.residual(q));
 *     }
 * }
 * }</pre>
 */
public abstract class SchemeBase extends DeclaredScheme<SchemeBase.Definition> implements Scheme {
    protected SchemeBase(Definition definition) {
        super(definition);
    }

    /** Starts a definition for the scheme with this id. */
    public static Definition.Builder define(String id) {
        return new Definition.Builder(id);
    }

    /**
     * What a scheme declares about itself.
     *
     * @param id             stable id (letters, digits, '-')
     * @param description    one line
     * @param paper          where it comes from
     * @param minK           smallest K
     * @param maxK           largest K ({@link Integer#MAX_VALUE} for unbounded)
     * @param claimsLossless whether it claims its output has the target law exactly
     * @param drafts         the draft processes it runs with: {IID}, {IID, INDEPENDENT} (one shared law or one per
     *                       draft), {WITHOUT_REPLACEMENT}, {HUB}, {GREEDY}, {DETERMINISTIC}, or {CUSTOM} (then
     *                       {@link #draftProcess(Instance)} must be overridden)
     * @param parameters     the typed parameters
     */
    public record Definition(String id, String description, String paper, int minK, int maxK, boolean claimsLossless,
                             Set<DraftKind> drafts, Parameters parameters) implements DeclaredScheme.Declaration {
        public Definition {
            DeclaredScheme.Declaration.check("scheme", id, description, paper);
            if (minK < 1 || maxK < minK) {
                throw new IllegalArgumentException("scheme " + id + ": K range " + minK + ".." + maxK);
            }
            drafts = Set.copyOf(drafts);
            if (drafts.isEmpty()) {
                throw new IllegalArgumentException("scheme " + id + ": no draft process declared");
            }
            if (drafts.size() > 1 && !drafts.equals(EnumSet.of(DraftKind.IID, DraftKind.INDEPENDENT))) {
                throw new IllegalArgumentException("scheme " + id + ": declare one draft process, or iid together with"
                    + " independent; got " + drafts);
            }
            Objects.requireNonNull(parameters, "parameters");
        }

        /** Builds a {@link Definition}; id is required, the rest has defaults (K ≥ 1, lossless, iid drafts). */
        public static final class Builder extends DeclaredScheme.Builder<Builder> {
            private int minK = 1;
            private int maxK = Integer.MAX_VALUE;
            private Set<DraftKind> drafts = EnumSet.of(DraftKind.IID);
            private Parameters parameters = Parameters.none();

            Builder(String id) {
                super(id);
            }

            @Override
            protected Builder self() {
                return this;
            }

            /** Supported K from min to max inclusive ({@link Integer#MAX_VALUE} for unbounded). */
            public Builder k(int min, int max) {
                this.minK = min;
                this.maxK = max;
                return this;
            }

            public Builder drafts(DraftKind first, DraftKind... more) {
                this.drafts = EnumSet.of(first, more);
                return this;
            }

            public Builder parameters(Parameters p) {
                this.parameters = p;
                return this;
            }

            public Definition build() {
                return new Definition(id(), description(), paper(), minK, maxK, lossless(), drafts, parameters);
            }
        }
    }

    @Override
    public final int minK() {
        return definition.minK();
    }

    @Override
    public final int maxK() {
        return definition.maxK();
    }

    @Override
    public final Parameters parameters() {
        return definition.parameters();
    }

    /** "iid|independent", "iid", "without-replacement", ... */
    @Override
    public final String draftProcess() {
        return Arrays.stream(DraftKind.values()).filter(definition.drafts()::contains).map(DraftKind::id)
            .collect(Collectors.joining("|"));
    }

    private boolean allowsIndependent() {
        return definition.drafts().contains(DraftKind.INDEPENDENT);
    }

    @Override
    public final Optional<String> notApplicable(Instance instance) {
        int k = instance.k();
        if (k < minK() || k > maxK()) {
            return Optional.of(id() + " supports " + Scheme.describeK(minK(), maxK()) + ", the instance has K = " + k);
        }
        if (!allowsIndependent() && !instance.identicalDrafts()) {
            return Optional.of(id() + " needs one draft law shared by all drafts; the instance gives one per draft");
        }
        Optional<String> process = processNotApplicable(instance);
        return process.isPresent() ? process : whyNotApplicable(instance);
    }

    /** Reasons of the draft process (too few tokens of positive draft mass, ...): the rules of its {@link DraftKind}. */
    private Optional<String> processNotApplicable(Instance instance) {
        DraftKind kind = DraftKind.declaredOn(definition.drafts(), instance);
        return kind == DraftKind.CUSTOM ? Optional.empty() : kind.notApplicable(instance);
    }

    /** Scheme-specific reasons not to apply, after the K range and the draft process were checked. */
    protected Optional<String> whyNotApplicable(Instance instance) {
        return Optional.empty();
    }

    /**
     * The draft process on an applicable instance: iid drafts for one shared law (independent ones for one law per
     * draft, when declared), or the declared process built from the shared law. Override for {@link DraftKind#CUSTOM}.
     */
    public DraftProcess draftProcess(Instance instance) {
        DraftKind kind = DraftKind.declaredOn(definition.drafts(), instance);
        if (kind == DraftKind.CUSTOM) {
            throw new IllegalStateException("scheme " + id() + " declares a custom draft process but does not"
                + " override draftProcess(Instance)");
        }
        return kind.build(instance);
    }

    @Override
    public final Optional<DraftProcess> draftProcessFor(Instance instance) {
        return notApplicable(instance).isPresent() ? Optional.empty() : Optional.of(draftProcess(instance));
    }

    /**
     * Asks {@link #notApplicable} once; when the scheme applies, {@link #draftProcess(Instance)} is called once, on
     * first use, and the bound is prepared with that process.
     */
    @Override
    public final Applicability applicability(Instance instance) {
        return applicability(instance, null, false);
    }

    /**
     * As {@link #applicability(Instance)}, taking the process of the declared kind from {@code shared} (built there
     * once per instance), unless this class overrides {@link #draftProcess(Instance)}: then it builds its own.
     */
    @Override
    public final Applicability applicability(Instance instance, DraftProcesses shared) {
        return applicability(instance, shared, true);
    }

    private Applicability applicability(Instance instance, DraftProcesses shared, boolean useShared) {
        if (useShared && shared.instance() != instance) {
            throw new IllegalArgumentException("the shared draft processes are of instance '" + shared.instance().name()
                + "', not of '" + instance.name() + "'");
        }
        Optional<String> why = notApplicable(instance);
        if (why.isPresent()) {
            return new Applicability.NotApplicable(why.get());
        }
        DraftKind kind = DraftKind.declaredOn(definition.drafts(), instance);
        boolean fromShared = useShared && kind != DraftKind.CUSTOM && !buildsOwnProcess();
        return Applicability.Applies.building(instance, fromShared ? () -> shared.get(kind)
                : () -> draftProcess(instance),
            process -> new ProgramBound(instance, process, prepareInput(instance, process)));
    }

    /** Whether this class overrides {@link #draftProcess(Instance)} (then its process is never shared). */
    private boolean buildsOwnProcess() {
        return BUILDS_OWN_PROCESS.get(getClass());
    }

    /** {@link #buildsOwnProcess()} per class: looked up by reflection once per class, not on every applicability. */
    private static final ClassValue<Boolean> BUILDS_OWN_PROCESS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("draftProcess", Instance.class).getDeclaringClass() != SchemeBase.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /**
     * The verifier of this scheme on {@code laws.instance()}, prepared in {@code laws.arithmetic()}: precompute what
     * depends only on the instance, then return the program that maps drafts to an {@link Outcome}. Written once for
     * every arithmetic: branch on values only through {@link Arithmetic#compare}, {@link Arithmetic#signum} and the
     * draws.
     */
    protected abstract <S> Verifier<S> verifier(Laws<S> laws);

    /** The input of a {@link WithInput} scheme, prepared once per bind; none for other schemes. */
    Object prepareInput(Instance instance, DraftProcess process) {
        return null;
    }

    /**
     * The base of a scheme whose verifier needs an exact input that does not depend on the arithmetic (a transport
     * plan, step-1 weights): {@link #prepare} computes and validates it once when the scheme is bound, and
     * {@link #verifier(Laws, Object)} receives it, typed, in every arithmetic.
     *
     * @param <P> the type of the prepared input
     */
    public abstract static class WithInput<P> extends SchemeBase {
        protected WithInput(Definition definition) {
            super(definition);
        }

        /**
         * The input for this instance, computed and validated once per bind (never null).
         *
         * @throws InvalidInputException when the input is malformed (naming what is wrong)
         */
        protected abstract P prepare(Instance instance, DraftProcess process);

        /** The verifier in {@code laws.arithmetic()}, given the prepared input. */
        protected abstract <S> Verifier<S> verifier(Laws<S> laws, P input);

        @Override
        final Object prepareInput(Instance instance, DraftProcess process) {
            return Objects.requireNonNull(prepare(instance, process), () -> id() + ": prepare returned null");
        }

        @Override
        @SuppressWarnings("unchecked")
        protected final <S> Verifier<S> verifier(Laws<S> laws) {
            // the only value stored is prepareInput's, of type P
            return verifier(laws, (P) laws.input());
        }
    }

    /** The most draft tuples a scheme with an input per tuple (a plan, step-1 weights) is bound on. */
    public static final long MAX_PER_TUPLE_INPUT = 1_000_000L;

    /**
     * Refuses, before anything is built, a draft law too large for an input given per draft tuple.
     *
     * @throws InvalidInputException naming the scheme, the number of tuples and the limit
     */
    protected static void requirePerTupleInputFits(String schemeId, DraftProcess process) {
        java.math.BigInteger n = process.tupleCount().orElse(null);
        if (n != null && n.compareTo(java.math.BigInteger.valueOf(MAX_PER_TUPLE_INPUT)) > 0) {
            throw new InvalidInputException(schemeId + " needs an input for each of the " + n + " draft tuples of the "
                + process.id() + " draft process, above the limit of " + MAX_PER_TUPLE_INPUT
                + "; it is meant for small vocabularies");
        }
    }

    @Override
    public final Bound bind(Instance instance) {
        Optional<String> why = notApplicable(instance);
        if (why.isPresent()) {
            throw new InvalidInputException("scheme " + id() + " on instance '" + instance.name() + "': " + why.get());
        }
        DraftProcess process = draftProcess(instance);
        return new ProgramBound(instance, process, prepareInput(instance, process));
    }

    /** A bound scheme whose verifier is prepared lazily, once per arithmetic. */
    private final class ProgramBound implements Bound {
        private final Instance instance;
        private final DraftProcess process;
        private final Object prepared;
        private final Map<Arithmetic<?>, Program<?>> programs = new ConcurrentHashMap<>();

        ProgramBound(Instance instance, DraftProcess process, Object prepared) {
            this.instance = instance;
            this.process = process;
            this.prepared = prepared;
        }

        @Override
        public Scheme scheme() {
            return SchemeBase.this;
        }

        @Override
        public Instance instance() {
            return instance;
        }

        @Override
        public DraftProcess draftProcess() {
            return process;
        }

        @Override
        public boolean hasProgram() {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> Program<S> program(Arithmetic<S> arithmetic) {
            Program<?> p = programs.get(arithmetic);
            if (p == null) {
                Laws<S> laws = new Laws<>(arithmetic, instance, process, prepared);
                p = new Program<>(id(), laws, verifier(laws));
                Program<?> raced = programs.putIfAbsent(arithmetic, p);
                if (raced != null) {
                    p = raced;
                }
            }
            return (Program<S>) p;
        }

        @Override
        public Decision decide(int[] drafts, Draws<BigFraction> draws) {
            Outcome<BigFraction> o = program(Exact.INSTANCE).run(draws, drafts);
            if (o instanceof Outcome.Accept<BigFraction> a) {
                return Decision.accepted(a.draft(), a.token());
            }
            if (o instanceof Outcome.Token<BigFraction> t) {
                return Decision.residual(t.token());
            }
            Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
            int y = draws.sample(e.what(), e.law());
            return e.byMembership() ? Decision.byMembership(drafts, y) : Decision.residual(y);
        }
    }
}
