package org.specverify.reference.scheme;

/**
 * A verifier's decision: the output token and which draft, if any, a test accepted.
 *
 * <p>Two notions of acceptance (proofs-notes/domain.md): membership, Y ∈ x̄ (the LP's notion, always reported), and acceptance by a
 * test, a draft passing the verifier's accept step. They differ when a residual or fallback draw lands on a draft token
 * (greedy drafts: outputs in the fixed set T come from the residual; K-SEQ at a ρ above ρ*: the residual keeps a sliver
 * of mass on draft tokens). Schemes without an accept step (ot-plan, equality-match) report membership as their test.
 *
 * @param output the output token Y
 * @param acceptedDraft the index of the draft accepted by a test, or -1 when Y came from a residual or fallback draw
 */
public record Verdict(int output, int acceptedDraft) {
    /** Draft {@code index} (token {@code token}) passed the accept test. */
    public static Verdict accepted(int index, int token) {
        return new Verdict(token, index);
    }

    /** Y came from a residual or fallback draw, not from an accept test. */
    public static Verdict residual(int token) {
        return new Verdict(token, -1);
    }

    /** For verifiers without an accept test: accepted iff Y is a draft (first occurrence). */
    public static Verdict byMembership(int[] drafts, int token) {
        for (int i = 0; i < drafts.length; i++) {
            if (drafts[i] == token) {
                return new Verdict(token, i);
            }
        }
        return new Verdict(token, -1);
    }

    public boolean acceptedByTest() {
        return acceptedDraft >= 0;
    }
}
