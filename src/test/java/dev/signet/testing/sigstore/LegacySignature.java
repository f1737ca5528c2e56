package dev.signet.testing.sigstore;

import java.util.Map;

/**
 * A keyless signature or attestation in cosign's legacy tag layouts: the layer blob (a {@code .sig} layer's
 * simple-signing payload, an {@code .att} layer's DSSE envelope) and the layer annotations cosign writes beside it
 * (signature, certificate, chain and the Rekor bundle with its SET; {@code predicateType} on an attestation).
 *
 * @param entry the Rekor entry the {@code dev.sigstore.cosign/bundle} annotation carries
 */
public record LegacySignature(byte[] payload, Map<String, String> annotations, RekorEntry entry) {
    public LegacySignature {
        payload = payload.clone();
        annotations = Map.copyOf(annotations);
    }
}
