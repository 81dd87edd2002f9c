package org.specverify.reference.random;

import java.util.Objects;

/**
 * The identity of one uniform: which stream it belongs to and its index in that stream. Two draws with the same
 * identity use the same uniform, by design (a scheme that shares noise between its steps) or by bug (a uniform reused
 * for the residual draw, a counter that does not advance). An interpreter sees the identity of every draw: the
 * uniform-driven interpreter maps identities to given uniforms, the sampler to Philox counters
 * ({@link CounterUniforms}), the exact replay to one exact interval per identity.
 *
 * @param stream the stream's name: {@link Draws#DRAFT} for the draft process, {@link Draws#VERIFY} for the verifier,
 *               or any other non-empty name a program chooses
 * @param index  the index in the stream, from 0
 */
public record DrawId(String stream, long index) {
    public DrawId {
        Objects.requireNonNull(stream, "stream");
        if (stream.isEmpty()) {
            throw new IllegalArgumentException("a draw's stream needs a name");
        }
        if (index < 0) {
            throw new IllegalArgumentException("draw index " + index + " in stream " + stream + " is negative");
        }
    }

    /** The i-th uniform of the draft process. */
    public static DrawId draft(long index) {
        return new DrawId(Draws.DRAFT, index);
    }

    /** The i-th uniform of the verifier. */
    public static DrawId verify(long index) {
        return new DrawId(Draws.VERIFY, index);
    }

    @Override
    public String toString() {
        return stream + "#" + index;
    }
}
