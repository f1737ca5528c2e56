package dev.signet.policy;

import java.util.Locale;

/** policy.md's results per image and rule. */
public enum RuleStatus {
    /** The attestors are satisfied on the image's digest. */
    PASS,
    /** Decided against: no signature, bad signature, payload for another digest, missing annotation, unpinned image. */
    FAIL,
    /** Could not decide: registry unreachable, timeout, unresolvable key, something Signet cannot check. Never cached. */
    ERROR,
    /** No rule of any applicable policy covers the image. */
    SKIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
