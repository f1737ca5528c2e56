package dev.signet.policy;

/**
 * The value of a {@code match}/{@code exclude} test on a request: true, false, or unknown when Signet cannot evaluate
 * the field (RBAC roles, a field it does not know, a fact the request does not carry). Clauses combine with Kleene's
 * three-valued logic, and an unknown result is settled by the block it is in, always towards enforcement: a
 * {@code match} counts it as matching, an {@code exclude} as not excluding. Because the combination never negates,
 * settling unknowns that way can only widen where a rule applies, never narrow it.
 */
enum Truth {
    TRUE,
    FALSE,
    UNKNOWN;

    static Truth of(boolean value) {
        return value ? TRUE : FALSE;
    }

    Truth and(Truth other) {
        if (this == FALSE || other == FALSE) {
            return FALSE;
        }
        return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
    }

    Truth or(Truth other) {
        if (this == TRUE || other == TRUE) {
            return TRUE;
        }
        return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
    }

    /** The boolean the block settles on: {@code unknownAs} is true in {@code match}, false in {@code exclude}. */
    boolean orElse(boolean unknownAs) {
        return this == UNKNOWN ? unknownAs : this == TRUE;
    }
}
