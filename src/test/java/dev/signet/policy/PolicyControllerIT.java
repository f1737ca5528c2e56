package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.Sleeper;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A policy-controller {@code ClusterImagePolicy} end to end on the real CNCF distribution registry: a key authority
 * OR'ed with an attestation authority, and a second policy AND'ed with it, over signatures and attestations Signet's
 * signer stored there.
 */
class PolicyControllerIT {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final SigningKey BOB = SigningKey.generate("bob");
    private static LocalRegistry registry;
    private static HttpRegistryClient client;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT),
                Sleeper.system());
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        registry.close();
    }

    private static ImageReference push(Repository repository, String tag) {
        return ImageReference.of(repository, Images.pushRandom(client, repository, tag).digest());
    }

    private static String policy(String name, String glob, String authorities) {
        return "apiVersion: policy.sigstore.dev/v1alpha1\nkind: ClusterImagePolicy\nmetadata: {name: " + name + "}\nspec:\n  images: [{glob: '" + glob
                + "'}]\n  authorities:\n" + authorities;
    }

    private static String key(SigningKey key, String attestations) {
        return "  - key:\n      data: |\n" + Policies.pem(8, key.verificationKey()) + "\n" + attestations;
    }

    private static Verdict admit(ImageReference image, String... policies) {
        PolicyRepository repository = new PolicyRepository();
        for (int p = 0; p < policies.length; p++) {
            assertThat(repository.put("p" + p, Policies.document(policies[p]), "p" + p + ".yaml").problem()).isEmpty();
        }
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(client, executor), new PublicKeys(Map.of()),
                repository.trustRoots().before(TrustedRoots.none()), new VerdictCache(Duration.ofMinutes(1), 100), RegistryLanes.direct(executor),
                FailurePolicy.FAIL, Duration.ZERO, Ticker.systemTicker());
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), repository.current(), Duration.ofSeconds(20));
    }

    @Test
    void keyOrAttestation_andASecondPolicy_onTheRealRegistry() {
        Repository repository = registry.uniqueRepository("pc-demo");
        String glob = "**" + repository.path() + "**";
        String signedOrAttested = policy("signed-or-attested", glob, key(ALICE, "") + key(BOB, "    attestations:\n    - {name: sbom, predicateType: spdxjson}\n"));
        String alsoAlice = policy("also-alice", glob, key(ALICE, ""));
        ImageReference signed = push(repository, "signed");
        new ImageSigner(client, Clock.systemUTC()).sign(SigningRequest.of(signed, ALICE));
        ImageReference attested = push(repository, "attested");
        new AttestationSigner(client, Clock.systemUTC()).attest(new AttestationRequest(attested, BOB, "spdxjson",
                "{\"spdxVersion\": \"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
        ImageReference unsigned = push(repository, "unsigned");

        Verdict bySignature = admit(signed, signedOrAttested);
        Verdict byAttestation = admit(attested, signedOrAttested);
        Verdict neither = admit(unsigned, signedOrAttested);
        Verdict attestedButNotByAlice = admit(attested, signedOrAttested, alsoAlice);

        assertThat(bySignature.allowed()).as(bySignature.message()).isTrue();
        assertThat(byAttestation.allowed()).as(byAttestation.message()).isTrue();
        assertThat(neither.allowed()).isFalse();
        assertThat(neither.message()).contains("signed-or-attested");
        assertThat(attestedButNotByAlice.allowed()).as("every matching policy must pass").isFalse();
        assertThat(attestedButNotByAlice.message()).contains("also-alice");
    }
}
