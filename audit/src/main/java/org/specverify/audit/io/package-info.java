/**
 * The audit's files and streams: {@link org.specverify.audit.io.InstanceReader} reads instances (and the test vectors
 * that {@code specverify vectors} writes) exactly as written, refusing bad input with a message that names the file,
 * the instance, the field and the token; {@link org.specverify.audit.io.InstanceWriter} writes them back;
 * {@link org.specverify.audit.io.JsonSinks} and {@link org.specverify.audit.io.WritingSink} write an audit as it runs
 * (a JSON document, JSON lines, text), closing the output once, also from an interrupt handler.
 */
package org.specverify.audit.io;
