package org.specverify.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.Conformance.Position;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.bench.LlmLikeRows;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.scheme.Scheme;

/**
 * Positions to verify: LLM-like rows ({@link LlmLikeRows}) and edge rows, with drafts drawn by the scheme's draft
 * process from the float rows (inverse CDF in double, drafting uniforms of stream
 * {@link CounterUniforms#DRAFT_STREAM}).
 */
public final class Workloads {
    /** The edge rows every conformance run covers. */
    public enum Edge {
        /** p = q bit for bit. */
        EQUAL,
        /** p a point mass. */
        ONE_HOT_TARGET,
        /** q a point mass (where the draft process allows it). */
        ONE_HOT_DRAFT,
        /** p on the even tokens, q on the odd ones. */
        DISJOINT,
        /** a draft token of zero draft mass (the reference refuses it: the kernel must report an error status). */
        ZERO_MASS_DRAFT,
        /** most masses far below 2^-24, some of them float subnormals. */
        TINY_MASSES
    }

    private Workloads() {
    }

    /** LLM-like positions, {@code n} of them, with drafts drawn by the scheme's draft process. */
    public static List<Position> llmLike(KernelScheme scheme, int vocab, int k, boolean perDraftRows, int n,
                                         long seed) {
        List<Position> out = new ArrayList<>();
        int rows = perDraftRows ? k : 1;
        for (long i = 0; out.size() < n && i < 4L * n + 8; i++) {
            LlmLikeRows r = LlmLikeRows.generate(seed * 1_000_003L + i, vocab, rows);
            float[][] d = new float[rows][];
            for (int j = 0; j < rows; j++) {
                d[j] = r.draft(j);
            }
            Position p = withDrafts(scheme, k, perDraftRows, r.target(), d, seed, i);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The edge rows that apply to the scheme (one position each). */
    public static List<Position> edges(KernelScheme scheme, int vocab, int k, boolean perDraftRows, long seed) {
        List<Position> out = new ArrayList<>();
        for (Edge e : Edge.values()) {
            Position p = edge(e, scheme, vocab, k, perDraftRows, seed);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** One edge position, or null when the scheme cannot run on it. */
    public static Position edge(Edge e, KernelScheme scheme, int vocab, int k, boolean perDraftRows, long seed) {
        int rows = perDraftRows ? k : 1;
        LlmLikeRows base = LlmLikeRows.generate(seed ^ 0x5EEDL ^ e.ordinal(), Math.max(vocab, 2), rows);
        float[] p = Arrays.copyOf(base.target(), vocab);
        float[][] q = new float[rows][];
        for (int j = 0; j < rows; j++) {
            q[j] = Arrays.copyOf(base.draft(j), vocab);
        }
        switch (e) {
            case EQUAL -> {
                for (int j = 0; j < rows; j++) {
                    q[j] = p.clone();
                }
            }
            case ONE_HOT_TARGET -> {
                Arrays.fill(p, 0f);
                p[vocab / 3] = 1f;
            }
            case ONE_HOT_DRAFT -> {
                for (int j = 0; j < rows; j++) {
                    Arrays.fill(q[j], 0f);
                    q[j][(vocab / 2 + j) % vocab] = 1f;
                }
            }
            case DISJOINT -> {
                for (int x = 0; x < vocab; x++) {
                    if (x % 2 == 0) {
                        for (int j = 0; j < rows; j++) {
                            q[j][x] = 0f;
                        }
                    } else {
                        p[x] = 0f;
                    }
                }
            }
            case TINY_MASSES -> {
                for (int x = 0; x < vocab; x++) {
                    if (x % 4 != 0) {
                        p[x] = (float) (p[x] * 0x1p-40);
                        for (int j = 0; j < rows; j++) {
                            q[j][x] = (float) (q[j][x] * (x % 3 == 0 ? 0x1p-100 : 0x1p-30));
                        }
                    }
                }
                p[1 % vocab] = Float.MIN_VALUE * 3;
                q[0][1 % vocab] = Float.MIN_VALUE * 5;
            }
            case ZERO_MASS_DRAFT -> {
                // handled below: the drafts are drawn, then one is moved to a zero-mass token
            }
            default -> throw new IllegalStateException();
        }
        Position pos = withDrafts(scheme, k, perDraftRows, p, q, seed, 1000 + e.ordinal());
        if (pos == null || e != Edge.ZERO_MASS_DRAFT) {
            return pos;
        }
        int slot = scheme == KernelScheme.GREEDY ? k - 1 : 0;
        if (scheme == KernelScheme.DETERMINISTIC) {
            return null;
        }
        int[] x = pos.drafts().clone();
        float[][] q2 = new float[rows][];
        for (int j = 0; j < rows; j++) {
            q2[j] = pos.draftRows()[j].clone();
        }
        int row = perDraftRows ? slot : 0;
        q2[row][x[slot]] = 0f;
        return new Position(pos.target(), q2, x);
    }

    /** Drafts drawn for the rows by the scheme's draft process; null when the scheme does not apply. */
    static Position withDrafts(KernelScheme scheme, int k, boolean perDraftRows, float[] p, float[][] q, long seed,
                               long position) {
        Position probe = new Position(p, q, new int[k]);
        Scheme.Bound bound;
        try {
            bound = Conformance.bind(scheme, k, perDraftRows, probe);
        } catch (InvalidInputException e) {
            return null;
        }
        int[] x = draw(scheme, k, perDraftRows, q, bound, seed, position);
        return x == null ? null : new Position(p, q, x);
    }

    /**
     * The drafts of a position: inverse CDF in double over the float rows with the drafting uniforms
     * uniformFloat(seed, position, DRAFT_STREAM, d); fixed tokens from the reference's draft process.
     */
    public static int[] draw(KernelScheme scheme, int k, boolean perDraftRows, float[][] q, Scheme.Bound bound,
                             long seed, long position) {
        int[] x = new int[k];
        int d = 0;
        switch (scheme) {
            case DETERMINISTIC -> {
                return ((DeterministicDraft) bound.draftProcess()).tokens().clone();
            }
            case GREEDY -> {
                int[] top = ((GreedyDraft) bound.draftProcess()).top();
                System.arraycopy(top, 0, x, 0, k - 1);
                boolean[] masked = new boolean[q[0].length];
                for (int t : top) {
                    masked[t] = true;
                }
                x[k - 1] = categorical(q[0], masked, CounterUniforms.uniformFloat(seed, position,
                    CounterUniforms.DRAFT_STREAM, 0));
                return x[k - 1] < 0 ? null : x;
            }
            case RRS_WOR -> {
                boolean[] masked = new boolean[q[0].length];
                for (int j = 0; j < k; j++) {
                    x[j] = categorical(q[0], masked, CounterUniforms.uniformFloat(seed, position,
                        CounterUniforms.DRAFT_STREAM, d++));
                    if (x[j] < 0) {
                        return null;
                    }
                    masked[x[j]] = true;
                }
                return x;
            }
            default -> {
                for (int j = 0; j < k; j++) {
                    x[j] = categorical(q[perDraftRows ? j : 0], null, CounterUniforms.uniformFloat(seed, position,
                        CounterUniforms.DRAFT_STREAM, d++));
                    if (x[j] < 0) {
                        return null;
                    }
                }
                return x;
            }
        }
    }

    /** The token i with F(i-1) <= u W < F(i) over the unmasked weights (doubles), or -1 when none has mass. */
    static int categorical(float[] w, boolean[] masked, double u) {
        double total = 0;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            if ((masked == null || !masked[i]) && w[i] > 0) {
                total += w[i];
                last = i;
            }
        }
        if (last < 0) {
            return -1;
        }
        double t = u * total;
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            if ((masked == null || !masked[i]) && w[i] > 0) {
                acc += w[i];
                if (t < acc) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Random explicit uniforms in (0, 1) as 24-bit floats, stride per position. */
    public static float[] explicitUniforms(int positions, int stride, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] u = new float[positions * stride];
        for (int i = 0; i < u.length; i++) {
            u[i] = CounterUniforms.fromWordFloat(r.nextInt());
        }
        return u;
    }
}
