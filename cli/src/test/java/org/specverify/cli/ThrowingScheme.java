package org.specverify.cli;

import java.util.Optional;
import java.util.function.Supplier;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SpeculativeSampling;

/**
 * A test double for a bug inside a subcommand: {@link #notApplicable}, which the audit calls outside its per-scheme
 * handling of a scheme that throws while running, throws an exception or an error such as {@link StackOverflowError}
 * or {@link OutOfMemoryError}. It takes the place of {@code sd} in a registry.
 */
final class ThrowingScheme implements Scheme {
    private final Scheme inner = new SpeculativeSampling();
    private final Supplier<? extends Throwable> thrown;

    ThrowingScheme(Supplier<? extends Throwable> thrown) {
        this.thrown = thrown;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public String description() {
        return "test double: throws when asked whether it applies";
    }

    @Override
    public String paper() {
        return inner.paper();
    }

    @Override
    public String draftProcess() {
        return inner.draftProcess();
    }

    @Override
    public int minK() {
        return inner.minK();
    }

    @Override
    public int maxK() {
        return inner.maxK();
    }

    @Override
    public boolean claimsLossless() {
        return true;
    }

    @Override
    public Optional<String> notApplicable(Instance instance) {
        Throwable t = thrown.get();
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        throw new IllegalStateException("ThrowingScheme throws errors and runtime exceptions only, not " + t);
    }

    @Override
    public Bound bind(Instance instance) {
        return inner.bind(instance);
    }
}
