package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.VerificationKey;

/**
 * The public half of a KMS key, named for the role: cosign verifies a KMS-key signature with the key's public key
 * alone (sigstore/sigstore {@code pkg/signature/kms}, each provider's {@code PublicKey}), so that is all Signet asks a
 * KMS for. One implementation per provider ({@link AwsKms}, {@link GcpKms}, {@link VaultTransit}), {@link #byScheme}
 * to route between them and {@link CachedKmsKeys} to ask each key once.
 */
public interface KmsPublicKeys {

    /**
     * The key's public key, as the KMS serves it now.
     *
     * @throws KeyException KEY_NOT_FOUND (the KMS could not be reached, refused, or has no such key; the message says
     *     which), KEY_MALFORMED or KEY_UNSUPPORTED (a key type cosign's verifier would refuse)
     */
    VerificationKey publicKey(KmsUri uri);

    /** Routes each reference to its provider's implementation. */
    static KmsPublicKeys byScheme(KmsPublicKeys aws, KmsPublicKeys gcp, KmsPublicKeys vault) {
        return uri -> {
            if (uri instanceof KmsUri.Aws) {
                return aws.publicKey(uri);
            }
            return uri instanceof KmsUri.Gcp ? gcp.publicKey(uri) : vault.publicKey(uri);
        };
    }

    /** No KMS at all (the offline {@code signet policy test}): every key fails with {@code cause} and {@code hint}. */
    static KmsPublicKeys unreachable(String cause, String hint) {
        return uri -> {
            throw new KeyException(Reason.KEY_NOT_FOUND, "fetch KMS public key", uri.text(), cause, hint, null);
        };
    }
}
