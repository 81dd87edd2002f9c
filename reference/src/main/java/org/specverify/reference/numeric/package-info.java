/**
 * The numerical idioms of the double paths, each written once: {@link org.specverify.reference.numeric.CompensatedSum}
 * (the one compensated summation, with its proved bound), {@link org.specverify.reference.numeric.Law} (a floating row
 * of probabilities validated once, as a type, with its total, support and L1 error), {@link
 * org.specverify.reference.numeric.TopK} (the K largest entries) and {@link org.specverify.reference.numeric.KSeqRho}
 * (K-SEQ's ρ in double). The exact reference does not use them; the fast routes of lp and report and the GPU host do,
 * and their tests compare them with the exact routes.
 */
package org.specverify.reference.numeric;
