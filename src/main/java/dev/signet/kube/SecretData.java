package dev.signet.kube;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Secret's {@code data}: the API server returns values as base64 of the raw bytes ({@code stringData} is
 * write-only and merged into {@code data} on write), so fabric8 hands us base64 strings.
 */
final class SecretData {
    private SecretData() {
    }

    /**
     * The raw bytes under {@code key}, or empty when the key is absent.
     *
     * @throws IllegalArgumentException when the value is not base64 (only a hand-made object could do that)
     */
    static Optional<byte[]> bytes(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        String encoded = data == null ? null : data.get(key);
        return encoded == null ? Optional.empty() : Optional.of(Base64.getMimeDecoder().decode(encoded));
    }

    /** The Secret's version; a new one means new contents. */
    static String version(Secret secret) {
        return secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion();
    }
}
