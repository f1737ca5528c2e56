package dev.signet.signing;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import java.util.List;

/** What signing did: the digest the reference resolved to and every signature made sure of. */
public record SigningResult(ImageReference image, Digest digest, List<StoredSignature> signatures) {

    public SigningResult {
        signatures = List.copyOf(signatures);
    }

    /** Whether anything new was written (false for a repeated, idempotent signing). */
    public boolean createdAny() {
        return signatures.stream().anyMatch(StoredSignature::created);
    }
}
