package org.specverify.cli;

import java.util.Optional;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.TypicalAcceptance;

/**
 * A deliberately wrong scheme for tests: Medusa's typical acceptance (lossy by design) presented as lossless. Never
 * registered in {@code Schemes.reference()}; tests inject it to check that a false lossless claim is caught.
 */
class BrokenScheme implements Scheme {
    static final String ID = "typical-claimed-lossless";

    private final Scheme inner = new TypicalAcceptance();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "test double: typical acceptance that claims to be lossless";
    }

    @Override
    public String paper() {
        return "none (test double)";
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
        return inner.notApplicable(instance);
    }

    @Override
    public Bound bind(Instance instance) {
        return inner.bind(instance);
    }
}
