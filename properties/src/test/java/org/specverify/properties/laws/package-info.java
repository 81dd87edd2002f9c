/**
 * Tests of the laws under the schemes rather than of one scheme: the exact conditional law against the enumerator,
 * the law of each draft process's tuples, one prepared program used from several threads, and laws of the optimal
 * acceptance α* itself (monotone in K, at most 1).
 */
package org.specverify.properties.laws;
