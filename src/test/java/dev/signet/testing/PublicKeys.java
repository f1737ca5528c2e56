package dev.signet.testing;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Public keys by reference, as the Kubernetes key provider would read them from Secrets; anything else is not found,
 * and there are no private keys. Editable, as Secrets are: {@link #put} rotates a key, {@link #remove} deletes it.
 */
public final class PublicKeys implements KeyProvider {
    private final Map<String, VerificationKey> keys;

    public PublicKeys(Map<String, VerificationKey> keys) {
        this.keys = new ConcurrentHashMap<>(keys);
    }

    public void put(String keyRef, VerificationKey key) {
        keys.put(keyRef, key);
    }

    public void remove(String keyRef) {
        keys.remove(keyRef);
    }

    @Override
    public SigningKey signingKey(String keyRef) {
        throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "verification has no private keys");
    }

    @Override
    public VerificationKey verificationKey(String keyRef) {
        VerificationKey key = keys.get(keyRef);
        if (key == null) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "Secret not found");
        }
        return key;
    }
}
