package org.specverify.reference.scheme;

import java.util.Arrays;
import java.util.Optional;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/**
 * A bound scheme's verifier prepared in one arithmetic: {@link #run} refuses drafts the draft process can never
 * produce, then runs the verifier.
 */
public final class Program<S> {
    private final String schemeId;
    private final Laws<S> laws;
    private final Verifier<S> verifier;

    public Program(String schemeId, Laws<S> laws, Verifier<S> verifier) {
        this.schemeId = schemeId;
        this.laws = laws;
        this.verifier = verifier;
    }

    public Laws<S> laws() {
        return laws;
    }

    /**
     * The verifier's outcome on these drafts, drawing from {@code draws}.
     *
     * @throws InvalidInputException when the drafts cannot come from the draft process (wrong count, token out of
     *     range, zero draft mass, a repeat where drafts are drawn without replacement, ...), naming the reason
     */
    public Outcome<S> run(Draws<S> draws, int[] drafts) {
        Optional<String> impossible = laws.process().whyImpossible(drafts);
        if (impossible.isPresent()) {
            throw new InvalidInputException(schemeId + ": drafts " + Arrays.toString(drafts) + " cannot come from the "
                + laws.process().id() + " draft process: " + impossible.get());
        }
        Outcome<S> o = verifier.verify(draws, drafts);
        if (o instanceof Outcome.Token<S> t && t.token() >= laws.vocab()) {
            throw new IllegalStateException(schemeId + ": the verifier emits token " + t.token() + " (" + t.what()
                + "), outside the vocabulary of " + laws.vocab() + " tokens");
        }
        return o;
    }
}
