package org.specverify.reference.draft;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;

/**
 * The draft processes the project knows, and the one home of each one's rules: when it applies ({@link #notApplicable}),
 * how it is built ({@link #build}), and, by this key, which route the optimum takes for it (lp's table, driven by these
 * constants). The constructors of the processes check their arguments through {@link #require}; schemes, the audit and
 * the fast double paths ask the same methods, so a rule is written once.
 *
 * <p><b>The rules</b>, for K drafts over a vocabulary V from one draft law q with n⁺ tokens of positive mass:
 * <table>
 *   <caption>applicability by kind</caption>
 *   <tr><th>kind</th><th>K</th><th>draft law</th></tr>
 *   <tr><td>iid</td><td>K ≥ 1</td><td>any</td></tr>
 *   <tr><td>independent</td><td>K ≥ 1</td><td>one law per draft, all of size |V|</td></tr>
 *   <tr><td>without-replacement</td><td>K ≥ 1</td><td>n⁺ ≥ K (K distinct tokens of positive mass)</td></tr>
 *   <tr><td>hub</td><td>K = 2</td><td>n⁺ ≥ 2 (a token besides the hub a = argmax q)</td></tr>
 *   <tr><td>greedy</td><td>1 ≤ K ≤ |V|</td><td>draft mass outside the top K-1 tokens of q, which holds iff n⁺ ≥ K:
 *       tokens of positive mass come first in the order by decreasing mass, so the top K-1 hold every one of them
 *       exactly when n⁺ ≤ K-1</td></tr>
 *   <tr><td>deterministic (top-K of q)</td><td>1 ≤ K ≤ |V|</td><td>any</td></tr>
 *   <tr><td>custom</td><td colspan="2">decided by the scheme that builds it</td></tr>
 * </table>
 * Every rule depends on (K, |V|, n⁺) only, so {@link #notApplicable(int, int, int)} serves exact laws and floating rows
 * alike (count the entries &gt; 0 of a validated row for n⁺).
 *
 * <p>{@link #of} looks at the class of a process, never at its {@link DraftProcess#id()}, so a process of another class
 * (a user's) is {@link #CUSTOM} whatever it calls itself, and code that dispatches on the kind (the optimum, the audit's
 * size estimate) never mistakes it for a known one.
 */
public enum DraftKind {
    /** x_k ~ q independently ({@link IidDraft}). */
    IID("iid", "iid drafts", 1, Integer.MAX_VALUE),
    /** x_k ~ q_k, one law per draft ({@link IndependentDraft}). */
    INDEPENDENT("independent", "independent drafts", 1, Integer.MAX_VALUE),
    /** The Gumbel-top-K order of q ({@link WithoutReplacementDraft}). */
    WITHOUT_REPLACEMENT("without-replacement", "drafts without replacement", 1, Integer.MAX_VALUE),
    /** SpecHub's law: the argmax of q and one other token ({@link HubDraft}). */
    HUB("hub", "the hub draft process", 2, 2),
    /** The top K-1 tokens of q fixed, the last sampled from the rest ({@link GreedyDraft}). */
    GREEDY("greedy", "greedy drafts", 1, Integer.MAX_VALUE),
    /** The top K tokens of q, fixed ({@link DeterministicDraft#topK}). */
    DETERMINISTIC("deterministic", "deterministic top-K drafts", 1, Integer.MAX_VALUE),
    /** A process of a class the project does not know; its scheme decides where it applies and builds it. */
    CUSTOM("custom", "custom drafts", 1, Integer.MAX_VALUE);

    private final String id;
    private final String phrase;
    private final int minK;
    private final int maxK;

    DraftKind(String id, String phrase, int minK, int maxK) {
        this.id = id;
        this.phrase = phrase;
        this.minK = minK;
        this.maxK = maxK;
    }

    /** The id used in reports ("iid", "without-replacement", ...). */
    public String id() {
        return id;
    }

    /** The smallest K this kind of process can draw. */
    public int minK() {
        return minK;
    }

    /** The largest K this kind of process can draw ({@link Integer#MAX_VALUE} for unbounded). */
    public int maxK() {
        return maxK;
    }

    /**
     * Why this kind of process cannot draw K drafts from one draft law over {@code vocab} tokens of which
     * {@code support} have positive mass, or empty when it can: the form for floating rows (pass the number of entries
     * &gt; 0 of a validated row). {@link #INDEPENDENT} and {@link #CUSTOM} check K only ({@code support} is not used).
     *
     * @param k       the number of drafts K
     * @param vocab   |V|
     * @param support n⁺, the number of tokens of positive draft mass (0 ≤ n⁺ ≤ |V|)
     * @throws IllegalArgumentException when {@code support} is outside 0..vocab
     */
    public Optional<String> notApplicable(int k, int vocab, int support) {
        if (support < 0 || support > vocab) {
            throw new IllegalArgumentException(phrase + ": " + support + " tokens of positive mass out of " + vocab);
        }
        if (k < minK || k > maxK) {
            return Optional.of(phrase + needs() + describeK() + ", got K = " + k);
        }
        switch (this) {
            case WITHOUT_REPLACEMENT:
                return support < k
                    ? Optional.of(phrase + needs() + "at least K = " + k + " tokens of positive draft mass, q has "
                        + support)
                    : Optional.empty();
            case HUB:
                return support < 2
                    ? Optional.of(phrase + needs() + "at least two tokens of positive draft mass, but q has " + support)
                    : Optional.empty();
            case GREEDY:
                if (k > vocab) {
                    return Optional.of(phrase + needs() + "K <= |V| = " + vocab + ", got K = " + k);
                }
                return support < k
                    ? Optional.of(phrase + needs() + "draft mass outside the top K-1 = " + (k - 1) + " tokens of q, but q"
                        + " has only " + support + " tokens of positive mass")
                    : Optional.empty();
            case DETERMINISTIC:
                return k > vocab
                    ? Optional.of(phrase + " need K <= |V| = " + vocab + ", got K = " + k)
                    : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** {@link #notApplicable(int, int, int)} for K drafts from the exact law q. */
    public Optional<String> notApplicable(Distribution q, int k) {
        return notApplicable(k, q.size(), q.supportSize());
    }

    /**
     * Why this kind of process cannot be built on the instance, or empty when it can. Every kind but
     * {@link #INDEPENDENT} and {@link #CUSTOM} needs one draft law shared by all drafts.
     */
    public Optional<String> notApplicable(Instance instance) {
        if (this == INDEPENDENT || this == CUSTOM) {
            return notApplicable(instance.k(), instance.vocab(), 0);
        }
        if (!instance.identicalDrafts()) {
            return Optional.of(phrase + needs() + "one draft law shared by all drafts; the instance gives one per draft");
        }
        return notApplicable(instance.draft(), instance.k());
    }

    /**
     * Throws the reason of {@link #notApplicable(int, int, int)} when there is one: the check the constructors of the
     * processes make.
     *
     * @throws InvalidInputException naming the rule that fails
     */
    public void require(int k, int vocab, int support) {
        Optional<String> why = notApplicable(k, vocab, support);
        if (why.isPresent()) {
            throw new InvalidInputException(why.get());
        }
    }

    /**
     * The process of this kind with K drafts from the shared law q ({@link #INDEPENDENT}: K copies of q, which draw as
     * {@link #IID}).
     *
     * @throws InvalidInputException when the kind does not apply ({@link #notApplicable(Distribution, int)})
     * @throws UnsupportedOperationException for {@link #CUSTOM}, which only its scheme can build
     */
    public DraftProcess build(Distribution q, int k) {
        switch (this) {
            case IID:
                return new IidDraft(q, k);
            case INDEPENDENT: {
                require(k, q.size(), q.supportSize());
                List<Distribution> rows = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    rows.add(q);
                }
                return new IndependentDraft(rows);
            }
            case WITHOUT_REPLACEMENT:
                return new WithoutReplacementDraft(q, k);
            case HUB:
                require(k, q.size(), q.supportSize());
                return new HubDraft(q);
            case GREEDY:
                return new GreedyDraft(q, k);
            case DETERMINISTIC:
                return DeterministicDraft.topK(q, k);
            default:
                throw new UnsupportedOperationException("a custom draft process is built by its scheme");
        }
    }

    /**
     * The process of this kind on the instance: {@link #INDEPENDENT} takes the instance's law of each draft, the other
     * kinds its shared law.
     *
     * @throws InvalidInputException when the kind does not apply ({@link #notApplicable(Instance)})
     * @throws UnsupportedOperationException for {@link #CUSTOM}
     */
    public DraftProcess build(Instance instance) {
        if (this == INDEPENDENT) {
            List<Distribution> rows = new ArrayList<>(instance.k());
            for (int i = 0; i < instance.k(); i++) {
                rows.add(instance.draft(i));
            }
            return new IndependentDraft(rows);
        }
        if (this == CUSTOM) {
            throw new UnsupportedOperationException("a custom draft process is built by its scheme");
        }
        Optional<String> why = notApplicable(instance);
        if (why.isPresent()) {
            throw new InvalidInputException(why.get());
        }
        return build(instance.draft(), instance.k());
    }

    /**
     * The known kinds whose process can be built on the instance, in declaration order: {@link #INDEPENDENT} alone
     * when each draft has its own law; otherwise every kind of one shared law that applies ({@link #INDEPENDENT} is
     * left out there: on one shared law it is the iid process).
     */
    public static List<DraftKind> applicableTo(Instance instance) {
        if (!instance.identicalDrafts()) {
            return List.of(INDEPENDENT);
        }
        Distribution q = instance.draft();
        return applicable(instance.k(), q.size(), q.supportSize());
    }

    /**
     * The known kinds of one shared draft law that apply to K drafts over {@code vocab} tokens, {@code support} of
     * them of positive mass, in declaration order (the form for floating rows; {@link #INDEPENDENT} and
     * {@link #CUSTOM} are left out).
     */
    public static List<DraftKind> applicable(int k, int vocab, int support) {
        List<DraftKind> out = new ArrayList<>();
        for (DraftKind kind : values()) {
            if (kind != INDEPENDENT && kind != CUSTOM && kind.notApplicable(k, vocab, support).isEmpty()) {
                out.add(kind);
            }
        }
        return out;
    }

    /**
     * The kind a scheme declaring {@code declared} runs with on the instance: {@link #INDEPENDENT} when the drafts have
     * different laws and it is declared; {@link #IID} for one shared law when {@link #IID} or {@link #INDEPENDENT} is
     * declared (independent draws from one law are iid draws); else the one declared kind.
     *
     * @throws IllegalArgumentException when {@code declared} is empty
     */
    public static DraftKind declaredOn(Set<DraftKind> declared, Instance instance) {
        if (declared.isEmpty()) {
            throw new IllegalArgumentException("no draft process declared");
        }
        if (!instance.identicalDrafts() && declared.contains(INDEPENDENT)) {
            return INDEPENDENT;
        }
        if (declared.contains(IID) || (instance.identicalDrafts() && declared.contains(INDEPENDENT))) {
            return IID;
        }
        return EnumSet.copyOf(declared).iterator().next();
    }

    /** The known kind with this id ("iid", "hub", ...; not "custom"), or empty. */
    public static Optional<DraftKind> ofId(String id) {
        for (DraftKind kind : values()) {
            if (kind != CUSTOM && kind.id.equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind of a process, by its class. */
    public static DraftKind of(DraftProcess process) {
        Class<?> c = process.getClass();
        if (c == IidDraft.class) {
            return IID;
        }
        if (c == IndependentDraft.class) {
            return INDEPENDENT;
        }
        if (c == WithoutReplacementDraft.class) {
            return WITHOUT_REPLACEMENT;
        }
        if (c == HubDraft.class) {
            return HUB;
        }
        if (c == GreedyDraft.class) {
            return GREEDY;
        }
        if (c == DeterministicDraft.class) {
            return DETERMINISTIC;
        }
        return CUSTOM;
    }

    /** " needs " after a singular phrase, " need " after a plural one. */
    private String needs() {
        return this == HUB ? " needs " : " need ";
    }

    private String describeK() {
        if (minK == maxK) {
            return "K = " + minK;
        }
        return maxK == Integer.MAX_VALUE ? "K >= " + minK : minK + " <= K <= " + maxK;
    }
}
