package org.specverify.audit;

/**
 * The exact results of one scheme on one instance, from the exact enumerator.
 *
 * @param lossless     whether the output law equals the target law exactly
 * @param maxLawError  max over tokens y of |P(Y = y) - p(y)|, exactly (zero iff lossless)
 * @param worstToken   the token attaining maxLawError (lowest index on ties; 0 when lossless)
 * @param acceptance   α = P(Y ∈ drafts), exactly (membership: the optimal-transport notion)
 * @param testAcceptance P(a draft passes the verifier's accept test), exactly; at most {@code acceptance}, and smaller
 *                     when a residual or fallback draw lands on a draft token
 */
public record Measured(boolean lossless, ExactValue maxLawError, int worstToken, ExactValue acceptance,
                       ExactValue testAcceptance) {
}
