package org.specverify.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.Optimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
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
     * Per instance (by identity) and draft kind: α*, or the reason it could not be computed. An instance's entry is
     * dropped when its instance fields are made, so a streaming audit holds one instance's optima.
     */
    private final Map<Instance, Map<String, Object>> cache = new IdentityHashMap<>();

    @Override
    public Map<String, Object> schemeFields(Instance instance, Scheme.Bound bound, ExactLaw law, SchemeAudit row) {
        Map<String, Object> out = new LinkedHashMap<>();
        DraftProcess process = bound.draftProcess();
        // remembered by kind, which comes from the process's class: a process of another class is never mistaken for a
        // known one (whatever its id says) and is solved on its own, by the generic route
        DraftKind kind = DraftKind.of(process);
        Object opt = kind == DraftKind.CUSTOM ? solve(instance, process)
            : optimum(instance, kind.id(), () -> process);
        if (!(opt instanceof BigFraction alphaStar)) {
            out.put("optimumUnavailable", opt);
            return out;
        }
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
        for (Map.Entry<String, Supplier<DraftProcess>> e : applicableLaws(instance).entrySet()) {
            Object v = optimum(instance, e.getKey(), e.getValue());
            optima.put(e.getKey(), v instanceof BigFraction b ? ExactValue.of(b) : Map.of("unavailable", v));
        }
        cache.remove(instance);
        return optima.isEmpty() ? Map.of() : Map.of("optima", optima);
    }

    /** The draft laws that can be built on this instance, by id, in a fixed order. */
    static Map<String, Supplier<DraftProcess>> applicableLaws(Instance instance) {
        Map<String, Supplier<DraftProcess>> laws = new LinkedHashMap<>();
        int k = instance.k();
        if (!instance.identicalDrafts()) {
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rows.add(instance.draft(i));
            }
            laws.put("independent", () -> new IndependentDraft(rows));
            return laws;
        }
        Distribution q = instance.draft();
        laws.put("iid", () -> new IidDraft(q, k));
        if (q.supportSize() >= k) {
            laws.put("without-replacement", () -> new WithoutReplacementDraft(q, k));
        }
        if (k == 2 && q.supportSize() >= 2) {
            laws.put("hub", () -> new HubDraft(q));
        }
        if (k <= q.size()) {
            int[] order = q.tokensByDecreasingMass();
            boolean rest = false;
            for (int i = k - 1; i < order.length; i++) {
                rest |= q.p(order[i]).signum() > 0;
            }
            if (rest) {
                laws.put("greedy", () -> new GreedyDraft(q, k));
            }
            laws.put("deterministic", () -> DeterministicDraft.topK(q, k));
        }
        return laws;
    }

    /** α* as a BigFraction, or a String saying why no exact route fits, remembered per instance and kind. */
    private Object optimum(Instance instance, String kindId, Supplier<DraftProcess> process) {
        return cache.computeIfAbsent(instance, i -> new HashMap<>())
            .computeIfAbsent(kindId, id -> solve(instance, process.get()));
    }

    private static Object solve(Instance instance, DraftProcess process) {
        try {
            return Optimum.solve(instance.target(), process).value();
        } catch (InvalidInputException tooLarge) {
            return tooLarge.getMessage();
        }
    }
}
