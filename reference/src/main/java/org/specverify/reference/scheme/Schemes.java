package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.specverify.reference.InvalidInputException;

/** The registry of schemes by id, in a fixed display order. */
public final class Schemes {
    private final Map<String, Scheme> byId;

    private Schemes(List<Scheme> schemes) {
        Map<String, Scheme> m = new LinkedHashMap<>();
        for (Scheme s : schemes) {
            if (m.put(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate scheme id " + s.id());
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /**
     * Every scheme of the reference, with the reference's default inputs: canonical-is with importance weights and
     * ot-plan with the independent coupling (the LP module supplies optimal ones).
     */
    public static Schemes reference() {
        return of(new SpeculativeSampling(), new RecursiveRejectionSampling(),
            new RecursiveRejectionSamplingWithoutReplacement(), new KSeq(), new SpecHub(), new GreedyDrafts(),
            new DeterministicTree(), new EqualityMatch(), new TypicalAcceptance(), new CanonicalImportanceSampling(),
            new OtPlanVerifier(), RaceCoupling.gumbel(), RaceCoupling.gls());
    }

    public static Schemes of(Scheme... schemes) {
        return new Schemes(List.of(schemes));
    }

    /** This registry with some schemes replaced by others of the same id (kept in place). */
    public Schemes replacing(Scheme... replacements) {
        List<Scheme> list = new ArrayList<>(byId.values());
        for (Scheme r : replacements) {
            int i = list.indexOf(byId.get(r.id()));
            if (i < 0) {
                list.add(r);
            } else {
                list.set(i, r);
            }
        }
        return new Schemes(list);
    }

    public List<Scheme> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The scheme with this id.
     *
     * @throws InvalidInputException naming the known ids when there is none
     */
    public Scheme get(String id) {
        Scheme s = byId.get(id);
        if (s == null) {
            throw new InvalidInputException("unknown scheme '" + id + "'; known: " + String.join(", ", byId.keySet()));
        }
        return s;
    }
}
