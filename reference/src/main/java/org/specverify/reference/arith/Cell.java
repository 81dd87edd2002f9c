package org.specverify.reference.arith;

/**
 * The cell of a categorical draw: the token {@code index} whose cumulative interval [lower, upper) holds the target
 * u·W (W the total weight), with lower = F_{index-1} and upper = F_index, F the cumulative weights in token order.
 */
public record Cell<S>(int index, S lower, S upper) {
}
