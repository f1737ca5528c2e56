package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.signature.SignatureLayout;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The signatures stored for one image digest, fetched once from the layouts asked for: bundles first, then the
 * {@code .sig} layers, as {@code cosign verify} reads them. Every kind of evidence is checked against this one fetch.
 */
public record FoundSignatures(Digest image, List<StoredSignature> signatures) {

    public FoundSignatures {
        Objects.requireNonNull(image, "image");
        signatures = List.copyOf(signatures);
    }

    /** The signatures in {@code layouts} only: a rule that reads one layout must not see the other's. */
    public FoundSignatures in(Set<SignatureLayout> layouts) {
        return new FoundSignatures(image, signatures.stream().filter(signature -> layouts.contains(signature.layout())).toList());
    }

    public boolean isEmpty() {
        return signatures.isEmpty();
    }
}
