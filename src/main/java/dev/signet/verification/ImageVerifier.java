package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.RegistryClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies an image's signatures with keys or keyless identities, in both cosign layouts, as {@code cosign verify} does: one manifest
 * HEAD to resolve a tag (none for a digest reference), one fetch of the stored signatures, then each checked with
 * the keys. Bundles are read first, then the legacy tag, as cosign reads them.
 */
public final class ImageVerifier {
    private final SignatureFetcher fetcher;
    private final KeySignatureVerifier keys = new KeySignatureVerifier();
    private final KeylessSignatureVerifier keyless = new KeylessSignatureVerifier();

    public ImageVerifier(RegistryClient registry) {
        this.fetcher = new SignatureFetcher(Objects.requireNonNull(registry, "registry"), Runnable::run);
    }

    /**
     * Resolves the image once and checks every stored signature against the request's keys and annotations.
     *
     * @throws ArtifactNotFoundException when a tag does not exist (cosign's exit 11)
     */
    public VerificationResult verify(VerificationRequest request) {
        ImageReference image = request.image();
        Digest digest = fetcher.resolve(image);
        FoundSignatures found = fetcher.fetch(image.context(), digest, request.signatureRepository(), request.layouts());
        List<SignatureCheck> checks = (request.keys().isEmpty() ? keyless.check(found, request.keyless()) : keys.check(found, request.keys())).stream()
                .map(check -> requireAnnotations(check, request.requiredAnnotations()))
                .toList();
        return new VerificationResult(image, digest, checks);
    }

    /** {@code cosign verify -a k=v}: a verified signature counts only when its claims carry every pair asked for. */
    private static SignatureCheck requireAnnotations(SignatureCheck check, Map<String, String> required) {
        if (!check.verified() || check.claims().entrySet().containsAll(required.entrySet())) {
            return check;
        }
        return new SignatureCheck(check.layout(), check.location(), check.signatureDigest(), SignatureCheck.Status.ANNOTATIONS_MISMATCH,
                check.key(), check.claims(), check.detail() + " but lacks the required annotations " + required);
    }
}
