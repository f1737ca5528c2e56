package dev.signet.cli;

import dev.signet.signature.SimpleSigningPayload;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code verify} prints for verified signatures: like cosign, a JSON array with one element per verified
 * signature, the payload exactly as signed (the simple-signing document of a {@code .sig} layer, the in-toto statement
 * of a bundle), so whatever else the signer put in it is shown and a script can compare it byte for byte.
 */
final class VerifiedClaims {
    private VerifiedClaims() {
    }

    static String json(VerificationResult result) {
        return result.verified().stream()
                .map(check -> new String(check.payload().length > 0 ? check.payload() : payload(result, check).toBytes(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
    }

    static String text(VerificationResult result) {
        return result.verified().stream()
                .map(check -> check.layout().name().toLowerCase(Locale.ROOT) + " " + check.location() + " " + check.detail())
                .collect(Collectors.joining("\n"));
    }

    /** For a check that carries no payload bytes: the simple-signing document it stands for. */
    private static SimpleSigningPayload payload(VerificationResult result, SignatureCheck check) {
        return new SimpleSigningPayload(result.image().context().cosignName(), result.digest(),
                check.claims().isEmpty() ? null : check.claims());
    }
}
