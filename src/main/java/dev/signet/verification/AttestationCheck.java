package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.InTotoStatement;
import dev.signet.signature.SignatureLayout;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one stored attestation, as data: where it is, which check decided it, what vouched for it, and
 * once its signature verified, its statement and envelope (for conditions and for printing).
 *
 * @param location a {@code .att} layer ({@code repo:sha256-<hex>.att#layer-N}) or a referrer ({@code repo@sha256:..})
 * @param blobDigest the layer or bundle blob digest
 */
public record AttestationCheck(SignatureLayout layout, String location, Digest blobDigest, Status status,
        Optional<Evidence> evidence, Optional<InTotoStatement> statement, Optional<DsseEnvelope> envelope, String detail) {

    /** Checks run in this order; the first that fails names the status. */
    public enum Status {
        /** Signature over PAE (and the keyless checks), in-toto payload type, subject digest and predicate type all passed. */
        VERIFIED,
        /** The blob could not be read as an envelope or bundle, or its verified statement is not in-toto. */
        MALFORMED,
        /**
         * No key verifies any of the envelope's signatures, and no keyless trust accepts its certificate (the detail
         * names the keyless check that failed: signature, tlog, chain, sct, identity).
         */
        NO_MATCHING_KEY,
        /** Signed, but the envelope's payloadType is not {@code application/vnd.in-toto+json} (cosign 1.x wrote that). */
        WRONG_PAYLOAD_TYPE,
        /** Signed, but no subject of the statement is the image digest. */
        DIGEST_MISMATCH,
        /** Signed and about the image, but of another predicate type than asked for. */
        WRONG_PREDICATE_TYPE
    }

    public AttestationCheck {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(envelope, "envelope");
        detail = detail == null ? "" : detail;
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }
}
