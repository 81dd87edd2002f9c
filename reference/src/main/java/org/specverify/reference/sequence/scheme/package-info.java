/**
 * Sequence verifiers: programs that verify a whole drafted chain or token tree in one step and end in "emit block"
 * (the accepted draft tokens along a root path, then one token from a law or a fixed token). {@link
 * org.specverify.reference.sequence.scheme.SequenceScheme} is the type, {@link
 * org.specverify.reference.sequence.scheme.SequenceSchemeBase} the base a user extends, {@link
 * org.specverify.reference.sequence.scheme.SequenceSchemes} the one registry. The exact interpreter is
 * {@code interpret.SequenceExact}.
 */
package org.specverify.reference.sequence.scheme;
