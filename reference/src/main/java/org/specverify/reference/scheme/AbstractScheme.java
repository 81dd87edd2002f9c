package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.random.Chooser;

/**
 * Shared checks of every scheme: the supported K, whether one draft law per draft is allowed, and validation of the
 * drafts handed to a verifier.
 */
abstract class AbstractScheme implements Scheme {
    private final String id;
    private final String description;
    private final String paper;
    private final int minK;
    private final int maxK;
    private final boolean claimsLossless;
    private final boolean allowsIndependent;

    AbstractScheme(String id, String description, String paper, int minK, int maxK, boolean claimsLossless,
                   boolean allowsIndependent) {
        this.id = id;
        this.description = description;
        this.paper = paper;
        this.minK = minK;
        this.maxK = maxK;
        this.claimsLossless = claimsLossless;
        this.allowsIndependent = allowsIndependent;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final String paper() {
        return paper;
    }

    @Override
    public final int minK() {
        return minK;
    }

    @Override
    public final int maxK() {
        return maxK;
    }

    @Override
    public final boolean claimsLossless() {
        return claimsLossless;
    }

    @Override
    public String draftProcess() {
        return allowsIndependent ? "iid|independent" : "iid";
    }

    @Override
    public final Optional<String> notApplicable(Instance instance) {
        int k = instance.k();
        if (k < minK || k > maxK) {
            return Optional.of(id + " supports " + Scheme.describeK(minK, maxK) + ", the instance has K = " + k);
        }
        if (!allowsIndependent && !instance.identicalDrafts()) {
            return Optional.of(id + " needs one draft law shared by all drafts; the instance gives one per draft");
        }
        return extraNotApplicable(instance);
    }

    /** Scheme-specific reasons (draft support too small, ...). */
    Optional<String> extraNotApplicable(Instance instance) {
        return Optional.empty();
    }

    @Override
    public final Bound bind(Instance instance) {
        Optional<String> why = notApplicable(instance);
        if (why.isPresent()) {
            throw new InvalidInputException("scheme " + id + " on instance '" + instance.name() + "': " + why.get());
        }
        return doBind(instance);
    }

    abstract Bound doBind(Instance instance);

    /** Base of the bound schemes: keeps the instance and process, validates drafts before verifying. */
    abstract class BoundBase implements Bound {
        final Instance instance;
        final DraftProcess process;
        final Distribution p;

        BoundBase(Instance instance, DraftProcess process) {
            this.instance = instance;
            this.process = process;
            this.p = instance.target();
        }

        @Override
        public final Scheme scheme() {
            return AbstractScheme.this;
        }

        @Override
        public final Instance instance() {
            return instance;
        }

        @Override
        public final DraftProcess draftProcess() {
            return process;
        }

        @Override
        public final Verdict decide(int[] drafts, Chooser chooser) {
            Optional<String> impossible = process.whyImpossible(drafts);
            if (impossible.isPresent()) {
                throw new InvalidInputException(id + ": drafts " + Arrays.toString(drafts) + " cannot come from the "
                    + process.id() + " draft process: " + impossible.get());
            }
            return verdict(drafts, chooser);
        }

        abstract Verdict verdict(int[] drafts, Chooser chooser);
    }

    /** iid drafts from q for one shared law, independent drafts from q_k for one law per draft. */
    static DraftProcess sampledDrafts(Instance instance) {
        if (instance.identicalDrafts()) {
            return new IidDraft(instance.draft(), instance.k());
        }
        List<Distribution> rows = new ArrayList<>();
        for (int i = 0; i < instance.k(); i++) {
            rows.add(instance.draft(i));
        }
        return new IndependentDraft(rows);
    }

    /** min(1, a/b) for b > 0; names the draft when b = 0 (a draft of zero draft mass cannot have been sampled). */
    static BigFraction acceptProbability(
            BigFraction a, BigFraction b,
            int draftIndex, int token) {
        if (b.signum() == 0) {
            throw new InvalidInputException("draft " + draftIndex + " (token " + token
                + ") has zero draft mass: it cannot have been sampled from the draft law");
        }
        BigFraction r = a.divide(b);
        return r.compareTo(BigFraction.ONE) >= 0
            ? BigFraction.ONE : r;
    }
}
