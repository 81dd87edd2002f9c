package org.specverify.reference.sequence.scheme;

import java.util.Arrays;
import org.specverify.reference.arith.Measure;

/**
 * How one verification step ends, "emit block": the accepted draft tokens along a root path of the drafted tree, then
 * one more token, drawn from a law ({@link Emit}: a residual, or the bonus from the target after the last accepted
 * token) or fixed by the program ({@link Fixed}). Ending in a law lets the exact interpreter expand the last token
 * without enumerating its draw; the interpreter that samples draws it with the next uniform of the verifier's stream.
 *
 * @param <S> the scalar type of the arithmetic
 */
public sealed interface BlockOutcome<S> {
    /** The accepted draft tokens, from depth 1 down (a copy). */
    int[] accepted();

    /** The number of accepted draft tokens tau. */
    default int acceptedCount() {
        return accepted().length;
    }

    /**
     * The accepted tokens, then one token drawn from {@code law} (normalised on reading).
     *
     * @param path the accepted draft tokens
     * @param what what the law is, for traces ("residual at depth 2", "bonus")
     * @param law  the law of the last token, of positive total
     */
    record Emit<S>(int[] path, String what, Measure<S> law) implements BlockOutcome<S> {
        public Emit {
            path = path.clone();
        }

        @Override
        public int[] accepted() {
            return path.clone();
        }

        @Override
        public String toString() {
            return "accept " + Arrays.toString(path) + ", then a token from " + what;
        }
    }

    /**
     * The accepted tokens, then the fixed token {@code token} (a program that drew its last token itself).
     *
     * @param path  the accepted draft tokens
     * @param token the last token of the block
     * @param what  where it comes from, for traces
     */
    record Fixed<S>(int[] path, int token, String what) implements BlockOutcome<S> {
        public Fixed {
            path = path.clone();
            if (token < 0) {
                throw new IllegalArgumentException(what + ": block token " + token + " is negative");
            }
        }

        @Override
        public int[] accepted() {
            return path.clone();
        }

        @Override
        public String toString() {
            return "accept " + Arrays.toString(path) + ", then token " + token + " (" + what + ")";
        }
    }

    /** The accepted path, then a draw from {@code law}. */
    static <S> BlockOutcome<S> emit(int[] path, String what, Measure<S> law) {
        return new Emit<>(path, what, law);
    }

    /** The accepted path, then the fixed token. */
    static <S> BlockOutcome<S> fixed(int[] path, int token, String what) {
        return new Fixed<>(path, token, what);
    }
}
