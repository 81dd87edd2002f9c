/**
 * Statistics for sampled checks: the G goodness-of-fit test with pooling of small cells, its p-value, and the smallest
 * total-variation bias it detects with a stated power at the sample size and level used
 * ({@link org.specverify.properties.stats.GoodnessOfFit}); failure messages carry an expected/observed table.
 */
package org.specverify.properties.stats;
