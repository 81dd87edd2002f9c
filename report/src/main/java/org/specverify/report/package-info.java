/**
 * Acceptance at LLM sizes and the pages that show it. {@link org.specverify.report.FastAcceptance} holds the closed
 * forms and fast optima in double arithmetic with proved error bounds ({@link org.specverify.report.Figure}); {@link
 * org.specverify.report.PositionAudit} applies every closed form of {@link org.specverify.report.ReportSchemes} (the
 * module's one table keyed by the scheme registry) to one position; {@link org.specverify.report.Studies} runs the
 * built-in studies on synthetic rows ({@link org.specverify.report.SyntheticRows}), the sequence study among them
 * ({@link org.specverify.report.SequenceStudy}, laid out by {@link org.specverify.report.SequenceStudySection}); {@link
 * org.specverify.report.DumpAudit} streams the positions of a safetensors dump; {@link
 * org.specverify.report.StudyReport} and {@link org.specverify.report.DumpReport} lay the results out as a {@link
 * org.specverify.report.Page} (HTML with {@link org.specverify.report.ReportChart} charts, CSV and JSON of every number).
 */
package org.specverify.report;
