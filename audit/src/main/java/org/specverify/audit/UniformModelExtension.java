package org.specverify.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.random.UniformModel;

/**
 * Audits every row under a {@link UniformModel} (the uniforms an engine really draws): the audit computes the exact
 * law under the model ({@link UniformModelLaw}) and decides the row's verdict by its verdict (a zero-target leak, an
 * error path or an error above the row's resolution bound fails the claim; an error within it is lossless at this
 * resolution). Rows carry {@code uniformModel}, {@code resolutionBound}, {@code uniformModelVerdict},
 * {@code zeroTargetMass} and {@code errorMass} (proofs-notes/uniform-models.md). Without this extension, or with
 * {@link UniformModel#IDEAL}, the audit is unchanged.
 */
public final class UniformModelExtension implements AuditExtension {
    private final UniformModel model;

    public UniformModelExtension(UniformModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public UniformModel model() {
        return model;
    }

    /** The model of the first such extension in {@code extensions}, {@link UniformModel#IDEAL} when there is none. */
    static UniformModel of(List<AuditExtension> extensions) {
        for (AuditExtension e : extensions) {
            if (e instanceof UniformModelExtension m) {
                return m.model;
            }
        }
        return UniformModel.IDEAL;
    }

    /** The fields a row audited under the model carries. */
    static Map<String, Object> fields(UniformModelLaw law) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uniformModel", law.model().id());
        m.put("resolutionBound", ExactValue.of(law.resolutionBound()));
        m.put("uniformModelVerdict", law.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("zeroTargetMass", ExactValue.of(law.zeroTargetMass()));
        m.put("errorMass", ExactValue.of(law.errorMass()));
        law.firstError().ifPresent(e -> m.put("firstError", e));
        return m;
    }
}
