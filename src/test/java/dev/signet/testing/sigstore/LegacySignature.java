package dev.signet.testing.sigstore;

import java.util.Map;

/**
 * A keyless signature in cosign's legacy {@code .sig} layout: the layer blob (the simple-signing payload) and the
 * layer annotations cosign writes beside it (signature, certificate, chain and the Rekor bundle with its SET).
 *
 * @param entry the Rekor entry the {@code dev.sigstore.cosign/bundle} annotation carries
 */
public record LegacySignature(byte[] payload, Map<String, String> annotations, RekorEntry entry) {
    public LegacySignature {
        payload = payload.clone();
        annotations = Map.copyOf(annotations);
    }
}
