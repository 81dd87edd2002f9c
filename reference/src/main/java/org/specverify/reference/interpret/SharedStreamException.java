package org.specverify.reference.interpret;

/**
 * Thrown by a replay that runs a program with some streams already conditioned (the verifier given its drafts: the
 * draft stream's uniforms are known to have produced those drafts) when the program touches such a stream: its law
 * given the drafts is not a per-tuple replay of the verifier alone. {@link ExactLaw} and {@link ConditionalLaw}
 * catch it and replay drafting and verifying together.
 */
public final class SharedStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stream;

    SharedStreamException(String stream) {
        super("the verifier draws from the " + stream + " stream, which the draft process uses: its output given the"
            + " drafts depends on the uniforms that drew them, so drafting and verifying must be replayed together");
        this.stream = stream;
    }

    /** The stream the verifier touched. */
    public String stream() {
        return stream;
    }
}
