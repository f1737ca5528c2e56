package dev.signet.cli;

import dev.signet.signature.SimpleSigningPayload;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code verify} prints for verified signatures: like cosign, a JSON array with one simple-signing document
 * per verified signature (bundles are shown in the same shape, their statement annotations as {@code optional}).
 */
final class VerifiedClaims {
    private VerifiedClaims() {
    }

    static String json(VerificationResult result) {
        return result.verified().stream()
                .map(check -> new String(payload(result, check).toBytes(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
    }

    static String text(VerificationResult result) {
        return result.verified().stream()
                .map(check -> check.layout().name().toLowerCase(Locale.ROOT) + " " + check.location() + " " + check.detail())
                .collect(Collectors.joining("\n"));
    }

    private static SimpleSigningPayload payload(VerificationResult result, SignatureCheck check) {
        return new SimpleSigningPayload(result.image().context().cosignName(), result.digest(),
                check.claims().isEmpty() ? null : check.claims());
    }
}
