/**
 * Kubernetes adapters: cosign key pairs in Secrets ({@link dev.signet.kube.SecretKeyProvider}, and
 * {@link dev.signet.kube.SecretKeyWriter} for {@code generate-key-pair k8s://NS/NAME}, which also writes the public key
 * alone in {@code NAME-pub} for verifiers) and registry credentials in optional pull Secrets
 * ({@link dev.signet.kube.PullSecretCredentialProvider}). The Secret layouts are in
 * {@link dev.signet.kube.SecretKeys}; see {@code shared/spec/cosign-formats.md} §1.
 *
 * <p>Secrets are read through one fabric8 informer per named Secret, started on first use, so a rotated Secret takes
 * effect without a restart and Signet needs only get/list/watch on the Secrets it names (RBAC {@code resourceNames}).
 * fabric8 failures become {@link dev.signet.keys.KeyException} or {@link dev.signet.registry.RegistryException}, with
 * {@link dev.signet.Reason#KUBERNETES_UNAVAILABLE} when the API server could not be reached; the fabric8 exception is
 * kept as the cause. Nothing here logs or prints key bytes, passwords or credentials.
 *
 * <p>Allowed dependencies: {@code keys}, {@code registry} and {@code registry.auth} (their ports and exceptions),
 * {@code reference} (the registry names those ports take), {@code http} (its TokenReviewer port, which
 * {@link dev.signet.kube.KubeTokenReviewer} implements), {@code json} (the shared mapper), {@code policy} (policies
 * from informers feed its repository), {@code sigstore} (policy's TrustedRoots port, which
 * {@link dev.signet.kube.TrustedRootConfigMaps} implements from ConfigMaps, speaks in its TrustedRoot), the root
 * package and the fabric8 Kubernetes client. This is the only package that
 * imports {@code io.fabric8.kubernetes.client}; only {@code dev.signet.app}
 * (wiring) and, for {@code generate-key-pair k8s://}, {@code dev.signet.cli} import it. No CDI: every class takes a
 * {@code KubernetesClient} in its constructor.
 */
package dev.signet.kube;
