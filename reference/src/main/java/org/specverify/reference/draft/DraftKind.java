package org.specverify.reference.draft;

/**
 * The draft processes the project knows, by class. {@link #of} looks at the class of a process, never at its
 * {@link DraftProcess#id()}, so a process of another class (a user's) is {@link #CUSTOM} whatever it calls itself, and
 * code that dispatches on the kind (the optimum facade, the audit's size estimate) never mistakes it for a known one.
 */
public enum DraftKind {
    IID("iid"),
    INDEPENDENT("independent"),
    WITHOUT_REPLACEMENT("without-replacement"),
    HUB("hub"),
    GREEDY("greedy"),
    DETERMINISTIC("deterministic"),
    /** A process of a class the project does not know. */
    CUSTOM("custom");

    private final String id;

    DraftKind(String id) {
        this.id = id;
    }

    /** The id used in reports ("iid", "without-replacement", ...). */
    public String id() {
        return id;
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
}
