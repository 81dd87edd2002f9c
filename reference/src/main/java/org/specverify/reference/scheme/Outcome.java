package org.specverify.reference.scheme;

import org.specverify.reference.arith.Measure;

/**
 * How a verifier's program ends: a draft accepted by a test, a token to be drawn from a law (the residual or fallback
 * draw), or a fixed token. Ending in a law rather than drawing it lets an interpreter compute the exact conditional law
 * P(Y = · | drafts) without enumerating the final draw.
 */
public sealed interface Outcome<S> {
    /** Draft {@code draft} (token {@code token}) passed the accept test. */
    record Accept<S>(int draft, int token) implements Outcome<S> {
    }

    /**
     * The output is drawn from {@code law} (normalised). With {@code byMembership}, a drawn token that is one of the
     * drafts counts as accepted (first occurrence): schemes whose only draw is this one (ot-plan, equality-match) report
     * membership as their test; otherwise the draw is a residual and accepts nothing by test.
     */
    record Emit<S>(String what, Measure<S> law, boolean byMembership) implements Outcome<S> {
    }

    /**
     * The output is the fixed token {@code token}, accepted by no test (a program that computed its output itself, for
     * example by comparing a uniform it drew; membership acceptance, Y among the drafts, still counts it).
     */
    record Token<S>(int token, String what) implements Outcome<S> {
        public Token {
            if (token < 0) {
                throw new IllegalArgumentException(what + ": output token " + token + " is negative");
            }
        }
    }

    static <S> Outcome<S> accept(int draft, int token) {
        return new Accept<>(draft, token);
    }

    /** A residual or fallback draw from {@code law}. */
    static <S> Outcome<S> emit(String what, Measure<S> law) {
        return new Emit<>(what, law, false);
    }

    /** The fixed output {@code token}, accepted by no test. */
    static <S> Outcome<S> token(int token, String what) {
        return new Token<>(token, what);
    }

    /** A draw from {@code law} in which a draft token counts as accepted. */
    static <S> Outcome<S> emitByMembership(String what, Measure<S> law) {
        return new Emit<>(what, law, true);
    }
}
