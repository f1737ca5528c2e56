package dev.signet.kube;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores a key pair as {@code cosign generate-key-pair k8s://NS/NAME} does ({@code pkg/cosign/kubernetes/secret.go}):
 * a Secret NAME in NS with data {@code cosign.key} (the encrypted PEM), {@code cosign.pub} and
 * {@code cosign.password}, {@code immutable: true}, no labels, type {@code Opaque} (cosign sets none; the API server
 * defaults it to that). Beside it, and unlike cosign, a second Secret {@code NAME-pub} with {@code cosign.pub} alone
 * ({@link SecretKeys#PUBLIC_KEY_SECRET_SUFFIX}): verifiers are granted that one and never the private key.
 *
 * <p>Two deliberate differences: cosign updates an existing Secret in place, replacing a key that may still be in
 * use, while Signet refuses to overwrite one; and cosign leaves out {@code immutable} before Kubernetes 1.21 (it
 * asks {@code /version}), while Signet always sets it, as every supported Kubernetes release accepts it.
 */
public final class SecretKeyWriter {
    private static final String ACTION = "write key";
    /** Annotation of the public-key Secret naming its key pair Secret, for whoever finds one without the other. */
    public static final String PUBLIC_KEY_OF = "signet.dev/public-key-of";
    /** The API server's limit on a Secret's name (a DNS-1123 subdomain). */
    private static final int MAX_NAME = 253;

    private final KubernetesClient client;

    /** Writes through {@code client}, as the current kubeconfig's user (cosign uses the same loading rules). */
    public SecretKeyWriter(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Generates an ECDSA P-256 key (cosign's default), encrypts it with {@code password} and stores it in a new
     * Secret, and its public key alone in a second one ({@link #publicKeySecret}). Returns the public key, which cosign also writes to {@code cosign.pub} in the working directory. The
     * password is read, not cleared: its owner clears it.
     *
     * @throws KeyException see {@link #write}
     */
    public VerificationKey generate(String keyRef, char[] password) {
        SigningKey key = SigningKey.generate(keyRef);
        write(keyRef, key, password);
        return key.verificationKey();
    }

    /**
     * Encrypts {@code key} with {@code password} and stores it in a new Secret named by {@code keyRef}
     * ({@code k8s://NAMESPACE/NAME}), then its public key in a new Secret {@code NAME-pub}. The password is read, not
     * cleared: its owner clears it.
     *
     * @throws KeyException INPUT_INVALID when the Secret already exists, KEY_NOT_FOUND for a malformed reference or
     *     a missing namespace or permission, KUBERNETES_UNAVAILABLE when the API server cannot be reached
     */
    public void write(String keyRef, SigningKey key, char[] password) {
        String problem = SecretRef.keyRefProblem(keyRef);
        if (problem != null) {
            throw new KeyException(Reason.KEY_NOT_FOUND, ACTION, keyRef, problem, null, null);
        }
        SecretRef ref = SecretRef.fromKeyRef(keyRef);
        SecretRef publicRef = publicKeySecret(ref).orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND, ACTION, keyRef,
                "secret name " + ref.name() + " leaves no room for the public-key secret " + ref.name() + SecretKeys.PUBLIC_KEY_SECRET_SUFFIX,
                "choose a name of at most " + (MAX_NAME - SecretKeys.PUBLIC_KEY_SECRET_SUFFIX.length()) + " characters", null));
        Secret secret = new SecretBuilder()
                .withNewMetadata().withNamespace(ref.namespace()).withName(ref.name()).endMetadata()
                .withType(SecretKeys.TYPE_OPAQUE)
                .withImmutable(true)
                .withData(Map.of(
                        SecretKeys.COSIGN_KEY, base64(CosignEncryptedKey.encrypt(key, password).getBytes(StandardCharsets.UTF_8)),
                        SecretKeys.COSIGN_PUB, base64(key.verificationKey().toPem().getBytes(StandardCharsets.UTF_8)),
                        SecretKeys.COSIGN_PASSWORD, base64(utf8(password))))
                .build();
        try {
            // create, never get-then-create: the API server's 409 is the only race-free "already exists"
            client.secrets().inNamespace(ref.namespace()).resource(secret).create();
        } catch (KubernetesClientException e) {
            throw translate(ref, keyRef, e);
        }
        writePublicKey(ref, publicRef, keyRef, key);
    }

    /**
     * The public-key-only Secret of a key pair Secret: {@code NAME-pub} in the same namespace, or empty when that name
     * would be longer than the API server allows.
     */
    public static Optional<SecretRef> publicKeySecret(SecretRef keyPair) {
        String name = keyPair.name() + SecretKeys.PUBLIC_KEY_SECRET_SUFFIX;
        return name.length() > MAX_NAME ? Optional.empty() : Optional.of(new SecretRef(keyPair.namespace(), name));
    }

    /**
     * Written after the key pair, so a refused key pair leaves nothing behind. When only this create fails, the key pair
     * exists: the message says so, and how to make the public Secret by hand.
     */
    private void writePublicKey(SecretRef pair, SecretRef ref, String keyRef, SigningKey key) {
        Secret secret = new SecretBuilder()
                .withNewMetadata().withNamespace(ref.namespace()).withName(ref.name())
                .withAnnotations(Map.of(PUBLIC_KEY_OF, pair.name())).endMetadata()
                .withType(SecretKeys.TYPE_OPAQUE)
                .withImmutable(true)
                .withData(Map.of(SecretKeys.COSIGN_PUB, base64(key.verificationKey().toPem().getBytes(StandardCharsets.UTF_8))))
                .build();
        try {
            client.secrets().inNamespace(ref.namespace()).resource(secret).create();
        } catch (KubernetesClientException e) {
            Reason reason = translate(ref, keyRef, e).reason();
            String why = switch (e.getCode()) {
                case 409 -> "secret " + ref + " already exists";
                case 401, 403 -> "the Kubernetes API denied creating secret " + ref + " (" + e.getCode() + ")";
                default -> SecretInformers.unavailable(e) + " while creating secret " + ref;
            };
            String byHand = "kubectl -n " + ref.namespace() + " create secret generic " + ref.name() + " --from-file=cosign.pub";
            throw new KeyException(reason, ACTION, keyRef, "the key pair is in secret " + pair + ", but its public key is not stored: " + why,
                    "delete " + ref + " if it is stale, then create it from the key pair's cosign.pub: " + byHand, e);
        }
    }

    private static KeyException translate(SecretRef ref, String keyRef, KubernetesClientException e) {
        return switch (e.getCode()) {
            case 409 -> new KeyException(Reason.INPUT_INVALID, ACTION, keyRef, "secret " + ref + " already exists",
                    "Signet never overwrites a key; delete the Secret first or choose another name", e);
            case 404 -> new KeyException(Reason.KEY_NOT_FOUND, ACTION, keyRef, "namespace " + ref.namespace() + " not found", null, e);
            case 401, 403 -> new KeyException(Reason.KEY_NOT_FOUND, ACTION, keyRef,
                    "the Kubernetes API denied creating secret " + ref + " (" + e.getCode() + ")",
                    "grant create on secrets in namespace " + ref.namespace() + " to the current user", e);
            default -> new KeyException(Reason.KUBERNETES_UNAVAILABLE, ACTION, keyRef,
                    SecretInformers.unavailable(e) + " while creating secret " + ref, "check with kubectl get secret -n " + ref.namespace() + " " + ref.name() + " before trying again", e);
        };
    }

    /**
     * UTF-8 of the password, as cosign stores what was typed. The bytes end up in an immutable base64 String (the
     * fabric8 model is made of Strings), so only the intermediate arrays can be cleared.
     */
    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
