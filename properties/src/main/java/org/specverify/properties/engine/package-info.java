/**
 * Black-box checks of other engines: test vectors out ({@link org.specverify.properties.engine.Cases}), samples in.
 * An engine's JSON-lines samples are read strictly ({@link org.specverify.properties.engine.SampleInput}: UTF-8, gzip
 * by its magic bytes), parsed without building a tree ({@link org.specverify.properties.engine.SampleLine}) and only
 * counted per engine and case ({@link org.specverify.properties.engine.EngineCheck}): impossible outputs are certain
 * failures with their line, the output law is G-tested against p with its detectable bias, the outputs per draft tuple
 * against a scheme's exact conditional law, and the acceptance (and the engine's own accepted field) against the exact
 * acceptance and α*. At sequence level, engine traces (drafted chain or tree, emitted block, accepted count; {@link
 * org.specverify.properties.engine.SequenceSampleLine}) are checked against sequence cases by {@link
 * org.specverify.properties.engine.SequenceEngineCheck}: possibility, the accepted field, the stream law to depth
 * gamma + 1, conformance per drafted tree and the accepted-length law.
 */
package org.specverify.properties.engine;
