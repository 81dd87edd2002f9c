/**
 * The arithmetics a scheme's program runs in, and the measures it computes with. An
 * {@link org.specverify.reference.arith.Arithmetic} is either {@link org.specverify.reference.arith.Exact} (BigFraction
 * rationals: the reference) or {@link org.specverify.reference.arith.Certified} (floating-point balls that prove every
 * comparison they decide and throw {@link org.specverify.reference.arith.Undecided} otherwise, so the caller can hand
 * that decision to the exact arithmetic). A {@link org.specverify.reference.arith.Measure} is a non-negative measure
 * over the tokens (a law, a residual, a fallback law); its implementations keep residuals of one row lazily and
 * remember derived measures, so a program replayed many times computes each residual once, and
 * {@link org.specverify.reference.arith.Measure#locate} is the categorical draw every interpreter shares.
 */
package org.specverify.reference.arith;
