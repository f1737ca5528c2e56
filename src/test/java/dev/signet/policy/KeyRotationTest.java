package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.Images;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 8: a rotated key Secret drops the cached verdicts that relied on it at once, not after the TTL; the
 * rules that do not name it keep theirs.
 */
class KeyRotationTest {
    private static final SigningKey OLD = SigningKey.generate("old");
    private static final SigningKey NEW = SigningKey.generate("new");
    private static final SigningKey OTHER = SigningKey.generate("other");

    /** Secrets as the Kubernetes provider reads them, editable: a put is what an edited Secret does. */
    private final PublicKeys secrets = new PublicKeys(Map.of(
            "k8s://signing/team-key", OLD.verificationKey(), "k8s://signing/other-key", OTHER.verificationKey()));
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 1000);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), secrets, cache, executor, FailurePolicy.FAIL);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ImageReference signed(String repository, SigningKey key) {
        Repository repo = Repository.parse("registry.test/" + repository);
        RawManifest manifest = Images.pushRandom(registry, repo, "v1");
        ImageReference image = ImageReference.of(repo, manifest.digest());
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key).withLayouts(EnumSet.of(SignatureLayout.LEGACY)));
        return image;
    }

    private static PolicySet policies() {
        PolicyRepository repository = new PolicyRepository();
        for (String[] policy : List.of(new String[] {"team", "registry.test/team/*", "k8s://signing/team-key"},
                new String[] {"other", "registry.test/other/*", "k8s://signing/other-key"})) {
            String yaml = "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: " + policy[0] + "}\nspec:\n"
                    + "  validationFailureAction: Enforce\n  verifyImages:\n  - imageReferences: [\"" + policy[1] + "\"]\n"
                    + "    attestors:\n    - entries:\n      - keys: {publicKeys: \"" + policy[2] + "\"}\n";
            assertThat(repository.put(policy[0], Policies.document(yaml), "test.yaml").problem()).isEmpty();
        }
        return repository.current();
    }

    private boolean admitted(PolicySet policies, ImageReference image) {
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies, Duration.ofSeconds(5)).allowed();
    }

    @Test
    void rotatedKey_dropsTheVerdictsThatReliedOnIt_atOnce() {
        PolicySet policies = policies();
        ImageReference team = signed("team/app", OLD);
        ImageReference other = signed("other/app", OTHER);
        assertThat(admitted(policies, team)).isTrue();
        assertThat(admitted(policies, other)).isTrue();

        secrets.put("k8s://signing/team-key", NEW.verificationKey());
        assertThat(admitted(policies, team)).as("before the change is heard, the cached pass stands: what the fix is for").isTrue();

        int dropped = KeyRotation.keyChanged(cache, policies, "k8s://signing/team-key");
        long hitsBefore = cache.hits();

        assertThat(dropped).isEqualTo(1);
        assertThat(admitted(policies, team)).as("signed by the rotated-out key: verified again, denied").isFalse();
        assertThat(admitted(policies, other)).isTrue();
        assertThat(cache.hits() - hitsBefore).as("the other policy's verdict was kept").isEqualTo(1);
    }

    @Test
    void deletedKey_deniesAtOnce() {
        PolicySet policies = policies();
        ImageReference team = signed("team/app", OLD);
        assertThat(admitted(policies, team)).isTrue();

        secrets.remove("k8s://signing/team-key");
        KeyRotation.keyChanged(cache, policies, "k8s://signing/team-key");

        assertThat(admitted(policies, team)).isFalse();
    }

    @Test
    void unrelatedOrUnparseableReference_dropsNothing() {
        PolicySet policies = policies();
        assertThat(KeyRotation.keyChanged(cache, policies, "k8s://signing/unused")).isZero();
        assertThat(KeyRotation.keyChanged(cache, policies, "k8s://not a ref")).isZero();
    }

    @Test
    void changedTrustedRoot_dropsOnlyTheRulesWhoseKeylessEntriesNameIt() {
        PolicyRepository repository = new PolicyRepository();
        String keyless = "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: keyless}\nspec:\n  verifyImages:\n"
                + "  - imageReferences: ['registry.test/acme/*']\n    attestors: [{entries: [{attestor: {entries: [{keyless: {trustedRootRef: corp-root,"
                + " identities: [{subject: a@acme.example, issuer: 'https://accounts.google.com'}]}}]}}]}]\n"
                + "  - imageReferences: ['registry.test/other/*']\n    attestors: [{entries: [{keys: {publicKeys: 'k8s://signing/other-key'}}]}]\n";
        assertThat(repository.put("keyless", Policies.document(keyless), "keyless.yaml").problem()).isEmpty();
        PolicySet policies = repository.current();

        assertThat(KeyRotation.trustedRootRefs(policies)).containsExactly("corp-root");
        assertThat(KeyRotation.rootChanged(cache, policies, "corp-root"::equals)).as("the nested keyless entry names it").isEqualTo(1);
        assertThat(KeyRotation.rootChanged(cache, policies, "other-root"::equals)).isZero();
    }

    @Test
    void policyNamingItsKeyThroughTheRequest_dropsEveryRule_whateverKeyChanged() {
        // the key is bound at admission (k8s://signing/<namespace>-key): the loaded rule names no key, so any key change
        // must drop what such a policy judged (a review finding: nothing was dropped)
        PolicyRepository repository = new PolicyRepository();
        String perRequest = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: per-namespace}\nspec:\n  validationFailureAction: Enforce\n"
                + "  rules:\n  - name: signed\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n"
                + "    - imageReferences: ['registry.test/acme/*']\n"
                + "      attestors: [{entries: [{keys: {publicKeys: 'k8s://signing/{{ request.namespace }}-key', rekor: {ignoreTlog: true}}}]}]\n";
        assertThat(repository.put("per-namespace", Policies.document(perRequest), "p.yaml").problem()).isEmpty();
        PolicySet policies = repository.current();
        assertThat(policies.policies()).singleElement().satisfies(policy -> assertThat(policy.perRequest()).isPresent());

        assertThat(KeyRotation.keyChanged(cache, policies, "k8s://signing/team-key")).isEqualTo(1);
        assertThat(KeyRotation.rootChanged(cache, policies, "corp-root"::equals)).isEqualTo(1);
    }
}
