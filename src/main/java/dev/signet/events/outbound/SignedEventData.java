package dev.signet.events.outbound;

/**
 * Data of {@code dev.signet.image.signed.v1} (events.md).
 *
 * @param image {@code registry/repository}
 * @param signatureRef where the signature is: the {@code .sig} tag or the referrer manifest
 * @param format {@code legacy}, {@code bundle} or {@code both}
 * @param keyId the key hint: base64 SHA-256 of the public key (safe to publish)
 * @param alreadySigned true when an identical signature existed and nothing was written
 */
public record SignedEventData(
        String image,
        String digest,
        String signatureRef,
        String format,
        String keyId,
        String algorithm,
        String signedAt,
        boolean alreadySigned) {
}
