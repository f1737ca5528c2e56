package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.SigningKey;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.ImageFinding;
import dev.signet.policy.KeyRotation;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.RuleStatus;
import dev.signet.policy.VerdictCache;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.Vectors;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Signet keyless entry whose {@code trustedRootRef} names a ConfigMap, wired as the app wires it: the root is read
 * from the cluster and the entry judged under it; a malformed replacement makes the entry {@code error} on the very
 * next admission, the cached verdict judged under the old root dropped when the change is heard.
 */
class TrustedRootAdmissionTest {
    private static final String MOCK_ROOT = new String(Vectors.bytes("keyless/mock/trusted_root.json"), StandardCharsets.UTF_8);
    private static final String POLICY = "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\nspec:\n  verifyImages:\n"
            + "  - imageReferences: ['registry.test/acme/*']\n    attestors: [{entries: [{keyless: {trustedRootRef: corp-root,"
            + " identities: [{subject: a@acme.example, issuer: 'https://accounts.google.com'}]}}]}]\n";

    private final MockKubernetes kube = new MockKubernetes();
    private final TrustedRootConfigMaps roots = new TrustedRootConfigMaps(kube.client(), "signet-system");
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 1000);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()), roots, cache,
            RegistryLanes.direct(executor), FailurePolicy.FAIL, Duration.ZERO, Ticker.systemTicker());
    private final PolicyRepository policies = new PolicyRepository();
    private final List<String> dropped = new CopyOnWriteArrayList<>();

    TrustedRootAdmissionTest() {
        // as PolicyWiring hooks them
        policies.onChange(changed -> roots.watch(KeyRotation.trustedRootRefs(policies.current())));
        roots.onChange(root -> dropped.add(root + ": " + KeyRotation.rootChanged(cache, policies.current(), ref -> roots.names(ref, root))));
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        roots.close();
        kube.close();
    }

    private void putRoot(String json) {
        kube.client().configMaps().inNamespace("signet-system").resource(new ConfigMapBuilder()
                .withNewMetadata().withNamespace("signet-system").withName("corp-root").endMetadata()
                .withData(Map.of(TrustedRootConfigMaps.KEY, json)).build()).createOr(existing -> existing.update());
    }

    private ImageFinding admit(ImageReference image) {
        List<ImageFinding> findings = evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10))
                .findings();
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void keylessEntryNamingAConfigMap_isJudgedUnderIt_andAMalformedReplacementIsErrorAtOnce() {
        putRoot(MOCK_ROOT);
        assertThat(policies.put("p", PolicyDocuments.read(POLICY, "p.yaml").get(0), "p.yaml").problem()).isEmpty();
        Repository repository = Repository.parse("registry.test/acme/app");
        ImageReference image = ImageReference.of(repository, registry.pushRandomImage(repository, "v1").digest());
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, SigningKey.generate("alice")));

        MockKubernetes.await("the root to be listed", () -> admit(image).result() != RuleStatus.ERROR);
        ImageFinding judged = admit(image);
        assertThat(judged.result()).isEqualTo(RuleStatus.FAIL);
        assertThat(judged.cause()).contains("under trusted root corp-root");

        putRoot("{\"mediaType\": \"not a root\"}");
        MockKubernetes.await("the change to be heard", () -> !dropped.isEmpty());

        assertThat(dropped).containsExactly("signet-system/corp-root: 1");
        ImageFinding broken = admit(image);
        assertThat(broken.result()).isEqualTo(RuleStatus.ERROR);
        assertThat(broken.cause()).contains("trusted root corp-root could not be read: read trusted root signet-system/corp-root: ");
    }
}
