package dev.signet.testing.sigstore;

import dev.signet.keys.SigningKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An ephemeral signing key with the leaf certificate {@link TestFulcio} issued for it: what a keyless signer holds
 * between its OIDC login and its first signature.
 *
 * @param chain the CA certificates above the leaf, issuing CA first
 */
public record FulcioCertificate(SigningKey key, X509Certificate certificate, List<X509Certificate> chain) {
    public FulcioCertificate {
        chain = List.copyOf(chain);
    }

    public byte[] der() {
        return Encodings.der(certificate);
    }

    /** The leaf as PEM, as cosign's {@code dev.sigstore.cosign/certificate} annotation and Rekor bodies hold it. */
    public String pem() {
        return Encodings.pem(certificate);
    }

    /** The chain as concatenated PEM, as cosign's {@code dev.sigstore.cosign/chain} annotation holds it. */
    public String chainPem() {
        return Encodings.pem(chain);
    }
}
