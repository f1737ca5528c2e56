package dev.signet.kube;

import dev.signet.keys.KeyRef;

/**
 * Names of the Secret layouts Signet reads and writes.
 *
 * <p>cosign's key pair Secret ({@code pkg/cosign/kubernetes/secret.go}): {@code cosign generate-key-pair
 * k8s://NS/NAME} stores the encrypted private key PEM, the public key PEM and the password as raw bytes under three
 * data keys, sets {@code immutable: true} on Kubernetes 1.21 and later, and sets neither a type (so the API server
 * defaults it to {@code Opaque}) nor labels. {@code --key k8s://NS/NAME} reads {@code cosign.key} with
 * {@code cosign.password} ({@code pkg/signature/keys.go}); verification reads {@code cosign.pub}.
 *
 * <p>Pull Secrets, as the kubelet reads them: {@code kubernetes.io/dockerconfigjson} holds a docker
 * {@code config.json} ({@code {"auths":{...}}}) under {@code .dockerconfigjson}; the older
 * {@code kubernetes.io/dockercfg} holds the bare auths map ({@code {"<registry>":{...}}}) under {@code .dockercfg}.
 */
public final class SecretKeys {
    /** How cosign names a key in a Secret: {@code k8s://NAMESPACE/NAME}. */
    public static final String KEY_REF_PREFIX = KeyRef.SECRET_PREFIX;
    /** Data key of the encrypted private key ({@code ENCRYPTED SIGSTORE PRIVATE KEY} PEM). */
    public static final String COSIGN_KEY = "cosign.key";
    /** Data key of the public key ({@code PUBLIC KEY} PEM). */
    public static final String COSIGN_PUB = "cosign.pub";
    /** Data key of the password that decrypts {@code cosign.key}; may be empty. */
    public static final String COSIGN_PASSWORD = "cosign.password";
    /**
     * Suffix of the public-key-only Secret Signet writes beside a key pair Secret: {@code NAME-pub} holds
     * {@link #COSIGN_PUB} alone, so whoever verifies (the admission adapter, the verifier, policy-controller, whose
     * {@code secretRef} wants a Secret with exactly one key) can be granted it without the private key.
     */
    public static final String PUBLIC_KEY_SECRET_SUFFIX = "-pub";
    /** The type the API server gives a Secret created without one, as cosign's is. */
    public static final String TYPE_OPAQUE = "Opaque";

    /** Type of a pull Secret holding a docker {@code config.json}. */
    public static final String TYPE_DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
    /** Data key of {@link #TYPE_DOCKER_CONFIG_JSON}. */
    public static final String DOCKER_CONFIG_JSON = ".dockerconfigjson";
    /** Type of a pull Secret in the legacy {@code ~/.dockercfg} format. */
    public static final String TYPE_DOCKERCFG = "kubernetes.io/dockercfg";
    /** Data key of {@link #TYPE_DOCKERCFG}. */
    public static final String DOCKERCFG = ".dockercfg";

    private SecretKeys() {
    }
}
