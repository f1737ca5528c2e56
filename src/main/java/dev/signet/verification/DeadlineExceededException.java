package dev.signet.verification;

import dev.signet.Reason;
import dev.signet.SignetException;

/**
 * The caller's deadline passed while a verification still had registry requests to make, so the rest was not
 * made. It decides nothing about the signatures: the outcome is an error, never cached, and a retry may succeed.
 */
public final class DeadlineExceededException extends SignetException {
    DeadlineExceededException(String subject) {
        super(Reason.DEADLINE_EXCEEDED, "verify signatures of", subject, "the deadline passed before the registry answered every request",
                "the remaining requests were not made; retry, or look at the registry's latency", null);
    }
}
