package org.specverify.audit;

import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.Optimum;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Scheme;

/**
 * The optimality half of the audit. Per scheme: {@code optimum}, the exact α*(p, Q) of the scheme's own draft law Q
 * (the best acceptance any lossless verifier can reach on those drafts), and {@code gap} = optimum − acceptance. Per
 * instance: {@code optima}, α* of every draft law that applies to the instance (iid or independent, without
 * replacement, hub, greedy, deterministic top-K), so schemes are compared like with like and with the best law.
 *
 * <p>α* comes from {@link Optimum#solve}, which picks a proved exact route per process (closed forms, ratio prefix,
 * subset enumeration, max-flow). A lossless scheme cannot have a negative gap; a negative gap on a scheme whose exact
 * law is lossless means the optimum or the scheme is wrong, and is reported as {@code "gapError"}. A lossy law may
 * accept more than α* (which bounds lossless verifiers only): that excess is reported as
 * {@code "aboveLosslessOptimum"} = acceptance − α*, never as a negative gap.
 */
public final class OptimalityExtension implements AuditExtension {
    /**
     * α* of one draft law, or why it could not be computed (no exact route fits the size).
     */
    sealed interface LawOptimum permits LawOptimum.Value, LawOptimum.Unavailable {
        /** α*, exactly. */
        record Value(BigFraction alphaStar) implements LawOptimum {
        }

        /** The reason α* is not given, for reports. */
        record Unavailable(String reason) implements LawOptimum {
        }
    }

    /** One draft law of an instance: the process it was solved on, and its α*. */
    private record Solved(DraftProcess process, LawOptimum optimum) {
    }

    /**
     * Per instance (by identity) and draft kind: the process and its α*. An instance's entry is dropped when its
     * instance fields are made, so a streaming audit holds one instance's optima.
     */
    private final Map<Instance, Map<DraftKind, Solved>> cache = new IdentityHashMap<>();
    /** The number of optima computed, for the test that each law is solved once per instance. */
    private int solves;

    @Override
    public Map<String, Object> schemeFields(Instance instance, Scheme.Bound bound, ExactLaw law, SchemeAudit row) {
        Map<String, Object> out = new LinkedHashMap<>();
        DraftProcess process = bound.draftProcess();
        // remembered by kind, which comes from the process's class: a process of another class is never mistaken for a
        // known one (whatever its id says) and is solved on its own, by the generic route; a process of a known kind
        // reuses the optimum of the same process object (the audit shares one per kind and instance), and any other
        // object of that kind (a scheme that builds its own) is solved on its own
        DraftKind kind = DraftKind.of(process);
        LawOptimum opt;
        if (kind == DraftKind.CUSTOM) {
            opt = solve(instance, process);
        } else {
            Map<DraftKind, Solved> solved = cache.computeIfAbsent(instance, i -> new EnumMap<>(DraftKind.class));
            Solved known = solved.get(kind);
            if (known != null && known.process() == process) {
                opt = known.optimum();
            } else {
                opt = solve(instance, process);
                solved.putIfAbsent(kind, new Solved(process, opt));
            }
        }
        if (opt instanceof LawOptimum.Unavailable u) {
            out.put("optimumUnavailable", u.reason());
            return out;
        }
        BigFraction alphaStar = ((LawOptimum.Value) opt).alphaStar();
        BigFraction gap = alphaStar.subtract(law.acceptance());
        out.put("optimum", ExactValue.of(alphaStar));
        if (gap.signum() < 0 && !law.lossless()) {
            // α* bounds lossless verifiers only: a lossy law may accept more, which is no gap but part of its error
            out.put("aboveLosslessOptimum", ExactValue.of(gap.negate()));
        } else {
            out.put("gap", ExactValue.of(gap));
        }
        if (gap.signum() < 0 && law.lossless()) {
            out.put("gapError", "a lossless scheme exceeds the optimum of its draft law: the optimum or the scheme is"
                + " wrong");
        }
        return out;
    }

    @Override
    public Map<String, Object> instanceFields(Instance instance, List<SchemeAudit> rows) {
        Map<String, Object> optima = new LinkedHashMap<>();
        Map<DraftKind, Solved> solved = cache.computeIfAbsent(instance, i -> new EnumMap<>(DraftKind.class));
        for (DraftKind kind : DraftKind.applicableTo(instance)) {
            Solved s = solved.get(kind);
            LawOptimum v = s != null ? s.optimum() : solve(instance, kind.build(instance));
            optima.put(kind.id(), v instanceof LawOptimum.Value value ? ExactValue.of(value.alphaStar())
                : Map.of("unavailable", ((LawOptimum.Unavailable) v).reason()));
        }
        cache.remove(instance);
        return optima.isEmpty() ? Map.of() : Map.of("optima", optima);
    }

    /** The number of optima this extension computed so far. */
    int solves() {
        return solves;
    }

    private LawOptimum solve(Instance instance, DraftProcess process) {
        solves++;
        try {
            return new LawOptimum.Value(Optimum.solve(instance.target(), process).value());
        } catch (InvalidInputException tooLarge) {
            return new LawOptimum.Unavailable(tooLarge.getMessage());
        }
    }
}
