package org.specverify.reference.scheme;

/**
 * A verifier's decision on one draft tuple ({@link Scheme.Bound#decide}): the output token and which draft, if any, a
 * test accepted. (An audit's judgement of a whole scheme is a different thing: the audit module's verdict.)
 *
 * <p>Two notions of acceptance (proofs-notes/domain.md): membership, Y ∈ x̄ (the LP's notion, always reported), and acceptance by a
 * test, a draft passing the verifier's accept step. They differ when a residual or fallback draw lands on a draft token
 * (greedy drafts: outputs in the fixed set T come from the residual; K-SEQ at a ρ above ρ*: the residual keeps a sliver
 * of mass on draft tokens). Schemes without an accept step (ot-plan, equality-match) report membership as their test.
 *
 * @param output the output token Y
 * @param acceptedDraft the index of the draft accepted by a test, or -1 when Y came from a residual or fallback draw
 *                      or is a fixed token ({@link Outcome.Token})
 */
public record Decision(int output, int acceptedDraft) {
    /** Draft {@code index} (token {@code token}) passed the accept test. */
    public static Decision accepted(int index, int token) {
        return new Decision(token, index);
    }

    /** Y came from a residual or fallback draw, or is a fixed token: not from an accept test. */
    public static Decision residual(int token) {
        return new Decision(token, -1);
    }

    /** For verifiers without an accept test: accepted iff Y is a draft (first occurrence). */
    public static Decision byMembership(int[] drafts, int token) {
        for (int i = 0; i < drafts.length; i++) {
            if (drafts[i] == token) {
                return new Decision(token, i);
            }
        }
        return new Decision(token, -1);
    }

    public boolean acceptedByTest() {
        return acceptedDraft >= 0;
    }
}
