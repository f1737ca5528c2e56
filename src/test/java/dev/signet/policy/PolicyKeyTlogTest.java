package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.Vectors;
import dev.signet.verification.SignatureFetcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: a key signature with a Rekor entry (the {@code signatures/key-rekor} vector: cosign 2, public-good
 * Rekor SET, logIndex 11608800) gets the transparency-log check when the policy's key entry has a {@code rekor} block,
 * against the public-good Rekor keys or {@code rekor.pubkey}; without the entry, or under another log key, the entry
 * fails naming the log; {@code ignoreTlog: true} and Kyverno's default without a block (Signet's reported relaxation)
 * rely on the key alone.
 */
class PolicyKeyTlogTest {
    private static final Digest IMAGE = Digest.parse("sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a");
    private static final String KEY = Vectors.text("signatures/key-rekor/cosign2.pub");
    private static final String REKOR = Vectors.text("signatures/key-rekor/rekor.pub");

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.test/cosign-signed/key-1");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
            new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Stores cosign's {@code .sig} layer of the vector, with its Rekor bundle annotation or without. */
    private void store(boolean withRekorBundle) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, Vectors.text("signatures/key-rekor/signature.b64").strip());
        if (withRekorBundle) {
            annotations.put(CosignAnnotations.BUNDLE, Vectors.text("signatures/key-rekor/rekor-bundle.json").strip());
        }
        CosignSignature signature = CosignSignature.of(Vectors.bytes("signatures/key-rekor/payload.json"), annotations, "key-rekor");
        SignatureManifest.Built built = SignatureManifest.build(List.of(signature));
        registry.putBlob(repository, signature.payloadDigest(), signature.payload());
        RawManifest manifest = built.manifest();
        registry.putBlob(repository, manifest.asImageManifest().config().digest(), built.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(IMAGE))), manifest);
    }

    private static String policy(String rekor) {
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Enforce\n  rules:\n"
                + "  - name: r\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n"
                + "    - imageReferences: ['registry.test/*']\n      attestors:\n      - entries:\n        - keys:\n            publicKeys: |-\n"
                + indent(KEY, 14) + (rekor.isEmpty() ? "" : "            rekor:\n" + rekor);
    }

    /** A rekor block's fields, one per line, at the block's indentation. */
    private static String rekor(String... lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(" ".repeat(14)).append(line).append('\n');
        }
        return out.toString();
    }

    private static String indent(String pem, int spaces) {
        StringBuilder out = new StringBuilder();
        for (String line : pem.strip().split("\n")) {
            out.append(" ".repeat(spaces)).append(line).append('\n');
        }
        return out.toString();
    }

    /** Admits a pod of the image under the policy whose key entry has this rekor block (empty: none). */
    private Verdict admit(String rekorBlock) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = policies.put("p", Policies.document(policy(rekorBlock)), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(ImageReference.of(repository, IMAGE).toString(), "c", "/spec/containers/0/image")),
                policies.current(), Duration.ofSeconds(10));
    }

    @Test
    void rekorBlock_signatureWithItsRekorEntry_passesNamingTheLog() {
        store(true);

        Verdict verdict = admit(rekor("url: https://rekor.sigstore.dev"));

        assertThat(verdict.allowed()).as(verdict.message()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause())
                .contains("and its Rekor entry under the Sigstore public-good trusted root"));
    }

    @Test
    void rekorPubkey_theLogsOwnKey_passes_anotherKey_failsNamingTheLogCheck() {
        store(true);

        Verdict own = admit(rekor("url: https://rekor.sigstore.dev", "pubkey: |-") + indent(REKOR, 16));
        Verdict other = admit(rekor("pubkey: |-") + indent(KEY, 16));

        assertThat(own.allowed()).as(own.message()).isTrue();
        assertThat(other.allowed()).isFalse();
        assertThat(other.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("have no transparency-log entry that verifies under").contains("which the entry's rekor block requires");
        });
    }

    @Test
    void rekorBlock_signatureWithoutARekorEntry_failsSayingSo() {
        store(false);

        Verdict verdict = admit(rekor("url: https://rekor.sigstore.dev"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause())
                .contains("have no transparency-log entry").contains("carries no transparency-log entry"));
    }

    @Test
    void ignoreTlog_orKyvernosDefaultWithoutABlock_restOnTheKeyAlone() {
        store(false);

        Verdict ignored = admit(rekor("ignoreTlog: true"));
        Verdict noBlock = admit("");

        assertThat(ignored.allowed()).as(ignored.message()).isTrue();
        assertThat(noBlock.allowed()).as("Signet's one relaxation, reported at load").isTrue();
    }
}
