package dev.signet.testing;

import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import java.util.Objects;

/** A key provider that answers every reference with the same key pair: a signer with one signing rule and one key. */
public final class OneKey implements KeyProvider {
    private final SigningKey key;

    public OneKey(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public SigningKey signingKey(String keyRef) {
        return key;
    }

    @Override
    public VerificationKey verificationKey(String keyRef) {
        return key.verificationKey();
    }
}
