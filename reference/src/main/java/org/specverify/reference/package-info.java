/**
 * The reference core of specverify: what every other module builds on. A {@link org.specverify.reference.Distribution}
 * is an exact law over a vocabulary (rationals, or a row of floats read exactly), an
 * {@link org.specverify.reference.Instance} is the target law and the draft law(s) with the number of drafts K that a
 * scheme is checked on, and the helpers beside them ({@link org.specverify.reference.Fractions},
 * {@link org.specverify.reference.FractionSum}, {@link org.specverify.reference.Tolerance}) keep the arithmetic exact
 * or its error named. Two refusals are types: {@link org.specverify.reference.InvalidInputException} for bad input and
 * {@link org.specverify.reference.TooLargeException} for work above a stated limit; neither is ever a verdict. The
 * subpackages hold the arithmetics ({@code arith}), the randomness interface ({@code random}), the draft processes
 * ({@code draft}), the schemes written once as programs ({@code scheme}), the interpreters that run them
 * ({@code interpret}) and the seeded benchmarks ({@code bench}).
 */
package org.specverify.reference;
