package org.specverify.reference.scheme;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;

/**
 * A scheme's decision on one instance, taken once ({@link Scheme#applicability}): the reason it does not apply, or
 * the draft process it runs with, built at most once and bound with by {@link Applies#bind}. A caller that needs
 * both the decision and the process (the audit: applicability, size estimate, binding) asks once and passes this on,
 * instead of asking {@link Scheme#notApplicable}, {@link Scheme#draftProcessFor} and {@link Scheme#bind} in turn,
 * each of which decides again.
 */
public sealed interface Applicability permits Applicability.NotApplicable, Applicability.Applies {
    /** The reason the scheme does not apply, or empty when it does. */
    Optional<String> reason();

    /**
     * The scheme does not apply to the instance.
     *
     * @param why the reason, for reports
     */
    record NotApplicable(String why) implements Applicability {
        public NotApplicable {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(why);
        }
    }

    /**
     * The scheme applies to the instance. Its draft process is built on first use of {@link #process()} and kept;
     * {@link #bind()} binds the scheme with that same process, once. Thread-safe.
     */
    final class Applies implements Applicability {
        private final Instance instance;
        private final Supplier<DraftProcess> build;
        private final Function<DraftProcess, Scheme.Bound> binder;
        private final Supplier<Scheme.Bound> plainBind;
        private DraftProcess process;
        private Scheme.Bound bound;

        private Applies(Instance instance, Supplier<DraftProcess> build, Function<DraftProcess, Scheme.Bound> binder,
                        Supplier<Scheme.Bound> plainBind) {
            this.instance = Objects.requireNonNull(instance, "instance");
            this.build = build;
            this.binder = binder;
            this.plainBind = plainBind;
        }

        /** A scheme that builds its process apart from binding ({@link SchemeBase}). */
        static Applies building(Instance instance, Supplier<DraftProcess> build,
                                Function<DraftProcess, Scheme.Bound> binder) {
            return new Applies(instance, build, binder, null);
        }

        /** A scheme that knows its process only once bound (the {@link Scheme} default): bound once, on first use. */
        static Applies binding(Instance instance, Supplier<Scheme.Bound> bind) {
            return new Applies(instance, null, null, bind);
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }

        /** The instance decided on. */
        public Instance instance() {
            return instance;
        }

        /**
         * The draft process the scheme runs with on the instance, built on the first call and kept.
         *
         * @throws RuntimeException what building it throws (then the next call tries again)
         */
        public synchronized DraftProcess process() {
            if (process == null) {
                process = plainBind != null ? bind().draftProcess() : Objects.requireNonNull(build.get(), "process");
            }
            return process;
        }

        /**
         * The scheme bound to the instance with {@link #process()}, bound on the first call and kept.
         *
         * @throws RuntimeException what binding throws (then the next call tries again)
         */
        public synchronized Scheme.Bound bind() {
            if (bound == null) {
                bound = plainBind != null ? plainBind.get() : binder.apply(process());
            }
            return bound;
        }
    }
}
