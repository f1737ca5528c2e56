package dev.signet.manifests;

import dev.signet.kube.PolicyInformers;
import dev.signet.kube.PullSecretCredentialProvider;
import dev.signet.kube.SecretKeyProvider;
import dev.signet.kube.SecretKeyWriter;
import dev.signet.kube.SecretRef;
import dev.signet.kube.TrustedRootConfigMaps;
import dev.signet.policy.PolicyRepository;
import dev.signet.reference.Registry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What {@link RbacCoverageTest}'s exercises run, and the Secrets they find in place. */
final class ExerciseFixtures {
    private static final char[] PASSWORD = "exercise".toCharArray();

    private ExerciseFixtures() {
    }

    static AutoCloseable policyKeys(KubernetesClient client) {
        SecretKeyProvider keys = new SecretKeyProvider(client);
        NamedSecrets.policyKeyRefs(Manifests.examples()).forEach(keys::verificationKey);
        return keys;
    }

    static AutoCloseable credentials(KubernetesClient client, Manifest workload) {
        PullSecretCredentialProvider credentials = new PullSecretCredentialProvider(client, List.copyOf(NamedSecrets.pullSecrets(workload)));
        credentials.forRegistry(Registry.parse("registry.example.com"));
        return credentials;
    }

    /** The root the manifests grant by name, watched as policies naming it would have it watched, until the first list is in. */
    static AutoCloseable trustedRoots(KubernetesClient client) {
        TrustedRootConfigMaps roots = new TrustedRootConfigMaps(client, "signet-system");
        roots.watch(List.of("signet-trusted-root"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                roots.find("signet-trusted-root");
                return roots;
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("not listed it yet") || System.nanoTime() > deadline) {
                    roots.close();
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                roots.close();
                throw new IllegalStateException("interrupted waiting for the trusted root list", e);
            }
        }
    }

    static AutoCloseable policies(KubernetesClient client) {
        PolicyInformers informers = new PolicyInformers(client, new PolicyRepository(), update -> { });
        informers.start();
        return informers;
    }

    /**
     * The Secrets the manifests name, in the shapes Signet and kubectl write them: key pairs by SecretKeyWriter (which
     * also writes NAME-pub), a public key a policy names that no key pair provides as a NAME-pub of its own.
     */
    static void seed(KubernetesClient admin, Manifests deployed) {
        Set<String> keyRefs = new TreeSet<>(NamedSecrets.signingKeyRefs(deployed));
        keyRefs.forEach(keyRef -> new SecretKeyWriter(admin).generate(keyRef, PASSWORD));
        for (String keyRef : NamedSecrets.policyKeyRefs(Manifests.examples())) {
            SecretRef ref = SecretRef.fromKeyRef(keyRef);
            if (admin.secrets().inNamespace(ref.namespace()).withName(ref.name()).get() == null) {
                new SecretKeyWriter(admin).generate(keyRef, PASSWORD);
            }
        }
        for (SecretRef pull : NamedSecrets.pullSecrets(deployed)) {
            String auth = Base64.getEncoder().encodeToString("robot:pa55".getBytes(StandardCharsets.UTF_8));
            String config = "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}";
            admin.secrets().inNamespace(pull.namespace()).resource(new SecretBuilder()
                    .withNewMetadata().withNamespace(pull.namespace()).withName(pull.name()).endMetadata()
                    .withType("kubernetes.io/dockerconfigjson")
                    .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8))))
                    .build()).create();
        }
    }
}
