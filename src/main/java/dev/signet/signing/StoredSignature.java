package dev.signet.signing;

import dev.signet.reference.Digest;
import dev.signet.signature.SignatureLayout;

/**
 * One signature the signer made sure exists.
 *
 * @param image the digest that was signed
 * @param location the {@code .sig} tag or the referrer manifest ({@code repo@sha256:..})
 * @param created false when an identical signature was already there and nothing was written
 */
public record StoredSignature(Digest image, SignatureLayout layout, String location, boolean created) {
}
