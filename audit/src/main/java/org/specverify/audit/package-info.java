/**
 * The exact audit as a library, independent of the command line. {@link org.specverify.audit.Audit} runs every scheme
 * on every instance: whether the scheme applies, and if it does, its exact output law from the reference's rational
 * enumeration (lossless or not, the largest law error) and its exact acceptance α = P(Y ∈ drafts), each row a
 * {@link org.specverify.audit.SchemeAudit} with an {@link org.specverify.audit.AuditVerdict}. Rows stream to an
 * {@link org.specverify.audit.AuditSink} as they finish, so memory holds one instance and an interrupted run keeps
 * what it finished; an {@link org.specverify.audit.AuditSummary} keeps the counts and the failures.
 * {@link org.specverify.audit.AuditExtension}s add fields: {@link org.specverify.audit.OptimalityExtension} adds α* of
 * each draft law and the gap to it. Refusals are decided before the work: {@link org.specverify.audit.AuditCost}
 * estimates a row's time and refuses what is beyond its limits, and a row beyond the enumerator's limit is
 * {@code too large}, never a verdict. {@link org.specverify.audit.ExitCodes} holds the command's exit codes.
 */
package org.specverify.audit;
