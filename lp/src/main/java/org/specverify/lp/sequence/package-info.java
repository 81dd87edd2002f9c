/**
 * Optimality at sequence level: the sequence optimum (the best expected number of accepted draft tokens of any
 * lossless verifier of one step over a drafted chain or tree) as a transportation problem between the draft-tree law
 * and the target block law, solved exactly ({@link org.specverify.lp.sequence.ExactTransport}) and by OR-Tools GLOP
 * ({@link org.specverify.lp.solver.ScoredTransportLp}), and the closed-form acceptance of token-wise and block
 * verification of chains ({@link org.specverify.lp.sequence.ChainAcceptance}) to compare with it.
 */
package org.specverify.lp.sequence;
