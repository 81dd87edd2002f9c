/**
 * The {@code specverify} command line. {@link org.specverify.cli.Cli} parses the arguments with picocli and runs one
 * subcommand ({@code audit}, {@code schemes}, {@code verify}, {@code vectors}, {@code check}, {@code bench},
 * {@code gpu}); {@link org.specverify.cli.Main} is the jar's entry point. The subcommands compute nothing themselves:
 * they read input, call the libraries (the reference, the LP optima, the audit, the report, the GPU verifier) and
 * render the results as tables, JSON or report files. Every refusal (bad input, too large, an unwritable output, an
 * interrupt) is mapped to its exit code in one place, {@code Refusals}, and checked before the work starts; every file
 * is written whole or not at all ({@link org.specverify.report.AtomicFile}). Options that several commands share are
 * picocli mixins.
 */
package org.specverify.cli;
