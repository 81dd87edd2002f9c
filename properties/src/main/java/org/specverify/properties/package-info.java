/**
 * The verification library: the properties every scheme is held to and the machinery that checks them. A property
 * ({@link org.specverify.properties.SchemeProperties}) is a function from (scheme, instance) to a violation message,
 * with its law written beside it; {@link org.specverify.properties.SchemeContract} runs the same objects as JUnit tests
 * in each scheme's suite, over the fixed {@link org.specverify.properties.InstanceBank} and generated instances. A
 * violation is shrunk by {@link org.specverify.properties.Shrinker} (fewer drafts, fewer tokens, smaller denominators)
 * and reported as instance JSON that {@code specverify audit --instance} reads back. A check that cannot be done (an
 * instance too large for exact enumeration, input the scheme refuses) is never counted as a violation. The
 * subpackages hold the exhaustive small-scope checker, the instance generators, the statistics, and the black-box
 * check of other engines' samples.
 */
package org.specverify.properties;
