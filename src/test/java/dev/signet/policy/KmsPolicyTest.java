package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.kms.AwsCredentialSource;
import dev.signet.kms.AwsCredentials;
import dev.signet.kms.AwsKms;
import dev.signet.kms.CachedKmsKeys;
import dev.signet.kms.GcpKms;
import dev.signet.kms.KmsHttp;
import dev.signet.kms.KmsKeyProvider;
import dev.signet.kms.KmsPublicKeys;
import dev.signet.kms.VaultTransit;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.KmsServer;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.TestCertificate;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * KMS key entries evaluated end to end: policy-controller's {@code key.kms} (awskms over HTTPS) and Kyverno's
 * {@code keys.kms} (Vault transit, Google Cloud KMS) compile to key entries whose key the evaluator fetches from a
 * loopback KMS; a signature made with the KMS key's private half passes, one made with another key fails, an outage
 * after the first fetch changes nothing, and a key never fetched is {@code error}.
 */
class KmsPolicyTest {
    private static final String ARN = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.test/acme/demo");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final SigningKey kmsKey = SigningKey.generate("kms");
    private final SigningKey other = SigningKey.generate("other");
    private final TestCertificate tls = TestCertificate.generate("127.0.0.1");
    private final KmsServer aws = KmsServer.start(tls, kmsKey.verificationKey().publicKey());
    private final KmsServer plain = KmsServer.start(null, kmsKey.verificationKey().publicKey());

    @AfterEach
    void stop() {
        executor.shutdownNow();
        aws.close();
        plain.close();
    }

    /** The key provider as the app wires it: KMS references to the (cached) providers, the rest to Secrets. */
    private KeyProvider keys() {
        KmsHttp http = KmsHttp.create(Duration.ofSeconds(5), tls.trustingContext());
        KmsPublicKeys providers = KmsPublicKeys.byScheme(
                new AwsKms(http, AwsCredentialSource.of(Optional.of(new AwsCredentials("AKIDEXAMPLE", "secret", Optional.empty()))), Optional.empty(), Clock.systemUTC()),
                new GcpKms(http, plain.uri("http"), plain.uri("http"), Clock.systemUTC()),
                new VaultTransit(http, Optional.of(plain.uri("http")), Optional.of(KmsServer.VAULT_TOKEN), "transit", Optional.empty()));
        return new KmsKeyProvider(new PublicKeys(Map.of()), new CachedKmsKeys(providers, Clock.systemUTC(), Duration.ofMinutes(10), Duration.ofSeconds(30),
                Runnable::run));
    }

    private ImageReference signed(String tag, SigningKey key) {
        ImageReference image = ImageReference.of(repository, registry.pushRandomImage(repository, tag).digest());
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key));
        return image;
    }

    private Verdict admit(String policy, ImageReference image, KeyProvider keys) {
        PolicyRepository policies = new PolicyRepository();
        assertThat(policies.put("p", Policies.document(policy), "p.yaml").problem()).isEmpty();
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), keys, policies.trustRoots().before(TrustedRoots.none()),
                new VerdictCache(Duration.ofMinutes(1), 100), RegistryLanes.direct(executor), FailurePolicy.FAIL, Duration.ZERO, Ticker.systemTicker());
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10));
    }

    private static String causes(Verdict verdict) {
        return verdict.findings().stream().map(ImageFinding::cause).collect(Collectors.joining(" | "));
    }

    private String clusterImagePolicy(String kms) {
        return "apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: kms}\nspec:\n  images: [{glob: '**demo**'}]\n"
                + "  authorities:\n  - key:\n      kms: " + kms + "\n";
    }

    private static String kyvernoPolicy(String kms) {
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: kms}\nspec:\n  validationFailureAction: Enforce\n  rules:\n"
                + "  - name: kms\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n    - imageReferences: ['registry.test/*']\n"
                + "      attestors: [{entries: [{keys: {kms: '" + kms + "', rekor: {ignoreTlog: true}}}]}]\n";
    }

    @Test
    void policyControllerAwsKms_signedByTheKmsKeyPasses_otherKeyFails() {
        String policy = clusterImagePolicy("awskms://" + aws.authority() + "/" + ARN);
        KeyProvider keys = keys();

        Verdict good = admit(policy, signed("good", kmsKey), keys);
        Verdict bad = admit(policy, signed("bad", other), keys);

        assertThat(good.allowed()).as(good.message()).isTrue();
        assertThat(bad.allowed()).isFalse();
        assertThat(causes(bad)).doesNotContain("fetch KMS public key");
        // one GetPublicKey for both decisions: the key is cached
        assertThat(aws.requests()).hasSize(1);
        assertThat(aws.requests().get(0).headers()).containsEntry("x-amz-target", "TrentService.GetPublicKey");
    }

    @Test
    void kyvernoVaultKms_signedByTheKmsKeyPasses_andAnOutageAfterTheFirstFetchKeepsTheKey() {
        String policy = kyvernoPolicy("hashivault://cosign");
        KeyProvider keys = keys();

        Verdict first = admit(policy, signed("first", kmsKey), keys);
        plain.down(true);
        Verdict during = admit(policy, signed("during", kmsKey), keys);
        Verdict other = admit(policy, signed("other", this.other), keys);

        assertThat(first.allowed()).as(first.message()).isTrue();
        assertThat(during.allowed()).as(during.message()).isTrue();
        assertThat(other.allowed()).isFalse();
    }

    @Test
    void kyvernoGcpKms_signedByTheKmsKeyPasses() {
        Verdict verdict = admit(kyvernoPolicy("gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/cosign"), signed("gcp", kmsKey), keys());

        assertThat(verdict.allowed()).as(verdict.message()).isTrue();
        assertThat(plain.requests()).extracting(KmsServer.Recorded::pathAndQuery).contains("/v1/projects/p/locations/global/keyRings/r/cryptoKeys/cosign/cryptoKeyVersions/2/publicKey");
    }

    @Test
    void kmsNeverReached_entryIsError_namingTheKeyAndTheCause() {
        plain.down(true);

        Verdict verdict = admit(kyvernoPolicy("hashivault://cosign"), signed("down", kmsKey), keys());

        assertThat(verdict.allowed()).isFalse();
        assertThat(causes(verdict)).contains("fetch KMS public key hashivault://cosign: Vault answered 503");
    }

    @Test
    void offline_policyTest_saysKmsIsNotReached() {
        KeyProvider offline = new KmsKeyProvider(new PublicKeys(Map.of()), KmsPublicKeys.unreachable("signet policy test does not reach KMS",
                "the entry is evaluated in the cluster, where Signet fetches the key with its own credentials"));

        Verdict verdict = admit(clusterImagePolicy("awskms://" + aws.authority() + "/" + ARN), signed("offline", kmsKey), offline);

        assertThat(verdict.allowed()).isFalse();
        assertThat(causes(verdict)).contains("signet policy test does not reach KMS");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void rotatedKmsKey_dropsTheCachedVerdictsOfTheRulesThatNameIt() {
        PolicyRepository policies = new PolicyRepository();
        policies.put("kms", Policies.document(kyvernoPolicy("hashivault://cosign")), "kms.yaml");
        policies.put("other", Policies.document(kyvernoPolicy("hashivault://other")), "other.yaml");

        assertThat(KeyRotation.keyChanged(new VerdictCache(Duration.ofMinutes(1), 100), policies.current(), "hashivault://cosign")).isEqualTo(1);
    }

    @Test
    void compile_hashAlgorithm_appliesToTheKmsKeyAsToASecretKey() {
        CompiledPolicy policy = Policies.compile(clusterImagePolicy("hashivault://cosign").replace("      kms:", "      hashAlgorithm: sha512\n      kms:"));

        KeyAttestor entry = (KeyAttestor) policy.rules().get(0).attestors().get(0).entries().get(0);
        assertThat(entry.source()).isEqualTo(new KeySource.Reference("hashivault://cosign", Optional.of("SHA-512")));
    }

    @Test
    void compile_unusableUris_areErrorEntriesThatSayWhy() {
        CompiledPolicy vaultPath = Policies.compile(clusterImagePolicy("hashivault://key/path"));
        CompiledPolicy keyId = Policies.compile(clusterImagePolicy("awskms:///1234abcd-12ab-34cd-56ef-1234567890ab"));
        CompiledPolicy azure = Policies.compile(kyvernoPolicy("azurekms://vault.example/cosign"));
        CompiledPolicy kyvernoKeyId = Policies.compile(kyvernoPolicy("awskms:///1234abcd-12ab-34cd-56ef-1234567890ab"));

        assertThat(LoadReport.of(vaultPath).cannotEvaluate()).singleElement().asString().contains("KMS key URI is malformed")
                .contains("is not hashivault://NAME");
        assertThat(LoadReport.of(keyId).cannotEvaluate()).singleElement().asString().contains("names no key or alias ARN, which policy-controller requires");
        assertThat(LoadReport.of(azure).missingFeatures()).contains("KMS providers other than awskms, gcpkms, hashivault, openbao");
        // Kyverno hands any form cosign reads to cosign: a key id is read with the environment's region
        assertThat(LoadReport.of(kyvernoKeyId).cannotEvaluate()).isEmpty();
        assertThat(kyvernoKeyId.rules().get(0).keyRefs()).containsExactly("awskms:///1234abcd-12ab-34cd-56ef-1234567890ab");
    }
}
