package dev.signet.admission;

import dev.signet.events.AdmissionRequested;

/** Lets the fuzz harness reach the adapter's package-private AdmissionReview parser. */
public final class AdmissionFuzzAccess {

    private AdmissionFuzzAccess() {
    }

    public static AdmissionRequested parseReview(byte[] body) {
        return AdmissionReviews.parseReview(body);
    }
}
