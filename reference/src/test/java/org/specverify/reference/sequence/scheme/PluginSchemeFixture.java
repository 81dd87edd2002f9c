package org.specverify.reference.sequence.scheme;

/**
 * A user's sequence scheme as a plugin would ship it (public, no-argument constructor, registered in
 * META-INF/services): token-wise verification under another id.
 */
public final class PluginSchemeFixture extends SequenceSchemeBase {
    public PluginSchemeFixture() {
        super(define("plugin-tokenwise").description("tokenwise, as a plugin").chainsOnly().build());
    }

    @Override
    public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
        return new Tokenwise().verifier(laws);
    }
}
