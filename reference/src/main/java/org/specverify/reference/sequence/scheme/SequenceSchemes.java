package org.specverify.reference.sequence.scheme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * The registry of sequence schemes by id, in a fixed display order: the one list. The reference registry holds the
 * chain verifiers, the tree-level verifiers, and tree-&lt;id&gt; for every token scheme of the token registry whose draft
 * process matches a sibling process ({@link TreeVerification#of}).
 */
public final class SequenceSchemes {
    private final Map<String, SequenceScheme> byId;

    private SequenceSchemes(List<SequenceScheme> schemes) {
        Map<String, SequenceScheme> m = new LinkedHashMap<>();
        for (SequenceScheme s : schemes) {
            if (m.put(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate sequence scheme id " + s.id());
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /** Every sequence scheme of the reference, with the tree verifiers of the reference's token registry. */
    public static SequenceSchemes reference() {
        return reference(Schemes.reference());
    }

    /** The reference's sequence schemes, with tree-&lt;id&gt; built from the given token registry. */
    public static SequenceSchemes reference(Schemes tokens) {
        List<SequenceScheme> list = new ArrayList<>(List.of(new Tokenwise(), new BlockVerification(),
            new Traversal(), new TargetOnly(), TargetOnly.lossy()));
        for (Scheme s : tokens.all()) {
            TreeVerification.of(s).ifPresent(list::add);
        }
        return new SequenceSchemes(list);
    }

    public static SequenceSchemes of(SequenceScheme... schemes) {
        return new SequenceSchemes(List.of(schemes));
    }

    /** This registry with {@code more} appended (an id already taken is refused). */
    public SequenceSchemes with(List<SequenceScheme> more) {
        List<SequenceScheme> all = new ArrayList<>(byId.values());
        for (SequenceScheme s : more) {
            if (byId.containsKey(s.id())) {
                throw new InvalidInputException("sequence scheme id '" + s.id() + "' is already taken");
            }
            all.add(s);
        }
        return new SequenceSchemes(all);
    }

    /**
     * The sequence schemes registered through {@link ServiceLoader} under {@link SequenceScheme} by classes that
     * {@code loader} itself defines (a plugin jar's own schemes, not those of its parents).
     *
     * @throws InvalidInputException when a registered class cannot be loaded or instantiated
     */
    public static List<SequenceScheme> plugins(ClassLoader loader) {
        List<SequenceScheme> out = new ArrayList<>();
        try {
            for (SequenceScheme s : ServiceLoader.load(SequenceScheme.class, loader)) {
                if (s.getClass().getClassLoader() == loader) {
                    out.add(s);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidInputException("cannot load the sequence schemes a plugin registers: " + e.getMessage(), e);
        }
        return out;
    }

    public List<SequenceScheme> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The scheme with this id.
     *
     * @throws InvalidInputException naming the known ids when there is none
     */
    public SequenceScheme get(String id) {
        SequenceScheme s = byId.get(id);
        if (s == null) {
            throw new InvalidInputException("unknown sequence scheme '" + id + "'; known: "
                + String.join(", ", byId.keySet()));
        }
        return s;
    }
}
