package org.specverify.reference.draft;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.specverify.reference.Instance;

/**
 * The draft processes of the known kinds on one instance, each built once ({@link DraftKind#build(Instance)}) on its
 * first request and then shared: every scheme of a kind that an audit runs on the instance, and the optimum of that
 * kind's law, get the same object (so a greedy process sorts q once per instance). Holds one instance's processes;
 * drop it with the instance. Thread-safe.
 */
public final class DraftProcesses {
    private final Instance instance;
    private final Map<DraftKind, DraftProcess> built = new EnumMap<>(DraftKind.class);

    /** An empty store for the instance. */
    public DraftProcesses(Instance instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    /** The instance the processes are built on. */
    public Instance instance() {
        return instance;
    }

    /**
     * The process of the kind on the instance, built on the first call.
     *
     * @throws org.specverify.reference.InvalidInputException when the kind does not apply (nothing is kept)
     * @throws UnsupportedOperationException for {@link DraftKind#CUSTOM}
     */
    public synchronized DraftProcess get(DraftKind kind) {
        DraftProcess p = built.get(kind);
        if (p == null) {
            p = kind.build(instance);
            built.put(kind, p);
        }
        return p;
    }

    /** The process of the kind when it was built already, else empty (nothing is built). */
    public synchronized Optional<DraftProcess> built(DraftKind kind) {
        return Optional.ofNullable(built.get(kind));
    }
}
