package org.specverify.reference.sequence.scheme;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;

/**
 * What a sequence verifier is prepared from: the instance, the step's context, and the context's laws along any path of
 * the drafted tree as measures of one arithmetic: the target p(.|context, path) and the draft q(.|context, path) (of
 * the draft model child j was drawn from, for one model per child). Each row of the models is converted once and kept
 * for the life of the prepared verifier (the rows are finitely many), so the same measure object, and the residuals it
 * remembers, is handed out on every run.
 *
 * @param <S> the scalar type of the arithmetic
 */
public final class StepLaws<S> {
    private final Arithmetic<S> arithmetic;
    private final SequenceInstance instance;
    private final int[] context;
    private final Map<Distribution, Measure<S>> measures = new IdentityHashMap<>();

    public StepLaws(Arithmetic<S> arithmetic, SequenceInstance instance, int[] context) {
        this.arithmetic = arithmetic;
        this.instance = instance;
        this.context = context.clone();
    }

    public Arithmetic<S> arithmetic() {
        return arithmetic;
    }

    public SequenceInstance instance() {
        return instance;
    }

    /** The step's context (a copy). */
    public int[] context() {
        return context.clone();
    }

    public int vocab() {
        return instance.vocab();
    }

    public int gamma() {
        return instance.gamma();
    }

    /** The exact target law p(.|context, path). */
    public Distribution targetLaw(int[] path) {
        return instance.target().lawAfter(context, path);
    }

    /** The exact draft law q_child(.|context, path) child {@code child} of the node at {@code path} is drawn from. */
    public Distribution draftLaw(int child, int[] path) {
        return instance.draftFor(child).lawAfter(context, path);
    }

    /** p(.|context, path) as a measure. */
    public Measure<S> target(int[] path) {
        return of(targetLaw(path));
    }

    /** q_child(.|context, path) as a measure. */
    public Measure<S> draft(int child, int[] path) {
        return of(draftLaw(child, path));
    }

    /** The draft model of the children of a node when there is one draft model: q(.|context, path). */
    public Measure<S> draft(int[] path) {
        return draft(0, path);
    }

    /** An exact distribution as a measure of this arithmetic, converted once per distribution object. */
    public Measure<S> of(Distribution d) {
        synchronized (measures) {
            return measures.computeIfAbsent(d, arithmetic::law);
        }
    }

    /** An exact rational in this arithmetic. */
    public S of(BigFraction x) {
        return arithmetic.of(x);
    }

    /** The target model. */
    public ContextModel targetModel() {
        return instance.target();
    }
}
