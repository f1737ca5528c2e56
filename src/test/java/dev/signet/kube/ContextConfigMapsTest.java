package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.SigningKey;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.ImageFinding;
import dev.signet.policy.KyvernoContext.ConfigMapName;
import dev.signet.policy.LoadReport;
import dev.signet.policy.PodSpecs;
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
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3 (cluster half): a Kyverno ClusterPolicy whose key is {@code {{ keys.data.pub }}} from a
 * {@code configMap} context entry, wired as the app wires it (policy informers, {@link ContextConfigMaps} as the
 * repository's context, its changes compiling the policy again): the ConfigMap created after the policy, rotated and
 * deleted, each judged at the next admission, never from a verdict cached under the previous key.
 */
class ContextConfigMapsTest {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final SigningKey BOB = SigningKey.generate("bob");
    private static final String POLICY = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: keys-from-configmap}
            spec:
              validationFailureAction: Enforce
              rules:
              - name: signed
                match: {any: [{resources: {kinds: [Pod]}}]}
                context: [{name: keys, configMap: {name: keys, namespace: signing}}]
                verifyImages:
                - imageReferences: ['registry.test/acme/*']
                  attestors: [{entries: [{keys: {publicKeys: "{{ keys.data.pub }}", rekor: {ignoreTlog: true}}}]}]
            """;

    private final MockKubernetes kube = new MockKubernetes();
    private final PolicyRepository policies = new PolicyRepository();
    private final ContextConfigMaps configMaps = new ContextConfigMaps(kube.client());
    private final PolicyInformers informers = new PolicyInformers(kube.client(), policies, update -> { });
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 1000);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()), cache,
            RegistryLanes.direct(executor), FailurePolicy.FAIL);

    ContextConfigMapsTest() {
        // as PolicyWiring hooks them
        policies.onChange(changed -> cache.invalidatePolicy(changed.uid()));
        policies.contextFrom(configMaps);
        configMaps.onChange(policies::configMapChanged);
    }

    @AfterEach
    void close() {
        informers.close();
        configMaps.close();
        executor.shutdownNow();
        kube.close();
    }

    private void createPolicy(String yaml) {
        GenericKubernetesResource policy = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        kube.client().genericKubernetesResources(PolicyInformers.KINDS.get(4)).resource(policy).create();
    }

    private void putKeys(SigningKey key) {
        kube.client().configMaps().inNamespace("signing").resource(new ConfigMapBuilder()
                .withNewMetadata().withNamespace("signing").withName("keys").endMetadata()
                .withData(Map.of("pub", key.verificationKey().toPem())).build()).createOr(existing -> existing.update());
    }

    private ImageReference signedImage(SigningKey key) {
        Repository repository = Repository.parse("registry.test/acme/app");
        ImageReference image = ImageReference.of(repository, registry.pushRandomImage(repository, "v1").digest());
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key));
        return image;
    }

    private ImageFinding admit(ImageReference image) {
        List<ImageFinding> findings = evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10))
                .findings();
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    private CompiledPolicy policy() {
        return policies.current().policies().get(0);
    }

    /** Waits for the policy's notes to say {@code text}: the compilation after the change is in force. */
    private void awaitNote(String text) {
        MockKubernetes.await("a compilation noting " + text, () -> !policies.current().policies().isEmpty()
                && policy().notes().stream().anyMatch(note -> note.text().contains(text)));
    }

    @Test
    void configMapCreatedAfterThePolicy_compilesItAgain_rotatedKeyFailsTheOldImage_deletedIsError() {
        informers.start();
        createPolicy(POLICY);
        awaitNote("ConfigMap signing/keys is not in the cluster");
        ImageReference byAlice = signedImage(ALICE);
        ImageFinding missing = admit(byAlice);
        assertThat(missing.result()).isEqualTo(RuleStatus.ERROR);
        assertThat(LoadReport.of(policy()).cannotEvaluate()).singleElement().asString().contains("{{ keys.data.pub }}, which did not resolve");

        putKeys(ALICE);
        awaitNote("resolved from the rule's context (ConfigMap signing/keys) when the policy loads");
        String aliceVersion = policy().id().resourceVersion();
        assertThat(aliceVersion).contains("+context-");
        assertThat(admit(byAlice).result()).isEqualTo(RuleStatus.PASS);
        assertThat(LoadReport.of(policy()).cannotEvaluate()).isEmpty();

        putKeys(BOB);
        MockKubernetes.await("the rotated key compiled", () -> !policy().id().resourceVersion().equals(aliceVersion));
        assertThat(admit(byAlice).result()).as("the pass cached under alice's key is not served").isEqualTo(RuleStatus.FAIL);
        assertThat(admit(signedImage(BOB)).result()).isEqualTo(RuleStatus.PASS);

        kube.client().configMaps().inNamespace("signing").withName("keys").delete();
        awaitNote("ConfigMap signing/keys is not in the cluster");
        assertThat(policy().id().resourceVersion()).doesNotContain("+context-");
        assertThat(admit(byAlice).result()).isEqualTo(RuleStatus.ERROR);
        assertThat(configMaps.watched()).containsExactly(new ConfigMapName("signing", "keys"));
    }

    @Test
    void configMapEditedIntoABadKey_failsClosed_insteadOfKeepingTheOldKey() {
        informers.start();
        putKeys(ALICE);
        createPolicy(POLICY);
        awaitNote("resolved from the rule's context (ConfigMap signing/keys) when the policy loads");
        ImageReference byAlice = signedImage(ALICE);
        assertThat(admit(byAlice).result()).isEqualTo(RuleStatus.PASS);

        // a rotation with a typo: the policy no longer compiles with it; alice's key (perhaps the one rotated out) must not stay
        kube.client().configMaps().inNamespace("signing").withName("keys")
                .edit(configMap -> new ConfigMapBuilder(configMap).withData(Map.of("pub", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")).build());
        MockKubernetes.await("the policy compiled without its ConfigMap", () -> !policy().id().resourceVersion().contains("+context-"));

        assertThat(admit(byAlice).result()).isEqualTo(RuleStatus.ERROR);
        assertThat(policies.current().problems().values()).singleElement().asString().contains("compiled without its ConfigMaps");
    }

    @Test
    void configMapReadByNoPolicyAnyMore_isNoLongerWatched() {
        putKeys(ALICE);
        informers.start();
        createPolicy(POLICY);
        awaitNote("resolved from the rule's context (ConfigMap signing/keys)");
        assertThat(configMaps.watched()).containsExactly(new ConfigMapName("signing", "keys"));

        kube.client().genericKubernetesResources(PolicyInformers.KINDS.get(4)).withName("keys-from-configmap").delete();
        MockKubernetes.await("the policy removed", () -> policies.current().policies().isEmpty());

        assertThat(configMaps.watched()).isEmpty();
    }

    @Test
    void policyWithoutContext_startsNoWatch() {
        informers.start();
        createPolicy(POLICY.replace("    context: [{name: keys, configMap: {name: keys, namespace: signing}}]\n", "")
                .replace("{{ keys.data.pub }}", "k8s://signing/key"));
        MockKubernetes.await("the policy compiled", () -> !policies.current().policies().isEmpty());

        assertThat(configMaps.watched()).isEmpty();
        assertThat(policy().id().resourceVersion()).doesNotContain("+context-");
    }
}
