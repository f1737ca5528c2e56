package dev.signet.kube;

import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.KeyRef;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in cosign's Secret layout, named {@code k8s://NAMESPACE/NAME} ({@link SecretKeys}): the private key is
 * {@code cosign.key} decrypted with {@code cosign.password}, the public key is {@code cosign.pub}.
 *
 * <p>Secrets are watched ({@link SecretInformers}), and a decrypted key is kept per Secret version (namespace, name,
 * resourceVersion): scrypt runs once per version of a key, not once per signature, and a rotated Secret takes
 * effect on the next call. A modified or deleted Secret drops its keys from memory at once.
 *
 * <p>Like cosign ({@code pkg/signature/keys.go} passes {@code Data["cosign.password"]}, nil when absent), a Secret
 * without {@code cosign.password} is opened with the empty password.
 */
public final class SecretKeyProvider implements KeyProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyProvider.class);
    /** How long a first read may wait for the API server before failing as {@link Reason#KUBERNETES_UNAVAILABLE}. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(5);
    private static final String ACTION = "read key";

    private final SecretInformers secrets;
    private final Map<SecretRef, Versioned<Opened>> signingKeys = new ConcurrentHashMap<>();
    private final Map<SecretRef, Versioned<VerificationKey>> verificationKeys = new ConcurrentHashMap<>();
    private final Map<SecretRef, Object> decryptLocks = new ConcurrentHashMap<>();
    private final AtomicLong decryptions = new AtomicLong();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Reads Secrets through {@code client}, waiting up to {@link #DEFAULT_SYNC_TIMEOUT} for a first listing. */
    public SecretKeyProvider(KubernetesClient client) {
        this(client, DEFAULT_SYNC_TIMEOUT);
    }

    /** Reads Secrets through {@code client}, waiting up to {@code syncTimeout} for the first listing of each. */
    public SecretKeyProvider(KubernetesClient client, Duration syncTimeout) {
        this.secrets = new SecretInformers(client, syncTimeout, this::forget);
    }

    @Override
    public SigningKey signingKey(String keyRef) {
        SecretRef ref = parse(keyRef);
        Secret secret = read(ref, keyRef);
        String version = SecretData.version(secret);
        Versioned<Opened> cached = signingKeys.get(ref);
        if (cached != null && cached.isVersion(version)) {
            return cached.value().key();
        }
        // one decryption per key version even when many signing requests arrive together after a rotation
        synchronized (decryptLocks.computeIfAbsent(ref, r -> new Object())) {
            cached = signingKeys.get(ref);
            if (cached == null || !cached.isVersion(version)) {
                cached = new Versioned<>(version, open(ref, keyRef, secret));
                signingKeys.put(ref, cached);
            }
            return cached.value().key();
        }
    }

    /**
     * A failure is kept like a key: a wrong password stays wrong until the Secret changes, and a flood of requests
     * must not each pay scrypt's 64 MiB to find that out again.
     */
    private Opened open(SecretRef ref, String keyRef, Secret secret) {
        try {
            return new Opened(decrypt(ref, keyRef, secret), null);
        } catch (KeyException e) {
            return new Opened(null, e);
        }
    }

    @Override
    public VerificationKey verificationKey(String keyRef) {
        SecretRef ref = parse(keyRef);
        Secret secret = read(ref, keyRef);
        String version = SecretData.version(secret);
        Versioned<VerificationKey> cached = verificationKeys.get(ref);
        if (cached != null && cached.isVersion(version)) {
            return cached.value();
        }
        // cosign verifies with cosign.pub, not with the public half of cosign.key: a verifier's Secret may hold only
        // the public key, and reading it needs no password
        byte[] pem = data(ref, keyRef, secret, SecretKeys.COSIGN_PUB);
        VerificationKey key = PemKeys.parsePublicKey(new String(pem, StandardCharsets.UTF_8), keyRef);
        verificationKeys.put(ref, new Versioned<>(version, key));
        return key;
    }

    /**
     * Whether the private key named by {@code keyRef} loads, for a readiness check; never throws. Cheap after the
     * first call: it answers from the cached key.
     */
    public KeyStatus status(String keyRef) {
        try {
            return KeyStatus.loaded(keyRef, signingKey(keyRef).verificationKey());
        } catch (SignetException e) {
            return KeyStatus.failed(keyRef, e);
        } catch (RuntimeException e) {
            // a probe must answer; anything fabric8 throws that we did not foresee is reported, not propagated
            return new KeyStatus(keyRef, false, Reason.KUBERNETES_UNAVAILABLE, ACTION + " " + keyRef + ": " + e.getClass().getSimpleName());
        }
    }

    /** How many times a private key was decrypted (scrypt ran); for tests of the per-version cache. */
    long decryptions() {
        return decryptions.get();
    }

    /** Stops the watches and forgets every key. */
    @Override
    public void close() {
        secrets.close();
        signingKeys.clear();
        verificationKeys.clear();
    }

    private SigningKey decrypt(SecretRef ref, String keyRef, Secret secret) {
        String pem = new String(data(ref, keyRef, secret, SecretKeys.COSIGN_KEY), StandardCharsets.UTF_8);
        // the base64 String in the informer's copy of the Secret cannot be cleared (fabric8's model is made of
        // Strings); the byte[] and char[] copies made here are
        byte[] passwordBytes = bytes(ref, keyRef, secret, SecretKeys.COSIGN_PASSWORD);
        boolean passwordMissing = passwordBytes == null;
        char[] password = passwordMissing ? new char[0] : text(passwordBytes, keyRef);
        try {
            decryptions.incrementAndGet();
            return CosignEncryptedKey.decrypt(pem, password, keyRef);
        } catch (KeyException e) {
            if (passwordMissing && e.reason() == Reason.KEY_LOCKED) {
                throw new KeyException(Reason.KEY_LOCKED, "decrypt key", keyRef, "wrong password or corrupted key",
                        "secret " + ref + " has no data key " + SecretKeys.COSIGN_PASSWORD + ", so the empty password was tried", e);
            }
            throw e;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Decodes the password as UTF-8, clearing the bytes; {@link CosignEncryptedKey} re-encodes it exactly. */
    private static char[] text(byte[] bytes, String keyRef) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new KeyException(Reason.KEY_MALFORMED, ACTION, keyRef, "data key " + SecretKeys.COSIGN_PASSWORD + " is not UTF-8 text", null, null);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static SecretRef parse(String keyRef) {
        String problem = SecretRef.keyRefProblem(keyRef);
        if (problem != null) {
            throw new KeyException(Reason.KEY_NOT_FOUND, ACTION, keyRef, problem, null, null);
        }
        return SecretRef.fromKeyRef(keyRef);
    }

    private Secret read(SecretRef ref, String keyRef) {
        try {
            return secrets.get(ref).orElseThrow(() -> {
                // the delete event may still be on its way; a key whose Secret is gone must not outlive it
                forget(ref);
                return new KeyException(Reason.KEY_NOT_FOUND, ACTION, keyRef, "secret " + ref + " not found");
            });
        } catch (SecretReadException e) {
            Reason reason = e.retryable() ? Reason.KUBERNETES_UNAVAILABLE : Reason.KEY_NOT_FOUND;
            throw new KeyException(reason, ACTION, keyRef, e.getMessage(), e.hint(), e.getCause());
        }
    }

    private static byte[] data(SecretRef ref, String keyRef, Secret secret, String dataKey) {
        byte[] value = bytes(ref, keyRef, secret, dataKey);
        if (value == null) {
            throw new KeyException(Reason.KEY_MALFORMED, ACTION, keyRef, "secret " + ref + " has no data key " + dataKey,
                    "cosign generate-key-pair k8s://NAMESPACE/NAME writes cosign.key, cosign.pub and cosign.password", null);
        }
        return value;
    }

    private static byte[] bytes(SecretRef ref, String keyRef, Secret secret, String dataKey) {
        try {
            return SecretData.bytes(secret, dataKey).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new KeyException(Reason.KEY_MALFORMED, ACTION, keyRef, "data key " + dataKey + " of secret " + ref + " is not base64", null, null);
        }
    }

    /** Drops what was derived from a Secret that changed or went away, so no stale key stays in memory. */
    @Override
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void forget(SecretRef ref) {
        signingKeys.remove(ref);
        verificationKeys.remove(ref);
        String keyRef = KeyRef.SECRET_PREFIX + ref.namespace() + "/" + ref.name();
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(keyRef);
            } catch (RuntimeException e) {
                LOG.warn("notify key change {}: {}", keyRef, e.getMessage());
            }
        }
    }

    /** A decrypted key, or why the Secret's contents do not give one. */
    private record Opened(SigningKey signingKey, KeyException failure) {
        SigningKey key() {
            if (failure != null) {
                throw failure;
            }
            return signingKey;
        }
    }

    /** A value derived from one version of a Secret. */
    private record Versioned<T>(String version, T value) {
        boolean isVersion(String other) {
            return version != null && version.equals(other);
        }
    }

    @Override
    public String toString() {
        return "SecretKeyProvider[keys=" + signingKeys.keySet() + "]";
    }
}
