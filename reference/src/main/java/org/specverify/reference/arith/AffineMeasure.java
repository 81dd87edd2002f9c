package org.specverify.reference.arith;

import java.util.Arrays;
import java.util.List;

/**
 * A measure of one or two {@link DyadicRow}s kept in closed form: m(x) = α·P(x) when there is no second row, else
 * m(x) = (α·P(x) − β·Q(x))+, except at a few overridden tokens that carry stored values. α, β ≥ 0.
 *
 * <p>This is how the laws of float dumps and their residuals stay cheap at |V| = 128k: a law is (α = 1/ΣP)·P; its
 * residual against a law γ·Q is (α·P − c·γ·Q)+ with c = total/1; and because ((α·P − β·Q)+ − γ·Q)+ = (α·P − (β + γ)·Q)+
 * for γ ≥ 0 and Q ≥ 0, every further residual against the same row only raises β. A removed token (drafts drawn
 * without replacement, deterministic children) becomes an override. So K residual updates of iid drafts are K
 * reductions over one row pair, never K rewrites. The reductions ({@link #segmentSum}, {@link #segmentLocate}) are the
 * only arithmetic-specific parts ({@link ExactAffine}, {@link BallAffine}).
 */
abstract class AffineMeasure<S> extends AbstractMeasure<S> {
    /** More overridden tokens than this and a derived measure is stored densely instead. */
    static final int MAX_OVERRIDES = 64;

    final DyadicRow p;
    /** Set for the law α·P with α = 1/ΣP exactly: its total is one, exactly. */
    final boolean unitTotal;
    final S alpha;
    final DyadicRow q;
    final S beta;
    final int[] idx;
    final List<S> val;

    AffineMeasure(Arithmetic<S> ar, DyadicRow p, S alpha, DyadicRow q, S beta, int[] idx, List<S> val) {
        this(ar, p, false, alpha, q, beta, idx, val);
    }

    AffineMeasure(Arithmetic<S> ar, DyadicRow p, boolean unitTotal, S alpha, DyadicRow q, S beta, int[] idx,
                  List<S> val) {
        super(ar, p.size());
        this.unitTotal = unitTotal && q == null && idx.length == 0;
        if (q != null && q.size() != p.size()) {
            throw new IllegalArgumentException("rows of " + p.size() + " and " + q.size() + " tokens");
        }
        this.p = p;
        this.alpha = alpha;
        this.q = q;
        this.beta = q == null ? null : beta;
        this.idx = idx;
        this.val = List.copyOf(val);
    }

    /** A measure of the same arithmetic and kind. */
    abstract AffineMeasure<S> make(DyadicRow p, S alpha, DyadicRow q, S beta, int[] idx, List<S> val);

    /** Σ of the closed form (overrides ignored) over tokens [from, to). */
    abstract S segmentSum(int from, int to);

    /**
     * The token i ∈ [from, to) with offset + F(from..i-1) ≤ target &lt; offset + F(from..i) for the closed form,
     * given that offset ≤ target &lt; offset + segmentSum(from, to).
     */
    abstract Cell<S> segmentLocate(int from, int to, S offset, S target);

    /** The closed form at a token (overrides ignored). */
    final S base(int x) {
        S a = ar.multiply(alpha, ar.ofDouble(p.weight(x)));
        if (q == null) {
            return a;
        }
        return ar.positivePart(ar.subtract(a, ar.multiply(beta, ar.ofDouble(q.weight(x)))));
    }

    private int overrideAt(int x) {
        return idx.length == 0 ? -1 : Arrays.binarySearch(idx, x);
    }

    @Override
    public final S at(int token) {
        checkToken(token);
        int o = overrideAt(token);
        return o >= 0 ? val.get(o) : base(token);
    }

    /** Whether this is a plain row: α·P with no second row and no override. */
    final boolean isPlainRow() {
        return q == null && idx.length == 0;
    }

    @Override
    final S computeTotal() {
        if (unitTotal) {
            return ar.one();
        }
        if (isPlainRow()) {
            return ar.multiply(alpha, ar.of(p.total()));
        }
        S s = ar.zero();
        int prev = 0;
        for (int j = 0; j <= idx.length; j++) {
            int end = j < idx.length ? idx[j] : n;
            if (end > prev) {
                s = ar.add(s, segmentSum(prev, end));
            }
            if (j < idx.length) {
                s = ar.add(s, val.get(j));
                prev = idx[j] + 1;
            }
        }
        return s;
    }

    @Override
    final Measure<S> makeMinusPositive(Measure<S> other, S c) {
        if (other instanceof AffineMeasure<S> law && law.q == null && law.getClass() == getClass()
                && (q == null || q == law.p)) {
            S newBeta = ar.multiply(c, law.alpha);
            if (beta != null) {
                newBeta = ar.add(beta, newBeta);
            }
            int[] union = union(idx, law.idx);
            if (union.length <= MAX_OVERRIDES) {
                S[] values = newArray(union.length);
                for (int j = 0; j < union.length; j++) {
                    int x = union[j];
                    values[j] = ar.positivePart(ar.subtract(at(x), ar.multiply(c, law.at(x))));
                }
                return make(p, alpha, law.p, newBeta, union, Arrays.asList(values));
            }
        }
        return super.makeMinusPositive(other, c);
    }

    @Override
    final Measure<S> makeWithout(int token) {
        int o = overrideAt(token);
        if (o >= 0) {
            S[] values = val.toArray(newArray(val.size()));
            values[o] = ar.zero();
            return make(p, alpha, q, beta, idx, Arrays.asList(values));
        }
        if (idx.length >= MAX_OVERRIDES) {
            return super.makeWithout(token);
        }
        int[] more = union(idx, new int[] {token});
        S[] values = newArray(more.length);
        for (int j = 0; j < more.length; j++) {
            values[j] = more[j] == token ? ar.zero() : val.get(Arrays.binarySearch(idx, more[j]));
        }
        return make(p, alpha, q, beta, more, Arrays.asList(values));
    }

    @Override
    public final Measure<S> times(S factor) {
        requireNonNegative(factor);
        S[] values = newArray(val.size());
        for (int j = 0; j < values.length; j++) {
            values[j] = ar.multiply(factor, val.get(j));
        }
        return make(p, ar.multiply(factor, alpha), q, q == null ? null : ar.multiply(factor, beta), idx,
            Arrays.asList(values));
    }

    @Override
    public final Cell<S> locate(S target) {
        checkTarget(target);
        S cum = ar.zero();
        int prev = 0;
        for (int j = 0; j <= idx.length; j++) {
            int end = j < idx.length ? idx[j] : n;
            if (end > prev) {
                S next = ar.add(cum, segmentSum(prev, end));
                if (ar.compare(target, next) < 0) {
                    return segmentLocate(prev, end, cum, target);
                }
                cum = next;
            }
            if (j < idx.length) {
                S next = ar.add(cum, val.get(j));
                if (ar.compare(target, next) < 0) {
                    return new Cell<>(idx[j], cum, next);
                }
                cum = next;
                prev = idx[j] + 1;
            }
        }
        throw beyondTotal(target);
    }

    @SuppressWarnings("unchecked")
    private S[] newArray(int length) {
        return (S[]) new Object[length];
    }

    private static int[] union(int[] a, int[] b) {
        int[] all = new int[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }
}
