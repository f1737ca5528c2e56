package dev.signet.cli;

import dev.signet.Reason;

/** Exit codes of interfaces.md §2; {@code verify} adds cosign's own. */
final class ExitCodes {
    static final int OK = 0;
    /** Any other verification failure (cosign's 1). */
    static final int VERIFICATION_FAILED = 1;
    static final int INPUT_ERROR = 2;
    static final int UNREACHABLE = 3;
    /** cosign: no signatures found. */
    static final int NO_SIGNATURES = 10;
    /** cosign: image or tag not found. */
    static final int IMAGE_NOT_FOUND = 11;
    /** cosign: no signature matched the key. */
    static final int NO_MATCHING_SIGNATURE = 12;

    private ExitCodes() {
    }

    /**
     * The exit code for a failure of any verb: unreachable services are 3; a registry that answered nonsense is a
     * failed verification (1); everything else (references, keys, passwords, credentials) is the caller's input.
     */
    static int of(Reason reason) {
        return switch (reason) {
            case REGISTRY_UNAVAILABLE, TOO_MANY_REQUESTS, KUBERNETES_UNAVAILABLE, DEADLINE_EXCEEDED -> UNREACHABLE;
            case REGISTRY_PROTOCOL, MANIFEST_INVALID, SIGNATURE_MALFORMED -> VERIFICATION_FAILED;
            default -> INPUT_ERROR;
        };
    }
}
