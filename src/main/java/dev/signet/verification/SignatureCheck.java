package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.reference.Digest;
import dev.signet.signature.SignatureLayout;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one stored signature: where it is, what happened, which key verified it (if any) and, when it
 * verified, the claims it carries. A failed check is data, not an exception.
 *
 * @param location a {@code .sig} layer ({@code repo:sha256-<hex>.sig#layer-N}) or a referrer ({@code repo@sha256:..})
 * @param signatureDigest the layer or bundle blob digest
 * @param claims the verified payload's annotations ({@code optional}, or the statement subject's annotations)
 * @param payload the exact bytes the signature covers (the simple-signing layer, or the bundle's DSSE payload) when a
 *     key verified them; empty otherwise
 */
public record SignatureCheck(
        SignatureLayout layout,
        String location,
        Digest signatureDigest,
        Status status,
        Optional<VerificationKey> key,
        Map<String, String> claims,
        String detail,
        byte[] payload) {

    /** What one signature amounted to. */
    public enum Status {
        /** Signature verified with a key, names the image digest, carries the required annotations. */
        VERIFIED,
        /** No key in the request verifies the signature. */
        NO_MATCHING_KEY,
        /** Verified with a key, but its payload names another digest (a copied or replayed signature). */
        DIGEST_MISMATCH,
        /** Verified and names the digest, but lacks a required annotation. */
        ANNOTATIONS_MISMATCH,
        /** A verified bundle whose statement is not cosign's image signature (e.g. an attestation). */
        WRONG_PREDICATE,
        /** The stored signature cannot be parsed at all. */
        MALFORMED
    }

    public SignatureCheck {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(key, "key");
        claims = claims == null ? Map.of() : Map.copyOf(claims);
        Objects.requireNonNull(detail, "detail");
        payload = payload == null ? new byte[0] : payload.clone();
    }

    /** A check without verified payload bytes (nothing verified, or they are not needed). */
    public SignatureCheck(SignatureLayout layout, String location, Digest signatureDigest, Status status, Optional<VerificationKey> key,
            Map<String, String> claims, String detail) {
        this(layout, location, signatureDigest, status, key, claims, detail, null);
    }

    /** The verified payload bytes, a copy; empty when no key verified them. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }
}
