package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The key provider policies see: KMS references ({@code awskms://}, {@code gcpkms://}, {@code hashivault://}) are read
 * from KMS, every other reference from the provider it wraps ({@code k8s://} Secrets, files). So a policy's KMS key is
 * resolved at evaluation exactly like a Secret key, once per decision, and an unusable one makes its entry
 * {@code error}. KMS keys only verify: Signet does not sign with them.
 */
public final class KmsKeyProvider implements KeyProvider {
    private final KeyProvider delegate;
    private final KmsPublicKeys kms;

    public KmsKeyProvider(KeyProvider delegate, KmsPublicKeys kms) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.kms = Objects.requireNonNull(kms, "kms");
    }

    @Override
    public SigningKey signingKey(String keyRef) {
        if (KmsUri.isKms(keyRef)) {
            throw new KeyException(Reason.KEY_UNSUPPORTED, "read signing key", keyRef, "Signet does not sign with KMS keys",
                    "name a k8s:// Secret or a key of the key folder", null);
        }
        return delegate.signingKey(keyRef);
    }

    @Override
    public VerificationKey verificationKey(String keyRef) {
        if (KmsUri.isKms(keyRef)) {
            return kms.publicKey(KmsUri.parse(keyRef));
        }
        return delegate.verificationKey(keyRef);
    }

    @Override
    public Optional<String> staleBecause(String keyRef) {
        if (!KmsUri.isKms(keyRef) || !(kms instanceof CachedKmsKeys cached)) {
            return delegate.staleBecause(keyRef);
        }
        try {
            return cached.staleBecause(KmsUri.parse(keyRef));
        } catch (KeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void onChange(Consumer<String> listener) {
        delegate.onChange(listener);
        if (kms instanceof CachedKmsKeys cached) {
            cached.onChange(listener);
        }
    }
}
