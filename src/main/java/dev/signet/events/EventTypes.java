package dev.signet.events;

/** Every CloudEvent type Signet consumes or produces (events.md): reverse-DNS, past tense, versioned. */
public final class EventTypes {
    /** An image was pushed: from the ingest endpoints or any producer. */
    public static final String IMAGE_PUSHED = "dev.signet.image.pushed.v1";
    /** Harbor's own CloudEvents webhook format (Harbor 2.8 and later). */
    public static final String HARBOR_ARTIFACT_PUSHED = "harbor.artifact.pushed";
    /** CDEvents artifact published, spec 0.2.0 (subject.id is a purl). */
    public static final String CDEVENTS_ARTIFACT_PUBLISHED_020 = "dev.cdevents.artifact.published.0.2.0";
    /** CDEvents artifact published, spec 0.3.0. */
    public static final String CDEVENTS_ARTIFACT_PUBLISHED_030 = "dev.cdevents.artifact.published.0.3.0";

    /** A signature was stored, or an identical one already existed. */
    public static final String IMAGE_SIGNED = "dev.signet.image.signed.v1";
    /** No signing rule matched, or the push was a signature/attestation/referrer itself. */
    public static final String IMAGE_SIGNING_SKIPPED = "dev.signet.image.signing.skipped.v1";
    /** A permanent signing failure: key missing or locked, manifest gone, rule misconfigured. */
    public static final String IMAGE_SIGNING_FAILED = "dev.signet.image.signing.failed.v1";

    /** An admission request from the webhook adapter. */
    public static final String ADMISSION_REQUESTED = "dev.signet.admission.requested.v1";
    public static final String ADMISSION_ALLOWED = "dev.signet.admission.allowed.v1";
    public static final String ADMISSION_DENIED = "dev.signet.admission.denied.v1";
    /** A pipeline asks whether an image passes the policies (a CI gate). */
    public static final String IMAGE_VERIFICATION_REQUESTED = "dev.signet.image.verification.requested.v1";
    public static final String IMAGE_VERIFIED = "dev.signet.image.verified.v1";
    public static final String IMAGE_VERIFICATION_FAILED = "dev.signet.image.verification.failed.v1";

    /** CloudEvents extension: the id of the event that caused this one. */
    public static final String CAUSATION_ID = "causationid";
    /** CloudEvents extension: carried through a whole chain of events. */
    public static final String CORRELATION_ID = "correlationid";

    private EventTypes() {
    }
}
