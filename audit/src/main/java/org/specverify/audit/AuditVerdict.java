package org.specverify.audit;

/** What the audit concluded for one scheme on one instance. */
public enum AuditVerdict {
    /** The scheme claims losslessness and its exact output law equals the target. */
    LOSSLESS("lossless", "lossless"),
    /** The scheme claims losslessness but its exact output law differs from the target: a verification failure. */
    CLAIM_FAILS("claim-fails", "LOSSY (claims lossless!)"),
    /** The scheme is declared lossy and its output law differs from the target, as declared. */
    LOSSY_AS_DECLARED("lossy-as-declared", "lossy, as declared"),
    /** The scheme is declared lossy, but on this instance its output law happens to equal the target. */
    LOSSLESS_NOT_CLAIMED("lossless-not-claimed", "lossless (not claimed)"),
    /** The scheme cannot run on this instance (K, draft laws or support); the reason is reported. */
    NOT_APPLICABLE("not-applicable", "not applicable"),
    /** The exact enumeration would exceed the reference's size limit; nothing was decided. */
    TOO_LARGE("too-large", "TOO LARGE for exact enumeration"),
    /** The scheme threw while running on a valid instance it declared itself applicable to: a failure. */
    ERROR("error", "ERROR (scheme failed to run)");

    private final String id;
    private final String label;

    AuditVerdict(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Stable machine id used in JSON ("lossless", "claim-fails", ...). */
    public String id() {
        return id;
    }

    /** What a person reads in the table. */
    public String label() {
        return label;
    }

    /** A verification failure: exit code 1. */
    public boolean isFailure() {
        return this == CLAIM_FAILS || this == ERROR;
    }

    /** Whether the exact law was computed (the measured fields are present). */
    public boolean isChecked() {
        return this == LOSSLESS || this == CLAIM_FAILS || this == LOSSY_AS_DECLARED || this == LOSSLESS_NOT_CLAIMED;
    }

    static AuditVerdict of(boolean claimsLossless, boolean lossless) {
        if (claimsLossless) {
            return lossless ? LOSSLESS : CLAIM_FAILS;
        }
        return lossless ? LOSSLESS_NOT_CLAIMED : LOSSY_AS_DECLARED;
    }
}
