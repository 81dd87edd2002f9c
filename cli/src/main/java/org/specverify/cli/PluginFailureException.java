package org.specverify.cli;

/**
 * A plugin scheme failed in a way that is not a verdict on its law: it did not return within its deadline, or its
 * classes cannot be instantiated. The message names the plugin jar and the scheme. Where a command checks schemes one by
 * one (verify, audit) it is reported as that scheme failing to run; elsewhere it ends the run with exit code 1.
 */
public final class PluginFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginFailureException(String message) {
        super(message);
    }
}
