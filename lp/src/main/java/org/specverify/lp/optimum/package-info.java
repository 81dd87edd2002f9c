/**
 * The optimal acceptance α*(p, Q) = min over token sets H of p(H) + 1 − Q(every draft in H), by the fastest route
 * proved correct for each draft process. {@link org.specverify.lp.optimum.Optimum} is the entry point: it picks the
 * route and names it. Exact routes work over rationals: closed forms for fixed, greedy and hub drafts
 * ({@link org.specverify.lp.optimum.ClosedFormOptimum}), a scan of the prefixes of one ratio order for iid drafts and
 * drafts without replacement ({@link org.specverify.lp.optimum.RatioPrefix}, {@link
 * org.specverify.lp.optimum.RatioOrder}, {@link org.specverify.lp.optimum.WithoutReplacementOptimum}, {@link
 * org.specverify.lp.optimum.WithoutReplacementAllIn}), every token set on small vocabularies ({@link
 * org.specverify.lp.optimum.SubsetOptimum}) and the exact max-flow beyond. The double routes take rows validated once
 * ({@link org.specverify.reference.numeric.Law}; {@code Masses} validates plain vectors into one), sum them with the one
 * compensated sum ({@link org.specverify.reference.numeric.CompensatedSum}) and return their value with a proved error
 * bound; for independent non-identical drafts, where no ordering is known to be optimal, {@link
 * org.specverify.lp.optimum.IndependentBounds} brackets α*. proofs-notes/ holds the theorems and bounds.
 */
package org.specverify.lp.optimum;
